"""The engine on the paper's §4–§6 results, in both layouts.

Each case runs the whole pipeline: the engine's Jacobian is compared with
finite differences (the numeric judge), and the paper's stated result,
given as the claim, is compared with the engine's. The shape is checked too.
"""

from __future__ import annotations

import re

import pytest

from sphinx_matcalc import pipeline
from sphinx_matcalc.engine import CATALOGUE
from sphinx_matcalc.engine import derive
from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.present import Printer
from sphinx_matcalc.read import Notation, parse_expression
from sphinx_matcalc.pipeline import Request, run
from verdicts import judged
from sphinx_matcalc.judge import Setting, check_jacobian
from tables import PAPER, VEC

@pytest.mark.parametrize("function, wrt, where, claim, shape", PAPER,
                         ids=[f"{p[0]} by {p[1]}" for p in PAPER])
def test_paper_result_numerator(function, wrt, where, claim, shape):
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim))
    (result,) = outcome.results
    assert result.shape == shape
    assert result.checked == [claim]


@pytest.mark.parametrize("function, wrt, where, claim, shape", PAPER,
                         ids=[f"{p[0]} by {p[1]}" for p in PAPER])
def test_paper_result_denominator_is_the_transpose(function, wrt, where, claim, shape):
    transposed = claim if shape == r"\mathbb{R}" else rf"\left({claim}\right)^T"
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=transposed,
                          layout="denominator"))
    (result,) = outcome.results
    if shape != r"\mathbb{R}":
        rows, cols = shape[len(r"\mathbb{R}^{"):-1].split(r" \times ")
        assert result.shape == rf"\mathbb{{R}}^{{{cols} \times {rows}}}"


def test_the_neuron_names_the_paper_rules():
    outcome = run(Request(function=r"a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)",
                          wrt=r"\mathbf{w}", where=VEC))
    rules = [s.rule for s in outcome.results[0].steps]
    assert {"intermediate", "dot-product", "relu", "chain-rule"} <= set(rules)
    assert outcome.results[0].lhs == r"\frac{\partial a}{\partial \mathbf{w}}"


WRONG = [  # mutations of right claims: each must be rejected
    (r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}", r"\mathbf{x}", "transpose of the right result"),
    (r"\mathbf{w} - \mathbf{x}", r"\mathbf{x}", "I", "not the derivative"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"2 \mathbf{x}^T A", "not the derivative"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"\mathbf{x}^T A", "not the derivative"),
    (r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{w}", r"\operatorname{diag}(\mathbf{w})",
     "not the derivative"),
    (r"W\mathbf{x}", r"\mathbf{x}", r"W^T", "transpose of the right result"),
    (r"W\mathbf{x}", r"\mathbf{x}", r"2 W^T", "has shape"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}", r"\mathbf{x}^T",
     "not the derivative"),
]


@pytest.mark.parametrize("function, wrt, claim, phrase", WRONG)
def test_wrong_claims_are_rejected_with_the_right_result(function, wrt, claim, phrase):
    where = VEC if "W" not in function else r"W \in \mathbb{R}^{m \times n}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=claim))
    error = caught.value
    assert error.subtype is Subtype.WRONG
    assert phrase in error.message
    assert "right result" in error.message
    assert error.field == Field.option(":expect:")


def test_a_counterexample_names_sizes_and_values():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}", where=VEC,
                    expect=r"2 \mathbf{x}^T"))
    assert "with n = " in caught.value.message and "the claim gives" in caught.value.message


