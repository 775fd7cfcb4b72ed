"""Definitions in :where: (docs/notation.rst, "Definitions"): ``\\hat{\\mathbf{y}} =
\\operatorname{softmax}(\\mathbf{z})`` makes the name stand for the expression, its entries
too; a wrong definition makes a claim wrong, and a definition that cannot be one is refused.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

CE = r"L = -\sum_{i=1}^{C} y_i \log \hat{y}_i"  # postnetwork.co's cross-entropy
DECLARED = r"\mathbf{z} \in \mathbb{R}^{C}, \mathbf{y} \in \Delta^{C}"
WHERE = DECLARED + r"; \hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{z})"


def _run(function: str, where: str, expect: str, symbols: str = ""):
    return run(Request(function=function, wrt=r"\mathbf{z}", where=where, expect=expect,
                       layout="denominator", symbols=symbols), timeout=120)


def test_a_defined_name_and_its_entries_stand_for_the_expression():
    assert _run(CE, WHERE, r"\hat{\mathbf{y}} - \mathbf{y}").results[0].checked
    assert _run(r"-\mathbf{y}^T \log \hat{\mathbf{y}}", WHERE,
                r"\operatorname{softmax}(\mathbf{z}) - \mathbf{y}").results
    # a definition among the project's symbols, the declarations in :where:
    assert _run(CE, DECLARED, r"\hat{\mathbf{y}} - \mathbf{y}",
                symbols=r"\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{z})").results


def test_without_the_definition_the_sum_stays_refused_as_ambiguous():
    with pytest.raises(MatcalcError) as caught:
        _run(CE, DECLARED, r"\hat{\mathbf{y}} - \mathbf{y}")
    assert caught.value.subtype is Subtype.UNSUPPORTED and "ambiguous" in caught.value.message


@pytest.mark.parametrize("where, claim", [
    (WHERE, r"\mathbf{y} - \hat{\mathbf{y}}"),
    (WHERE, r"\hat{\mathbf{y}}"),
    (DECLARED + r"; \hat{\mathbf{y}} = \exp(\mathbf{z})", r"\hat{\mathbf{y}} - \mathbf{y}"),
    (DECLARED + r"; \hat{\mathbf{y}} = \operatorname{softmax}(2\mathbf{z})",
     r"\hat{\mathbf{y}} - \mathbf{y}"),
])
def test_a_wrong_claim_or_a_wrong_definition_is_refused(where, claim):
    with pytest.raises(MatcalcError) as caught:
        _run(CE, where, claim)
    assert caught.value.subtype is Subtype.WRONG, caught.value.message


@pytest.mark.parametrize("definition, why", [
    (r"\mathbf{y} = \operatorname{softmax}(\mathbf{z})", "already a symbol"),
    (r"\hat{y} = \operatorname{softmax}(\mathbf{z})", "written as a scalar but defined as a vector"),
    (r"\hat{\mathbf{y}} + 1 = \operatorname{softmax}(\mathbf{z})", "names one symbol"),
    (r"\hat{\mathbf{y}} = \operatorname{softmax}(\hat{\mathbf{y}})", "uses \\hat{\\mathbf{y}} itself"),
])
def test_what_cannot_be_a_definition_is_refused_at_it(definition, why):
    where = f"{DECLARED}; {definition}"
    with pytest.raises(MatcalcError) as caught:
        _run(CE, where, r"\hat{\mathbf{y}} - \mathbf{y}")
    error = caught.value
    assert error.subtype is Subtype.DECLARATION and why in error.message, error.message
    assert where[error.start:error.end] == definition


SCORE = r"\ell(\beta) = \sum_{i=1}^{N} \left\{ y_i \beta^T x_i - \log(1 + e^{\beta^T x_i}) \right\}"
BETA = r"\beta, x_i \in \mathbb{R}^{p}"
P = r"p(x; \beta) = \frac{e^{\beta^T x}}{1 + e^{\beta^T x}}"  # ESL (4.18)
ESL = r"\sum_{i=1}^{N} x_i (y_i - p(x_i; \beta))"  # (4.21)


def _esl(where: str, expect: str):
    return run(Request(function=SCORE, wrt=r"\beta", where=where, expect=expect,
                       layout="denominator"), timeout=120)


def test_a_function_defined_by_a_formula_is_its_formula_where_it_is_applied():
    assert _esl(f"{BETA}; {P}", ESL).results[0].checked == [ESL]
    # the same with a comma between the parameters
    assert _esl(f"{BETA}; " + P.replace(";", ","), ESL.replace(";", ",")).results


@pytest.mark.parametrize("where, claim", [
    (f"{BETA}; {P}", r"\sum_{i=1}^{N} x_i (p(x_i; \beta) - y_i)"),
    (f"{BETA}; p(x; \\beta) = \\frac{{1}}{{1 + e^{{\\beta^T x}}}}", ESL),  # a wrong formula
])
def test_a_wrong_claim_or_formula_with_an_applied_function_is_refused(where, claim):
    with pytest.raises(MatcalcError) as caught:
        _esl(where, claim)
    assert caught.value.subtype is Subtype.WRONG, caught.value.message


@pytest.mark.parametrize("where, claim, subtype, why", [
    (f"{BETA}; {P}", r"\sum_{i=1}^{N} x_i (y_i - p(x_i))", Subtype.SHAPE, "takes 2 arguments"),
    (f"{BETA}; p(x; x) = x", ESL, Subtype.DECLARATION, "named twice"),
    (f"{BETA}; p(x + 1; \\beta) = x", ESL, Subtype.DECLARATION, "not one symbol"),
    (f"{BETA}; t \\in \\mathbb{{R}}; t(x) = x", ESL, Subtype.DECLARATION, "already a symbol"),
    (f"{BETA}; p(x; \\beta) = p(x; \\beta)", ESL, Subtype.DECLARATION, "applies p itself"),
    (f"{BETA}; p(x; \\beta) = \\beta + x^T", ESL, Subtype.SHAPE, "does not read"),
])
def test_what_cannot_be_a_formula_or_its_application_is_refused(where, claim, subtype, why):
    with pytest.raises(MatcalcError) as caught:
        _esl(where, claim)
    assert caught.value.subtype is subtype, caught.value.message
    assert why is None or why in caught.value.message, caught.value.message
