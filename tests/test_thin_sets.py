"""A claim wrong only where one of its own conditions holds on a finite set (𝟙[x² ≤ 0],
|x| ≤ 0, 0 ≤ x ≤ 0, what "otherwise" leaves) is refused there when the derivative is
continuous at it (the function is differentiable there); where the derivative jumps (a
kink of |x|), the claim is free there, as before."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from verdicts import judged

WRONG_ON_A_POINT = [  # (function, claim): the derivative exists at the point, the claim is off
    ("x |x|", r"2|x| + 5 \mathbb{1}[x^2 \le 0]"),
    (r"\max(0, x)^2", r"\begin{cases} 2x & x > 0 \\ 0 & x < 0 \\ 5 & \text{otherwise} "
                      r"\end{cases}"),
    (r"\begin{cases} x^2 & x \ge 0 \\ x^3 & x < 0 \end{cases}",
     r"\begin{cases} 2x & x > 0 \\ 3x^2 & x < 0 \\ 5 & |x| \le 0 \end{cases}"),
    (r"\begin{cases} x^2 & x \ge 0 \\ x^3 & x < 0 \end{cases}",
     r"\begin{cases} 2x & x > 0 \\ 3x^2 & x < 0 \\ 5 & 0 \le x \le 0 \end{cases}"),
    ("x^3", r"3x^2 + \mathbb{1}[(x - 2)^2 \le 0]"),
]


@pytest.mark.parametrize("function, claim", WRONG_ON_A_POINT)
def test_a_claim_wrong_only_on_a_point_where_the_derivative_exists_is_refused(function, claim):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="x", expect=claim))
    assert caught.value.subtype is Subtype.WRONG, caught.value.message


FREE_ON_A_KINK = [  # the derivative jumps there (no value): the claim may say anything
    ("|x|", r"\begin{cases} 1 & x > 0 \\ -1 & x < 0 \\ 5 & \text{otherwise} \end{cases}"),
    (r"\max(0, x)", r"\mathbb{1}[x > 0] + 3 \mathbb{1}[x^2 \le 0]"),
    ("x |x|", r"2|x| + 0 \mathbb{1}[x^2 \le 0]"),
]


@pytest.mark.parametrize("function, claim", FREE_ON_A_KINK)
def test_a_claim_is_free_on_a_point_where_the_derivative_jumps(function, claim):
    run(Request(function=function, wrt="x", expect=claim))


def test_random_thin_sets_are_visited(report):
    tried = {"refused": 0, "accepted": 0}

    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(-6, 6), st.integers(0, 9), st.sampled_from(["x^3", "x |x|", "x^2"]))
    def check(c, k, function):
        """The derivative plus δ·𝟙[(x − c)² ≤ 0] (δ = 10⁻ᵏ, or 0): refused exactly when δ ≠ 0,
        the derivative being continuous at c."""
        derivative = {"x^3": "3x^2", "x |x|": "2|x|", "x^2": "2x"}[function]
        delta = "0" if k == 0 else rf"10^{{-{k}}}"
        claim = rf"{derivative} + {delta} \mathbb{{1}}[(x - ({c}))^2 \le 0]"
        tried[judged(Request(function=function, wrt="x", expect=claim), k == 0)] += 1

    check()
    report(f"thin sets: {tried['refused']} claims off on one point refused, "
           f"{tried['accepted']} right ones accepted")
    assert tried["refused"] >= 15 and tried["accepted"] >= 1


SCALARS = r"x, y \in \mathbb{R}"
VECTORS = r"\mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}"
X = r"\mathbf{x}"

WRONG_ON_A_THIN_SET_OF_SEVERAL = [  # (function, variable, where, claim): off on a line, a
    # point, a plane or a sphere of several scalars, where the derivative is continuous
    ("(x - y)|x - y|", "x", SCALARS, r"2|x - y| + 5 \mathbb{1}[(x - y)^2 \le 0]"),
    (r"(x^2 + y^2)^{3/2}", "x", SCALARS, r"3x\sqrt{x^2 + y^2} + \mathbb{1}[x^2 + y^2 \le 0]"),
    (r"x^2 + |y|", "x", SCALARS, r"2x + 5 \mathbb{1}[(x - 1)^2 + y^2 \le 0]"),
    # a comparison that is no polynomial: where it switches, solveset says
    ("x^2 y", "y", SCALARS, r"x^2 + \mathbb{1}[e^{x} \le 2] \mathbb{1}[e^{x} \ge 2]"),
    ("x^2 y", "y", SCALARS, r"x^2 + \mathbb{1}[\sin(x) \ge 1]"),
    ("x^2", "x", SCALARS, r"2x + 5 \mathbb{1}[\cos(x - 1) \ge 1]"),
    ("x^2", "x", SCALARS, r"2x + 5 \cdot 0^{(\sin(x - 1))^2}"),
    # the derivative's formula jumps at 0 alone (0 there, 1 on every side): the
    # function, x, has derivative 1 there (review)
    (r"\operatorname{relu}(x) - \operatorname{relu}(-x)", "x", SCALARS,
     r"1 + 4 \mathbb{1}[x^2 \le 0]"),
    # made of the function's own comparisons (review: x|x| as cases)
    (r"\begin{cases} x^2 & x \ge 0 \\ -x^2 & x \le 0 \end{cases}", "x", SCALARS,
     r"2|x| + 5 \mathbb{1}[x \ge 0] \mathbb{1}[x \le 0]"),
    (r"\max(0, x - y)^2", "x", SCALARS,
     r"2\max(0, x - y) + 3 \mathbb{1}[x \le y] \mathbb{1}[x \ge y]"),
    (r"\|\mathbf{x}\|^3", X, VECTORS,
     r"3\|\mathbf{x}\| \mathbf{x}^T + \mathbb{1}[\|\mathbf{x}\| \le 0] \mathbf{1}^T"),
    (r"(\mathbf{a}^T \mathbf{x})^3", X, VECTORS, r"3(\mathbf{a}^T \mathbf{x})^2 \mathbf{a}^T"
     r" + \mathbb{1}[(\mathbf{a}^T \mathbf{x} - 1)^2 \le 0] \mathbf{a}^T"),
    (r"(\mathbf{x}^T \mathbf{x})^2", X, VECTORS,
     r"\begin{cases} 4(\mathbf{x}^T \mathbf{x}) \mathbf{x}^T & \mathbf{x}^T \mathbf{x} > 3 \\ "
     r"4(\mathbf{x}^T \mathbf{x}) \mathbf{x}^T & \mathbf{x}^T \mathbf{x} < 3 \\ "
     r"0 & \text{otherwise} \end{cases}"),
]


@pytest.mark.parametrize("function, wrt, where, claim", WRONG_ON_A_THIN_SET_OF_SEVERAL)
def test_a_claim_wrong_only_on_a_thin_set_of_several_scalars_is_refused(function, wrt, where,
                                                                         claim):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=claim))
    assert caught.value.subtype is Subtype.WRONG, caught.value.message


RIGHT_OR_FREE_ON_A_THIN_SET_OF_SEVERAL = [  # right there, or the derivative jumps there
    # the function jumps there: no derivative, whatever its formula's derivative says
    (r"x + \mathbb{1}[x > 0]", "x", SCALARS, r"1 + 5 \mathbb{1}[x^2 \le 0]"),
    (r"\begin{cases} x & x \le 0 \\ x + 1 & x > 0 \end{cases}", "x", SCALARS,
     r"\begin{cases} 1 & x < 0 \\ 1 & x > 0 \\ 0 & \text{otherwise}\end{cases}"),
    ("(x - y)|x - y|", "x", SCALARS,
     r"\begin{cases} 2(x - y) & x > y \\ 2(y - x) & x < y \\ 0 & \text{otherwise}\end{cases}"),
    ("|y|", "y", SCALARS, r"\operatorname{sign}(y) + 5 \mathbb{1}[x^2 + y^2 \le 0]"),
    (r"\|\mathbf{x}\|", X, VECTORS, r"\frac{\mathbf{x}^T}{\|\mathbf{x}\|} + "
     r"\mathbb{1}[\mathbf{x}^T \mathbf{x} \le 0] \mathbf{1}^T"),
    (r"(\mathbf{x}^T \mathbf{x})^2", X, VECTORS,
     r"\begin{cases} 4(\mathbf{x}^T \mathbf{x}) \mathbf{x}^T & \mathbf{x}^T \mathbf{x} \ge 3 \\ "
     r"4(\mathbf{x}^T \mathbf{x}) \mathbf{x}^T & \mathbf{x}^T \mathbf{x} < 3 \end{cases}"),
    (r"\max(0, \mathbf{a}^T \mathbf{x})^2", X, VECTORS, r"2\max(0, \mathbf{a}^T \mathbf{x}) "
     r"\mathbb{1}[\mathbf{a}^T \mathbf{x} \ge 0] \mathbf{a}^T"),
]


@pytest.mark.parametrize("function, wrt, where, claim", RIGHT_OR_FREE_ON_A_THIN_SET_OF_SEVERAL)
def test_a_claim_right_or_free_on_a_thin_set_of_several_scalars_is_accepted(function, wrt,
                                                                            where, claim):
    run(Request(function=function, wrt=wrt, where=where, expect=claim))


def test_random_thin_sets_of_several_scalars_are_visited(report):
    tried = {"refused": 0, "accepted": 0}

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(1, 9), st.integers(0, 9), st.sampled_from(["sphere", "plane", "line"]))
    def check(c, k, kind):
        """The derivative plus δ·𝟙[(g − c)² ≤ 0] (δ = 10⁻ᵏ, or 0) on a sphere xᵀx = c, a
        plane aᵀx = c or a line x − c·y = 0: refused exactly when δ ≠ 0."""
        delta = "0" if k == 0 else rf"10^{{-{k}}}"
        if kind == "sphere":
            function, wrt, where = r"(\mathbf{x}^T \mathbf{x})^2", X, VECTORS
            claim = (rf"4(\mathbf{{x}}^T \mathbf{{x}}) \mathbf{{x}}^T + {delta} "
                     rf"\mathbb{{1}}[(\mathbf{{x}}^T \mathbf{{x}} - {c})^2 \le 0] \mathbf{{x}}^T")
        elif kind == "plane":
            function, wrt, where = r"(\mathbf{a}^T \mathbf{x})^3", X, VECTORS
            claim = (rf"3(\mathbf{{a}}^T \mathbf{{x}})^2 \mathbf{{a}}^T + {delta} "
                     rf"\mathbb{{1}}[(\mathbf{{a}}^T \mathbf{{x}} - {c})^2 \le 0] \mathbf{{a}}^T")
        else:
            function, wrt, where = "x^3 y", "x", SCALARS
            claim = rf"3x^2 y + {delta} \mathbb{{1}}[(x - {c} y)^2 \le 0]"
        tried[judged(Request(function=function, wrt=wrt, where=where, expect=claim), k == 0)] += 1

    check()
    report(f"thin sets of several scalars: {tried['refused']} claims off on a sphere, plane "
           f"or line refused, {tried['accepted']} right ones accepted")
    assert tried["refused"] >= 10 and tried["accepted"] >= 1


RIGHT_AT_AN_IRRATIONAL_SWITCH = [  # the switch (x = √2, ∛3) is met at a rounded point: the
    # rounding must not refuse a right claim there
    ("(x^2 - 2)|x^2 - 2|",
     r"\begin{cases} 4x(x^2 - 2) & x^2 \ge 2 \\ -4x(x^2 - 2) & x^2 < 2 \end{cases}"),
    ("(x^2 - 2)|x^2 - 2|",
     r"4x|x^2 - 2| + (x^2 - 2) \mathbb{1}[x^2 \le 2] \mathbb{1}[x^2 \ge 2]"),
    (r"x^3 |x^3 - 3|", r"\begin{cases} 3x^2(x^3 - 3) + 3x^5 & x^3 \ge 3 \\ "
                       r"-3x^2(x^3 - 3) - 3x^5 & x^3 < 3 \end{cases}"),
    (r"e^{x} |e^{x} - 3|", r"\begin{cases} e^{x}(e^{x} - 3) + e^{2x} & x \ge \log 3 \\ "
                           r"-e^{x}(e^{x} - 3) - e^{2x} & x < \log 3 \end{cases}"),
]


@pytest.mark.parametrize("function, claim", RIGHT_AT_AN_IRRATIONAL_SWITCH)
def test_a_right_claim_is_accepted_at_an_irrational_switch(function, claim):
    run(Request(function=function, wrt="x", expect=claim))


STRUCTURED = [  # (where, claim for the derivative 2w of w²): a thin set of a structured value,
    # met by moving it within its structure
    (r"w \in \mathbb{R}; X \in \mathbb{S}^{n}", r"2w + \mathbb{1}[\det(X)^2 \le 0]", False),
    (r"w \in \mathbb{R}; X \in \mathbb{S}^{n}_{++}",
     r"2w + \mathbb{1}[(\operatorname{tr}(X) - 1)^2 \le 0]", False),
    (r"w \in \mathbb{R}; \mathbf{y} \in \Delta^{q}",
     r"2w + \mathbb{1}[(\mathbf{y}^T \mathbf{y} - \frac{3}{5})^2 \le 0]", False),
    # 0 wherever the structure holds: never decided where it does not
    (r"w \in \mathbb{R}; \mathbf{y} \in \Delta^{q}",
     r"2w + \mathbb{1}[(\mathbf{1}^T \mathbf{y} - 1)^2 > 0]", True),
    (r"w \in \mathbb{R}; X \in \mathbb{S}^{n}",
     r"2w + \mathbb{1}[\operatorname{tr}(X - X^T)^2 > 0]", True),
]


@pytest.mark.parametrize("where, claim, right", STRUCTURED)
def test_a_thin_set_of_a_structured_value_is_met_within_its_structure(where, claim, right):
    judged(Request(function="w^2", wrt="w", where=where, expect=claim), right)
