"""A function of a sample (docs/notation.rst, "Functions of a sample"): PRML's
\\boldsymbol{\\phi}(\\mathbf{x}_n) under \\sum_n is an opaque per-sample vector, its size fixed
by use; a derivative by the sample it hides is refused, never a silent zero.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

LOG_LIKELIHOOD = (r"\frac{N}{2}\ln\beta - \frac{N}{2}\ln(2\pi) - \beta\frac{1}{2}\sum_{n=1}^{N}"
                  r"\{t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}^2")  # (3.11)
W = r"\mathbf{w} \in \mathbb{R}^{M}"
GRADIENT = (r"\beta\sum_{n=1}^{N}\{t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}"
            r"\boldsymbol{\phi}(\mathbf{x}_n)^{\mathrm{T}}")  # (3.13)


def _run(wrt: str, expect: str, function: str = LOG_LIKELIHOOD, where: str = W):
    return run(Request(function=function, wrt=wrt, where=where, expect=expect), timeout=120)


def test_a_function_of_a_sample_is_a_per_sample_vector_of_the_size_its_use_gives():
    result = _run(r"\mathbf{w}", GRADIENT).results[0]
    assert result.checked == [GRADIENT] and r"\boldsymbol{\phi}(\mathbf{x}_n)" in result.result
    assert result.shape == r"\mathbb{R}^{1 \times M}"
    # N, the sample count, as a value: ∂/∂β
    assert _run(r"\beta", r"\frac{N}{2\beta} - \frac{1}{2}\sum_{n=1}^{N}\{t_n - "
                r"\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}^2").results
    # written \mathbf{x}_{n}, it is the same sample's
    assert _run(r"\mathbf{w}", GRADIENT.replace(r"(\mathbf{x}_n)^", r"(\mathbf{x}_{n})^")).results


@pytest.mark.parametrize("claim, subtype", [
    (GRADIENT.replace(r"t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)",
                      r"\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n) - t_n"), Subtype.WRONG),
    (GRADIENT.replace(r"\beta\sum", r"\sum"), Subtype.WRONG),  # β left out
    (GRADIENT.replace(r"(\mathbf{x}_n)^{\mathrm{T}}", r"(\mathbf{x}_n)"), Subtype.WRONG),
    (GRADIENT.replace(r"(\mathbf{x}_n)^{\mathrm{T}}", r"(\mathbf{x}_1)^{\mathrm{T}}"),
     Subtype.UNCHECKED),  # another sample's, outside its sum: no symbol of the derivation
])
def test_a_wrong_claim_with_a_function_of_a_sample_is_refused(claim, subtype):
    with pytest.raises(MatcalcError) as caught:
        _run(r"\mathbf{w}", claim)
    assert caught.value.subtype is subtype, caught.value.message


@pytest.mark.parametrize("wrt", [r"\mathbf{x}_n", r"\mathbf{x}"])
def test_a_derivative_by_the_hidden_sample_is_refused(wrt):
    with pytest.raises(MatcalcError) as caught:
        _run(wrt, "0")
    assert caught.value.subtype in (Subtype.UNSUPPORTED, Subtype.DECLARATION)
    assert r"\boldsymbol{\phi}(\mathbf{x}_n)" in caught.value.message or "does not occur" \
        in caught.value.message, caught.value.message


def test_a_declared_vector_before_parentheses_is_still_a_product():
    # \boldsymbol{\phi} declared: φ(x) is the product of φ and (x), as before
    claim = r"x \boldsymbol{\phi}^T"
    result = _run(r"\mathbf{w}", claim, r"\mathbf{w}^T\boldsymbol{\phi}(x)",
                  W + r", \boldsymbol{\phi} \in \mathbb{R}^{M}, x \in \mathbb{R}").results[0]
    assert result.checked == [claim]


def test_a_condition_on_a_sum_over_the_samples_is_decided_at_each_sample_count():
    """𝟙[∑_j 1 > 6.5] is a condition on N written as a sum: it is evaluated at each drawn N
    (the claim is wrong from N = 7 on), never left as SymPy's unevaluated Sum in a message."""
    function = r"\frac{1}{2}\sum_{i=1}^{N} (y_i - \mathbf{w}^T\mathbf{x}_i)^2"
    claim = (r"-\sum_{i=1}^{N} (1 + \mathbb{1}[\sum_{j=1}^{N} 1 > 6.5])"
             r"(y_i - \mathbf{w}^T\mathbf{x}_i)\mathbf{x}_i^T")
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=r"\mathbf{w}", expect=claim))
    assert caught.value.subtype is Subtype.WRONG, caught.value.message
    assert "N = 7" in caught.value.message and "Sum(" not in caught.value.message
    right = (r"-\sum_{i=1}^{N} \mathbb{1}[\sum_{j=1}^{N} 1 > 0]"
             r"(y_i - \mathbf{w}^T\mathbf{x}_i)\mathbf{x}_i^T")
    run(Request(function=function, wrt=r"\mathbf{w}", expect=right))


@pytest.mark.parametrize("function, wrt, where", [
    (r"-\sum_{i=1}^{N} y_i \log \hat{y}_i", r"\hat{y}_i", r"y_i, \hat{y}_i \in \mathbb{R}"),
    (r"\sum_{i=1}^{N} x_i^2", "x_i", ""),
    (r"\frac{1}{N}\sum_{i=1}^{N} \mathbf{x}_i^T A \mathbf{x}_i", r"\mathbf{x}_i",
     r"\mathbf{x}_i \in \mathbb{R}^n, A \in \mathbb{R}^{n \times n}"),
])
def test_a_derivative_by_one_samples_datum_inside_the_sum_is_refused_at_wrt(function, wrt, where):
    """It was an internal error (the engine's check found no value for x_i); the engine's
    own reading, Σᵢ 2x_i for ∂/∂x_i Σᵢ x_i², is not the derivative by one sample's datum."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=""))
    error = caught.value
    assert error.subtype is Subtype.UNSUPPORTED and error.field == Field.option(":wrt:")
    assert "one sample's datum" in error.message
    # one sample's term, without the sum, is derived
    assert run(Request(function=r"(y_i - w x_i)^2", wrt="x_i", where=r"w, x_i, y_i \in \mathbb{R}",
                       expect=r"-2w(y_i - w x_i)")).results