def test_a_counterexample_gives_the_per_sample_data():
    """Without x_i and y_i the counterexample could not be recomputed: they are listed by
    sample."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\sum_{i=1}^{N} (w x_i - y_i)^2", wrt="w", where=r"w \in \mathbb{R}",
                    expect=r"2\sum_{i=1}^{N} (w x_i - y_i)"))
    message = caught.value.message
    assert re.search(r"x_i = [-0-9.e, ]+ at i = ", message), message
    assert re.search(r"y_i = [-0-9.e, ]+ at i = ", message), message
    assert "a sum uses only the samples in its range" in message  # i = 0 and N + 1 are listed


def test_step_chain_is_checked_step_by_step():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^3", wrt="x", steps=["3x^2", "3 x x", "2x^2"]))
    assert caught.value.field == Field.step(3)
    outcome = run(Request(function="x^3", wrt="x", steps=["3x^2", "3 x x"]))
    assert outcome.results[0].checked == ["3x^2", "3 x x"]


SQUARE_VECS = (r"X, A, B \in \mathbb{R}^{n \times n}; \mathbf{a}, \mathbf{b}, \mathbf{c}, "
               r"\mathbf{x}, \mathbf{w} \in \mathbb{R}^{n}")
BATTERY = [  # inputs that reach the rules the tables above do not
    (r"|x| + \operatorname{sign}(x) x + \cos x + \sin x", "x", "", "numerator"),
    (r"\begin{cases} x^2 & x > 0 \\ 0 & x \le 0 \end{cases}", "x", "", "numerator"),
    (r"\operatorname{tr}(\operatorname{diag}(\mathbf{x}) A)", r"\mathbf{x}", SQUARE_VECS, "numerator"),
    (r"\operatorname{tr}((X \odot A) B)", "X", SQUARE_VECS, "numerator"),
    (r"\operatorname{sum}(\mathbf{1} \oslash (X \mathbf{a}))", "X", SQUARE_VECS, "numerator"),
    (r"\operatorname{tr}(\sum_{i=1}^{N} \mathbf{x}_i \mathbf{x}_i^T X)", "X", SQUARE_VECS,
     "numerator"),
    (r"\operatorname{diag}(\mathbf{w}) \mathbf{x}", r"\mathbf{w}", SQUARE_VECS, "numerator"),
    (r"\mathbf{c}^T \operatorname{diag}(\mathbf{a}) \mathbf{x}", r"\mathbf{x}", SQUARE_VECS,
     "denominator"),
    (r"(t \mathbf{a})^T \mathbf{b}", "t", SQUARE_VECS, "numerator"),
    (r"\sum_{i=1}^{N} \mathbf{x}_i t", "t", SQUARE_VECS, "numerator"),
    (r"\mathbf{x} \mathbf{x}^T \mathbf{a}", r"\mathbf{x}", SQUARE_VECS, "numerator"),
    (r"\operatorname{sign}(\mathbf{x}) \odot \mathbf{x}", r"\mathbf{x}", SQUARE_VECS, "numerator"),
    (r"\mathbf{a}^T \mathbf{b} t", "t", SQUARE_VECS, "numerator"),
    (r"2 (\mathbf{x} - \mathbf{x})", r"\mathbf{x}", SQUARE_VECS, "numerator"),
    (r"\operatorname{tr}(X^{3} A)", "X", SQUARE_VECS, "denominator"),
    (r"\det(X^{k}) + \operatorname{tr}(X^{k})", "X", SQUARE_VECS + r"; k \in \mathbb{Z}",
     "denominator"),
    (r"\mathbf{x}^T A", r"\mathbf{x}", SQUARE_VECS, "denominator"),
    (r"\begin{bmatrix} x \\ y \end{bmatrix}^T \begin{bmatrix} x \\ y \end{bmatrix}", "x", "",
     "numerator"),
    (r"\mathbf{x}^T \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \mathbf{x}", r"\mathbf{x}", "",
     "numerator"),
    (r"\exp(\begin{bmatrix} x \\ 2y \end{bmatrix})", "x", "", "numerator"),
]


def test_every_rule_of_the_catalogue_is_applied_by_some_derivation():
    """Every registered rule (derivative, adjoint, simplification) is exercised."""
    from tables import IDENTITIES
    requests = [Request(function=f, wrt=wrt, where=where, expect=claim)
                for f, wrt, where, claim, _ in PAPER]
    requests += [Request(function=f, wrt=wrt, where=where, expect=identity, layout="denominator")
                 for f, wrt, where, identity, _ in IDENTITIES]
    requests += [Request(function=f, wrt=wrt, where=where, layout=layout)
                 for f, wrt, where, layout in BATTERY]
    requests.append(Request(function=r"\operatorname{softplus}(x^2)", wrt="x",
                            functions=(("softplus", r"\log(1 + e^{x})"),)))
    applied = {key for request in requests for result in run(request).results
               for key in result.rules}
    missing = set(CATALOGUE) - applied
    assert not missing, f"rules never applied: {sorted(missing)}"


def test_a_column_times_a_scalar_product_is_differentiated():
    """x (xᵀa): the column factor is scaled by the 1×1 rest, J = x aᵀ + (xᵀa) I."""
    outcome = run(Request(function=r"\mathbf{x} \mathbf{x}^T \mathbf{a}", wrt=r"\mathbf{x}",
                          where=SQUARE_VECS,
                          expect=r"\mathbf{x} \mathbf{a}^T + (\mathbf{x}^T \mathbf{a}) I"))
    assert outcome.results[0].shape == r"\mathbb{R}^{n \times n}"


def test_the_judge_rejects_a_wrong_jacobian():
    """The second judge is not a rubber stamp: a wrong Jacobian is an internal error."""
    notation = Notation()
    f = parse_expression(r"\mathbf{w} \cdot \mathbf{x}", notation).expr
    w = parse_expression(r"\mathbf{w}", notation).expr
    wrong = parse_expression(r"2 \mathbf{x}^T", notation).expr
    f, w, wrong = notation.finish(f, w, wrong)
    check_jacobian(f, w, derive(f, w, Printer()).numerator_result, Setting())
    with pytest.raises(MatcalcError) as caught:
        check_jacobian(f, w, wrong, Setting())
    assert caught.value.subtype is Subtype.INTERNAL


def test_a_variable_that_does_not_occur_has_a_zero_derivative():
    outcome = run(Request(function=r"\mathbf{x} \cdot \mathbf{x}", wrt=r"\mathbf{w}", where=VEC,
                          expect=r"\mathbf{0}^T"))
    assert outcome.results[0].result == r"\mathbf{0}^T"


def test_cache_keys_follow_every_field_and_errors_are_replayed():
    from sphinx_matcalc.sphinx import cache
    store: dict = {}
    request = Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}")
    outcome = run(request)
    cache.store(store, request, outcome)
    assert cache.lookup(store, request) is outcome
    assert cache.lookup(store, Request(function=request.function, wrt=request.wrt,
                                       layout="denominator")) is None
    bad = Request(function="x", wrt="x", expect="2")
    with pytest.raises(MatcalcError) as caught:
        run(bad)
    cache.store(store, bad, error=caught.value)
    with pytest.raises(MatcalcError) as replayed:
        cache.lookup(store, bad)
    assert replayed.value.message == caught.value.message
    assert replayed.value.field == Field.option(":expect:")
    slow = MatcalcError("slow", Subtype.TIMEOUT)
    cache.store(store, Request(function="y", wrt="y"), error=slow)
    assert cache.lookup(store, Request(function="y", wrt="y")) is None


def test_a_named_function_shows_its_name_without_arguments():
    outcome = run(Request(function=r"C(\mathbf{w}, b) = \mathbf{w} \cdot \mathbf{x} + b",
                          wrt=r"\mathbf{w}", steps=[r"\frac{\partial C}{\partial \mathbf{w}}"]))
    assert outcome.results[0].lhs == r"\frac{\partial C}{\partial \mathbf{w}}"


def test_a_claim_with_several_variables_is_checked_for_each_and_names_the_failing_one():
    run(Request(function=r"\mathbf{w} + \mathbf{x}", wrt=r"\mathbf{w}, \mathbf{x}", expect="I"))
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\mathbf{w} \cdot \mathbf{x} + b", wrt=r"\mathbf{w}, b",
                    expect=r"\mathbf{x}^T"))
    assert caught.value.field == Field.option(":expect:")
    assert caught.value.message.startswith("With respect to b: ")


@pytest.mark.parametrize("function, claim", [
    (r"\operatorname{tr}(X^{2})", r"2X^T"),
    (r"\operatorname{tr}(X^{3})", r"3 (X^T)^{2}"),
    (r"\operatorname{tr}(X^{2} B)", r"(X B + B X)^T"),
    (r"\det(X^{2})", r"2 \det(X)^{2} X^{-T}"),
])
def test_a_whole_matrix_power_is_derived_through(function, claim):
    """Cookbook (106)-(107): d(Xᵏ) = Σ_j Xʲ dX Xᵏ⁻¹⁻ʲ, in reverse mode."""
    outcome = run(Request(function=function, wrt="X", where=r"X, B \in \mathbb{R}^{n \times n}",
                          expect=claim, layout="denominator"))
    assert outcome.results[0].checked == [claim]
    assert "adjoint-power" in outcome.results[0].rules


def test_a_matrix_power_with_a_real_exponent_is_refused_naming_the_declaration():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\operatorname{tr}(X^{k})", wrt="X",
                    where=r"X \in \mathbb{R}^{n \times n}; k \in \mathbb{R}"))
    assert caught.value.subtype is Subtype.DECLARATION
    assert r"declare k \in \mathbb{Z}" in caught.value.message
    (result,) = run(Request(function=r"\operatorname{tr}(X^{k})", wrt="X", layout="denominator",
                            where=r"X \in \mathbb{R}^{n \times n}; k \in \mathbb{Z}")).results
    assert "trace-power" in result.rules  # tests/test_whole_powers.py judges it


@pytest.mark.parametrize("function, layout, claim", [
    (r"\mathbf{x}^T A", "denominator", "A"),
    (r"\mathbf{x}^T A", "numerator", "A^T"),
    (r"\mathbf{x}^T A + \mathbf{x}^T", "numerator", "A^T + I"),
])
def test_a_row_vector_function_is_the_vector_of_its_entries(function, layout, claim):
    """d2l §2.4.3: ∂(xᵀA)/∂x = A (denominator layout); a step cites the rule."""
    outcome = run(Request(function=function, wrt=r"\mathbf{x}", expect=claim, layout=layout,
                          where=r"A \in \mathbb{R}^{n \times n}; \mathbf{x} \in \mathbb{R}^{n}"))
    result = outcome.results[0]
    assert result.checked == [claim] and "row-vector" in result.rules
# -- literals: derived entry by entry by a scalar, constant otherwise -----------------------
MATRIX_2 = r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
LITERALS = [  # (function, wrt, :where:, the result the engine gives, its shape)
    (r"\mathbf{y} = \begin{bmatrix} \ln(x^2) \\ \sin(3x) \end{bmatrix}", "x", "",
     r"\begin{bmatrix} \frac{2}{x} \\ 3 \cos\left(3 x \right) \end{bmatrix}",
     r"\mathbb{R}^{2 \times 1}"),
    (r"\begin{bmatrix} x^2 y \\ \sin y \end{bmatrix}", "y", "",
     r"\begin{bmatrix} x^{2} \\ \cos\left(y \right) \end{bmatrix}", r"\mathbb{R}^{2 \times 1}"),
    (r"\begin{bmatrix} x & x^2 \\ 1 & \sin x \end{bmatrix}", "x", "",
     r"\begin{bmatrix} 1 & 2 x \\ 0 & \cos\left(x \right) \end{bmatrix}",
     r"\mathbb{R}^{2 \times 2}"),
    (rf"{MATRIX_2} \mathbf{{x}}", r"\mathbf{x}", "", MATRIX_2, r"\mathbb{R}^{2 \times 2}"),
    (rf"\mathbf{{x}}^T {MATRIX_2} \mathbf{{x}}", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{2}",
     r"\mathbf{x}^T \begin{bmatrix} 2 & 5 \\ 5 & 8 \end{bmatrix}", r"\mathbb{R}^{1 \times 2}"),
    (r"\mathbf{w}^T \begin{bmatrix} x^2 \\ \sin y \end{bmatrix}", r"\mathbf{w}", "",
     r"\begin{bmatrix} x^{2} & \sin\left(y \right) \end{bmatrix}", r"\mathbb{R}^{1 \times 2}"),
    (r"\mathbf{w}^T \begin{bmatrix} x^2 \\ \sin y \end{bmatrix}", "x", "",
     r"\mathbf{w}^T \begin{bmatrix} 2 x \\ 0 \end{bmatrix}", r"\mathbb{R}"),
    (r"\begin{bmatrix} x \\ y \end{bmatrix}^T \begin{bmatrix} x \\ y \end{bmatrix}", "x", "",
     "2 x", r"\mathbb{R}"),
    (r"\exp(\begin{bmatrix} x \\ 2y \end{bmatrix})", "x", "",
     r"\begin{bmatrix} e^{x} \\ 0 \end{bmatrix}", r"\mathbb{R}^{2 \times 1}"),
]


@pytest.mark.parametrize("function, wrt, where, result, shape", LITERALS,
                         ids=[f"{c[0]} by {c[1]}" for c in LITERALS])
def test_a_literal_is_derived_entry_by_entry_and_its_result_pastes_back(function, wrt, where,
                                                                        result, shape):
    (shown,) = run(Request(function=function, wrt=wrt, where=where)).results
    assert (shown.result, shown.shape) == (result, shape)
    (pasted,) = run(Request(function=function, wrt=wrt, where=where, expect=shown.result)).results
    assert pasted.checked == [shown.result]


def test_a_literal_step_shows_the_derivative_of_each_entry():
    (result,) = run(Request(function=r"\begin{bmatrix} x^2 \\ \sin x \end{bmatrix}",
                            wrt="x")).results
    (step,) = [s for s in result.steps if s.rule == "literal"]
    assert step.parts == [
        r"\begin{bmatrix} \frac{\partial \left(x^{2}\right)}{\partial x} \\ "
        r"\frac{\partial \left(\sin\left(x \right)\right)}{\partial x} \end{bmatrix}",
        r"\begin{bmatrix} 2 x \\ \cos\left(x \right) \end{bmatrix}"]


def test_a_literal_by_a_scalar_in_denominator_layout_is_a_row():
    (result,) = run(Request(function=r"\begin{bmatrix} \ln(x^2) \\ \sin(3x) \end{bmatrix}",
                            wrt="x", layout="denominator",
                            expect=r"\begin{bmatrix} \frac{2}{x} & 3\cos(3x) \end{bmatrix}")).results
    assert result.shape == r"\mathbb{R}^{1 \times 2}"


def test_a_column_literal_by_a_vector_stacks_the_gradients_of_its_entries():
    function = r"\begin{bmatrix} \mathbf{w}^T \mathbf{x} \\ b \end{bmatrix}"
    (result,) = run(Request(function=function, wrt=r"\mathbf{w}",
                            expect=r"\begin{bmatrix} 1 \\ 0 \end{bmatrix} \mathbf{x}^T")).results
    assert result.shape == r"\mathbb{R}^{2 \times n}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=r"\mathbf{w}",
                    expect=r"\begin{bmatrix} 0 \\ 1 \end{bmatrix} \mathbf{x}^T"))
    assert caught.value.subtype is Subtype.WRONG


def test_a_row_literal_by_a_vector_is_the_vector_of_its_entries():
    """A row-vector function (here a literal row) has the Jacobian of its entries, m × n."""
    (result,) = run(Request(function=r"\begin{bmatrix} \mathbf{w}^T \mathbf{x} & b \end{bmatrix}",
                            wrt=r"\mathbf{w}")).results
    assert "row-vector" in result.rules and result.shape == r"\mathbb{R}^{2 \times n}"


def test_a_literal_that_does_not_hold_the_variable_is_constant():
    (result,) = run(Request(function=r"x + \mathbf{1}^T \begin{bmatrix} y \\ 2 \end{bmatrix}",
                            wrt="x", expect="1")).results
    assert "constant" in result.rules


def test_a_literal_of_x_1_x_2_by_the_vector_x_is_refused_not_read_as_zero():
    """Outside a sum x_1 is a scalar of its own: by \\mathbf{x} the derivative would miss it."""
    for where in ("", r"\mathbf{x} \in \mathbb{R}^{2}"):
        with pytest.raises(MatcalcError) as caught:
            run(Request(function=r"\begin{bmatrix} x_1^2 \\ x_1 x_2 \end{bmatrix}",
                        wrt=r"\mathbf{x}", where=where))
        assert caught.value.field == Field.option(":wrt:")
        assert "x_1, x_2 in the literal are scalars of their own" in caught.value.message
    (result,) = run(Request(function=r"\begin{bmatrix} x_1^2 \\ x_1 x_2 \end{bmatrix}", wrt="x_1",
                            expect=r"\begin{bmatrix} 2x_1 \\ x_2 \end{bmatrix}")).results
    assert result.shape == r"\mathbb{R}^{2 \times 1}"


@pytest.mark.parametrize("function, steps, right", [
    ("(x+1)^2", [r"\frac{\partial}{\partial x}(x+1)^2", "2(x+1)"], True),
    ("(x+1)^3", [r"\frac{d}{dx}(x+1)^3"], True),
    (r"\sqrt{x^2+1}", [r"\frac{\partial}{\partial x}(x^2+1)^{1/2}"], True),
    ("x^3", [r"\frac{\partial}{\partial x}(x^2) x + x^2", "3x^2"], True),  # the group alone
    # read as (∂(x + 1)/∂x)² = 1 this wrong step was accepted
    ("x+1", [r"\frac{\partial}{\partial x}(x+1)^2"], False),
])
def test_an_operator_applies_to_a_group_with_its_power(function, steps, right):
    request = Request(function=function, wrt="x", steps=steps)
    judged(request, right)
