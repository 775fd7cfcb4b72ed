"""latex2sympy2 underneath: imported on every Python, never trusted blindly.

latex2sympy2 reads products commutatively; each of its known mis-parses must
be either read right by the notation layer or refused, never passed on.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from sphinx_matcalc.read import latex2sympy2_module
from sphinx_matcalc.read import second_reading
from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.judge import Point, evaluate
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

N = sympy.Symbol("n", integer=True, positive=True)
M = sympy.Symbol("m", integer=True, positive=True)


def test_latex2sympy2_imports_and_parses():
    l2s = latex2sympy2_module()
    assert l2s.latex2sympy("x^2") == sympy.Symbol("x") ** 2


def _ours(text: str, where: str = ""):
    notation = Notation()
    if where:
        notation.declare(parse_declarations(where))
    (expr,) = notation.finish(parse_expression(text, notation).expr)
    return expr, notation.symbols


def _value(expr, values, dims):
    return np.asarray(evaluate(expr, Point(dims, values)), dtype=float)


def test_quadratic_form_is_not_commuted():
    theirs = second_reading(r"\mathbf{x}^T A \mathbf{x}")
    assert theirs is not None and theirs.is_commutative  # latex2sympy2: A*x*x, a scalar product
    expr, s = _ours(r"\mathbf{x}^T A \mathbf{x}")
    rng = np.random.default_rng(0)
    x, a = rng.normal(size=(3, 1)), rng.normal(size=(3, 3))
    got = _value(expr, {s[r"\mathbf{x}"]: x, s["A"]: a}, {N: 3})
    assert got == pytest.approx((x.T @ a @ x).item())


def test_plain_letter_transpose_is_refused_not_commuted():
    assert second_reading("x^T A x") is not None  # latex2sympy2 returns A*x*x without complaint
    with pytest.raises(MatcalcError) as caught:
        _ours("x^T A x")
    assert caught.value.subtype is Subtype.SHAPE
    assert "transposes a scalar" in caught.value.message
    expr, s = _ours("x^T A x", r"x \in \mathbb{R}^{n}")  # declared: read as a quadratic form
    rng = np.random.default_rng(1)
    x, a = rng.normal(size=(3, 1)), rng.normal(size=(3, 3))
    assert _value(expr, {s["x"]: x, s["A"]: a}, {N: 3}) == pytest.approx((x.T @ a @ x).item())


def test_sigma_is_applied_not_multiplied():
    theirs = second_reading(r"\sigma(W\mathbf{x})")
    assert isinstance(theirs, sympy.Mul)  # latex2sympy2: sigma*W*x
    expr, s = _ours(r"\sigma(W\mathbf{x})", r"W \in \mathbb{R}^{m \times n}")
    rng = np.random.default_rng(2)
    w, x = rng.normal(size=(2, 3)), rng.normal(size=(3, 1))
    got = _value(expr, {s["W"]: w, s[r"\mathbf{x}"]: x}, {N: 3, M: 2})
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-(w @ x))))


def test_inverse_is_a_matrix_inverse_not_a_reciprocal():
    theirs = second_reading("X^{-1}")
    assert theirs == 1 / sympy.Symbol("X")  # latex2sympy2: the scalar 1/X
    expr, s = _ours("X^{-1}")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 3)) + 3 * np.eye(3)
    got = _value(expr, {s["X"]: x}, {N: 3})
    np.testing.assert_allclose(got, np.linalg.inv(x))
    assert not np.allclose(got, 1 / x)


def test_log_is_natural():
    theirs = second_reading(r"\log x")
    assert theirs is not None and theirs.subs(sympy.Symbol("x"), 10) == 1  # base 10 there
    expr, s = _ours(r"\log x")
    assert _value(expr, {s["x"]: np.e}, {}) == pytest.approx(1.0)
    expr, s = _ours(r"\log\det X")
    rng = np.random.default_rng(4)
    b = rng.normal(size=(3, 3))
    x = b @ b.T + 3 * np.eye(3)
    assert _value(expr, {s["X"]: x}, {N: 3}) == pytest.approx(np.log(np.linalg.det(x)))


@pytest.mark.parametrize("text", [r"\sin x \cdot y", "x^23", "x_12"])
def test_scalar_readings_that_disagree_are_refused(text):
    assert second_reading(text) is not None
    with pytest.raises(MatcalcError) as caught:
        _ours(text)
    assert "read in two ways" in caught.value.message


@pytest.mark.parametrize("text", [r"x^2 \sin x", r"\frac{1}{2} x_i^2 + \alpha", r"-x^2 + 3x - 1",
                                  "a / b c", r"\sin x y", r"\ln x y", r"\exp a b", r"\sin 2x",
                                  r"\sin x \cos x", "2x + c - c"])
def test_scalar_readings_that_agree_pass(text):
    expr, _ = _ours(text)
    assert not isinstance(expr, sympy.MatrixExpr)


def test_latex2sympy2_global_state_is_reset_between_readings():
    l2s = latex2sympy2_module()
    l2s.set_variances({sympy.Symbol("x"): sympy.Matrix([[1, 2]])})  # state a caller might leave
    second_reading("x + y")
    assert l2s.var == {} and l2s.variances == {}


def _alone(l2s, text: str, mode: int):
    """latex2sympy2's reading of ``text`` in one ANTLR prediction mode, or the exception."""
    l2s.PSParser.mode = mode
    try:
        return l2s.latex2sympy(text)
    except Exception as exc:  # noqa: BLE001  (its parser raises bare Exceptions)
        return exc
    finally:
        l2s.PSParser.mode = l2s.PSParser.modes[-1]


@pytest.mark.parametrize("text", [
    r"10^{-40} x^{40}", r"1 - \left(\tanh{\left(x \right)}\right)^{2}", r"1 - \tanh(x)^2",
    r"\frac{x^{39}}{25 \cdot 10^{37}}", r"4 \cdot 10^{-39} x^{39}", r"\sin x \cdot y", "x^23",
    r"\frac{1}{2 \sqrt{x}}", r"a / b c", r"\sin 2x", r"2^{3^{4}} x", r"\frac12 x"])
def test_the_second_reading_is_latex2sympy2s_own_parse(text):
    """SLL is tried first; whatever it gives is what latex2sympy2 alone (LL) gives, and where
    SLL fails (10^{-40} x^{40} needs LL's full context) LL still reads it."""
    l2s = latex2sympy2_module()
    sll, ll = l2s.PSParser.modes
    alone = _alone(l2s, text, ll)
    first = _alone(l2s, text, sll)
    assert not isinstance(first, sympy.Basic) or first == alone
    assert second_reading(text) == (alone if isinstance(alone, sympy.Basic) else None)


def test_some_text_needs_the_second_stage():
    l2s = latex2sympy2_module()
    sll, ll = l2s.PSParser.modes
    assert isinstance(_alone(l2s, r"10^{-40} x^{40}", sll), Exception)
    assert isinstance(_alone(l2s, r"10^{-40} x^{40}", ll), sympy.Basic)
