"""Cases are exclusive, as a reader takes them: where two conditions both hold and the values
differ, the text is refused at its cases, in the function, a claim, a step or a shown formula."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.present import Printer

OVERLAPPING = [  # (function, wrt, claim): the overlap is in the function or in the claim
    (r"\begin{cases} x^2 & x > 0 \\ x^3 & x > 1 \\ 0 & \text{otherwise} \end{cases}", "x", ""),
    ("x^2", "x", r"\begin{cases} 2x & x > 0 \\ 2x + 1 & x > 10^{6} \\ 2x & \text{otherwise} "
                 r"\end{cases}"),
    ("x^2", "x", r"\begin{cases} 2x & x > 0 \\ 2x + 1 & x < 10^{-9} \\ 2x & \text{otherwise} "
                 r"\end{cases}"),
    (r"\max(0, x)", "x", r"\begin{cases} 1 & x > 0 \\ 0 & x < 1 \end{cases}"),
    (r"\begin{cases} x^2 & x > 1 \\ 2x - 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", "x", ""),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}",
     r"\begin{cases} \mathbf{0}^T & \mathbf{w} \cdot \mathbf{x} + b < 1 \\ "
     r"\mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}"),
    (r"\begin{cases} y \mathbf{a} \cdot \mathbf{x} & y > 0 \\ \mathbf{b} \cdot \mathbf{x} & y > -1 "
     r"\end{cases}", r"\mathbf{x}", ""),
    # inside a sum over samples: about one sample, whose data are values there
    (r"\sum_{i=1}^{N} \begin{cases} \mathbf{w}^T \mathbf{x}_i & y_i \ge 0 \\ 0 & y_i \le 10^{-8} "
     r"\end{cases}", r"\mathbf{w}", ""),
]


@pytest.mark.parametrize("function, wrt, claim", OVERLAPPING)
def test_cases_that_overlap_with_different_values_are_refused_at_the_cases(function, wrt, claim):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, expect=claim))
    error = caught.value
    assert error.subtype is Subtype.SYNTAX and "both hold" in error.message, error.message
    text = claim or function
    assert error.source == text and text[error.start:error.end].startswith(r"\begin{cases}")


EXCLUSIVE = [  # (function, wrt, claim): conditions that never both hold, or agree where they do
    (r"\begin{cases} x & x \ge 0 \\ -x & x \le 0 \end{cases}", "x", ""),
    (r"\begin{cases} x & x > 0 \\ -x & 0 > x \end{cases}", "x", ""),
    (r"\max(0, x)", "x", r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}",
     r"\begin{cases} \mathbf{0}^T & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ "
     r"\mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}"),
    (r"\begin{cases} x^2 & x > 1 \\ x^2 & x > 0 \\ 0 & \text{otherwise} \end{cases}", "x",
     r"\begin{cases} 2x & x > 0 \\ 0 & \text{otherwise} \end{cases}"),
    (r"\begin{cases} x^2 & x > 1 \\ x^2 & x < -1 \\ 0 & \text{otherwise} \end{cases}", "x", ""),
    (r"\sum_{i=1}^{N} \begin{cases} \mathbf{w}^T \mathbf{x}_i & y_i \ge 0 \\ 0 & y_i < 0 "
     r"\end{cases}", r"\mathbf{w}", r"\sum_{i=1}^{N} \mathbb{1}[y_i \ge 0] \mathbf{x}_i^T"),
    # both non-strict, so both hold on the boundary, where the values agree
    (r"\begin{cases} x & 0 \le x \le 1 \\ 2x - 1 & 1 \le x \le 2 \\ 0 & \text{otherwise} "
     r"\end{cases}", "x", ""),
    (r"\begin{cases} x^2 & x^2 \ge 1 \\ 1 & x^2 \le 1 \end{cases}", "x", ""),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", "b",
     r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b < 0 \\ 1 & \mathbf{w} \cdot "
     r"\mathbf{x} + b > 0 \end{cases}"),
]


@pytest.mark.parametrize("function, wrt, claim", EXCLUSIVE)
def test_cases_that_agree_wherever_they_overlap_are_read(function, wrt, claim):
    run(Request(function=function, wrt=wrt, expect=claim))


ON_A_BOUNDARY = [  # (function, wrt, claim): two non-strict bounds meet at one value only,
    # where random points almost never land, and the values differ there
    *((rf"\begin{{cases}} 1 & x \ge {c} \\ 2 & x \le {c} \end{{cases}}", "x", "")
      for c in ("0", "3", "10^{-7}", "-10^{6}")),
    ("x^2", "x", r"\begin{cases} 2x & x \ge 10^{-8} \\ 2x + 1 & x \le 10^{-8} \end{cases}"),
    (r"\begin{cases} x & 0 \le x \le 1 \\ 2x & 1 \le x \le 2 \\ 0 & \text{otherwise} "
     r"\end{cases}", "x", ""),
    (r"\begin{cases} x^3 & x^2 \ge 1 \\ 1 & x^2 \le 1 \end{cases}", "x", ""),
    (r"\sum_{i=1}^{N} \begin{cases} \mathbf{w}^T \mathbf{x}_i & y_i \ge 0 \\ 0 & y_i \le 0 "
     r"\end{cases}", r"\mathbf{w}", ""),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}",
     r"\begin{cases} \mathbf{0}^T & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ "
     r"\mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} + b \ge 0 \end{cases}"),
    # different functions of one variable, meeting at one value of it
    (r"\begin{cases} x & x \ge 0 \\ x + 1 & x^3 \le 0 \end{cases}", "x", ""),
    (r"\begin{cases} x & |x| \le 0 \\ x + 1 & x \ge 0 \end{cases}", "x", ""),
    (r"\begin{cases} x & \max(0, x) \le 0 \\ x + 1 & x \ge 0 \end{cases}", "x", ""),
    (r"\begin{cases} x & x \ge \sqrt{2} \\ 2x & x^2 \le 2 \\ 0 & \text{otherwise} "
     r"\end{cases}", "x", ""),
    (r"\sum_{i=1}^{N} \begin{cases} \mathbf{w}^T \mathbf{x}_i & y_i \ge 0 \\ 0 & y_i^3 "
     r"\le 0 \end{cases}", r"\mathbf{w}", ""),
    # max and |·| inside more arithmetic; a boundary |x| = 1 solved to x = ±1
    *((rf"y \begin{{cases}} 1 & {c} \\ x^3 & x \ge 0 \end{{cases}}", "y", "")
      for c in (r"2\max(0, x) \le 0", r"x + |x| \le 0", r"\max(0, x)^2 \le 0")),
    (r"\begin{cases} x^2 & |x| \le 1 \\ 2 & |x| \ge 1 \end{cases}", "x", ""),
]


@pytest.mark.parametrize("function, wrt, claim", ON_A_BOUNDARY)
def test_cases_that_meet_on_a_boundary_with_different_values_are_refused(function, wrt, claim):
    """Decided on the boundary itself (u = c solved for a scalar), not left to the points:
    before, 1 for x ≥ 3 and 2 for x ≤ 3 was refused, and the same at 0 accepted."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, expect=claim))
    error = caught.value
    assert error.subtype is Subtype.SYNTAX and "neither condition is strict" in error.message
    text = claim or function
    assert error.source == text and text[error.start:error.end].startswith(r"\begin{cases}")


