"""Peaks of periodic conditions inside a region other conditions select.

A term of claim − truth non-zero only where a periodic condition peaks (sin x sin y > 1 −
10⁻⁶) and another holds (x > 50): the ascent stops between them, at a peak the other
excludes; the peak of the periodic condition alone, moved by whole periods, is inside.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.pipeline import Request
from verdicts import judged

XY = r"x, y \in \mathbb{R}"


@pytest.mark.parametrize("claim", [
    r"2x + 5 \mathbb{1}[\sin x \sin y > 1 - 10^{-6}] \mathbb{1}[x > 50]",
    r"2x + 5 \mathbb{1}[\sin x \sin y > 1 - 10^{-6}] \mathbb{1}[y > 50]",
])
def test_a_peak_beyond_another_condition_is_found(claim: str) -> None:
    assert judged(Request(function="x^2 + y", wrt="x", where=XY, expect=claim), False) \
        == "refused"


def test_a_product_that_never_reaches_its_threshold_is_right() -> None:
    claim = r"2x + 5 \mathbb{1}[\sin x \sin y > 1 + 10^{-6}] \mathbb{1}[x > 50]"
    assert judged(Request(function="x^2 + y", wrt="x", where=XY, expect=claim), True) \
        == "accepted"


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
