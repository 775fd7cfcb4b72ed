"""Reverse-mode rules: gradients of scalars through matrix-valued sub-expressions.

For a scalar s and a matrix expression M inside it, the adjoint A (with M's
shape) is defined by ds = tr(Aᵀ dM). Each rule here hands the adjoint on to
M's operands; at the variable X it is the gradient ∂s/∂X, with X's shape.
The engine uses this for derivatives with respect to a matrix (∂L/∂W, tr,
det, log det, inverse), whose forward Jacobians would be third-order tensors,
and for traces and determinants of expressions in a vector.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import (DiagMatrix, HadamardPower, HadamardProduct, Identity,
                                        Inverse, MatAdd, MatMul, MatPow, Transpose)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement

from .catalogue import rule, rules_for
from ..errors import MatcalcError, Subtype
from ..vocabulary import derivative_of
from ..nodes import MatrixSampleSum, flat_matmul, is_matrix, sample_sum, scalar_of


def adjoint_rule(key: str, name: str, section: str, formula: str, node: type, shapes: str = ""):
    return rule(key, name, section, formula, node=node, kind="adjoint", shapes=shapes)


def back(engine, m: sympy.Basic, a: sympy.Basic) -> sympy.Basic | None:
    """The gradient contributed through ``m`` given its adjoint ``a``; None if m is constant."""
    if not engine.depends(m):
        return None
    if m == engine.v:
        return a
    for r in rules_for(m, kind="adjoint"):
        engine.used.add(r.key)
        return r.apply(engine, m, a)
    raise MatcalcError(
        f"There is no rule for the gradient through {engine.show(m)} "
        f"({type(m).__name__}) with respect to {engine.show(engine.v)}.",
        Subtype.UNSUPPORTED)


def total(parts: list[sympy.Basic | None]) -> sympy.Basic | None:
    """Sum of the gradient contributions that exist."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MatAdd(*parts)


def inner(a: sympy.Basic, m: sympy.Basic) -> sympy.Basic:
    """tr(aᵀ m) as a scalar."""
    product = flat_matmul(Transpose(a), m)
    return scalar_of(product) if product.shape == (1, 1) else sympy.Trace(product)


def scalar_gradient(engine, c: sympy.Basic) -> sympy.Basic:
    """∂c/∂X (X's shape) for a scalar c, from the engine's numerator-layout Jacobian."""
    jac = engine.jac(c)
    return Transpose(jac) if is_matrix(jac) else jac


@adjoint_rule("adjoint-product", "Product (reverse mode)", "Matrix Cookbook (37)",
              r"d(A X B) = A\, dX\, B \Rightarrow \bar{X} = A^T \bar{M} B^T", MatMul, shapes=r'\bar{M} \in \mathbb{R}^{r \times c} \to \text{shape of } X')
def _product(engine, m, a):
    scalars = [f for f in m.args if not is_matrix(f)]
    matrices = [f for f in m.args if is_matrix(f)]
    coefficient = sympy.Mul(*scalars)
    parts = []
    for k, c in enumerate(scalars):
        if engine.depends(c):
            rest = sympy.Mul(*(scalars[:k] + scalars[k + 1:]))
            parts.append(flat_matmul(rest * inner(a, flat_matmul(*matrices)),
                                     scalar_gradient(engine, c)))
    for k, f in enumerate(matrices):
        before, after = matrices[:k], matrices[k + 1:]
        adjoint = flat_matmul(*([Transpose(flat_matmul(*before))] if before else []), a,
                              *([Transpose(flat_matmul(*after))] if after else []))
        g = back(engine, f, adjoint)
        if g is not None:
            parts.append(g if coefficient == 1 else flat_matmul(coefficient, g))
    return total(parts)


@adjoint_rule("adjoint-sum", "Sum (reverse mode)", "§2 (sum rule)",
              r"\bar{A} = \bar{B} = \bar{M} \text{ for } M = A + B", MatAdd, shapes=r'\bar{M} \to \text{each term}')
def _sum(engine, m, a):
    return total([back(engine, t, a) for t in m.args])


