"""The normal forms behind accepting a claim by algebra (judge/algebra.py).

Every rewrite must be an identity: on random well-typed expressions and on the engine's
derivatives of them, the normal form has the same value at random points (property test);
and forms that are not the same function are never made equal.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from sympy.matrices.expressions import MatAdd, MatMul, MatrixExpr

from sphinx_matcalc.engine import derive
from sphinx_matcalc.judge import (EvaluationError, Normal, Symbols, Undefined, Unresolved, draw,
                                  equal, evaluate_interval, identical)
from sphinx_matcalc.present import Printer
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

from test_properties import WHERE, scalars, vectors

W2 = WHERE + r"; A \in \mathbb{R}^{n \times n}; \mathbf{y} \in \mathbb{R}^{n}"


def _read(*texts: str, where: str = W2) -> list[sympy.Basic]:
    notation = Notation()
    notation.declare(parse_declarations(where))
    exprs = [parse_expression(t, notation).expr for t in texts]
    return list(notation.finish(*exprs))


def _values_agree(a: sympy.Basic, b: sympy.Basic) -> int:
    """How many random points a and b were compared at (raises if they differ at one)."""
    rng = np.random.default_rng(5)
    symbols, compared = Symbols.of((a, b)), 0
    for k in range(6):
        p = draw(symbols, frozenset(), k, rng)
        try:  # enclosures at 60 digits: equal values have overlapping ones, however a
            # sin(10⁸⁰ …) loses its digits (floats, or a fixed precision, would differ there)
            va, vb = (np.asarray(evaluate_interval(e, p, 60), dtype=object).reshape(-1)
                      for e in (a, b))
        except (EvaluationError, Undefined, Unresolved, ValueError, TypeError,
                ZeroDivisionError, np.linalg.LinAlgError):
            continue
        assert va.size == vb.size, (a, b)
        assert all(u.a <= v.b and v.a <= u.b for u, v in zip(va, vb)), (a, b)
        compared += 1
    return compared


def _normal_form(e: sympy.Basic) -> sympy.Basic:
    normal = Normal()  # (the names of 1×1 products replaced by what they stand for)
    if isinstance(e, MatrixExpr):
        return normal.named(normal.matrix(e))
    return normal.named(normal.scalar(e))


COUNTS = {"expressions": 0, "points": 0, "perturbed": 0, "pairs": 0, "equal pairs": 0}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=scalars())
def test_a_normal_form_has_the_value_of_what_it_normalises(text):
    """The function, its gradient and its Jacobian w.r.t. a vector: each normal form agrees
    with the expression at random points, and a perturbation of it is never equal."""
    f, x = _read(text, r"\mathbf{x}")
    for e in (f, derive(f, x, Printer().doprint).result):
        COUNTS["expressions"] += 1
        COUNTS["points"] += _values_agree(e, _normal_form(e))
        assert equal(e, e, Normal())
        eps = sympy.Rational(1, 10 ** 9)
        # (MatAdd without doit: SymPy's + on matrices evaluates every sum inside symbolically)
        bumped = MatAdd(e, MatMul(eps, sympy.OneMatrix(*e.shape))) \
            if isinstance(e, MatrixExpr) else e + eps
        COUNTS["perturbed"] += 1
        assert not equal(bumped, e, Normal())


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=vectors(None))
def test_a_jacobian_s_normal_form_has_its_value(text):
    f, x = _read(text, r"\mathbf{x}")
    j = derive(f, x, Printer().doprint).result
    COUNTS["expressions"] += 2
    COUNTS["points"] += _values_agree(f, _normal_form(f)) + _values_agree(j, _normal_form(j))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(first=scalars(), second=scalars())
def test_two_expressions_are_equal_only_where_they_have_the_same_value(first, second):
    """Equal by algebra implies equal values, for random pairs (each also against the sum of
    both minus the other, which is equal)."""
    a, b = _read(first, second)
    for claim, truth in ((a, b), (a + b - b, a), ((a + b) - a, b)):
        COUNTS["pairs"] += 1
        if equal(claim, truth, Normal()):
            COUNTS["equal pairs"] += 1
            COUNTS["points"] += _values_agree(claim, truth)


def test_report_counts(report):
    report(f"algebra normal forms: {COUNTS['expressions']} expressions, {COUNTS['points']} "
           f"points compared, {COUNTS['perturbed']} perturbations never equal, "
           f"{COUNTS['equal pairs']} of {COUNTS['pairs']} pairs equal (values agree)")
    if COUNTS["expressions"]:
        assert COUNTS["points"] > COUNTS["expressions"]


#: (claim, truth) written differently, the same function: equal by algebra.
SAME = [
    (r"2(\mathbf{x} - \mathbf{a})^T", r"2\mathbf{x}^T - 2\mathbf{a}^T"),
    (r"2(A\mathbf{x} - \mathbf{y})^T A", r"2(\mathbf{x}^T A^T - \mathbf{y}^T) A"),
    (r"\mathbf{x}^T (A + A^T)", r"\mathbf{x}^T (A^T + A)"),
    (r"\mathbf{x}^T A \mathbf{y}", r"\mathbf{y}^T A^T \mathbf{x}"),
    (r"\sigma(\mathbf{x}) \odot (1 - \sigma(\mathbf{x}))",
     r"\sigma(\mathbf{x}) - \sigma(\mathbf{x}) \odot \sigma(\mathbf{x})"),
    (r"\sigma(c)", r"\frac{e^{c}}{1 + e^{c}}"),
    (r"1 - \tanh(c)^2", r"\frac{4}{(e^{c} + e^{-c})^2}"),
    (r"\operatorname{diag}(c \mathbf{x})", r"c \operatorname{diag}(\mathbf{x})"),
    (r"\frac{1}{\mathbf{x}^T A \mathbf{x}}", r"\frac{1}{\mathbf{x}^T A^T \mathbf{x}}"),
    (r"2\max(0, c)", r"2c\mathbb{1}[c > 0]"),
    (r"(t - \max(0, c)) \mathbb{1}[c > 0]", r"(t - c) \mathbb{1}[c > 0]"),
    (r"|c| \mathbb{1}[c > 0]", r"c \mathbb{1}[c > 0]"),
    (r"|c|^2", r"c^2"),
    # a diagonal beside a vector is a Hadamard product; a 1×1 stretch of a product a scalar
    (r"\mathbf{a}^T \operatorname{diag}(\sigma(\mathbf{x}))",
     r"(\mathbf{a} \odot \sigma(\mathbf{x}))^T"),
    (r"\operatorname{diag}(\mathbf{x}) W \mathbf{a}", r"\mathbf{x} \odot (W \mathbf{a})"),
    (r"\operatorname{diag}(\mathbf{x}) \operatorname{diag}(\mathbf{a}) W",
     r"\operatorname{diag}(\mathbf{a} \odot \mathbf{x}) W"),
    (r"\mathbf{a}^T \mathbf{x} \mathbf{x}^T", r"(\mathbf{x}^T \mathbf{a}) \mathbf{x}^T"),
    (r"\mathbf{x} \mathbf{a}^T \mathbf{x}", r"(\mathbf{a} \cdot \mathbf{x}) \mathbf{x}"),
    (r"\mathbf{a}^T \mathbf{x} \mathbf{b}^T \mathbf{y} \mathbf{x}^T",
     r"(\mathbf{y} \cdot \mathbf{b}) (\mathbf{x} \cdot \mathbf{a}) \mathbf{x}^T"),
    (r"\mathbf{a}^T W \mathbf{x} \mathbf{x}^T", r"(\mathbf{x}^T W^T \mathbf{a}) \mathbf{x}^T"),
]

#: Forms that are not the same function: never equal by algebra.
DIFFERENT = [
    (r"2 A \mathbf{x}", r"(A + A^T)\mathbf{x}"),
    (r"\mathbf{x}^T A \mathbf{y}", r"\mathbf{x}^T A \mathbf{x}"),
    (r"\sigma(\mathbf{x}) \odot (1 + \sigma(\mathbf{x}))",
     r"\sigma(\mathbf{x}) - \sigma(\mathbf{x}) \odot \sigma(\mathbf{x})"),
    (r"\sigma(c)", r"\frac{e^{c}}{1 + e^{2c}}"),
    (r"\sigma(c)", r"\frac{e^{-c}}{1 + e^{-c}}"),
    (r"(1 + 10^{-12}) 2 \mathbf{x}^T", r"2 \mathbf{x}^T"),
    (r"\mathbf{x}^T A^T", r"\mathbf{x}^T A"),
    (r"\tanh(c)", r"\frac{e^{c} - e^{-c}}{e^{c} + e^{-c}} + 10^{-30}"),
    (r"\operatorname{diag}(\mathbf{x}) A", r"A \operatorname{diag}(\mathbf{x})"),
    (r"\max(0, c)", r"c \mathbb{1}[c < 0]"),
    (r"|c|", r"c"),
    (r"\max(0, c) \mathbb{1}[t > 0]", r"c \mathbb{1}[c > 0]"),
    (r"|c| \mathbb{1}[c > 0]", r"-c \mathbb{1}[c > 0]"),
    (r"\mathbf{a}^T \operatorname{diag}(\mathbf{x})", r"(\mathbf{a} \odot \mathbf{y})^T"),
    (r"\operatorname{diag}(\mathbf{x}) W \mathbf{a}", r"W (\mathbf{x} \odot \mathbf{a})"),
    (r"\mathbf{a} \mathbf{x}^T", r"\mathbf{x} \mathbf{a}^T"),
    (r"\mathbf{a}^T W \mathbf{x} \mathbf{x}^T", r"(\mathbf{x}^T W \mathbf{a}) \mathbf{x}^T"),
    (r"\mathbf{a}^T \mathbf{x} \mathbf{y}^T", r"(\mathbf{x}^T \mathbf{y}) \mathbf{a}^T"),
    (r"\mathbf{x} \mathbf{a}^T \mathbf{y}", r"(\mathbf{a} \cdot \mathbf{x}) \mathbf{y}"),
]


@pytest.mark.parametrize("claim, truth", SAME)
def test_the_same_function_written_otherwise_is_equal(claim, truth):
    a, b = _read(claim, truth)
    assert equal(a, b, Normal())
    assert _values_agree(a, b) >= 3


@pytest.mark.parametrize("claim, truth", DIFFERENT)
def test_another_function_is_never_equal(claim, truth):
    a, b = _read(claim, truth)
    assert not equal(a, b, Normal()) and not identical(a, b)


def test_a_claim_undefined_where_the_derivative_is_defined_is_not_identical():
    """x^{∘−1} − x^{∘−1} cancels, but the claim has no value where an entry of x is 0."""
    truth, claim = _read(r"2\mathbf{x}", r"2\mathbf{x} + \mathbf{x}^{\circ -1} - \mathbf{x}^{\circ -1}")
    assert not identical(claim, truth)
    truth, claim = _read(r"2\mathbf{x}^T", r"\frac{\mathbf{x}^T \mathbf{a}}{\mathbf{a}^T \mathbf{x}} 2\mathbf{x}^T")
    assert equal(claim, truth, Normal()) and not identical(claim, truth)
    assert identical(*_read(r"\frac{1}{\mathbf{x}^T A^T \mathbf{x}}",
                            r"\frac{1}{\mathbf{x}^T A \mathbf{x}}"))
    # an element-wise power of a function of x restricts as that function's power of x does
    assert identical(*_read(r"\mathbf{a} \oslash (\mathbf{x} \odot \mathbf{x})",
                            r"\mathbf{a} \odot \mathbf{x}^{\circ -2}"))
    assert identical(*_read(r"\mathbf{a} \oslash (\sigma(\mathbf{x}) \odot \sigma(\mathbf{x}))",
                            r"\mathbf{a} \oslash \sigma(\mathbf{x})^{\circ 2}"))
    truth, claim = _read(r"\mathbf{a}", r"\mathbf{a} \odot (\mathbf{x} \odot \mathbf{x})^{\circ -1}"
                                       r" \odot \mathbf{x} \odot \mathbf{x}")
    assert equal(claim, truth, Normal()) and not identical(claim, truth)
    truth, claim = _read(r"\mathbf{a} \oslash \sigma(\mathbf{x})^{\circ 2}",
                         r"\mathbf{a} \oslash (\mathbf{x} \odot \mathbf{x})")
    assert not identical(claim, truth)


def test_a_factor_outside_a_sum_is_not_moved_into_it():
    """y_i outside Σ_i is not the sum's y_i: y_i Σ_i x_i is never Σ_i y_i x_i by algebra (it
    was accepted so), nor accepted at all."""
    from sphinx_matcalc.errors import MatcalcError
    from sphinx_matcalc.pipeline import Request, run
    request = Request(function=r"\sum_{i=1}^{N} w x_i y_i", wrt="w", where=r"w \in \mathbb{R}",
                      expect=r"y_i \sum_{i=1}^{N} x_i")
    with pytest.raises(MatcalcError):
        run(request, timeout=60)
    assert run(Request(function=request.function, wrt="w", where=request.where,
                       expect=r"\sum_{i=1}^{N} y_i x_i"), timeout=60).results[0].checked


def test_sign_is_u_over_abs_u_only_where_the_derivative_is_undefined_at_u_0():
    """sign(u)·u/|u| is 1 off u = 0; it counts as 1 only where the derivative is undefined at
    u = 0 (1/|u|, log u, an inverse's determinant), never where a claim would differ there."""
    x, = _read("c")
    claim = 2 * x + 1 - sympy.sign(x) ** 2  # wrong at c = 0 alone
    assert not identical(claim, 2 * x)
    truth = 1 / x + sympy.sign(x) * x / sympy.Abs(x) - 1  # 1/c: undefined at c = 0
    assert identical(1 / x, truth)
    from sphinx_matcalc.pipeline import Request, run
    done = run(Request(function=r"\ln|\det X|", wrt="X", where=r"X \in \mathbb{R}^{n \times n}",
                       expect=r"X^{-1}"), timeout=60)
    assert done.results[0].checked == [r"X^{-1}"]
