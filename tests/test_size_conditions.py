"""Conditions on sizes that are no polynomial: their sign changes past the scanned sizes are
solved for (√n − √97, e^n − e^97), a periodic one is scanned over its period when that is
short (cos(2πn/9)), and a claim whose condition may change where the judge cannot find is
refused as unchecked (cos(2πn/97) > 0.99999 holds at n = 97, 194, …), never accepted."""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

from verdicts import judged

F, V, W = r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}"
TRUTH = r"2\mathbf{x}^T"


@pytest.mark.parametrize("condition", [
    r"\cos(2\pi n/97) > 0.99999",  # only at multiples of 97
    r"(\sqrt{n} - \sqrt{97})^2 < 0.001",  # only at 97, no polynomial
    r"|\log(n/97)| < 0.001",
    r"|n - 97| < 0.5",  # no polynomial: |·|, solved by its pieces
    r"\sin(\pi n / 70) \cdot \sin(\pi n / 70) < 10^{-9}",
])
def test_a_condition_met_only_past_the_scan_is_never_accepted(condition: str) -> None:
    claim = TRUTH + rf" + \mathbb{{1}}[{condition}]\mathbf{{x}}^T"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=F, wrt=V, where=W, expect=claim))
    assert caught.value.subtype in (Subtype.UNCHECKED, Subtype.WRONG), caught.value.message


def test_a_sample_count_condition_past_the_scan_is_never_accepted() -> None:
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\sum_{i=1}^{N} w x_i", wrt="w",
                    where=r"w \in \mathbb{R}; x_i \in \mathbb{R}",
                    expect=r"\sum_{i=1}^{N} x_i + \mathbb{1}[\cos(2\pi N/97) > 0.99999]"))
    assert caught.value.subtype is Subtype.UNCHECKED, caught.value.message


def test_a_short_period_is_scanned_and_the_wrong_size_found() -> None:
    claim = TRUTH + r" + \mathbb{1}[\cos(2\pi n/9) > 0.99]\mathbf{x}^T"
    assert judged(Request(function=F, wrt=V, where=W, expect=claim), False) == "refused"


@pytest.mark.parametrize("claim", [
    TRUTH + r" + \mathbb{1}[\sqrt{n} < 0]\mathbf{x}^T",
    TRUTH + r" + \mathbb{1}[\cos(2\pi n/9) > 2]\mathbf{x}^T",
    TRUTH + r" + \mathbb{1}[e^{n} < 0]\mathbf{x}^T",
])
def test_a_condition_that_never_holds_is_accepted(claim: str) -> None:
    assert judged(Request(function=F, wrt=V, where=W, expect=claim), True) == "accepted"


def test_a_count_condition_written_as_a_sum_is_solved_as_the_polynomial_it_is() -> None:
    """∑_j 1 > 97.5 is N > 97.5: it changes past the scan, so the claim is unchecked (left as
    an unevaluated Sum, it was no polynomial and its root was never sought)."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\sum_{i=1}^{N} w x_i", wrt="w",
                    where=r"w \in \mathbb{R}; x_i \in \mathbb{R}",
                    expect=r"\sum_{i=1}^{N} x_i + \mathbb{1}[\sum_{j=1}^{N} 1 > 97.5]"))
    assert caught.value.subtype is Subtype.UNCHECKED, caught.value.message


def test_a_condition_on_two_sizes_that_is_no_polynomial_is_still_decided_inside_the_scan():
    claim = r"\mathbf{x}^T\mathbf{A} + \mathbb{1}[\sqrt{m n} > 20]\mathbf{x}^T\mathbf{A}"
    request = Request(function=r"\mathbf{x}^T\mathbf{A}\mathbf{y}", wrt=r"\mathbf{y}", where=(
        r"\mathbf{x} \in \mathbb{R}^{m}; \mathbf{y} \in \mathbb{R}^{n}; "
        r"\mathbf{A} \in \mathbb{R}^{m \times n}"), expect=claim)
    assert judged(request, False) == "refused"


def test_a_condition_sympy_writes_as_a_power_of_minus_one_is_scanned_over_its_period():
    """cos(πn) is read as (−1)ⁿ, whose period SymPy does not find: it is 2, so the scan
    decides it (wrong at n = 2), never 'cannot be found'."""
    claim = TRUTH + r" + \mathbb{1}[\cos(\pi n) > 0]\mathbf{x}^T"
    assert judged(Request(function=F, wrt=V, where=W, expect=claim), False) == "refused"


@pytest.mark.parametrize("condition", [r"2^n > 10^{20}", r"e^{e^{n}} > 10^{50}",
                                       r"n^n > 10^{200}"])
def test_a_condition_of_huge_values_is_decided_without_computing_them(condition: str):
    """2^{10⁹} has 3·10⁸ digits and e^{e^{10⁶}} cannot be evaluated at all: signs come from
    certain digits within a budget, and an undecided one leaves the claim unchecked."""
    claim = TRUTH + rf" + \mathbb{{1}}[{condition}]\mathbf{{x}}^T"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=F, wrt=V, where=W, expect=claim), timeout=60)
    assert caught.value.subtype in (Subtype.UNCHECKED, Subtype.WRONG), caught.value.message


@pytest.mark.parametrize("condition, right", [
    (r"e^{e^{n}} > 10^{50}", False),  # from n = 5; its sign at n = 10⁶ is not decided
    (r"e^{e^{n}} > e^{e^{7}}", False),  # from n = 8
    (r"e^{e^{n}} > e^{e^{100}}", None),  # only past the scan: unchecked
])
def test_a_condition_not_decided_past_the_scan_is_still_judged_inside_it(condition: str,
                                                                          right: bool | None):
    """Regions met in 1..64 are judged even where the condition past 64 is not decided: a
    claim wrong in them is refused as wrong, not merely unchecked; one right in them stays
    unchecked (it is wrong only past 64 here), never accepted."""
    claim = TRUTH + rf" + \mathbb{{1}}[{condition}]\mathbf{{x}}^T"
    request = Request(function=F, wrt=V, where=W, expect=claim)
    if right is False:
        assert judged(request, False) == "refused"
        return
    with pytest.raises(MatcalcError) as caught:
        run(request)
    assert caught.value.subtype is Subtype.UNCHECKED, caught.value.message