@adjoint_rule("adjoint-transpose", "Transpose (reverse mode)", "Matrix Cookbook (36)",
              r"\bar{A} = \bar{M}^T \text{ for } M = A^T", Transpose, shapes=r'\bar{M} \to \bar{M}^T')
def _transpose(engine, m, a):
    return back(engine, m.arg, Transpose(a))


@adjoint_rule("adjoint-hadamard", "Element-wise product (reverse mode)", "§4.2",
              r"\bar{A} = \bar{M} \otimes B \text{ for } M = A \otimes B", HadamardProduct, shapes=r'\bar{M} \to \bar{M} \otimes B')
def _hadamard(engine, m, a):
    parts = []
    for k, f in enumerate(m.args):
        others = [g for j, g in enumerate(m.args) if j != k]
        parts.append(back(engine, f, HadamardProduct(a, *others)))
    return total(parts)


@adjoint_rule("adjoint-hadamard-power", "Element-wise power (reverse mode)", "§4.2",
              r"\bar{A} = \bar{M} \otimes k A^{\circ (k-1)} \text{ for } M = A^{\circ k}",
              HadamardPower, shapes=r'\bar{M} \to \bar{M} \otimes k A^{\circ (k-1)}')
def _hadamard_power(engine, m, a):
    local = flat_matmul(m.exp, HadamardPower(m.base, m.exp - 1))
    return back(engine, m.base, HadamardProduct(a, local))


@adjoint_rule("adjoint-elementwise", "Element-wise function (reverse mode)", "§4.2",
              r"\bar{U} = \bar{M} \otimes f'(U) \text{ for } M = f(U)", ElementwiseApplyFunction, shapes=r"\bar{M} \to \bar{M} \otimes f'(U)")
def _elementwise(engine, m, a):
    local = ElementwiseApplyFunction(sympy.Lambda(m.function.variables[0],
                                                  derivative_of(m.function)), m.expr)
    return back(engine, m.expr, HadamardProduct(a, local))


@adjoint_rule("adjoint-inverse", "Inverse (reverse mode)", "Matrix Cookbook (59)",
              r"d(X^{-1}) = -X^{-1} dX\, X^{-1} \Rightarrow \bar{X} = -X^{-T} \bar{M} X^{-T}",
              Inverse, shapes=r'p \times p \to p \times p')
def _inverse(engine, m, a):
    inv_t = Transpose(Inverse(m.arg))
    return back(engine, m.arg, flat_matmul(sympy.Integer(-1), inv_t, a, inv_t))


@adjoint_rule("adjoint-power", "Matrix power (reverse mode)", "Matrix Cookbook (106)–(107)",
              r"\bar{A} = \sum_{j < k} (A^{j})^T \bar{M} (A^{k-1-j})^T", MatPow,
              shapes=r'p \times p \to p \times p')
def _power(engine, m, a):
    k = m.exp
    if not (k.is_Integer and k >= 1):
        raise MatcalcError(f"There is no rule for the gradient through the power "
                           f"{engine.show(m)}: only a whole positive exponent (X^2, X^3) is "
                           "derived, and a symbolic one (X^k) as the whole argument of det or "
                           "tr.", Subtype.UNSUPPORTED)
    base, t = m.base, Transpose(m.base)
    parts = [flat_matmul(*([t] * j), a, *([t] * (int(k) - 1 - j))) for j in range(int(k))]
    return back(engine, base, MatAdd(*parts).doit() if len(parts) > 1 else parts[0])


@adjoint_rule("adjoint-diag", "Diagonal matrix (reverse mode)", "§4.2",
              r"\bar{\mathbf{v}} = \operatorname{diag}(\bar{M}) \text{ for } "
              r"M = \operatorname{diag}(\mathbf{v})", DiagMatrix, shapes=r'p \times p \to \mathbb{R}^{p}')
def _diag(engine, m, a):
    return back(engine, m.args[0], DiagonalOf(a))


@adjoint_rule("adjoint-sample-sum", "Sum over samples (reverse mode)", "§6",
              r"\bar{M}_i = \bar{M} \text{ for } M = \sum_i M_i", MatrixSampleSum, shapes=r"\bar{M} \to \text{each sample's term}")
