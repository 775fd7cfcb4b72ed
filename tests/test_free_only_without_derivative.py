"""A claim is free only where the function has no derivative with respect to the variable
derived by (docs/judge.rst, "thin sets").

Review 40 found wrong claims accepted on thin sets through three mechanisms that each took
a point as one where no derivative exists, closed here. The claim's own value having none
there (log(x² − 2) on x² = 2) made the point free, though the function is smooth there: now
a claim with cases taken that is certainly undefined at the exact point is refused, and one
that only jumps there leaves the point undecided. A jump of the function in another
variable (sign(y)·x at y = 0) made it free, though ∂/∂x exists there: now continuity is
asked along the variable derived by only. And a jump within one step (10⁻³⁰) of the point
(𝟙[x > 1 + 10⁻³⁵] at x = 1) counted as one at the point: now a jump is at the point only
where a quantity the expression switches on is exactly 0 there. The same review found
right claims refused where the derivative's formula jumps but the function is smooth (x²
written with a case at x = 1, whose formula says 0 there): the limit is compared with there.
Review 41 found the rest of the class: a point was free where the derivative's formula had
no value or no limit though the function is differentiable (x|x|^{1/2} at 0, x² sin(1/x));
now only a jump of the function or two sides that differ free it, and a point where it
cannot be told decides nothing. A jump was a change beyond a fixed tolerance (so
10⁵⁰ max(0, x − 1)² jumped and 10⁻²⁰𝟙[x > 1] did not); now it is a change beside the point
that does not shrink with the step. And the switches of a sum over samples or of an
element-wise function were not looked at, sample by sample and entry by entry. Review 42
found the numbers behind those tests fooled: slopes closing slowly (h^{1/100}) were taken
for a corner, a change at one step only (or no value at a step) for a jump; now a corner
needs slopes settled at both steps, a jump a change of one size at both, and the sides of
the derivative's formula are compared exactly where they are scalars.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import run
from verdicts import claimed, judged

X = r"x \in \mathbb{R}"
XY = r"x, y \in \mathbb{R}"
SAMPLES = r"w, x_i, y_i \in \mathbb{R}"
SPD = r"\mathbf{x} \in \mathbb{R}^{n}; \Sigma \in \mathbb{S}^{n}_{++}"

WRONG = [  # (function, variable, where, claim)
    # the claim has no value on the thin set, where the function's derivative exists
    ("x^2", "x", X, r"\begin{cases} \log(x^2 - 2) & x^2 = 2 \\ 2x & \text{otherwise}\end{cases}"),
    ("x^2", "x", X, r"\begin{cases} \sqrt{1 - x^2} & x^2 = 2 \\ 2x & \text{otherwise}\end{cases}"),
    ("x^2", "x", X, r"2x + \frac{\mathbb{1}[x^3 - 3x = 1]}{x^3 - 3x - 1}"),
    ("x^2 y", "x", XY, r"\begin{cases} \log(x^2 + y^2 - 2) & x^2 + y^2 = 2 \\ 2xy & "
                       r"\text{otherwise}\end{cases}"),
    (r"\sum_{i=1}^{N}(w x_i - y_i)^2", "w", SAMPLES,
     r"\sum_{i=1}^{N} \begin{cases} \log(x_i^2 - 2) & x_i^2 = 2 \\ 2(w x_i - y_i)x_i & "
     r"\text{otherwise}\end{cases}"),
    # a jump in another variable: the derivative with respect to x exists there
    (r"\operatorname{sign}(y) x", "x", XY, r"\operatorname{sign}(y) + 5\mathbb{1}[y=0]"),
    (r"\mathbb{1}[y>0]x", "x", XY, r"\mathbb{1}[y>0] + 5\mathbb{1}[y=0]"),
    (r"\sum_{i=1}^{N} \operatorname{sign}(x_i) w", "w", SAMPLES,
     r"\sum_{i=1}^{N} (\operatorname{sign}(x_i) + 5\mathbb{1}[x_i = 0])"),
    (r"\mathbb{1}[\det\Sigma > 1]\mathbf{x}^T \Sigma \mathbf{x}", r"\mathbf{x}", SPD,
     r"2\mathbb{1}[\det\Sigma > 1]\mathbf{x}^T\Sigma + 5\mathbb{1}[\det \Sigma = 1]\mathbf{x}^T"),
    # steep but continuous there (a fixed tolerance took the change at a step for a jump)
    (r"x^2 + 10^{50}\max(0, x-1)^2", "x", X,
     r"2x + 2 \cdot 10^{50}\max(0,x-1) + 5\mathbb{1}[x = 1]"),
    (r"x^2 + 10^{80}\max(0, x-1)^3", "x", X,
     r"2x + 3 \cdot 10^{80}\max(0,x-1)^2 + 5\mathbb{1}[x = 1]"),
    # a jump beside the point, not at it
    (r"x^2 + \mathbb{1}[x > 1 + 10^{-35}]", "x", X, r"2x + 5\mathbb{1}[x = 1]"),
    (r"x^2 + \max(0, x - 1 - 10^{-35})", "x", X,
     r"2x + \mathbb{1}[x > 1 + 10^{-35}] + 5\mathbb{1}[x = 1]"),
]

NEVER_ACCEPTED = [  # a derivative that exists where its formula has no value or limit
    (r"x |x|^{1/2}", "x", X, r"\frac{3}{2}|x|^{1/2} + 5\mathbb{1}[x=0]"),
    (r"x^2 |x|^{1/2}", "x", X, r"\frac{5}{2}x|x|^{1/2} + 5\mathbb{1}[x=0]"),
    # slopes still closing at the smallest step: no corner is shown (review 42)
    (r"\max(0,x) |x|^{1/100}", "x", X,
     r"\frac{101}{100}\max(0,x)^{1/100} + 5\mathbb{1}[x = 0]"),
    # a function the same at q and at the first step, or with no value at a step beside q
    (r"\begin{cases} 0 & x^2 \le 0 \\ x + \frac{60 \log(10) x}{\log(x^2)} & x^2 > 0 "
     r"\end{cases}", "x", X,
     r"\begin{cases} 5 & x^2 \le 0 \\ 1 + \frac{60 \log(10)}{\log(x^2)} - "
     r"\frac{120 \log(10)}{\log(x^2)^2} & x^2 > 0 \end{cases}"),
    (r"x^2 + \max(0,x-1)^2 + \frac{x^2 - (1 + 2\cdot 10^{-30})^2}{x - (1 + 2\cdot 10^{-30})}",
     "x", X, r"2x + 2\max(0,x-1) + 1 + 5\mathbb{1}[x = 1]"),
    (r"\sqrt{x^4 + y^4}", "x", XY, r"\begin{cases} \frac{2x^3}{\sqrt{x^4+y^4}} & x^2 + y^2 > 0 "
                                  r"\\ 5 & \text{otherwise} \end{cases}"),
    (r"\begin{cases} x^2 \sin(1/x) & x \ne 0 \\ 0 & \text{otherwise} \end{cases}", "x", X,
     r"\begin{cases} 2x \sin(1/x) - \cos(1/x) & x \ne 0 \\ 5 & \text{otherwise} \end{cases}"),
    (r"\mathbf{1}^T \max(0, \mathbf{x}) - \mathbf{1}^T \max(0, -\mathbf{x})", r"\mathbf{x}",
     r"\mathbf{x} \in \mathbb{R}^{n}",
     r"\mathbf{1}^T - \mathbb{1}[\mathbf{x}^T\mathbf{x} \le 0]\mathbf{1}^T"),
]

RIGHT = [  # free where the function has no derivative with respect to the variable
    (r"\operatorname{sign}(y) x", "x", XY, r"\operatorname{sign}(y)"),
    (r"|x| y", "x", XY, r"\operatorname{sign}(x) y + 5\mathbb{1}[x = 0]"),
    (r"\max(0, x - y)", "x", XY, r"\mathbb{1}[x \ge y]"),
    (r"\max(0, x - 1)", "x", X, r"\mathbb{1}[x \ge 1]"),
    # a corner where the derivative's formula has no value: its one-sided slopes differ
    (r"|x - 1|", "x", X, r"\frac{x - 1}{|x - 1|} + 5\mathbb{1}[x = 1]"),
    (r"\max(0, x^3 - 3x - 1)", "x", X, r"\mathbb{1}[x^3 - 3x - 1 \ge 0](3x^2 - 3)"),
    # jumps too small for a fixed tolerance, but no smaller at a smaller step
    (r"x^2 + 10^{-20}\mathbb{1}[x > 1]", "x", X, r"2x + 5\mathbb{1}[x = 1]"),
    (r"10^{20} + x^2 + \mathbb{1}[x > 1]", "x", X, r"2x + 5\mathbb{1}[x = 1]"),
    (r"x^2 + \mathbb{1}[x^5 - x > 1]", "x", X, r"2x + 5\mathbb{1}[x^5 - x = 1]"),
    # a corner whose slopes differ by 10⁻¹³ beside values of order 1: decided exactly
    (r"x^2 + 10^{-13} |x - 1|", "x", X,
     r"2x + 10^{-13}\operatorname{sign}(x-1) + 5\mathbb{1}[x = 1]"),
    # the derivative's formula jumps where the function is smooth: its limit is the derivative
    (r"\begin{cases} x^2 & x \ne 1 \\ 1 & \text{otherwise}\end{cases}", "x", X, "2x"),
    (r"x + (x-1)\mathbb{1}[x = 1]", "x", X, "1"),
    (r"x + (x-1)\mathbb{1}[x^3-3x=1]", "x", X, "1"),
    (r"x^2 + x\mathbb{1}[x = 0]", "x", X, "2x"),
    (r"\max(0,x) - \max(0,-x)", "x", X, "1"),
    (r"x\operatorname{sign}(x)^2", "x", X, "1"),
    (r"\sum_{i=1}^{N} (\max(0, w - x_i) - \max(0, x_i - w))", "w", SAMPLES, "N"),
    (r"\sum_{i=1}^{N} (w - x_i)\operatorname{sign}(w - x_i)^2", "w", SAMPLES, "N"),
]


@pytest.mark.parametrize("case", WRONG, ids=[c[3][:50] for c in WRONG])
def test_wrong_where_the_derivative_exists_is_refused(case: tuple) -> None:
    assert judged(claimed(*case), False) == "refused"


@pytest.mark.parametrize("case", NEVER_ACCEPTED, ids=[c[3][:50] for c in NEVER_ACCEPTED])
def test_wrong_where_the_formula_says_nothing_is_never_accepted(case: tuple) -> None:
    with pytest.raises(MatcalcError) as caught:
        run(claimed(*case))
    assert caught.value.subtype in (Subtype.WRONG, Subtype.UNCHECKED), caught.value.message


@pytest.mark.parametrize("case", RIGHT, ids=[c[3][:50] for c in RIGHT])
def test_right_where_no_derivative_exists_is_accepted(case: tuple) -> None:
    assert judged(claimed(*case), True) == "accepted"
