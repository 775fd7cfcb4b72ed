"""The engine's own check of a steep function (sin(10ᵏx)², x + sin(10²⁰x)cos(10²⁰x)): float
differences at two steps disagree, or lose every digit of the step, so the check falls back
to differences in high precision at shrinking steps; a right result is shown and a wrong
claim refused, never an internal error or "could not be checked"."""

from __future__ import annotations

import pytest

from sphinx_matcalc.pipeline import Request

from verdicts import judged

STEEP = [4, 6, 10, 20]


@pytest.mark.parametrize("k", STEEP)
@pytest.mark.parametrize("right", [True, False])
def test_steep_square_of_a_sine(k: int, right: bool) -> None:
    claim = rf"10^{{{k}}}\sin(2\cdot 10^{{{k}}} x)" + ("" if right else r"(1+10^{-9})")
    assert judged(Request(function=rf"(\sin(10^{{{k}}} x))^2", wrt="x", expect=claim),
                  right) == ("accepted" if right else "refused")


@pytest.mark.parametrize("function, claim, wrt, where", [
    (r"x + \sin(10^{20} x)\cos(10^{20}x)", r"1 + 10^{20}\cos(2\cdot 10^{20} x)", "x", None),
    (r"x^2 + (\sin(10^{20} x))^2", r"2x + 10^{20}\sin(2\cdot 10^{20} x)", "x", None),
    (r"(\sin(10^{6}\mathbf{a}^T\mathbf{x}))^2",
     r"10^{6}\sin(2\cdot 10^{6}\mathbf{a}^T\mathbf{x})\mathbf{a}^T", r"\mathbf{x}",
     r"\mathbf{x} \in \mathbb{R}^{n}; \mathbf{a} \in \mathbb{R}^{n}"),
])
def test_steep_right_results_are_shown(function: str, claim: str, wrt: str,
                                       where: str | None) -> None:
    kw = {"where": where} if where else {}
    assert judged(Request(function=function, wrt=wrt, expect=claim, **kw), True) == "accepted"
    assert judged(Request(function=function, wrt=wrt, expect=claim + "+ 10^{-12}x", **kw)
                  if wrt == "x" else Request(function=function, wrt=wrt,
                                             expect=claim + r"(1 + 10^{-12})", **kw),
                  False) == "refused"
