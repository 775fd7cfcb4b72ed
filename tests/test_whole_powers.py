"""A matrix power with a declared whole exponent (X^k, k \\in \\mathbb{Z}): read, derived, judged.

The Matrix Cookbook's (58) ∂det(X^k)/∂X = k det(X^k) X^{-T} and (121) ∂tr(X^k)/∂X =
k (X^{k-1})^T (denominator layout): right rewritings of them are accepted, wrong ones
(off in k, transposed, the power wrong) refused with the value of k where they differ, and an
exponent that is not declared a whole number is a located declaration message.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.judge import Point, evaluate
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

SQ = r"\mathbf{X}, \mathbf{A} \in \mathbb{R}^{n \times n}"
Z, N = SQ + r"; k \in \mathbb{Z}", SQ + r"; k \in \mathbb{N}"
DET, TR = r"\det\left(\mathbf{X}^{k}\right)", r"\operatorname{tr}\left(\mathbf{X}^{k}\right)"


def _derive(function: str, where: str, expect: str = "", code: str = ""):
    return run(Request(function=function, wrt=r"\mathbf{X}", where=where, expect=expect,
                       layout="denominator", code=code))


@pytest.mark.parametrize("function, where, claim", [
    (DET, Z, r"k\det\left(\mathbf{X}^{k}\right)\mathbf{X}^{-T}"),  # the Cookbook's (58)
    (DET, Z, r"k\det(\mathbf{X})^{k}\mathbf{X}^{-T}"),  # det(X^k) = det(X)^k
    (DET, Z, r"k\det(\mathbf{X}^k)(\mathbf{X}^{-1})^T"),
    (DET, Z, r"k\det(\mathbf{X}^k)(\mathbf{X}^{T})^{-1}"),
    (DET, N, r"k\det\left(\mathbf{X}^{k}\right)\mathbf{X}^{-T}"),
    (r"\det\left(\mathbf{X}^{-k}\right)", Z, r"-k\det(\mathbf{X})^{-k}\mathbf{X}^{-T}"),
    (r"\det\left(\mathbf{X}^{2k}\right)", Z, r"2k\det(\mathbf{X}^{2k})\mathbf{X}^{-T}"),
    (TR, Z, r"k\left(\mathbf{X}^{k-1}\right)^{T}"),  # the Cookbook's (121)
    (TR, N, r"k\left(\mathbf{X}^{T}\right)^{k-1}"),
])
def test_a_right_claim_about_a_whole_power_is_accepted(function, where, claim):
    (result,) = _derive(function, where, claim).results
    assert result.checked == [claim]
    again = _derive(function, where, result.result)  # the shown result reads back
    assert again.results[0].checked == [result.result]


@pytest.mark.parametrize("function, claim, at", [
    (DET, r"(k-1)\det(\mathbf{X}^k)\mathbf{X}^{-T}", "k = "),
    (DET, r"k\det(\mathbf{X}^k)\mathbf{X}^{-1}", "k = "),  # X is not symmetric
    (DET, r"k\det(\mathbf{X})^{k-1}\mathbf{X}^{-T}", "k = "),
    (DET, r"k^2\det(\mathbf{X}^k)\mathbf{X}^{-T}", "k = 2"),  # right at k = 0, 1 only
    (DET, r"|k|\det(\mathbf{X}^k)\mathbf{X}^{-T}", "k = -1"),  # right for k ≥ 0 only
    (TR, r"k\mathbf{X}^{k-1}", "k = "),
    (TR, r"k\left(\mathbf{X}^{k}\right)^{T}", "k = "),
])
def test_a_wrong_claim_about_a_whole_power_is_refused_naming_k(function, claim, at):
    with pytest.raises(MatcalcError) as caught:
        _derive(function, Z, claim)
    assert caught.value.subtype is Subtype.WRONG, caught.value.message
    assert f"with {at}" in caught.value.message


def test_a_claim_right_only_for_natural_k_is_accepted_when_k_is_declared_natural():
    claim = r"|k|\det(\mathbf{X}^k)\mathbf{X}^{-T}"
    assert _derive(DET, N, claim).results[0].checked == [claim]


@pytest.mark.parametrize("where, says", [
    (SQ, r"declare k \in \mathbb{Z}"),  # undeclared: a real scalar
    (SQ + r"; k \in \mathbb{R}", r"declare k \in \mathbb{Z}"),
    (SQ + r"; k \in \mathbb{Z}^{n}", "Only whole numbers are read"),
])
def test_an_exponent_not_declared_whole_is_a_located_declaration_message(where, says):
    with pytest.raises(MatcalcError) as caught:
        _derive(DET, where)
    error = caught.value
    assert error.subtype is Subtype.DECLARATION and says in error.message, error.message
    text = DET if error.field == Field() else where
    assert text[error.start:error.end].strip() in ("k", "{k}", "^"), (error.field, error.message)


@pytest.mark.parametrize("exponent", [r"k/2", r"\frac{k}{2}", r"0.5k"])
def test_an_exponent_that_is_not_whole_is_refused(exponent):
    with pytest.raises(MatcalcError) as caught:
        _derive(rf"\det\left(\mathbf{{X}}^{{{exponent}}}\right)", Z)
    assert caught.value.subtype is Subtype.UNSUPPORTED
    assert "must be a whole number for every whole number" in caught.value.message


@pytest.mark.parametrize("function, where, says", [
    (r"\det\left(\mathbf{X}^{n}\right)", SQ, "n is a size or an index here"),
    (DET, r"\mathbf{X} \in \mathbb{R}^{k \times k}; k \in \mathbb{Z}",
     "k is declared a whole number and is also a size"),
])
def test_a_size_is_not_an_exponent(function, where, says):
    with pytest.raises(MatcalcError) as caught:
        _derive(function, where)
    assert says in caught.value.message


@pytest.mark.parametrize("function", [r"k \det(\mathbf{X})", DET])
def test_there_is_no_derivative_with_respect_to_a_whole_number(function):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="k", where=Z))
    error = caught.value
    assert error.subtype is Subtype.DECLARATION and error.field == Field.option(":wrt:")
    assert "declared a whole number" in error.message


def test_a_symbolic_power_inside_a_product_is_a_message_not_a_wrong_result():
    with pytest.raises(MatcalcError) as caught:
        _derive(r"\operatorname{tr}\left(\mathbf{A}\mathbf{X}^{k}\right)", Z)
    assert caught.value.subtype is Subtype.UNSUPPORTED and "det or tr" in caught.value.message


@pytest.mark.parametrize("k", [-2, 0, 1, 3])
def test_x_to_the_k_is_the_kth_power_by_value(k):
    notation = Notation()
    notation.declare(parse_declarations(Z, notation))
    expr = parse_expression(r"\mathbf{X}^{k}", notation).expr
    (ksym,) = [s for s in expr.free_symbols if str(s) == "k"]
    assert ksym.is_integer
    n = sympy.Symbol("n", integer=True, positive=True)
    x = np.random.default_rng(k + 5).normal(size=(3, 3)) + 3 * np.eye(3)
    got = evaluate(expr.xreplace({ksym: k}), Point({n: 3}, {expr.base: x}))
    assert np.allclose(got, np.linalg.matrix_power(x, k))


def test_the_numpy_code_of_a_whole_power_takes_k():
    (result,) = _derive(TR, Z, code="numpy").results
    assert "matrix_power" in result.code and "k" in result.code


def test_two_whole_numbers_are_checked_apart():
    where = SQ + r"; j, k \in \mathbb{Z}"
    function = r"\operatorname{tr}\left(\mathbf{X}^{j+k}\right)"
    right = r"(j+k)\left(\mathbf{X}^{j+k-1}\right)^{T}"
    assert _derive(function, where, right).results[0].checked == [right]
    with pytest.raises(MatcalcError) as caught:  # right whenever j = 0: j and k must differ
        _derive(function, where, r"k\left(\mathbf{X}^{j+k-1}\right)^{T}")
    assert caught.value.subtype is Subtype.WRONG and "j = " in caught.value.message


SCALAR_K = r"k \in \mathbb{Z}"


@pytest.mark.parametrize("function, where, claim, at", [
    (TR, Z, r"\mathbb{1}[k < 8] k (\mathbf{X}^{k-1})^T", "k = 8"),  # a condition on k alone
    ("x^k", r"k \in \mathbb{N}", r"k x^{k-1}(1 + \mathbb{1}[k > 4.5]\mathbb{1}[k < 5.5])",
     "k = 5"),  # 5 is not among the values every check is made at
    ("x^k", r"k \in \mathbb{N}", r"k x^{k-1}(1 + \mathbb{1}[k > 1000000])", "k = 1000001"),
    ("x^k", SCALAR_K, r"k x^{k-1}(1 + 10^{-9}\mathbb{1}[k > 36.5]\mathbb{1}[k < 37.5])",
     "k = 37"),
    ("x^k", SCALAR_K, r"k x^{k-1}(1 + k(k-1)(k-2)(k-3)(k-4)(k-5)(k-6)(k+1)(k+2)(k+3)(k+4)"
     r"(k+5)(k+6))", "k = "),  # a factor in k that vanishes at every value tried first
    (r"x^k + x^{j}", r"k, j \in \mathbb{Z}", r"k x^{k-1} + j x^{j-1}\mathbb{1}[j < 30]", "j = 30"),
    ("k x", SCALAR_K, r"k + \mathbb{1}[(k-500)^2 < 1]", "k = 500"),  # two switches, close
    ("k x", SCALAR_K, r"k + \mathbb{1}[k > 10^{12}]", "k = 1000000000001"),  # far
    ("x^k", SCALAR_K, r"\begin{cases} k x^{k-1} & k < 10^{15} \\ 0 & \text{otherwise} \end{cases}",
     "k = 1000000000000000"),
    ("k x", SCALAR_K, r"k + \mathbb{1}[0.5 k > 1000.25]", "k = 2001"),  # float coefficients
])
def test_a_claim_wrong_only_at_other_whole_numbers_is_refused_there(function, where, claim, at):
    wrt = r"\mathbf{X}" if "X" in function else "x"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=claim, layout="denominator"))
    assert caught.value.subtype is Subtype.WRONG and at in caught.value.message


def test_a_condition_on_k_that_switches_past_the_powers_evaluated_is_unchecked():
    with pytest.raises(MatcalcError) as caught:
        _derive(TR, Z, r"\mathbb{1}[k < 20] k (\mathbf{X}^{k-1})^T")
    message = caught.value.message  # k < 20 switches between 19 and 20
    assert caught.value.subtype is Subtype.UNCHECKED and "switches beside k = " in message
    assert any(f"k = {v}," in message for v in (18, 19, 20, 21)), message


@pytest.mark.parametrize("function, where, claim", [
    ("x^k", SCALAR_K, r"k x^{k} / x"), ("x^k", SCALAR_K, r"k x^{k-1}"),
    (r"x^k + x^{j}", r"k, j \in \mathbb{Z}", r"k x^{k-1} + j x^{j-1}"),
    ("x^k", SCALAR_K, r"k x^{k-1}\left(1 + \mathbb{1}[k^2 < 0]\right)"),  # never switches
])
def test_a_right_claim_about_x_to_the_k_is_accepted_past_the_first_values(function, where,
                                                                           claim):
    run(Request(function=function, wrt="x", where=where, expect=claim))


@pytest.mark.parametrize("function, claim", [
    (r"(\mathbf{a}^T\mathbf{x})^k", r"k (\mathbf{a}^T\mathbf{x})^{k-1}\mathbf{a}^T"),
    (r"\|\mathbf{x}\|^{k}", r"k\|\mathbf{x}\|^{k-2}\mathbf{x}^T"),
])
@pytest.mark.parametrize("numbers", [r"\mathbb{N}", r"\mathbb{Z}"])
def test_a_scalar_to_a_whole_power_by_a_vector_is_derived(function, claim, numbers):
    """At k = 0 the function is 1 and its derivative 0·(…): zero by value, not by how it is
    written, which the engine's own check must see."""
    where = rf"\mathbf{{a}}, \mathbf{{x}} \in \mathbb{{R}}^{{n}}; k \in {numbers}"
    run(Request(function=function, wrt=r"\mathbf{x}", where=where, expect=claim))


def test_a_condition_on_k_that_is_not_a_polynomial_is_unchecked():
    """sin k > 0.99999999 holds at k = 51109 and again without end: where it switches among
    the whole numbers is not known, so the claim is not accepted."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="k x", wrt="x", where=SCALAR_K,
                    expect=r"k + \mathbb{1}[\sin(k) > 0.99999999]"))
    assert caught.value.subtype is Subtype.UNCHECKED and "not a polynomial" in caught.value.message

