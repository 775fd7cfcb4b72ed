"""Thin sets and zeros of denominators in per-sample data: a claim wrong only where one
sample's datum takes one value is found with the sum written out sample by sample; a right
claim that differs from the derivative's formula only on a kink of the function (relu(w −
xᵢ) at w = xᵢ, where no derivative exists) is accepted."""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

from verdicts import judged

SCALARS = r"w \in \mathbb{R}; x_i \in \mathbb{R}"
LABELLED = r"w, x_i, y_i \in \mathbb{R}"
VECTORS = r"\mathbf{w}, \mathbf{x}_i \in \mathbb{R}^{n}; y_i \in \mathbb{R}"
LINEAR = r"\sum_{i=1}^{N} w x_i"


@pytest.mark.parametrize("function, wrt, where, claim", [
    (LINEAR, "w", SCALARS, r"\sum_{i=1}^{N} (x_i + 5\mathbb{1}[(x_i - 1.37)^2 \le 0])"),
    (LINEAR, "w", SCALARS, r"\sum_{i=1}^{N} (x_i + 5\mathbb{1}[(x_i - \pi)^2 \le 0])"),
    (LINEAR, "w", SCALARS, r"\sum_{j=1}^{N} (x_j + 5\mathbb{1}[(x_j - 1.37)^2 \le 0])"),
    (LINEAR, "w", SCALARS, r"\sum_{i=1}^{N} x_i + \sum_{i=1}^{N} \mathbb{1}[x_i \ge 2.71]"
                           r"\mathbb{1}[x_i \le 2.71]"),
    (LINEAR, "w", SCALARS,  # a denominator of the claim's own, zero at one datum
     r"\sum_{i=1}^{N} x_i + \sum_{i=1}^{N} (\frac{x_i^2 - 1.8769}{x_i - 1.37} - x_i - 1.37)"),
    (r"\sum_{i=1}^{N} \max(0, 1 - y_i w x_i)", "w", LABELLED,
     r"-\sum_{i=1}^{N} \mathbb{1}[y_i w x_i < 1] y_i x_i + \sum_{i=1}^{N} "
     r"\mathbb{1}[(y_i - 0.3)^2 \le 0]"),
    (r"\sum_{i=1}^{N} \mathbf{w}^T\mathbf{x}_i", r"\mathbf{w}", VECTORS,
     r"\sum_{i=1}^{N} (\mathbf{x}_i^T + \mathbb{1}[(y_i - 2.5)^2 \le 0]\mathbf{w}^T)"),
    (r"\sum_{i=1}^{N} \mathbf{w}^T\mathbf{x}_i", r"\mathbf{w}", VECTORS,  # an entry of x_i
     r"\sum_{i=1}^{N} (\mathbf{x}_i^T + \mathbb{1}[(\mathbf{1}^T\mathbf{x}_i - 2.5)^2 \le 0]"
     r"\mathbf{w}^T)"),
    (r"\sum_{i=1}^{N} (w - x_i)|w - x_i|", "w", SCALARS,  # a kink the derivative is smooth on
     r"\sum_{i=1}^{N} (2|w - x_i| + 5\mathbb{1}[(w - x_i)^2 \le 0])"),
])
def test_a_claim_wrong_at_one_value_of_a_datum_is_refused(function, wrt, where, claim):
    assert judged(Request(function=function, wrt=wrt, where=where, expect=claim), False) \
        == "refused"


def test_the_counterexample_gives_the_datum_as_a_sample() -> None:
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=LINEAR, wrt="w", where=SCALARS,
                    expect=r"\sum_{i=1}^{N} (x_i + 5\mathbb{1}[(x_i - 1.37)^2 \le 0])"))
    message = caught.value.message
    assert "1.37" in message.split("x_i =", 1)[1] and "#" not in message, message


@pytest.mark.parametrize("claim", [
    r"\sum_{i=1}^{N} \frac{x_i (x_i - 1.37)}{x_i - 1.37}",  # a division the reading cancels
    r"\sum_{i=1}^{N} x_i + \sum_{i=1}^{N} \frac{x_i - 1.37 - x_i + 1.37}{x_i - 1.37}",
])
def test_a_division_by_a_datum_the_reading_lost_is_refused(claim: str) -> None:
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=LINEAR, wrt="w", where=SCALARS, expect=claim))
    assert caught.value.subtype is Subtype.WRONG
    assert "a division by x_i" in caught.value.message, caught.value.message


@pytest.mark.parametrize("function, claim", [
    (r"\sum_{i=1}^{N} \operatorname{relu}(w - x_i)", r"\sum_{i=1}^{N} \mathbb{1}[w - x_i \ge 0]"),
    (r"\sum_{i=1}^{N} \operatorname{relu}(x_i - w)", r"-\sum_{i=1}^{N} \mathbb{1}[x_i - w \ge 0]"),
    (r"\sum_{i=1}^{N} |w - x_i|", r"\sum_{i=1}^{N} \operatorname{sign}(w - x_i)"),
    (r"\sum_{i=1}^{N} (w - x_i)|w - x_i|", r"\sum_{i=1}^{N} 2|w - x_i|"),
])
def test_a_right_claim_that_differs_only_on_a_kink_is_accepted(function: str, claim: str):
    assert judged(Request(function=function, wrt="w", where=SCALARS, expect=claim), True) \
        == "accepted"
