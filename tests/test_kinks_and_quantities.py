"""Right claims the review found refused: on a kink of the function, where it has no
derivative and a claim is free; with conditions that hold nowhere through one quantity
(tr WᵀW < 1 and √tr WᵀW > 1) or entry by entry; with a condition on a sum over samples."""

from __future__ import annotations

import pytest

from sphinx_matcalc.pipeline import Request
from verdicts import claimed, judged

X, XY = r"x \in \mathbb{R}", r"x, y \in \mathbb{R}"
SAMPLES = r"w \in \mathbb{R}; x_i, y_i \in \mathbb{R}"

RIGHT = [  # (function, variable, where, layout, claim)
    # a kink where a condition of the claim switches: no derivative there
    (r"|x - 1| + |x + 1|", "x", X, None, r"2\mathbb{1}[x > 1] - 2\mathbb{1}[x < -1]"),
    (r"\max(0, x) - \max(0, x - 1)", "x", X, None, r"\mathbb{1}[0 < x < 1]"),
    (r"\begin{cases} -1 & x < -1 \\ x & -1 \le x \le 1 \\ 1 & x > 1 \end{cases}", "x", X, None,
     r"\mathbb{1}[|x| < 1]"),
    (r"|x - y| + |x + y|", "x", XY, None,
     r"\begin{cases} 2 & x > |y| \\ -2 & x < -|y| \\ 0 & \text{otherwise}\end{cases}"),
    # conditions that hold nowhere through one quantity, or entry by entry
    (r"\max(0, \operatorname{tr}(W)^2 - 1)", "W", r"W \in \mathbb{R}^{n \times n}", "denominator",
     r"2\operatorname{tr}(W) I\mathbb{1}[|\operatorname{tr}(W)| > 1]"),
    (r"\max(0, \|W\|_F^2 - 1)", "W", r"W \in \mathbb{R}^{m \times n}", "denominator",
     r"2W\mathbb{1}[\|W\|_F > 1]"),
    (r"\mathbf{1}^T(\operatorname{sign}(\mathbf{x}) \odot \max(0, |\mathbf{x}| - 1))",
     r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^n", "denominator", r"\mathbb{1}[|\mathbf{x}| > 1]"),
    # a condition on a sum over samples (was an internal error)
    (r"\max\left(0, \sum_{i=1}^{N} (w x_i - y_i)^2 - 1\right)", "w", SAMPLES, None,
     r"2\sum_{i=1}^{N} x_i (w x_i - y_i) \mathbb{1}\left[\sum_{i=1}^{N} (w x_i - y_i)^2 > 1\right]"),
    (r"\max(0, \sum_{i=1}^{N} w x_i)", "w", r"w \in \mathbb{R}; x_i \in \mathbb{R}", None,
     r"\sum_{i=1}^{N} x_i \mathbb{1}[\sum_{i=1}^{N} w x_i > 0]"),
]

WRONG = [  # the same kinks, wrong beside them: still refused
    (r"\max(0, x) - \max(0, x - 1)", "x", X, None, r"\mathbb{1}[0 < x < 1.5]"),
    (r"|x - 1| + |x + 1|", "x", X, None, r"2\mathbb{1}[x > 1] - 2\mathbb{1}[x < -1.001]"),
    (r"x|x|", "x", X, None, r"2|x| + 5\mathbb{1}[x^2 \le 0]"),  # at 0 the derivative exists
]


def _case(case: tuple) -> Request:
    function, wrt, where, layout, claim = case
    return claimed(function, wrt, where, claim, layout or "numerator")


@pytest.mark.parametrize("case", RIGHT, ids=[c[4][:40] for c in RIGHT])
def test_right(case: tuple) -> None:
    assert judged(_case(case), True) == "accepted"


@pytest.mark.parametrize("case", WRONG, ids=[c[4][:40] for c in WRONG])
def test_wrong(case: tuple) -> None:
    assert judged(_case(case), False) == "refused"
