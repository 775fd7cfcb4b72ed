"""Terms the judge's own points cannot see, found by points made for them.

Every drawn value is a float, a dyadic rational, so a term with a power-of-two period
(sin(2⁵²πx), sin(10¹⁰⁰πx)) is exactly 0 at all of them: points off the binary grid see it.
0^u is 1 only where u = 0: written as the case it is, the search for switches sees it. A
threshold past what floats hold (x > 10³⁰⁹) has no float beside it: exact points do.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from verdicts import judged

X = r"X \in \mathbb{R}^{n \times n}"
PV = r"\mathbf{z} \in \mathbb{R}^{q}; \mathbf{y} \in \Delta^{q}"
CE = r"-\mathbf{y}^T \log \operatorname{softmax}(\mathbf{z})"

WRONG = [  # (function, variable, where, layout, claim): wrong, and 0 at every float
    ("x^2", "x", "", "numerator", r"2x + \sin(10^{100} \pi x)"),
    ("x^2", "x", "", "numerator", r"2x\cos(2^{1100} \pi x)"),
    # periods with 3s and 5s (review: 30²⁰⁰ is 0 at every m/3⁴⁰ as well as every float)
    ("x^2", "x", "", "numerator", r"2x + \sin(30^{200} \pi x)"),
    ("x^2", "x", "", "numerator", r"2x + \sin(210^{300} \pi x)"),
    (r"\log\det X", "X", X, "denominator", r"X^{-T} + \sin(2^{1100} \pi X)"),
    (CE, r"\mathbf{z}", PV, "denominator",
     r"\operatorname{softmax}(\mathbf{z}) - \mathbf{y} + \sin(2^{52} \pi \mathbf{y})"),
    # 0^u: an indicator of u = 0
    ("x^2", "x", "", "numerator", r"2x + 5 \cdot 0^{(x - 3)^2}"),
    ("x^2 + y^2", "x", r"x, y \in \mathbb{R}", "numerator", r"2x + 0^{(x - y)^2}"),
    # a threshold past floats
    ("x^2", "x", "", "numerator", r"2x + \mathbb{1}[x > 10^{309}]"),
    ("x^2", "x", "", "numerator",
     r"\begin{cases} 2x & x \le 10^{400} \\ 0 & \text{otherwise} \end{cases}"),
    (r"\mathbf{x}^T \mathbf{x}", r"\mathbf{x}", "", "numerator",
     r"2\mathbf{x}^T + \mathbb{1}[\mathbf{x}^T \mathbf{x} > 10^{700}] \mathbf{1}^T"),
]


@pytest.mark.parametrize("function, wrt, where, layout, claim", WRONG)
def test_a_term_no_float_point_sees_is_refused(function, wrt, where, layout, claim):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, layout=layout, expect=claim))
    assert caught.value.subtype is Subtype.WRONG, caught.value.message


RIGHT = [  # right everywhere, off the grid too
    ("x^2", "x", "", r"2x + (\sin(2^{52} \pi x))^2 + (\cos(2^{52} \pi x))^2 - 1"),
    ("x^2", "x", r"k \in \mathbb{Z}", r"2x + \sin(2^{52} \pi k)"),
    ("x^2", "x", "", r"2x + 0^{(x - 3)^2} - \mathbb{1}[(x - 3)^2 \le 0]"),
    ("x^2", "x", "", r"2x + \mathbb{1}[x > 10^{309}] - \mathbb{1}[x > 10^{309}]"),
    (CE, r"\mathbf{z}", PV, r"\operatorname{softmax}(\mathbf{z})^T - \mathbf{y}^T"),
]


@pytest.mark.parametrize("function, wrt, where, claim", RIGHT)
def test_a_right_claim_stays_accepted_off_the_grid(function, wrt, where, claim):
    run(Request(function=function, wrt=wrt, where=where, expect=claim))


def test_random_periodic_terms_are_seen(report):
    tried = {"refused": 0, "accepted": 0}

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(20, 900), st.sampled_from([r"\sin", r"\cos"]), st.booleans(),
           st.sampled_from(["2", "10"]))
    def check(k, f, right, base):
        """2x plus f(bᵏπx) (minus 1 for cos), b = 2 or 10 (bᵏπx within 10¹⁰⁰⁰, where sin is
        evaluated): 0 at every float, wrong off
        them; the same term times sin²(·) + cos²(·) − 1 is right."""
        term = rf"{f}({base}^{{{k}}} \pi x)" + (" - 1" if f == r"\cos" else "")
        arg = rf"{base}^{{{k}}} \pi x"
        claim = (rf"2x + ({term})((\sin({arg}))^2 + (\cos({arg}))^2 - 1)" if right
                 else rf"2x + {term}")
        tried[judged(Request(function="x^2", wrt="x", expect=claim), right)] += 1

    check()
    report(f"periodic terms: {tried['refused']} claims 0 at every float refused, "
           f"{tried['accepted']} right ones accepted")
    assert tried["refused"] >= 5 and tried["accepted"] >= 1


UNDEFINED_AT_AN_ENTRY = [  # (function, variable, where, layout, claim, right): the claim has
    # no value where an entry makes a vector's or matrix's denominator 0
    (r"x^2 + \mathbf{1}^T \mathbf{v}", "x", r"\mathbf{v} \in \mathbb{R}^{1}", "numerator",
     r"2x \frac{(\mathbf{1}^T \mathbf{v})^2 - 12.25}{(\mathbf{1}^T \mathbf{v} - 3.5)"
     r"(\mathbf{1}^T \mathbf{v} + 3.5)}", False),
    (r"x^2 + \mathbf{a}^T \mathbf{v}", "x", r"\mathbf{a}, \mathbf{v} \in \mathbb{R}^{n}",
     "numerator", r"2x \frac{(\mathbf{a}^T \mathbf{v})^2 - 4}{(\mathbf{a}^T \mathbf{v} - 2)"
     r"(\mathbf{a}^T \mathbf{v} + 2)}", False),
    (r"\operatorname{tr}(AX)", "X", r"A, X \in \mathbb{R}^{n \times n}", "denominator",
     r"A^T (X + X^T)(X + X^T)^{-1}", False),
    (r"\log\det X", "X", X, "denominator",
     r"X^{-T} \frac{\det(X - 2I)}{\det(X^T - 2I)}", False),
    # the derivative's own poles, and a kink of the function: no counterexample there
    (r"\log\det X", "X", X, "denominator", r"X^{-T}", True),
    (r"\|\mathbf{x}\|", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}", "numerator",
     r"\frac{\mathbf{x}^T}{\|\mathbf{x}\|}", True),
    # a kink where the function is differentiable: the claim must have a value there
    ("x |x|", "x", "", "numerator", r"\frac{2x^2}{|x|}", False),
    ("|x|", "x", "", "numerator", r"\frac{x}{|x|}", True),
    # the function jumps at 1: a claim with no value there is free
    (r"\begin{cases} x^2 & x < 1 \\ x^2 + 1 & x \ge 1 \end{cases}", "x", "", "numerator",
     r"\frac{2x^2 - 2x}{x - 1}", True),
    ("x |x|", "x", "", "numerator", r"2|x| + \mathbb{1}[x \ge 0] - \mathbb{1}[x > 0]", False),
]


@pytest.mark.parametrize("function, wrt, where, layout, claim, right", UNDEFINED_AT_AN_ENTRY)
def test_a_claim_undefined_where_an_entry_zeroes_a_denominator(function, wrt, where, layout,
                                                               claim, right):
    judged(Request(function=function, wrt=wrt, where=where, layout=layout, expect=claim), right)


def test_a_counterexample_past_floats_is_shown_in_full():
    """The exact point beside x² > 10⁷⁰⁰ is shown as it is, never as inf (review)."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^2", wrt="x", expect=r"2x + \mathbb{1}[x^2 > 10^{700}]"))
    assert "e+350" in caught.value.message and "inf" not in caught.value.message
