"""A thin set is judged wherever it lies: at roots no radical states, and of structured values
(docs/judge.rst, "Conditions").

Review 39 found wrong claims accepted through three mechanisms, each closed here. A thin set
(an equality, a ≤/≥ pair, 1 − sign(u)²) at a root SymPy's sets cannot state (x³ − 3x = 1 has
three real roots and no real radical; eˣ = 3x none at all) was left to the thin sets'
search, and where that found no point nothing said the term went unchecked; now such a
term needs a point certainly on its set that reached a verdict, or is unchecked, and
polynomial roots are put exactly (``CRootOf``) and decided by their minimal polynomial. And
a condition on a value with a declared structure (Σ ∈ 𝕊ⁿ, y ∈ Δ^q) that no search met was
taken to hold nowhere because of the structure; now only what the structure certainly says
(Σᵀ = Σ, det Σ > 0 and tr Σ > 0 when definite, 1ᵀy = 1 and entries in [0, 1]) rules a
condition out, and a probability vector is exactly on the simplex wherever it is decided.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import run
from verdicts import claimed, judged

X = r"x \in \mathbb{R}"
V = r"\mathbf{x} \in \mathbb{R}^{n}"
VA = r"\mathbf{x} \in \mathbb{R}^{n}; A \in \mathbb{R}^{n \times n}"
S = r"\mathbf{x} \in \mathbb{R}^{n}; \Sigma \in \mathbb{S}^{n}"
SPD = r"\mathbf{x} \in \mathbb{R}^{n}; \Sigma \in \mathbb{S}^{n}_{++}"
QS, QS_GRADIENT = r"\mathbf{x}^T \Sigma \mathbf{x}", r"2\mathbf{x}^T \Sigma"
SAMPLES = r"w, x_i, y_i \in \mathbb{R}"
SUM = r"\sum_{i=1}^{N} w x_i"
SOFTMAX = (r"\mathbf{y}^T \log(\operatorname{softmax}(\mathbf{z}))", r"\mathbf{z}",
           r"\mathbf{z} \in \mathbb{R}^{q}; \mathbf{y} \in \Delta^{q}")
SOFTMAX_GRADIENT = r"(\mathbf{y} - \operatorname{softmax}(\mathbf{z}))^T"

WRONG = [  # (function, variable, where, claim): wrong at a root only CRootOf states
    ("x^2", "x", X, r"2x + \mathbb{1}[x^3 - 3x = 1]"),
    ("x^2", "x", X, r"2x + \mathbb{1}[x^5 - x = 1]"),
    ("x^2", "x", X, r"2x + 1 - \operatorname{sign}(x^3 - x - 1)^2"),
    ("x^2", "x", X, r"2x + 1 - |\operatorname{sign}(x^3 - 3x - 1)|"),
    ("x^2", "x", X, r"2x + \begin{cases} 1 & x^3 - 3x - 1 = 0 \\ 0 & \text{otherwise} "
                    r"\end{cases}"),
    ("x^2", "x", X, r"2x + \mathbb{1}[x^3 - 3x \ge 1]\mathbb{1}[x^3 - 3x \le 1]"),
    ("x^2", "x", X, r"2x + 1 - \mathbb{1}[x^3 - 3x > 1] - \mathbb{1}[x^3 - 3x < 1]"),
    (r"\max(0,x)", "x", X, r"\mathbb{1}[x > 0] + \mathbb{1}[x^5 - x = 1]"),
    (r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", V,
     r"2\mathbf{x}^T + \mathbb{1}[(\mathbf{1}^T\mathbf{x})^5 - \mathbf{1}^T\mathbf{x} = 1]"
     r"\mathbf{1}^T"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", VA,
     r"\mathbf{x}^T (A + A^T) + \mathbb{1}[\det(A)^3 - 3\det(A) = 1]\mathbf{1}^T"),
    (SUM, "w", SAMPLES, r"\sum_{i=1}^{N} (x_i + \mathbb{1}[x_i^3 - x_i = 1])"),
    # a structure's own identity, where it holds everywhere
    (QS, r"\mathbf{x}", S, QS_GRADIENT + r" + \mathbb{1}[\operatorname{tr}(\Sigma - \Sigma^T)^2 "
                                         r"\le 0]\mathbf{1}^T"),
]

NEVER_ACCEPTED = [  # wrong on a set no search states or reaches: refused or unchecked
    ("x^2", "x", X, r"2x + \mathbb{1}[e^{x} = 3x]"),
    ("x^2", "x", X, r"2x + 1 - \operatorname{sign}(e^{x} - 3x)^2"),
    ("x^2", "x", X, r"2x + \mathbb{1}[\sin x \ge \frac{x}{2} + 0.1]"
                    r"\mathbb{1}[\sin x \le \frac{x}{2} + 0.1]"),
    (SUM, "w", SAMPLES, r"\sum_{i=1}^{N} (x_i + \mathbb{1}[e^{y_i} = 3 y_i])"),
    # a thin set two terms make together (no one term is non-zero only there)
    ("x^2", "x", X, r"2x + 1 - \mathbb{1}[e^{x} > 3x] - \mathbb{1}[e^{x} < 3x]"),
    (SUM, "w", SAMPLES, r"\sum_{i=1}^{N} (x_i + \mathbb{1}[\sin(y_i)\sin(\sqrt{2}y_i) > "
                        r"1 - 10^{-6}]\mathbb{1}[y_i > 50])"),
    (SUM, "w", SAMPLES, r"\sum_{i=1}^{N} (x_i + \mathbb{1}[N \ge 5]\mathbb{1}[(y_i - 1.37)^2 "
                        r"\le 0])"),
    # conditions on structured values that the structure does not rule out
    (QS, r"\mathbf{x}", S, QS_GRADIENT + r" + \mathbb{1}[n \ge 2]\mathbb{1}[\operatorname{tr}"
                                         r"((\Sigma - I)^2) \le 0]\mathbf{1}^T"),
    (QS, r"\mathbf{x}", SPD, QS_GRADIENT + r" + \mathbb{1}[\operatorname{tr} \Sigma > 10^{400}]"
                                           r"\mathbf{1}^T"),
    (QS, r"\mathbf{x}", SPD, QS_GRADIENT + r" + \mathbb{1}[\det \Sigma > 10^{400}]\mathbf{1}^T"),
    (QS, r"\mathbf{x}", SPD, QS_GRADIENT + r" + \mathbb{1}[\mathbf{1}^T\Sigma\mathbf{1} - "
                                           r"\operatorname{tr}\Sigma > 10^{40}]\mathbf{1}^T"),
    (*SOFTMAX, SOFTMAX_GRADIENT + r" + \mathbb{1}[q\mathbf{y}^T\mathbf{y} \le 1]"
                                  r"\mathbb{1}[q \ge 3]\mathbf{1}^T"),
]

RIGHT = [
    # kinks and thin sets at roots only CRootOf states: free there, or equal there
    (r"\max(0, x^3 - 3x - 1)", "x", X, r"\mathbb{1}[x^3 - 3x - 1 \ge 0](3x^2 - 3)"),
    (r"(x^3 - 3x - 1)|x^3 - 3x - 1|", "x", X,
     r"\begin{cases} 2(x^3 - 3x - 1)(3x^2 - 3) & x^3 - 3x \ge 1 \\ -2(x^3 - 3x - 1)(3x^2 - 3) "
     r"& \text{otherwise} \end{cases}"),
    ("|x|", "x", X, r"\frac{x}{|x|}"),
    ("x^2", "x", X, r"2x + 1 - \mathbb{1}[e^{x} \ge 3x] - \mathbb{1}[e^{x} < 3x]"),
    (r"|\sin x|", "x", X, r"\operatorname{sign}(\sin x)\cos x"),
    (r"\max(0, \mathbf{w}^T\mathbf{x})", r"\mathbf{w}", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}",
     r"\mathbb{1}[\mathbf{w}^T\mathbf{x} \ge 0]\mathbf{x}^T"),
    # conditions a structure rules out: the term is 0 on every value the structure allows
    (QS, r"\mathbf{x}", SPD, QS_GRADIENT + r" + \mathbb{1}[\det \Sigma < 0]\mathbf{1}^T"),
    (QS, r"\mathbf{x}", SPD, QS_GRADIENT + r" + \mathbb{1}[\operatorname{tr} \Sigma \le 0]"
                                           r"\mathbf{1}^T"),
    (QS, r"\mathbf{x}", S, QS_GRADIENT + r" + \mathbb{1}[\operatorname{tr}(\Sigma - \Sigma^T)^2 "
                                         r"> 0]\mathbf{1}^T"),
    (*SOFTMAX, SOFTMAX_GRADIENT + r" + \mathbb{1}[\mathbf{y} > 1]^T"),
    # 1ᵀy is 1 exactly at every point decided (one moved along a line is put back on the
    # simplex: in floats its entries summed to 1 ± 10⁻¹⁶, and the indicator was 1 there)
    (*SOFTMAX, SOFTMAX_GRADIENT + r" + \mathbb{1}[(\mathbf{1}^T\mathbf{y} - 1)^2 > 0]"
                                  r"\mathbf{1}^T"),
]


@pytest.mark.parametrize("case", WRONG, ids=[c[3][:50] for c in WRONG])
def test_wrong_at_an_unstated_root_is_refused(case: tuple) -> None:
    assert judged(claimed(*case), False) == "refused"


@pytest.mark.parametrize("case", NEVER_ACCEPTED, ids=[c[3][:50] for c in NEVER_ACCEPTED])
def test_wrong_where_no_search_goes_is_never_accepted(case: tuple) -> None:
    with pytest.raises(MatcalcError) as caught:
        run(claimed(*case))
    assert caught.value.subtype in (Subtype.WRONG, Subtype.UNCHECKED), caught.value.message


@pytest.mark.parametrize("case", RIGHT, ids=[c[3][:50] for c in RIGHT])
def test_right_on_roots_and_structures_is_accepted(case: tuple) -> None:
    assert judged(claimed(*case), True) == "accepted"
