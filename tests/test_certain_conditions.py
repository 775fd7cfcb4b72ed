"""A condition is decided only where that is certain (docs/judge.rst, "Conditions").

Review 36 found wrong claims accepted through three mechanisms, each closed here:
a comparison whose sides are equal but written differently (σ(x) ≥ 1 − σ(−x)) was decided by
rounding, so points where the claim is wrong passed as equal; a size pinned by a pair
(n ≤ 3 and n ≥ 3) looked like a thin set and was searched as none; and a size condition in
front of a thin set (𝟙[n > 8]𝟙[(1ᵀx − 1)² ≤ 0]) left the thin-set search at sizes where the
term is 0. Review 38 found a fourth: a point that floats put inside a thin set (beside the
one root of (x eˣ − 1)² ≤ 0) counted as a decided point of the term, where the condition
does not hold; now only points where it certainly holds count, and a term met at none is
unchecked. Session 16 found the same for one sample's datum (Σᵢ 𝟙[(σ(yᵢ) − 4/5)² ≤ 0]xᵢᵀ):
its margins were taken to hold at any point; now they must hold, certainly, for one sample.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import run
from verdicts import claimed, judged

X = r"x \in \mathbb{R}"
XY = r"x, y \in \mathbb{R}"
V = r"\mathbf{x} \in \mathbb{R}^{n}"
VA = r"\mathbf{x} \in \mathbb{R}^{n}, A \in \mathbb{R}^{n \times n}"
SAMPLES = r"w \in \mathbb{R}"
LS = r"\sum_{i=1}^{N} (w x_i - y_i)^2"
LS_GRADIENT = r"\sum_{i=1}^{N} 2(w x_i - y_i)x_i"
VSAMPLES = r"\mathbf{w}, \mathbf{x}_i \in \mathbb{R}^{n}, y_i \in \mathbb{R}"
VLS = r"\sum_{i=1}^{N} (\mathbf{w}^T \mathbf{x}_i - y_i)^2"
VLS_GRADIENT = r"\sum_{i=1}^{N} 2 (\mathbf{w}^T \mathbf{x}_i - y_i) \mathbf{x}_i^T"
QUAD, QUAD_GRADIENT = r"\mathbf{x}^T A\mathbf{x}", r"\mathbf{x}^T(A + A^T)"

WRONG = [  # (function, variable, where, claim)
    # sides equal at every point (an identity SymPy proves at the point), so ≥ holds
    ("x^2", "x", X, r"2x + \mathbb{1}[\sigma(x) \ge 1 - \sigma(-x)]\max(0, x-5)"),
    ("x^2", "x", X, r"\begin{cases} 2x + \max(0, x) & (\sin x)^2 \ge 1 - (\cos x)^2 \\ "
                    r"2x & \text{otherwise}\end{cases}"),
    ("x^2", "x", X, r"\begin{cases} 2x + \max(0, x) & \sigma(x) \ge \frac{e^{x}}{1+e^{x}} \\ "
                    r"2x & \text{otherwise}\end{cases}"),
    ("x^2", "x", X, r"2x + \mathbb{1}[(\sigma(x)+\sigma(-x)-1)^2 \le 0]\max(0, x)"),
    ("x^2", "x", X, r"2x + \mathbb{1}[\sigma(x)+\sigma(-x) \le 1]\mathbb{1}[\sigma(x)+\sigma(-x) "
                    r"\ge 1]\mathbb{1}[x > 5]"),
    (LS, "w", SAMPLES, LS_GRADIENT + r" + \mathbb{1}[(\sigma(w)+\sigma(-w)-1)^2 \le 0]"
                                     r"\mathbb{1}[w > 5]"),
    # a size or a sample count pinned by a pair, with a condition on values
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \le 3]\mathbb{1}[n \ge 3]\mathbb{1}[\mathbf{1}^T\mathbf{x} > 5]"
     r"\mathbf{1}^T"),
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \le 7]\mathbb{1}[n \ge 7]\mathbb{1}[\mathbf{x}^T\mathbf{x} < "
     r"10^{-2}]\mathbf{1}^T"),
    (LS, "w", SAMPLES, LS_GRADIENT + r" + \mathbb{1}[N \le 5]\mathbb{1}[N \ge 5]\mathbb{1}[w > 5]"),
    # a size condition before a thin set
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \ge 2]\mathbb{1}[(\mathbf{x}^T\mathbf{x} - 1)^2 \le 0]"
     r"\mathbf{1}^T"),
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n > 8]\mathbb{1}[(\mathbf{1}^T\mathbf{x}-1)^2 \le 0]\mathbf{1}^T"),
    (QUAD, r"\mathbf{x}", VA,
     QUAD_GRADIENT + r" + \mathbb{1}[n \ge 3]\mathbb{1}[\det(A)^2 \le 0]\mathbf{1}^T"),
    (QUAD, r"\mathbf{x}", VA, QUAD_GRADIENT + r" + \mathbb{1}[n\ge 2]\mathbb{1}["
                              r"(\operatorname{tr}A - 1)^2 \le 0]\mathbf{1}^T"),
    # a pinned size beside an entry-wise condition (an internal error: a scalar margin and a
    # vector one were added to see whether they are opposite)
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \le 3]\mathbb{1}[n \ge 3]\mathbb{1}[\mathbf{x} > 10]^T"),
    # a circle no line through a drawn point meets: lines through its centre do
    ("x^2 + y^2", "x", XY, r"2x + \mathbb{1}[(x-3)^2+(y-4)^2 \le 1]\mathbb{1}[(x-3)^2+(y-4)^2 \ge 1]"),
    # a thin set through the origin, where no line switches (x an eigenvector of A)
    (QUAD, r"\mathbf{x}", VA, QUAD_GRADIENT + r" + (n-1)\mathbb{1}[(\mathbf{x}^TA^TA\mathbf{x})"
                              r"(\mathbf{x}^T\mathbf{x}) - (\mathbf{x}^TA\mathbf{x})^2 \le 0]\mathbf{1}^T"),
]

NEVER_ACCEPTED = [  # wrong on a thin set the searches may not reach: refused or unchecked
    ("x^2", "x", X, r"2x + \mathbb{1}[\sigma(x) \ge \frac{4}{5}]\mathbb{1}[\sigma(x) \le \frac{4}{5}]"),
    ("x^2", "x", X, r"2x + \mathbb{1}[(\sigma(x)-\frac{4}{5})^2 \le 0]"),
    ("x^2", "x", X, r"2x + \mathbb{1}[(x e^{x}-1)^2 \le 0]"),
    ("x^2 + y^2", "x", XY, r"2x + \mathbb{1}[((x-3)^2+(y-4)^2-1)^2 \le 0]"),
    ("x^2 + y^2", "x", XY, r"2x + \mathbb{1}[(x^2-2)^2+(y^2-3)^2 \le 0]"),
    ("x^2 + y^2", "x", XY, r"2x + \mathbb{1}[(\sigma(x)-\sigma(y)-0.3)^2 \le 0]"),
    # the same in one sample's datum (its margins had been taken to hold at every point)
    (VLS, r"\mathbf{w}", VSAMPLES,
     VLS_GRADIENT + r" + \sum_{i=1}^{N} \mathbb{1}[(\sigma(y_i) - 0.8)^2 \le 0] \mathbf{x}_i^T"),
    (VLS, r"\mathbf{w}", VSAMPLES,
     VLS_GRADIENT + r" + \sum_{i=1}^{N} \mathbb{1}[(y_i e^{y_i} - 1)^2 \le 0] \mathbf{x}_i^T"),
    (LS, "w", SAMPLES, LS_GRADIENT + r" + \sum_{i=1}^{N} \mathbb{1}[\sigma(x_i) \ge 0.8]"
                                     r"\mathbb{1}[\sigma(x_i) \le 0.8]"),
]

RIGHT = [
    # sides equal everywhere, compared strictly: the term is never on
    ("x^2", "x", X, r"2x + \mathbb{1}[\sigma(x) > 1 - \sigma(-x)]\max(0, x-5)"),
    # sizes that exclude each other
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \le 3]\mathbb{1}[n > 3]\mathbb{1}[\mathbf{1}^T\mathbf{x} > 5]"
     r"\mathbf{1}^T"),
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[n \le 3]\mathbb{1}[n > 3]\mathbb{1}[\mathbf{x} > 10]^T"),
    ("x^2", "x", X, r"2x + \mathbb{1}[x^2 < 0]"),
    # whole numbers only: n ≥ 3.2 and n ≤ 3 hold together at none
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[\frac{n}{2} \ge 1.6]\mathbb{1}[n \le 3]\mathbf{1}^T"),
    # free on a kink: the value at 0 of relu's derivative, as notes write it
    (r"\max(0,x)", "x", X, r"\begin{cases} 0 & x<0 \\ \frac12 & x=0 \\ 1 & x>0\end{cases}"),
    (r"\max(0,x)", "x", X, r"\mathbb{1}[x > 0] + 3 \mathbb{1}[x^2 \le 0]"),
    (r"\max(0, x)", "x", X, r"\mathbb{1}[x \ge 0]"),
    # per-sample conditions, met sample by sample at drawn points
    (r"\sum_{i=1}^{N} \max(0, 1 - y_i \mathbf{w}^T \mathbf{x}_i)", r"\mathbf{w}", VSAMPLES,
     r"-\sum_{i=1}^{N} \mathbb{1}[y_i \mathbf{w}^T \mathbf{x}_i < 1] y_i \mathbf{x}_i^T"),
    (VLS, r"\mathbf{w}", VSAMPLES, VLS_GRADIENT + r" + \sum_{i=1}^{N} \mathbb{1}[y_i > 1]"
                                    r"\mathbb{1}[y_i < 0] \mathbf{x}_i^T"),
]


@pytest.mark.parametrize("case", WRONG, ids=[c[3][:50] for c in WRONG])
def test_wrong_where_a_condition_is_certain_only_exactly(case: tuple) -> None:
    assert judged(claimed(*case), False) == "refused"


@pytest.mark.parametrize("case", RIGHT, ids=[c[3][:50] for c in RIGHT])
def test_right_with_conditions_that_never_hold(case: tuple) -> None:
    assert judged(claimed(*case), True) == "accepted"


@pytest.mark.parametrize("case", NEVER_ACCEPTED, ids=[c[3][:50] for c in NEVER_ACCEPTED])
def test_wrong_on_a_thin_set_is_never_accepted(case: tuple) -> None:
    with pytest.raises(MatcalcError) as caught:
        run(claimed(*case))
    assert caught.value.subtype in (Subtype.WRONG, Subtype.UNCHECKED), caught.value.message
