"""The derivative rules, each registered in the catalogue with its source.

Jacobians are in numerator layout: for a variable x ∈ ℝⁿ, a scalar's is
1×n and a vector's (∈ ℝᵐ) m×n; for a scalar variable, a derivative has the
shape of what is differentiated. Rules take the engine (for recursion and
steps) and the expression; the engine tries a node type's rules in order.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy.matrices.expressions import (DiagMatrix, HadamardPower, HadamardProduct, MatAdd,
                                        MatMul, OneMatrix, Transpose)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement

from .catalogue import note, rule
from ..errors import MatcalcError, Subtype
from ..vocabulary import DERIVED, USER_RULE, Function, derivative_of
from ..nodes import MatrixSampleSum, UserFunction, flat_matmul, indicator, is_matrix, is_row_of_ones, sample_sum, scalar_of

note("constant", "Constant", "§2", r"\frac{\partial c}{\partial x} = 0", shapes=r'\text{anything} \to 0')
note("identity", "Identity", "§4.1",
     r"\frac{\partial \mathbf{x}}{\partial \mathbf{x}} = I", shapes=r'\mathbf{x} \in \mathbb{R}^{n} \to n \times n')
note("intermediate", "Intermediate variable", "§4.5",
     r"\text{name a nested sub-expression, } u = g(x)", shapes=r'\text{scalar or vector } u')
note("chain-rule", "Vector chain rule", "§4.5",
     r"\frac{\partial}{\partial \mathbf{x}} \mathbf{f}(\mathbf{g}(\mathbf{x})) = "
     r"\frac{\partial \mathbf{f}}{\partial \mathbf{g}} \frac{\partial \mathbf{g}}{\partial \mathbf{x}}", shapes=r'(m \times k)(k \times n) \to m \times n')
note("denominator-layout", "Denominator layout", "§4.1 (layouts)",
     r"\left(\frac{\partial y}{\partial \mathbf{x}}\right)_{\text{den}} = "
     r"\left(\frac{\partial y}{\partial \mathbf{x}}\right)_{\text{num}}^T", shapes=r'm \times n \to n \times m')


# -- helpers -------------------------------------------------------------------
def add_all(terms: list[sympy.Basic]) -> sympy.Basic:
    """Sum of Jacobians, matrix or scalar."""
    if len(terms) == 1:
        return terms[0]
    if any(is_matrix(t) for t in terms):
        return MatAdd(*terms)
    return sympy.Add(*terms)


def scale(c: sympy.Basic, jac: sympy.Basic) -> sympy.Basic:
    """A scalar times a Jacobian."""
    return flat_matmul(c, jac) if is_matrix(jac) else c * jac


def diag_times(engine, a: sympy.Basic, jac: sympy.Basic) -> sympy.Basic:
    """diag(a)·J for a vector variable; a ⊙ J (entry-wise) for a scalar one."""
    if engine.n is None:
        return HadamardProduct(a, jac) if is_matrix(a) else scale(a, jac)
    return flat_matmul(DiagMatrix(a), jac)


def sum_rule(engine, e: sympy.Basic, key: str) -> sympy.Basic:
    total = add_all([engine.jac(t) for t in e.args])
    result = engine.simplify(total)
    engine.record(e, key, engine.partials(e.args), total, result)
    return result


def product_terms(engine, factors: list[sympy.Basic]) -> list[sympy.Basic]:
    """The product rule over a product: one term per factor that depends on x.

    Scalar factors commute, so they are taken out first: a dependent scalar c
    contributes (the rest)·∂c/∂x, and the others scale each matrix term.
    """
    scalars = [f for f in factors if not is_matrix(f)]
    matrices = [f for f in factors if is_matrix(f)]
    terms = []
    for k, c in enumerate(scalars):
        if engine.depends(c):
            others = scalars[:k] + scalars[k + 1:] + matrices
            jac = engine.jac(c)
            matrix = is_matrix(jac) or bool(matrices)
            terms.append(flat_matmul(*others, jac) if matrix else sympy.Mul(*others, jac))
    coefficient = sympy.Mul(*scalars)
    for k, f in enumerate(matrices):
        if engine.depends(f):
            term = _term(engine, matrices[:k], f, matrices[k + 1:])
            terms.append(scale(coefficient, term) if coefficient != 1 else term)
    return terms


def _term(engine, before: list, f: sympy.Basic, after: list) -> sympy.Basic:
    """∂(B f A)/∂x with B, A held constant."""
    prefix = flat_matmul(*before) if before else None
    suffix = flat_matmul(*after) if after else None

    def left(j):
        return j if prefix is None else flat_matmul(prefix, j)

    if engine.n is None:  # scalar variable: entry-wise, order kept
        j = engine.jac(f)
        parts = ([prefix] if prefix is not None else []) + [j] + ([suffix] if suffix is not None else [])
        return flat_matmul(*parts) if any(is_matrix(p) for p in parts) else sympy.Mul(*parts)
    rows, cols = f.shape
    if cols == 1 and suffix is None:  # column at the right end
        return left(engine.jac(f))
    if cols == 1 and suffix.shape == (1, 1):  # a column times a scalar (x (xᵀa))
        return left(flat_matmul(scalar_of(suffix), engine.jac(f)))
    if isinstance(f, Transpose) and rows == 1 and suffix is not None:  # aᵀ s = sᵀ a
        return left(flat_matmul(Transpose(suffix), engine.jac(f.arg)))
    if isinstance(f, DiagMatrix) and suffix is not None and suffix.shape[1] == 1:
        return left(flat_matmul(DiagMatrix(suffix), engine.jac(f.args[0])))
    if isinstance(f, Transpose) and isinstance(f.arg, DiagMatrix) and suffix is not None:
        return left(flat_matmul(DiagMatrix(suffix), engine.jac(f.arg.args[0])))
    raise MatcalcError(
        f"The derivative of {engine.show(flat_matmul(*before, f, *after))} needs "
        f"∂({engine.show(f)})/∂{engine.show(engine.v)}, the derivative of a matrix "
        "with respect to a vector (a third-order tensor); rewrite the product so the variable "
        "sits in a vector factor.", Subtype.UNSUPPORTED)


def _product_rule(key: str) -> Callable:
    def apply(engine, e):
        total = add_all(product_terms(engine, list(e.args)))
        result = engine.simplify(total)
        engine.record(e, key, total, result)
        return result
    return apply


# -- §2 scalar rules -------------------------------------------------------------
@rule("sum", "Sum rule", "§2",
      r"\frac{\partial}{\partial x}(f + g) = \frac{\partial f}{\partial x} + "
      r"\frac{\partial g}{\partial x}", node=sympy.Add, shapes=r'1 \times n + 1 \times n \to 1 \times n')
def _sum(engine, e):
    return sum_rule(engine, e, "sum")


@rule("constant-multiple", "Multiplication by constant", "§2",
      r"\frac{\partial}{\partial x}(c f) = c \frac{\partial f}{\partial x}", node=sympy.Mul,
      when=lambda engine, e: sum(engine.depends(a) for a in e.args) == 1, applies="exactly one factor depends on the variable", shapes=r'c \in \mathbb{R},\ J \to \text{shape of } J')
def _constant_multiple(engine, e):
    (f,) = [a for a in e.args if engine.depends(a)]
    c = sympy.Mul(*[a for a in e.args if not engine.depends(a)])
    result = engine.simplify(scale(c, engine.jac(f)))
    engine.record(e, "constant-multiple", scale(c, engine.d(f)), result)
    return result


rule("product", "Product rule", "§2",
     r"\frac{\partial}{\partial x}(f g) = f \frac{\partial g}{\partial x} + "
     r"g \frac{\partial f}{\partial x}", node=sympy.Mul,
     shapes=r'1 \times n \text{ each} \to 1 \times n')(_product_rule("product"))


@rule("power", "Power rule", "§2",
      r"\frac{\partial}{\partial x} u^k = k u^{k-1} \frac{\partial u}{\partial x}",
      node=sympy.Pow, when=lambda engine, e: not engine.depends(e.exp), applies="the exponent does not depend on the variable", shapes=r'u \in \mathbb{R} \to 1 \times n')
def _power(engine, e):
    return engine.chain(e, e.base, lambda u: e.exp * u ** (e.exp - 1), "power", scale)


def _scalar_function(f: Function) -> None:
    """Register the chain-rule rule of one function of the vocabulary."""
    guard = (lambda engine, e: f.applies_to(e)) if f.node is sympy.Max else None

    @rule(f.key, f.rule, f.section, f.formula, node=f.node, when=guard, shapes=f.shapes,
          applies="one argument is 0 (other maxima have no rule)" if guard else "")
    def _apply(engine, e):
        return engine.chain(e, f.argument(e), f.derivative, f.key, scale)


for _function in DERIVED:
    _scalar_function(_function)


@rule(USER_RULE, "A function of conf.py", "conf.py",
      r"\frac{d}{dx} f(x) = f'(x)", node=UserFunction, shapes=r"\mathbb{R} \to \mathbb{R}")
def _user_function(engine, e):
    return engine.chain(e, e.args[0], type(e).row.derivative, USER_RULE, scale)


@rule("piecewise", "Piecewise function", "§5",
      r"\frac{\partial}{\partial x} \begin{cases} f & c \\ g & \neg c \end{cases} = "
      r"\begin{cases} \partial f / \partial x & c \\ \partial g / \partial x & \neg c "
      r"\end{cases}", node=sympy.Piecewise, shapes=r'\text{branches of one shape} \to \text{that shape}')
def _piecewise(engine, e):
    jacs = [engine.jac(value) for value, _ in e.args]
    if not any(is_matrix(j) for j in jacs):
        result = sympy.Piecewise(*[(j, c) for j, (_, c) in zip(jacs, e.args)])
    else:
        pieces, earlier = [], sympy.false
        for j, (_, cond) in zip(jacs, e.args):
            pieces.append(scale(indicator(sympy.And(cond, sympy.Not(earlier))), j))
            earlier = sympy.Or(earlier, cond)
        result = engine.simplify(add_all(pieces))
    engine.record(e, "piecewise", result)
    return result


@rule("sample-sum", "Sum over samples, term by term", "§6",
      r"\frac{\partial}{\partial \mathbf{w}} \frac{1}{N}\sum_{i=1}^{N} f_i = "
      r"\frac{1}{N}\sum_{i=1}^{N} \frac{\partial f_i}{\partial \mathbf{w}}", node=sympy.Sum, shapes=r'\text{scalar terms} \to 1 \times n')
@rule("sample-sum-vector", "Sum over samples of vector terms", "§6",
      r"\frac{\partial}{\partial x} \sum_{i=1}^{N} \mathbf{f}_i = "
      r"\sum_{i=1}^{N} \frac{\partial \mathbf{f}_i}{\partial x}", node=MatrixSampleSum, shapes=r'\text{terms in } \mathbb{R}^{m} \to m \times n')
def _sample_sum(engine, e):
    body = engine.simplify(engine.jac(e.function))
    result = sample_sum(body, *e.limits)
    engine.record(e, "sample-sum-vector" if isinstance(e, MatrixSampleSum) else "sample-sum", result)
    return result


@rule("one-by-one", "A 1×1 matrix is a scalar", "§4.4",
      r"\mathbf{a}^T \mathbf{b} \in \mathbb{R}^{1 \times 1} \equiv \mathbb{R}",
      node=MatrixElement, when=lambda engine, e: e.parent.shape == (1, 1) and engine.kind != "matrix", applies="the 1-by-1 product is differentiated by a scalar or a vector", shapes=r'1 \times 1 \to 1 \times n')
def _one_by_one(engine, e):
    jac = engine.jac(e.parent)
    return scalar_of(jac) if engine.n is None and is_matrix(jac) else jac


# -- §4 vector rules ---------------------------------------------------------------
@rule("vector-sum", "Element-wise sum", "§4.2",
      r"\frac{\partial (\mathbf{w} + \mathbf{x})}{\partial \mathbf{w}} = I, \quad "
      r"\frac{\partial (\mathbf{w} - \mathbf{x})}{\partial \mathbf{x}} = -I", node=MatAdd, shapes=r'\mathbb{R}^{m} + \mathbb{R}^{m} \to m \times n')
def _vector_sum(engine, e):
    return sum_rule(engine, e, "vector-sum")


@rule("hadamard", "Element-wise product", "§4.2",
      r"\frac{\partial (\mathbf{w} \otimes \mathbf{x})}{\partial \mathbf{w}} = "
      r"\operatorname{diag}(\mathbf{x})", node=HadamardProduct, shapes=r'\mathbb{R}^{m} \otimes \mathbb{R}^{m} \to m \times n')
def _hadamard(engine, e):
    terms = []
    for k, a in enumerate(e.args):
        if engine.depends(a):
            others = [b for j, b in enumerate(e.args) if j != k]
            other = others[0] if len(others) == 1 else HadamardProduct(*others)
            terms.append(diag_times(engine, other, engine.jac(a)))
    total = add_all(terms)
    result = engine.simplify(total)
    engine.record(e, "hadamard", total, result)
    return result


@rule("hadamard-power", "Element-wise power and division", "§4.2",
      r"\frac{\partial (\mathbf{w} \oslash \mathbf{x})}{\partial \mathbf{x}} = "
      r"\operatorname{diag}\left(-\frac{w_i}{x_i^2}\right)", node=HadamardPower,
      when=lambda engine, e: not engine.depends(e.exp), applies="the exponent does not depend on the variable", shapes=r'\mathbb{R}^{m} \to m \times n')
def _hadamard_power(engine, e):
    k = e.exp
    return engine.chain(e, e.base, lambda u: flat_matmul(k, HadamardPower(u, k - 1) if k != 2 else u),
                        "hadamard-power", lambda loc, jac: diag_times(engine, loc, jac))


@rule("elementwise-function", "Element-wise function", "§4.2, §5",
      r"\frac{\partial f(\mathbf{u})}{\partial \mathbf{u}} = "
      r"\operatorname{diag}\left(f'(\mathbf{u})\right)", node=ElementwiseApplyFunction, shapes=r'\mathbb{R}^{m} \to m \times m \text{ diagonal}')
def _elementwise(engine, e):
    lam = sympy.Lambda(e.function.variables[0], derivative_of(e.function))
    return engine.chain(e, e.expr, lambda u: ElementwiseApplyFunction(lam, u),
                        "elementwise-function", lambda loc, jac: diag_times(engine, loc, jac))


def _matmul_when(test: Callable[[list, Callable], bool]) -> Callable:
    """A guard on a MatMul's factors and the engine's dependence test."""
    return lambda engine, e: test(list(e.args), engine.depends)


def _constant(fs, dep, skip=()) -> bool:
    return all(not dep(f) for k, f in enumerate(fs) if k not in skip)


rule("scalar-expansion", "Scalar expansion", "§4.3",
     r"\frac{\partial (\mathbf{x} + z)}{\partial z} = \frac{\partial (z \mathbf{1})}{\partial z} "
     r"= \mathbf{1}", node=MatMul,
     when=_matmul_when(lambda fs, dep: len(fs) == 2 and not is_matrix(fs[0])
                       and isinstance(fs[1], OneMatrix)), applies="a scalar times the ones vector", shapes=r'z \in \mathbb{R} \to m \times 1')(_product_rule("scalar-expansion"))
rule("sum-reduction", "Vector sum reduction", "§4.4",
     r"\frac{\partial}{\partial \mathbf{x}} \operatorname{sum}(\mathbf{x}) = "
     r"\frac{\partial (\mathbf{1}^T \mathbf{x})}{\partial \mathbf{x}} = \mathbf{1}^T",
     node=MatMul, when=_matmul_when(lambda fs, dep: len(fs) == 2 and isinstance(fs[0], OneMatrix) and is_row_of_ones(fs[0])), applies="the ones row times a vector", shapes=r'\mathbb{R}^{n} \to 1 \times n')(
    _product_rule("sum-reduction"))
rule("dot-product", "Dot product", "§4.4",
     r"\frac{\partial (\mathbf{w} \cdot \mathbf{x})}{\partial \mathbf{w}} = \mathbf{x}^T, \quad "
     r"\frac{\partial (\mathbf{w} \cdot \mathbf{x})}{\partial \mathbf{x}} = \mathbf{w}^T",
     node=MatMul, when=_matmul_when(lambda fs, dep: len(fs) == 2 and isinstance(fs[0], Transpose)
                                    and fs[0].shape[0] == 1 and fs[1].shape[1] == 1), applies="a transposed vector times a vector", shapes=r'\mathbb{R}^{n} \cdot \mathbb{R}^{n} \to 1 \times n')(
    _product_rule("dot-product"))
rule("bilinear-form", "Bilinear and quadratic forms", "Matrix Cookbook (81), (89)",
     r"\frac{\partial (\mathbf{a}^T A \mathbf{b})}{\partial \mathbf{x}} = \mathbf{b}^T A^T "
     r"\frac{\partial \mathbf{a}}{\partial \mathbf{x}} + \mathbf{a}^T A "
     r"\frac{\partial \mathbf{b}}{\partial \mathbf{x}}", node=MatMul,
     when=_matmul_when(lambda fs, dep: len(fs) > 2 and isinstance(fs[0], Transpose)
                       and fs[0].shape[0] == 1 and fs[-1].shape[1] == 1
                       and _constant(fs, dep, (0, len(fs) - 1))), applies="a transposed vector, constant matrices, then a vector", shapes=r'\mathbf{a}^T A \mathbf{b} \to 1 \times n')(_product_rule("bilinear-form"))
rule("linear-map", "Matrix times vector", "§4.5 (vector chain rule), Matrix Cookbook (69)",
     r"\frac{\partial (A \mathbf{u})}{\partial \mathbf{x}} = A \frac{\partial \mathbf{u}}"
     r"{\partial \mathbf{x}}", node=MatMul,
     when=_matmul_when(lambda fs, dep: _constant(fs, dep, (len(fs) - 1,))), applies="only the last factor depends on the variable", shapes=r'A \in \mathbb{R}^{m \times k},\ \mathbf{u} \in \mathbb{R}^{k} \to m \times n')(
    _product_rule("linear-map"))
rule("diag-product", "Diagonal matrix times vector", "§4.2",
     r"\operatorname{diag}(\mathbf{a}) \mathbf{b} = \mathbf{a} \otimes \mathbf{b}", node=MatMul,
     when=_matmul_when(lambda fs, dep: any(isinstance(f, DiagMatrix) and dep(f) for f in fs)), applies="a diagonal matrix factor depends on the variable", shapes=r'\mathbf{a}, \mathbf{b} \in \mathbb{R}^{m} \to m \times n')(
    _product_rule("diag-product"))
rule("scalar-times-vector", "Scalar times vector", "§4.3",
     r"\frac{\partial (z \mathbf{x})}{\partial \mathbf{w}} = \mathbf{x} \frac{\partial z}"
     r"{\partial \mathbf{w}} + z \frac{\partial \mathbf{x}}{\partial \mathbf{w}}", node=MatMul,
     when=_matmul_when(lambda fs, dep: any(not is_matrix(f) and dep(f) for f in fs)), applies="a scalar factor depends on the variable", shapes=r'z \in \mathbb{R},\ \mathbf{x} \in \mathbb{R}^{m} \to m \times n')(
    _product_rule("scalar-times-vector"))
rule("matrix-product", "Product rule for matrix products", "Matrix Cookbook (37)",
     r"\frac{\partial (A B)}{\partial x} = \frac{\partial A}{\partial x} B + "
     r"A \frac{\partial B}{\partial x}", node=MatMul, shapes=r'\text{product in } \mathbb{R}^{m} \to m \times n')(_product_rule("matrix-product"))


@rule("transpose", "Transpose of a scalar", "§4.4",
      r"\frac{\partial (\mathbf{a}^T \mathbf{b})^T}{\partial \mathbf{x}} = "
      r"\frac{\partial (\mathbf{a}^T \mathbf{b})}{\partial \mathbf{x}}", node=Transpose,
      when=lambda engine, e: e.shape == (1, 1) or engine.n is None, applies="the transposed expression is 1-by-1, or the variable is a scalar", shapes=r'1 \times 1 \to \text{as its argument}')
def _transpose(engine, e):
    jac = engine.jac(e.arg)
    return jac if e.shape == (1, 1) else Transpose(jac)


# -- literals ------------------------------------------------------------------------
@rule("literal", "Vector or matrix literal", "§4.1 (Jacobian), §4.5.3",
      r"\frac{\partial}{\partial x} \begin{bmatrix} f_1 \\ f_2 \end{bmatrix} = "
      r"\begin{bmatrix} \frac{\partial f_1}{\partial x} \\ \frac{\partial f_2}{\partial x} "
      r"\end{bmatrix}",
      node=sympy.ImmutableDenseMatrix,
      shapes=r"m \times 1 \to m \times n")
def _literal(engine, e):
    if engine.kind == "vector" and e.cols == 1:
        return _literal_by_vector(engine, e)
    if engine.kind != "scalar":  # a matrix variable: no rule
        raise MatcalcError(
            f"The entries of the literal {engine.show(e)} depend on the matrix "
            f"{engine.show(engine.v)}; a literal is differentiated entry by entry with respect "
            "to a scalar or a vector only. Give the vector a name and declare it in :where:, or "
            "differentiate with respect to the scalars it is made of.", Subtype.UNSUPPORTED)
    shown = sympy.ImmutableMatrix(e.rows, e.cols, [engine.d(t) for t in e])
    result = sympy.ImmutableMatrix(e.rows, e.cols,
                                   [engine.simplify(engine.jac(t)) for t in e])
    engine.record(e, "literal", shown, result)
    return result


def _literal_by_vector(engine, e):
    """A column literal by a vector: its rows are the entries' gradients, Σₖ eₖ ∂fₖ/∂x."""
    def unit(k: int) -> sympy.Basic:
        return sympy.ImmutableMatrix(e.rows, 1, [int(j == k) for j in range(e.rows)])

    rows = [k for k, t in enumerate(e) if engine.depends(t)]
    shown = add_all([flat_matmul(unit(k), engine.d(e[k])) for k in rows])
    total = add_all([flat_matmul(unit(k), engine.jac(e[k])) for k in rows])
    result = engine.simplify(total)
    engine.record(e, "literal", shown, total, result)
    return result