def test_the_boundary_is_named_as_the_author_wrote_its_quantity():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\begin{cases} x & 1 \ge x \ge 0 \\ 5 & 2 \ge x \ge 1 "
                             r"\end{cases}", wrt="x"))
    assert "where x = 1 " in caught.value.message, caught.value.message


MEETING = [  # right cases meeting on a boundary of a quantity of several symbols or a cubic:
    # the derivative's cases are shown as exclusive bounds on that quantity, and read back
    (r"\begin{cases} b x & x + b \ge 0 \\ -x^2 & x + b \le 0 \end{cases}", "x",
     r"\begin{cases} b & x + b \ge 0 \\ -2x & x + b < 0 \end{cases}"),
    (r"\begin{cases} x^3 + x & x^3 + x \ge 1 \\ 1 & x^3 + x \le 1 \end{cases}", "x",
     r"\begin{cases} 3x^2 + 1 & x^3 + x \ge 1 \\ 0 & x^3 + x < 1 \end{cases}"),
    (r"\begin{cases} x^2 & |x| \le 1 \\ 1 & |x| \ge 1 \end{cases}", "x",
     r"\begin{cases} 2x & |x| \le 1 \\ 0 & |x| > 1 \end{cases}"),
]


@pytest.mark.parametrize("function, wrt, claim", MEETING)
def test_cases_meeting_on_a_boundary_show_a_derivative_that_reads_back(function, wrt, claim):
    """Before, the page would have shown both conditions non-strict (x + b ≤ 0 after x + b ≥
    0), or the cubic's root in radicals, which do not read back: an internal error."""
    (result,) = run(Request(function=function, wrt=wrt, expect=claim)).results
    again = run(Request(function=function, wrt=wrt, expect=result.result))
    assert again.results[0].checked == [result.result]