def _samples(engine, m, a):
    g = back(engine, m.function, a)
    return None if g is None else sample_sum(g, *m.limits)


# -- derivative rules that start the reverse pass from a scalar ------------------
def _numerator(engine, gradient: sympy.Basic | None, e: sympy.Basic) -> sympy.Basic:
    if gradient is None:
        return engine.zero(e)
    return engine.simplify(Transpose(gradient))


@rule("matrix-scalar", "Scalar function of a matrix", "Matrix Cookbook (69)–(72)",
      r"\frac{\partial\, \mathbf{a}^T X \mathbf{b}}{\partial X} = \mathbf{a} \mathbf{b}^T "
      r"\text{ (numerator layout: its transpose)}", node=MatrixElement,
      when=lambda engine, e: engine.kind == "matrix" and e.parent.shape == (1, 1), applies="the variable is a matrix and the expression a 1-by-1 product", shapes=r'X \in \mathbb{R}^{p \times q} \to q \times p')
def _matrix_scalar(engine, e):
    return _reverse(engine, e, "matrix-scalar", e.parent, Identity(1))


def _reverse(engine, e: sympy.Basic, key: str, inner: sympy.Basic,
             adjoint: sympy.Basic) -> sympy.Basic:
    """Start the reverse pass at scalar ``e`` through ``inner`` and record the step."""
    result = _numerator(engine, back(engine, inner, adjoint), e)
    engine.record(e, key, result)
    return result


def _symbolic_power(engine, e: sympy.Basic) -> bool:
    """Is ``e`` det(M^k) or tr(M^k) with a symbolic (declared whole) exponent k?"""
    return engine.kind != "scalar" and isinstance(e.arg, MatPow) and not e.arg.exp.is_Integer


@rule("trace-power", "Trace of a power", "Matrix Cookbook (121)",
      r"\frac{\partial \operatorname{tr}(X^{k})}{\partial X} = k \left(X^{k-1}\right)^T "
      r"\text{ (denominator layout)}", node=sympy.Trace, when=_symbolic_power,
      applies="the argument is a power M^k with a symbolic whole exponent k",
      shapes=r"X \in \mathbb{R}^{p \times p} \to p \times p")
def _trace_power(engine, e):
    m = e.arg
    return _reverse(engine, e, "trace-power", m.base,
                    flat_matmul(m.exp, Transpose(MatPow(m.base, m.exp - 1))))


@rule("determinant-power", "Determinant of a power", "Matrix Cookbook (58)",
      r"\frac{\partial \det(X^{k})}{\partial X} = k \det(X^{k}) X^{-T} "
      r"\text{ (denominator layout)}", node=sympy.Determinant, when=_symbolic_power,
      applies="the argument is a power M^k with a symbolic whole exponent k",
      shapes=r"X \in \mathbb{R}^{p \times p} \to p \times p")
def _determinant_power(engine, e):
    m = e.arg
    return _reverse(engine, e, "determinant-power", m.base,
                    flat_matmul(m.exp, e, Transpose(Inverse(m.base))))


@rule("trace", "Trace", "Matrix Cookbook (100)–(103)",
      r"\frac{\partial \operatorname{tr}(A X)}{\partial X} = A^T \text{ (denominator layout)}",
      node=sympy.Trace, when=lambda engine, e: engine.kind != "scalar", applies="the variable is a vector or a matrix", shapes=r'X \in \mathbb{R}^{p \times p} \to p \times p')
def _trace(engine, e):
    return _reverse(engine, e, "trace", e.arg, Identity(e.arg.shape[0]))


@rule("determinant", "Determinant", "Matrix Cookbook (49)",
      r"\frac{\partial \det X}{\partial X} = \det(X) X^{-T} \text{ (denominator layout)}",
      node=sympy.Determinant, when=lambda engine, e: engine.kind != "scalar", applies="the variable is a vector or a matrix", shapes=r'X \in \mathbb{R}^{p \times p} \to p \times p')
def _determinant(engine, e):
    return _reverse(engine, e, "determinant", e.arg, flat_matmul(e, Transpose(Inverse(e.arg))))
