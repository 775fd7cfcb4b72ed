"""Rewrite Jacobians into the forms a reader expects, one small rule at a time.

Each rule is registered in the catalogue (kind "simplification") and is a
pure function returning a rewritten node or None. ``simplify`` applies them
bottom-up until nothing changes, with a bound on the passes so it cannot run
away.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions import (DiagMatrix, HadamardProduct, Identity, MatAdd, MatMul,
                                        OneMatrix, Transpose, ZeroMatrix)

from .catalogue import rule, rules_for
from ..nodes import is_column_of_ones, is_indicator, is_matrix, is_row_of_ones

MAX_PASSES = 20


def _simp(key: str, name: str, formula: str, node: type | tuple[type, ...]):
    return rule(key, name, "simplification", formula, node=node, kind="simplification")


@_simp("identity-product", "Identity in a product", r"I A = A I = A", MatMul)
def _identity_product(e: MatMul):
    args = [a for a in e.args if not isinstance(a, Identity)]
    if len(args) == len(e.args):
        return None
    if not args:
        return Identity(e.shape[0])
    return _matmul(args) if any(is_matrix(a) for a in args) else None


@_simp("zero-product", "Zero in a product", r"0 A = 0", MatMul)
def _zero_product(e: MatMul):
    if any(isinstance(a, ZeroMatrix) or a == 0 for a in e.args):
        return ZeroMatrix(*e.shape)
    return None


@_simp("scalar-factors", "Collect scalar factors", r"(a B)(c D) = (a c) B D", MatMul)
def _scalar_factors(e: MatMul):
    scalars = [a for a in e.args if not is_matrix(a)]
    matrices = [a for a in e.args if is_matrix(a)]
    nested = any(isinstance(a, MatMul) for a in e.args)
    if nested:
        flat = []
        for a in e.args:
            flat.extend(a.args if isinstance(a, MatMul) else (a,))
        return MatMul(*flat)
    coefficient = sympy.Mul(*scalars)
    if coefficient == 1 and scalars:
        return matrices[0] if len(matrices) == 1 else MatMul(*matrices)
    if len(scalars) > 1 or (scalars and e.args[0] is not scalars[0]):
        return MatMul(coefficient, *matrices)
    return None


@_simp("zero-sum", "Zero in a sum", r"A + 0 = A", MatAdd)
def _zero_sum(e: MatAdd):
    args = [a for a in e.args if not isinstance(a, ZeroMatrix)]
    if len(args) == len(e.args):
        return None
    if not args:
        return ZeroMatrix(*e.shape)
    return args[0] if len(args) == 1 else MatAdd(*args)


@_simp("flatten-sum", "Nested sums", r"(A + B) + C = A + B + C", MatAdd)
def _flatten_sum(e: MatAdd):
    if not any(isinstance(a, MatAdd) for a in e.args):
        return None
    flat = []
    for a in e.args:
        flat.extend(a.args if isinstance(a, MatAdd) else (a,))
    return MatAdd(*flat)


@_simp("like-terms", "Collect like terms", r"A + A = 2A", MatAdd)
def _like_terms(e: MatAdd):
    counts: dict[sympy.Basic, sympy.Basic] = {}
    for t in e.args:
        coefficient, rest = _split_coefficient(t)
        counts[rest] = counts.get(rest, 0) + coefficient
    if len(counts) == len(e.args):
        return None
    terms = [r if c == 1 else MatMul(c, r) for r, c in counts.items() if c != 0]
    if not terms:
        return ZeroMatrix(*e.shape)
    return terms[0] if len(terms) == 1 else MatAdd(*terms)


def _split_coefficient(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """(numeric coefficient, the rest) of a term."""
    if isinstance(t, MatMul) and t.args and t.args[0].is_Number:
        rest = t.args[1:]
        return t.args[0], rest[0] if len(rest) == 1 else MatMul(*rest)
    return sympy.Integer(1), t


@_simp("ones-diag", "Ones times a diagonal", r"\mathbf{1}^T \operatorname{diag}(\mathbf{x}) = "
       r"\mathbf{x}^T", MatMul)
def _ones_diag(e: MatMul):
    args = list(e.args)
    for k in range(len(args) - 1):
        a, b = args[k], args[k + 1]
        if is_row_of_ones(a) and isinstance(b, DiagMatrix):
            return _matmul(args[:k] + [Transpose(b.args[0])] + args[k + 2:])
        if isinstance(a, DiagMatrix) and is_column_of_ones(b):
            return _matmul(args[:k] + [a.args[0]] + args[k + 2:])
    return None


@_simp("diag-diag", "Product of diagonals", r"\operatorname{diag}(\mathbf{a})"
       r"\operatorname{diag}(\mathbf{b}) = \operatorname{diag}(\mathbf{a} \otimes \mathbf{b})",
       MatMul)
def _diag_diag(e: MatMul):
    args = list(e.args)
    for k in range(len(args) - 1):
        a, b = args[k], args[k + 1]
        if isinstance(a, DiagMatrix) and isinstance(b, DiagMatrix):
            merged = DiagMatrix(HadamardProduct(a.args[0], b.args[0]))
            return _matmul(args[:k] + [merged] + args[k + 2:])
    return None


@_simp("diag-vector", "Diagonal times vector", r"\operatorname{diag}(\mathbf{a})\mathbf{b} = "
       r"\mathbf{a} \otimes \mathbf{b}", MatMul)
def _diag_vector(e: MatMul):
    args = list(e.args)
    if len(args) == 2 and isinstance(args[0], DiagMatrix) and args[1].shape[1] == 1 \
            and not isinstance(args[1], (OneMatrix, Identity)):
        return HadamardProduct(args[0].args[0], args[1])
    return None


@_simp("double-transpose", "Transpose of a transpose", r"(A^T)^T = A", Transpose)
def _double_transpose(e: Transpose):
    arg = e.arg
    if isinstance(arg, Transpose):
        return arg.arg
    if isinstance(arg, (Identity, DiagMatrix)):
        return arg
    if isinstance(arg, (ZeroMatrix, OneMatrix)):
        return type(arg)(arg.shape[1], arg.shape[0])
    if isinstance(arg, MatMul):
        return _matmul([Transpose(a) if is_matrix(a) else a for a in reversed(arg.args)])
    if isinstance(arg, MatAdd):
        return MatAdd(*[Transpose(a) for a in arg.args])
    return None


@_simp("literal-transpose", "Transpose of a literal",
       r"\begin{bmatrix} a \\ b \end{bmatrix}^T = \begin{bmatrix} a & b \end{bmatrix}", Transpose)
def _literal_transpose(e: Transpose):
    return e.arg.T if isinstance(e.arg, sympy.ImmutableDenseMatrix) else None


@_simp("common-factor", "Common factor", r"\mathbf{x}^T A + \mathbf{x}^T A^T = "
       r"\mathbf{x}^T (A + A^T)", MatAdd)
def _common_factor(e: MatAdd):
    terms = [t if isinstance(t, MatMul) else MatMul(t) for t in e.args]
    if len(terms) < 2 or any(len(t.args) < 2 for t in terms):
        return None
    first = terms[0].args[0]
    if is_matrix(first) and all(t.args[0] == first for t in terms):
        rest = _sum_of([_matmul(list(t.args[1:])) for t in terms])
        return None if rest is None else MatMul(first, rest) if is_matrix(rest) else \
            MatMul(rest, first)
    last = terms[0].args[-1]
    if is_matrix(last) and all(t.args[-1] == last for t in terms):
        rest = _sum_of([_matmul(list(t.args[:-1])) for t in terms])
        return None if rest is None else MatMul(rest, last)
    return None


@_simp("literal-sum", "Sum of literals", r"\begin{bmatrix} a \\ b \end{bmatrix} + "
       r"\begin{bmatrix} c \\ d \end{bmatrix} = \begin{bmatrix} a + c \\ b + d \end{bmatrix}",
       MatAdd)
def _literal_sum(e: MatAdd):
    literals = [a for a in e.args if isinstance(a, sympy.ImmutableDenseMatrix)]
    if len(literals) < 2:
        return None
    total = literals[0]
    for a in literals[1:]:
        total = total + a
    first = e.args.index(literals[0])
    rest = [total if k == first else a for k, a in enumerate(e.args) if a not in literals[1:]
            or k == first]
    return rest[0] if len(rest) == 1 else MatAdd(*rest)


@_simp("literal-product", "Product of literals", r"\begin{bmatrix} a & b \end{bmatrix} "
       r"\begin{bmatrix} c \\ d \end{bmatrix} = \begin{bmatrix} a c + b d \end{bmatrix}", MatMul)
def _literal_product(e: MatMul):
    args = list(e.args)
    for k in range(len(args) - 1):
        a, b = args[k], args[k + 1]
        if isinstance(a, sympy.ImmutableDenseMatrix) and isinstance(b, sympy.ImmutableDenseMatrix):
            return _matmul(args[:k] + [a * b] + args[k + 2:])
    return None


@_simp("literal-hadamard", "Element-wise product of literals", r"\begin{bmatrix} a \\ b "
       r"\end{bmatrix} \otimes \begin{bmatrix} c \\ d \end{bmatrix} = \begin{bmatrix} a c \\ b d "
       r"\end{bmatrix}", HadamardProduct)
def _literal_hadamard(e: HadamardProduct):
    literals = [a for a in e.args if isinstance(a, sympy.ImmutableDenseMatrix)]
    if len(literals) < 2:
        return None
    product = literals[0]
    for a in literals[1:]:
        product = product.multiply_elementwise(a)
    rest = [a for a in e.args if not isinstance(a, sympy.ImmutableDenseMatrix)]
    return product if not rest else HadamardProduct(*rest, product)


@_simp("literal-function", "Element-wise function of a literal", r"f\left(\begin{bmatrix} a \\ "
       r"b \end{bmatrix}\right) = \begin{bmatrix} f(a) \\ f(b) \end{bmatrix}",
       ElementwiseApplyFunction)
def _literal_function(e: ElementwiseApplyFunction):
    if not isinstance(e.expr, sympy.ImmutableDenseMatrix):
        return None
    return sympy.ImmutableMatrix(e.expr.applyfunc(e.function))


@_simp("literal-entry", "A 1×1 literal is its entry", r"\begin{bmatrix} a \end{bmatrix} = a",
       MatrixElement)
def _literal_entry(e: MatrixElement):
    parent = e.parent
    factors = parent.args if isinstance(parent, MatMul) else (parent,)
    matrices = [f for f in factors if is_matrix(f)]
    if len(matrices) != 1 or not isinstance(matrices[0], sympy.ImmutableDenseMatrix):
        return None
    scalars = [f for f in factors if not is_matrix(f)]
    return sympy.Mul(*scalars, matrices[0][e.i, e.j])


def _sum_of(parts: list[sympy.Basic]) -> sympy.Basic | None:
    """The sum of what remains after factoring: all matrices or all scalars, else None."""
    if all(is_matrix(p) for p in parts):
        return MatAdd(*parts)
    if not any(is_matrix(p) for p in parts):
        return sympy.Add(*parts)
    return None


@_simp("relu-active", "ReLU on its active set", r"\max(0, z)\,\mathbb{1}[z > 0] = "
       r"z\,\mathbb{1}[z > 0]", sympy.Mul)
def _relu_active(e: sympy.Mul):
    """Where an indicator [z > 0] multiplies, max(0, z) is z (paper §5–§6)."""
    conditions = [a.args[0].cond for a in e.args if is_indicator(a)]
    active = {c.lhs: True for c in conditions
              if isinstance(c, sympy.StrictGreaterThan) and c.rhs == 0}
    if not active:
        return None
    replaced = e.replace(lambda x: isinstance(x, sympy.Max) and len(x.args) == 2 and 0 in x.args
                         and _max_argument(x) in active, _max_argument)
    if replaced == e:
        return None
    others = [a for a in replaced.args if not is_indicator(a)]
    indicators = [a for a in replaced.args if is_indicator(a)]
    return sympy.Mul(sympy.factor_terms(sympy.expand(sympy.Mul(*others))), *indicators)


def _max_argument(m: sympy.Max) -> sympy.Basic:
    return next(a for a in m.args if a != 0)


def _matmul(args: list) -> sympy.Basic:
    if len(args) == 1:
        return args[0]
    return MatMul(*args)


def _rebuild(e: sympy.Basic, args: tuple) -> sympy.Basic:
    if isinstance(e, MatMul):
        return MatMul(*args)
    if isinstance(e, MatAdd):
        return MatAdd(*args)
    return e.func(*args)


def _once(e: sympy.Basic, fired: list[str]) -> sympy.Basic:
    """One bottom-up pass: children first, then the first rule that fires here."""
    if e.args and not isinstance(e, (sympy.Lambda,)):
        args = tuple(_once(a, fired) for a in e.args)
        if args != e.args:
            e = _rebuild(e, args)
    for r in rules_for(e, kind="simplification"):
        out = r.apply(e)
        if out is not None and out != e:
            fired.append(r.key)
            return out
    return e


def simplify(e: sympy.Basic, fired: list[str] | None = None) -> sympy.Basic:
    """Apply the simplification rules to a fixpoint (bounded)."""
    fired = [] if fired is None else fired
    for _ in range(MAX_PASSES):
        new = _once(e, fired)
        if new == e:
            return e
        e = new
    return e