def test_a_boundary_that_cannot_be_solved_for_a_scalar_is_not_accepted():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\max(0, \mathbf{w} \cdot \mathbf{x})", wrt=r"\mathbf{w}",
                    expect=r"\begin{cases} \mathbf{0}^T & \mathbf{w} \cdot \mathbf{x} \le 0 "
                           r"\\ \mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} \ge 0 \end{cases}"))
    assert caught.value.subtype is Subtype.UNCHECKED and "strict" in caught.value.message


@pytest.mark.parametrize("chain", [r"0 \le x \ge -1", r"1 > x < 2", r"0 < x \le 1 \ge -3"])
def test_a_chain_of_comparisons_that_turns_back_is_refused_at_the_turn(chain):
    function = rf"\begin{{cases}} x^2 & {chain} \\ 0 & \text{{otherwise}} \end{{cases}}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="x"))
    error = caught.value
    assert error.subtype is Subtype.SYNTAX and "runs one way" in error.message
    assert function[error.start:error.end] in (r"\ge", "<")


def test_random_boundaries_are_decided_on_the_boundary(report):
    tried = {"refused": 0, "accepted": 0}

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(-30, 30), st.integers(-9, 9), st.integers(1, 5), st.integers(0, 12))
    def check(e, sign, slope, k):
        """Case 1 is 2x for x ≥ c, case 2 is 2x + s(x − c) + δ for x ≤ c: they meet at c only,
        where they agree exactly when δ = 0 (δ = 10⁻ᵏ otherwise, at any magnitude of c)."""
        c = rf"{'-' if sign < 0 else ''}10^{{{e}}}"
        delta = "" if k == 0 else rf" + 10^{{-{k}}}"
        second = rf"2x + {slope}(x - ({c})){delta}"
        claim = (rf"\begin{{cases}} 2x & x \ge {c} \\ {second} & x \le {c} \end{{cases}}")
        with pytest.raises(MatcalcError) as caught:
            run(Request(function="x^2", wrt="x", expect=claim))
        if k == 0:  # the cases agree where they meet; the claim is wrong below c, as a claim
            assert caught.value.subtype is Subtype.WRONG, caught.value.message
            tried["accepted"] += 1
            return
        assert caught.value.subtype is Subtype.SYNTAX, caught.value.message
        assert "neither condition is strict" in caught.value.message
        tried["refused"] += 1

    check()
    report(f"cases on a boundary: {tried['refused']} differing there refused, "
           f"{tried['accepted']} agreeing there judged as claims")
    assert tried["refused"] >= 20 and tried["accepted"] >= 1


def test_an_overlap_in_a_step_is_refused_at_that_step():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\max(0, x)", wrt="x",
                    steps=[r"\frac{\partial f}{\partial x} = "
                           r"\begin{cases} 1 & x > 0 \\ 0 & x < 10^{-3} \end{cases}"]))
    assert caught.value.subtype is Subtype.SYNTAX and caught.value.field.kind == "step"


@pytest.mark.parametrize("second", [r"\mathbf{x} < 0", r"\mathbf{x} > 6", r"\mathbf{y} \le 5"])
def test_element_wise_cases_take_no_second_condition_but_what_the_first_leaves(second):
    """The second piece of element-wise cases is taken wherever the first does not hold; a
    second condition that says otherwise was dropped unread before."""
    function = rf"\mathbf{{a}}^T \begin{{cases}} 1 & \mathbf{{x}} > 5 \\ 2 & {second} \end{{cases}}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function + r" + \mathbf{a}^T \mathbf{x}", wrt=r"\mathbf{x}"))
    assert caught.value.subtype is Subtype.UNSUPPORTED, caught.value.message
    complement = function.replace(second, r"\mathbf{x} \le 5")
    run(Request(function=complement + r" + \mathbf{a}^T \mathbf{x}", wrt=r"\mathbf{x}",
                expect=r"\mathbf{a}^T"))


