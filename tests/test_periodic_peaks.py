"""Peaks of periodic conditions inside a region other conditions select.

A term of claim − truth non-zero only where a periodic condition peaks (sin x sin y > 1 −
10⁻⁶) and another holds (x > 50): the ascent stops between them, at a peak the other
excludes; the peak of the periodic condition alone, moved by whole periods, is inside.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from verdicts import judged

XY = r"x, y \in \mathbb{R}"


@pytest.mark.parametrize("claim", [
    r"2x + 5 \mathbb{1}[\sin x \sin y > 1 - 10^{-6}] \mathbb{1}[x > 50]",
    r"2x + 5 \mathbb{1}[\sin x \sin y > 1 - 10^{-6}] \mathbb{1}[y > 50]",
])
def test_a_peak_beyond_another_condition_is_found(claim: str) -> None:
    assert judged(Request(function="x^2 + y", wrt="x", where=XY, expect=claim), False) \
        == "refused"


def test_a_product_that_never_reaches_its_threshold_is_unchecked_not_refused() -> None:
    """Right (the term is 0 everywhere), but the judge cannot show that its conditions hold
    nowhere, as it cannot tell it from one that holds where it does not look: unchecked."""
    claim = r"2x + 5 \mathbb{1}[\sin x \sin y > 1 + 10^{-6}] \mathbb{1}[x > 50]"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^2 + y", wrt="x", where=XY, expect=claim))
    assert caught.value.subtype is Subtype.UNCHECKED, caught.value.message


COUNT = [0]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from([r"\sin", r"\cos"]), st.integers(1, 3), st.integers(1, 3),
       st.integers(5, 9), st.integers(20, 300), st.booleans())
def test_periodic_peaks_past_a_threshold(f: str, a: int, b: int, k: int, c: int,
                                         above: bool) -> None:
    """f(ax)f(by) > 1 − 10⁻ᵏ with x past ±c is met near a peak (both f at 1 or both at −1)."""
    COUNT[0] += 1
    side = rf"x > {c}" if above else rf"x < -{c}"
    claim = rf"2x + 5 \mathbb{{1}}[{f}({a}x) {f}({b}y) > 1 - 10^{{-{k}}}] \mathbb{{1}}[{side}]"
    assert judged(Request(function="x^2 + y", wrt="x", where=XY, expect=claim), False) \
        == "refused"
    print(f"periodic peaks past a threshold: {COUNT[0]} cases refused")


@pytest.mark.parametrize("function, claim, where", [
    # no common period (sin x sin(√2x) peaks near x = 1547), no float in the peak (10¹⁵ +
    # 125.125 is, but the ascent there has 0.125 steps)
    ("x^2 + y", r"2x + 5\mathbb{1}[\sin x \sin(\sqrt{2} x) > 1 - 10^{-6}]\mathbb{1}[x > 50]", XY),
    ("x^2", r"2x + 5\mathbb{1}[\sin x > 1 - 10^{-6}]\mathbb{1}[x > 10^{15}]", r"x \in \mathbb{R}"),
    ("x^2 + y", r"2x + 5\mathbb{1}[\sin x \sin y > 1 - 10^{-6}]\mathbb{1}[x > 10^{15}]", XY),
])
def test_a_term_whose_conditions_are_met_nowhere_the_judge_looks_is_never_accepted(
        function: str, claim: str, where: str) -> None:
    """Where no point meeting a term's conditions is found and decided, the term is
    unchecked: refused as unchecked (or wrong, where found after all), never accepted."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="x", where=where, expect=claim))
    assert caught.value.subtype in (Subtype.UNCHECKED, Subtype.WRONG), caught.value.message


def test_a_term_that_holds_nowhere_in_one_scalar_is_shown_so_and_accepted() -> None:
    claim = r"2x + 5 \mathbb{1}[x^2 < 0] + \mathbb{1}[x > 3]\mathbb{1}[x < 2]"
    assert judged(Request(function="x^2", wrt="x", where=r"x \in \mathbb{R}", expect=claim),
                  True) == "accepted"


def test_conditions_of_several_scalars_that_never_hold_together_are_unchecked() -> None:
    """Right (x > 7.25 and y < −7.25 give xy < −52), but not shown to hold nowhere."""
    claim = r"2x + \mathbb{1}[\tanh(x) > 0.999999]\mathbb{1}[\tanh(y) < -0.999999]\mathbb{1}[x y > -20]"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^2 + y^2", wrt="x", where=XY, expect=claim))
    assert caught.value.subtype is Subtype.UNCHECKED, caught.value.message
