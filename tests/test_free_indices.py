"""Free indices (docs/notation.rst, "Entries by a free index"): x_j of a declared vector where no
sum binds j makes a text the family of its members j = 1, …, n; the judge compares the claim's
family with the derivative's member by member, for every j at every size it draws.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

G = (("g", r"\frac{1}{1 + e^{-x}}"),)
LOGISTIC = r"y \log g(\theta^T x) + (1 - y) \log (1 - g(\theta^T x))"
THETA = r"\theta, x \in \mathbb{R}^{d}"


def _run(function: str, wrt: str, where: str, expect: str, layout: str = "numerator"):
    return run(Request(function=function, wrt=wrt, where=where, expect=expect, layout=layout,
                       functions=G), timeout=120)


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_a_derivative_by_an_entry_is_checked_as_the_family_of_the_gradients_entries(layout):
    result = _run(LOGISTIC, r"\theta_j", THETA, r"(y - g(\theta^T x)) x_j", layout).results[0]
    assert result.checked == [r"(y - g(\theta^T x)) x_j"]
    assert r"entry j of the derivative by \theta" in result.note  # the page says what it shows
    assert _run(r"a^T \theta", r"\theta_j", r"a, \theta \in \mathbb{R}^{n}", "a_j").results


@pytest.mark.parametrize("claim, subtype", [
    (r"(g(\theta^T x) - y) x_j", Subtype.WRONG),  # the sign
    (r"(y - g(\theta^T x)) \theta_j", Subtype.WRONG),  # the wrong vector's entry
    (r"(y - g(\theta^T x)) x_j^2", Subtype.WRONG),
    (r"(y - g(\theta^T x))", Subtype.WRONG),  # no index: the same for every j
    (r"(y - g(\theta^T x)) x", Subtype.WRONG),  # a vector for a scalar
    (r"(y - g(\theta^T x)) x_1", Subtype.UNCHECKED),  # x_1 is no symbol of the derivation
    (r"(y - g(\theta^T x)) x_k", Subtype.UNCHECKED),  # k binds nothing
])
def test_a_wrong_claim_by_an_entry_is_refused(claim, subtype):
    with pytest.raises(MatcalcError) as caught:
        _run(LOGISTIC, r"\theta_j", THETA, claim)
    assert caught.value.subtype is subtype, caught.value.message
    if subtype is Subtype.WRONG and "vector" not in caught.value.message:
        assert "for every j" in caught.value.message


def test_a_claim_right_only_for_one_size_is_refused():
    # 1ᵀx is x_j when d = 1 only: the family is compared at sizes where j has several values
    with pytest.raises(MatcalcError) as caught:
        _run(r"\theta^T x", r"\theta_j", THETA, r"\mathbf{1}^T x")
    assert caught.value.subtype is Subtype.WRONG
    assert _run(r"\theta^T x", r"\theta_j", THETA, "x_j").results


def test_an_index_that_a_sum_binds_is_not_free_and_a_name_of_no_vector_is_a_scalar():
    # \sum_j x_j is the sum of the entries; y_i with no vector y is the scalar y_i, as before
    assert _run(r"\sum_j x_j \theta_j", r"\theta", THETA, "x^T").results
    assert _run(r"y_i^2", "y_i", "", "2y_i").results


@pytest.mark.parametrize("wrt, where, why", [
    (r"\theta_j, y", THETA, "several :wrt:"),
    (r"\theta_j", r"\theta \in \mathbb{R}^{d}, A \in \mathbb{R}^{m \times d}", "not a scalar"),
])
def test_a_derivative_by_an_entry_of_what_is_not_read_is_refused_clearly(wrt, where, why):
    function = LOGISTIC if "y" in wrt else r"A \theta"
    with pytest.raises(MatcalcError) as caught:
        _run(function, wrt, where, "")
    assert caught.value.subtype is Subtype.UNSUPPORTED and why in caught.value.message


def test_vectors_of_different_lengths_under_one_index_are_refused():
    with pytest.raises(MatcalcError) as caught:
        _run(r"a^T \theta", r"\theta_j", r"a, \theta \in \mathbb{R}^{n}, b \in \mathbb{R}^{m}",
             "a_j b_j")
    assert caught.value.subtype is Subtype.SHAPE and "different lengths" in caught.value.message


LOG_SOFTMAX = r"z_i - \log\sum_j \exp(z_j)"  # Goodfellow et al. (6.30)
Z = r"\bm{z} \in \mathbb{R}^{n}"


@pytest.mark.parametrize("claim, layout", [
    (r"\bm{e}_i^\top - \operatorname{softmax}(\bm{z})^\top", "numerator"),
    (r"(\bm{e}_i - \operatorname{softmax}(\bm{z}))^\top", "numerator"),
    (r"I - \mathbf{1}\operatorname{softmax}(\bm{z})^\top", "numerator"),  # the stack written out
    (r"\bm{e}_i - \operatorname{softmax}(\bm{z})", "denominator"),
])
def test_a_function_with_a_free_index_is_the_family_of_its_members(claim, layout):
    result = _run(LOG_SOFTMAX, r"\bm{z}", Z, claim, layout).results[0]
    assert result.checked == [claim] and "free index i" in result.note


def test_a_member_that_does_not_depend_on_the_index_is_the_same_for_every_member():
    assert _run(r"x_i + \log\sum_j \exp(z_j)", r"\bm{z}", r"\bm{z}, \bm{x} \in \mathbb{R}^{n}",
                r"\operatorname{softmax}(\bm{z})^\top").results
    assert _run(r"z_i^2", r"\bm{z}", Z, r"2 z_i \bm{e}_i^\top").results


@pytest.mark.parametrize("claim, layout, subtype", [
    (r"\bm{e}_i^\top + \operatorname{softmax}(\bm{z})^\top", "numerator", Subtype.WRONG),
    (r"\operatorname{softmax}(\bm{z})^\top", "numerator", Subtype.WRONG),  # e_i left out
    (r"z_i \bm{e}_i^\top", "numerator", Subtype.WRONG),
    (r"\bm{e}_i - \operatorname{softmax}(\bm{z})", "numerator", Subtype.WRONG),  # a column
    (r"\bm{e}_i^\top - \operatorname{softmax}(\bm{z})^\top", "denominator", Subtype.WRONG),
    (r"\bm{e}_k^\top - \operatorname{softmax}(\bm{z})^\top", "numerator", Subtype.UNCHECKED),
])
def test_a_wrong_claim_about_a_family_is_refused(claim, layout, subtype):
    with pytest.raises(MatcalcError) as caught:
        _run(LOG_SOFTMAX, r"\bm{z}", Z, claim, layout)
    assert caught.value.subtype is subtype, caught.value.message


def test_a_function_with_two_free_indices_or_an_index_on_nothing_is_refused_clearly():
    with pytest.raises(MatcalcError) as caught:
        _run(r"z_i z_k", r"\bm{z}", Z, "")
    assert caught.value.subtype is Subtype.UNSUPPORTED and "free indices" in caught.value.message
    with pytest.raises(MatcalcError) as caught:
        _run(r"z_i^2", r"\theta_j", r"\bm{z}, \theta \in \mathbb{R}^{n}", "")
    assert caught.value.subtype is Subtype.UNSUPPORTED and "free index too" in caught.value.message


SQUARED = r"\frac{1}{2}(y - \theta^T x)^2"


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("function, steps, right", [
    (r"\theta^T x", [r"\frac{\partial (\theta^T x)}{\partial \theta_j}", "x_j"], True),
    (r"\theta^T x", [r"\frac{\partial}{\partial \theta_j}\theta^T x", "x_j"], True),
    (SQUARED, [r"(y - \theta^T x)\frac{\partial}{\partial \theta_j}(y - \theta^T x)",
               r"-(y - \theta^T x) x_j"], True),  # CS229's way
    (r"\theta^T x", [r"\frac{\partial (\theta^T x)}{\partial \theta_j} + x_j"], False),
    (SQUARED, [r"(y - \theta^T x)\frac{\partial}{\partial \theta_j}(y - \theta^T x)",
               r"(y - \theta^T x) x_j"], False),  # the sign lost in the last step
])
def test_a_step_may_take_the_derivative_by_the_entry(layout, function, steps, right):
    """∂E/∂θ_j in a step is entry j of the gradient of E by θ: a family, read as the
    claim's is."""
    fields = dict(function=function, wrt=r"\theta_j", where=THETA + r"; y \in \mathbb{R}",
                  steps=steps, layout=layout)
    if right:
        assert run(Request(**fields)).results[0].checked == steps
    else:
        with pytest.raises(MatcalcError) as caught:
            run(Request(**fields))
        assert caught.value.subtype is Subtype.WRONG