def test_a_shown_formula_whose_cases_overlap_is_a_misprint(monkeypatch):
    """The read-back refuses printed cases that overlap, even where first-match would give the
    value printed from: 1 for x > 0, and 0 written for x > −1 (meaning −1 < x ≤ 0 there)."""
    printed = Printer._print_Piecewise

    def loose(self, expr):
        return printed(self, expr).replace(r"\text{otherwise}", "x > -1")
    monkeypatch.setattr(Printer, "_print_Piecewise", loose)
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\begin{cases} x^2 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
                    wrt="x", where=r"x \in \mathbb{R}"))
    assert caught.value.subtype is Subtype.INTERNAL and "overlap" in caught.value.message


def test_random_overlapping_thresholds_are_refused_and_exclusive_ones_read(report):
    tried = {"overlap": 0, "exclusive": 0}

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(-12, 12), st.integers(1, 12), st.sampled_from([">", r"\ge"]),
           st.integers(1, 3))
    def check(e, gap, relation, bump):
        """Case 1 for x > 10^e, case 2 for x above a lower threshold, values 2x and 2x + bump:
        they overlap on (10^e, ∞); written with the second as the first's complement, not."""
        low = f"10^{{{e}}} - {gap}"
        cases = (rf"\begin{{cases}} 2x & x {relation} 10^{{{e}}} \\ 2x + {bump} & x > {low} \\ "
                 r"0 & \text{otherwise} \end{cases}")
        with pytest.raises(MatcalcError) as caught:
            run(Request(function="x^2", wrt="x", expect=cases))
        assert caught.value.subtype is Subtype.SYNTAX, caught.value.message
        tried["overlap"] += 1
        flip = "<" if relation == r"\ge" else r"\le"
        exclusive = (rf"\begin{{cases}} 2x & x {relation} 10^{{{e}}} \\ 2x & x {flip} "
                     rf"10^{{{e}}} \end{{cases}}")
        run(Request(function="x^2", wrt="x", expect=exclusive))
        tried["exclusive"] += 1

    check()
    report(f"overlapping cases: {tried['overlap']} overlapping thresholds refused, "
           f"{tried['exclusive']} exclusive ones accepted")
    assert min(tried.values()) >= 20


CHAINED = [  # cases written exclusive with chains of comparisons, read and shown as written
    (r"\begin{cases} 0 & x < 0 \\ x^2 & 0 \le x < 1 \\ 2x - 1 & \text{otherwise} \end{cases}",
     r"\begin{cases} 0 & x < 0 \\ 2x & 0 \le x < 1 \\ 2 & \text{otherwise} \end{cases}"),
    (r"\begin{cases} 0 & x < 0 \\ x^2 & 0 \le x < 1 \\ 2x - 1 & 1 \le x \le 3 \\ 5 & x > 3 "
     r"\end{cases}", r"\begin{cases} 0 & x < 0 \\ 2x & 0 \le x < 1 \\ 2 & 1 \le x \le 3 \\ 0 & "
     r"x > 3 \end{cases}"),
    (r"\mathbb{1}[0 < x \le 2] x^2", r"2x \mathbb{1}[0 < x \le 2]"),
]


@pytest.mark.parametrize("function, claim", CHAINED)
def test_chained_conditions_are_read_and_the_shown_cases_are_exclusive(function, claim):
    """SymPy drops from a case what earlier ones imply (x < 1 after x < 0, for 0 ≤ x < 1); the
    page writes each case's condition whole, so the shown result pastes back as a claim."""
    (result,) = run(Request(function=function, wrt="x", expect=claim)).results
    assert r"\vee" not in result.result and r"\wedge" not in result.result
    again = run(Request(function=function, wrt="x", expect=result.result))
    assert again.results[0].checked == [result.result]
    wrong = claim.replace("2x", "2x + 10^{-9}", 1)
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="x", expect=wrong))
    assert caught.value.subtype is Subtype.WRONG
