"""Evaluate the engine's SymPy expressions with numpy, at concrete sizes.

This is the numeric judge's evaluator. It walks the expression itself (no
lambdify: symbol names come from documents, and generated code would carry
them), one small rule per node type (``singledispatch``, most specific class
first); the element-wise functions come from the vocabulary. A node with no
rule is an error, never a guess.

The walk is done once per expression: ``compile`` turns each node, by its
rule, into a Python closure over the closures of its arguments (no code is
generated from text), cached per expression. Evaluating at a point is then
calling the closure; every rule does at a point exactly what it did when it
was walked there, in the same order (so ``traced`` records the same
quantities), and anything that can fail at a point (a size, a missing value,
an unknown node) still fails there, not when compiled. The module is longer than
400 lines because each rule is now a builder with the closure it returns; splitting
the rules over modules would separate twins that must stay alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, singledispatch
from typing import Any, Callable

import numpy as np
import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower, HadamardProduct,
                                        Identity, Inverse, MatAdd, MatMul, MatPow, MatrixSymbol,
                                        OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement

from ..nodes import MatrixSampleSum, UserFunction, sample_parts, sigmoid
from ..vocabulary import DERIVED, Function


class EvaluationError(ValueError):
    """An expression the evaluator cannot compute (a node it does not know)."""


@dataclass
class Point:
    """Concrete sizes and values: dims by symbol, values by symbol (per-sample by (name, i))."""

    dims: dict[sympy.Symbol, int]
    values: dict[Any, Any]
    bound: dict[sympy.Symbol, Any] = field(default_factory=dict)
    #: the exact values of coordinates that ``values`` holds rounded (an algebraic switch
    #: the thin sets' search put a point on), by coordinate: (symbol,) or (matrix, i, j)
    roots: dict[tuple, sympy.Basic] = field(default_factory=dict)


Compiled = Callable[[Point], Any]


def size(d: sympy.Expr, point: Point) -> int:
    """A dimension's concrete value (an explicit matrix's dimensions are Python ints)."""
    if isinstance(d, int) or d.is_Integer:
        return int(d)
    if d in point.dims:
        return point.dims[d]
    value = d.xreplace({k: sympy.Integer(v) for k, v in point.dims.items()})
    if not value.is_Integer:
        raise EvaluationError(f"no size for dimension {d}")
    return int(value)


def evaluate(expr: sympy.Basic, point: Point) -> Any:
    """The value of ``expr``: a float (scalar) or a 2-D array (matrix)."""
    fn = compile(expr)
    with np.errstate(all="ignore"):
        return fn(point)


_TRACE: list | None = None  # while tracing: every branch quantity met, in evaluation order


def traced(exprs: tuple[sympy.Basic, ...], point: Point) -> np.ndarray:
    """Every quantity whose sign selects a branch or bounds a domain, met while evaluating
    ``exprs`` at ``point``: conditions (lhs − rhs), max/min differences, |u|, sign(u), relu's u,
    and the arguments of log and of fractional powers, entry by entry and sample by sample
    (inside sums and element-wise functions too). Its signs are the point's branch pattern."""
    parts, _ = traced_parts(exprs, point)
    return np.concatenate(parts) if parts else np.zeros(0)


FAILED = object()  # the value of an expression whose evaluation failed (while tracing)


def traced_parts(exprs: tuple[sympy.Basic, ...], point: Point) -> tuple[list[np.ndarray], list]:
    """The branch quantities met while evaluating each expression (one array per expression,
    in order) and the values met on the way (those ``evaluate`` gives, or ``FAILED`` where it
    raises an error that tracing passes over): one evaluation serves every question asked of
    a point."""
    global _TRACE
    fns = [compile(e) for e in exprs]
    values: list = []
    parts: list[np.ndarray] = []
    _TRACE = []
    try:
        with np.errstate(all="ignore"):
            for fn in fns:
                start = len(_TRACE)
                try:
                    values.append(fn(point))
                except (EvaluationError, np.linalg.LinAlgError, ValueError, TypeError,
                        OverflowError):
                    values.append(FAILED)
                met = [np.asarray(v, dtype=float).reshape(-1) for v in _TRACE[start:]]
                parts.append(np.concatenate(met) if met else np.zeros(0))
    finally:
        _TRACE = None
    return parts, values


def _note(v: Any) -> None:
    if _TRACE is not None:
        try:
            _TRACE.append(np.array(v, dtype=float))
        except (TypeError, ValueError):
            pass


def sample_of(key: sympy.Basic, index: sympy.Symbol) -> bool:
    """Is per-sample symbol ``key`` (x_i, \\mathbf{x}_{i}) indexed by ``index``?"""
    sub = sample_parts(str(getattr(key, "name", key)))[1]
    return sub == str(index)


_CANONICAL: dict = {}


def canonical(s: sympy.Basic) -> sympy.Basic:
    """One object for all equal symbols: the keys of a point and the symbols of compiled
    expressions are then the same objects, and a look-up needs no structural comparison."""
    return _CANONICAL.setdefault(s, s)


def value(e: sympy.Basic, p: Point) -> Any:
    """One node's value: bound variables first, then the rule for its type."""
    if e in p.bound:
        return p.bound[e]
    return compile(e)(p)


@lru_cache(maxsize=16384)
def compile(e: sympy.Basic) -> Compiled:
    """``e`` as a closure of a point, built once from the rule for its type (and cached)."""
    try:
        return _compile(e)
    except Exception:  # noqa: BLE001  (whatever fails is to fail at a point, as the walk did)
        def again(p: Point) -> Any:
            return _compile(e)(p)
        return again


_RELATIONS = {sympy.StrictLessThan: np.less, sympy.StrictGreaterThan: np.greater,
              sympy.LessThan: np.less_equal, sympy.GreaterThan: np.greater_equal,
              sympy.Eq: np.equal, sympy.Ne: np.not_equal}


@singledispatch
def _compile(e: sympy.Basic) -> Compiled:
    if not isinstance(e, sympy.MatrixExpr) and e.is_number:  # 2, 1/2, E, pi, sqrt(2)
        try:
            constant = float(e)
        except TypeError:  # a complex constant, such as log(-1)
            constant = float("nan")
        return lambda p: constant

    def unknown(p: Point) -> Any:
        raise EvaluationError(f"cannot evaluate {type(e).__name__}")
    return unknown


@_compile.register(sympy.Symbol)
@_compile.register(MatrixSymbol)
def _symbol(e: sympy.Basic) -> Compiled:
    e = canonical(e)

    def symbol(p: Point) -> Any:
        bound = p.bound
        if e in bound:
            return bound[e]
        values = p.values
        if e in values:
            return values[e]
        if e in p.dims:  # a dimension used as a value: n in 1/n
            return float(p.dims[e])
        raise EvaluationError(f"no value for {e}")
    return symbol


@_compile.register(sympy.logic.boolalg.BooleanTrue)
@_compile.register(sympy.logic.boolalg.BooleanFalse)
def _truth(e: sympy.Basic) -> Compiled:
    truth = bool(e)
    return lambda p: truth


def _elementwise(f: Function) -> Callable[[sympy.Basic], Compiled]:
    def build(e: sympy.Basic) -> Compiled:
        if f.applies_to(e):
            argument, numpy = compile(f.argument(e)), f.numpy
            if f.key in ("relu", "abs", "sign", "log") or isinstance(e, SATURATING) and \
                    steep(f.argument(e)):  # σ(10¹⁵(x − 3)) is a step in floats: its switch
                def noted(p: Point) -> Any:
                    u = argument(p)
                    _note(u)
                    return numpy(u)
                return noted
            if isinstance(e, SATURATING):  # traced when bumps are looked for (smooth_search)
                def smooth(p: Point) -> Any:
                    u = argument(p)
                    if SMOOTH[0]:
                        _note(u)
                    return numpy(u)
                return smooth
            return lambda p: numpy(argument(p))
        if isinstance(e, sympy.Max):  # a maximum that is not max(0, u)
            return _folded(np.maximum, e.args)
        return _compile.dispatch(sympy.Basic)(e)
    return build


for _function in DERIVED:  # exp, log, σ, relu, ... from the vocabulary
    _compile.register(_function.node)(_elementwise(_function))


def _folded(fn: Any, args: tuple) -> Compiled:
    """max/min: every argument, the differences of neighbours noted, folded left."""
    parts = [compile(a) for a in args]

    def folded(p: Point) -> Any:
        values = [part(p) for part in parts]
        _note_pairs(values)
        return _fold(fn, values)
    return folded


@_compile.register(sympy.Pow)
def _pow(e: sympy.Basic) -> Compiled:
    base, exp = compile(e.base), compile(e.exp)
    if not (e.exp.is_Integer or e.exp.is_number and e.exp.is_integer):
        def fractional(p: Point) -> Any:
            b = base(p)
            _note(b)  # a fractional or symbolic power: its base's sign bounds the domain
            return np.power(b, exp(p))
        return fractional
    return lambda p: np.power(base(p), exp(p))


def _note_pairs(args: list) -> None:
    if _TRACE is None:
        return
    for k in range(len(args) - 1):
        try:
            _note(np.asarray(args[k], dtype=float) - np.asarray(args[k + 1], dtype=float))
        except (TypeError, ValueError):
            pass


@_compile.register(sympy.Min)
def _min(e: sympy.Basic) -> Compiled:
    return _folded(np.minimum, e.args)


@_compile.register(sympy.Heaviside)
def _heaviside(e: sympy.Basic) -> Compiled:
    argument = compile(e.args[0])

    def heaviside(p: Point) -> Any:
        u = argument(p)
        _note(u)
        return np.heaviside(u, 0.5)
    return heaviside


@_compile.register(sympy.Piecewise)
def _piecewise(e: sympy.Piecewise) -> Compiled:
    conditions = [compile(c) for _, c in e.args]
    cases = [compile(v) for v, _ in e.args]

    def piecewise(p: Point) -> Any:
        conds = [np.asarray(c(p), dtype=bool) for c in conditions]
        vals = [np.asarray(v(p), dtype=float) for v in cases]
        shape = np.broadcast_shapes(*(c.shape for c in conds), *(v.shape for v in vals))
        if shape == ():
            for c, v in zip(conds, vals):  # np.select of scalars: the first case that holds
                if c:
                    return float(v)
            return float("nan")
        return np.select([np.broadcast_to(c, shape) for c in conds],
                         [np.broadcast_to(v, shape) for v in vals], default=np.nan)
    return piecewise


@_compile.register(sympy.core.relational.Relational)
def _relation(e: sympy.Basic) -> Compiled:
    lhs, rhs, relation = compile(e.lhs), compile(e.rhs), _RELATIONS[type(e)]
    # a condition on a saturating function (e^{-10^6 (x-3)^2} > 1/2) is flat in floats almost
    # everywhere: the function's argument is traced too, so that the search finds its switch
    steep = [compile(node.args[0]) for node in sympy.preorder_traversal(e)
             if isinstance(node, SATURATING)]

    def related(p: Point) -> Any:
        a, b = lhs(p), rhs(p)
        _note_pairs([a, b])
        if _TRACE is not None:
            for argument in steep:
                _note(argument(p))
        return relation(a, b)
    return related


SATURATING = (sympy.exp, sigmoid, sympy.tanh)  # functions flat in floats beyond a range
SMOOTH = [False]  # while True, every saturating function's argument is a traced quantity
STEEP = 1000  # a numeric factor this large in a saturating function's argument makes it a step


def steep(u: sympy.Basic) -> bool:
    """Is ``u`` scaled by a large number (10¹⁵(x − 3), −10⁶(x − 3)²), so that a saturating
    function of it switches within a sliver that random points miss?"""
    terms = u.args if isinstance(u, sympy.Add) else (u,)
    for term in terms:
        coefficient, _ = term.as_coeff_Mul()
        if coefficient.is_number and abs(coefficient) >= STEEP and not term.is_number:
            return True
    return False


@_compile.register(sympy.And)
def _and(e: sympy.Basic) -> Compiled:
    parts = [compile(a) for a in e.args]
    return lambda p: _fold(np.logical_and, [part(p) for part in parts])


@_compile.register(sympy.Or)
def _or(e: sympy.Basic) -> Compiled:
    parts = [compile(a) for a in e.args]
    return lambda p: _fold(np.logical_or, [part(p) for part in parts])


@_compile.register(sympy.Not)
def _not(e: sympy.Basic) -> Compiled:
    argument = compile(e.args[0])
    return lambda p: np.logical_not(argument(p))


@_compile.register(sympy.Sum)
@_compile.register(MatrixSampleSum)
def _sum(e: sympy.Basic) -> Compiled:
    """Σ over samples: per-sample symbols (x_i) take the i-th sample's value; Σ_i Σ_j nests."""
    return _sum_over(e.function, list(e.limits))


def _sum_over(function: sympy.Basic, limits: list) -> Compiled:
    if not limits:
        return compile(function)
    (index, lo, hi), inner = limits[-1], limits[:-1]  # the last limit is the outermost
    body, first, last = _sum_over(function, inner), compile(lo), compile(hi)
    # the symbols of the body that can be the index's per-sample data (x_i under Σ_i): the
    # only ones a binding can reach; each takes the k-th sample's value where the point has it
    data = [canonical(s) for s in dict.fromkeys(sympy.preorder_traversal(function))
            if isinstance(s, (sympy.Symbol, MatrixSymbol)) and sample_of(s, index)]
    index = canonical(index)

    def summed(p: Point) -> Any:
        total: Any = 0.0
        values, outer = p.values, p.bound
        for k in range(int(first(p)), int(round(last(p))) + 1):
            bound = dict(outer)
            bound[index] = float(k)
            for s in data:
                if (s, k) in values:
                    bound[s] = values[(s, k)]
            total = total + body(Point(p.dims, values, bound))
        return total
    return summed


@_compile.register(MatrixElement)
def _element(e: MatrixElement) -> Compiled:
    parent = compile(e.parent)
    if not (e.i.is_Integer and e.j.is_Integer):  # an index bound by an enclosing Σ
        rows, cols = (compile(x) for x in (e.i, e.j))
        fixed_i = int(e.i) if e.i.is_Integer else None
        fixed_j = int(e.j) if e.j.is_Integer else None

        def indexed(p: Point) -> Any:
            i = fixed_i if fixed_i is not None else int(rows(p))
            j = fixed_j if fixed_j is not None else int(cols(p))
            return np.asarray(parent(p), dtype=float)[i, j]
        return indexed
    i, j = int(e.i), int(e.j)
    return lambda p: float(np.asarray(parent(p))[i, j])


@_compile.register(MatMul)
def _matmul(e: MatMul) -> Compiled:
    parts = [(compile(a), isinstance(a, sympy.MatrixExpr)) for a in e.args]

    def product(p: Point) -> Any:
        out: Any = None
        scale = 1.0
        for part, matrix in parts:
            v = part(p)
            if not matrix:
                scale = scale * v
                continue
            out = v if out is None else out @ v
        return scale * out
    return product


@_compile.register(MatAdd)
def _matadd(e: MatAdd) -> Compiled:
    parts, shape = [compile(a) for a in e.args], e.shape
    return lambda p: sum(_as_matrix(part(p), shape, p) for part in parts)


@_compile.register(sympy.Add)
def _add(e: sympy.Add) -> Compiled:
    parts = [compile(a) for a in e.args]
    return lambda p: sum(part(p) for part in parts)


@_compile.register(sympy.Mul)
def _mul(e: sympy.Mul) -> Compiled:
    parts = [compile(a) for a in e.args]

    def product(p: Point) -> Any:
        out: Any = 1.0
        for part in parts:
            out = out * part(p)
        return out
    return product


@_compile.register(Transpose)
def _transpose(e: Transpose) -> Compiled:
    argument = compile(e.arg)
    return lambda p: np.asarray(argument(p)).T


@_compile.register(Inverse)
def _inverse(e: Inverse) -> Compiled:
    argument = compile(e.arg)
    return lambda p: np.linalg.inv(argument(p))


@_compile.register(MatPow)
def _matpow(e: MatPow) -> Compiled:
    base, exp = compile(e.base), e.exp
    if not exp.is_Integer:  # a whole number k is replaced by its values first (integers.py)
        raise EvaluationError(f"the power {e} has no whole exponent")
    return lambda p: np.linalg.matrix_power(base(p), int(exp))


@_compile.register(HadamardProduct)
def _hadamard(e: HadamardProduct) -> Compiled:
    parts = [compile(a) for a in e.args]
    return lambda p: _fold(np.multiply, [part(p) for part in parts])


@_compile.register(HadamardPower)
def _hadamard_power(e: HadamardPower) -> Compiled:
    base, exp = compile(e.base), compile(e.exp)
    return lambda p: np.power(base(p), exp(p))


@_compile.register(DiagMatrix)
def _diag(e: DiagMatrix) -> Compiled:
    argument = compile(e.args[0])
    return lambda p: np.diag(np.asarray(argument(p)).reshape(-1))


@_compile.register(UserFunction)
def _user_function(e: UserFunction) -> Compiled:
    """A function of conf.py: its own formula at the argument, every branch of it traced."""
    return compile(e.expanded())


@_compile.register(ElementwiseApplyFunction)
def _elementwise_apply(e: ElementwiseApplyFunction) -> Compiled:
    lam = e.function
    argument, body, variable = compile(e.expr), compile(lam.expr), lam.variables[0]

    def applied(p: Point) -> Any:
        inner = np.asarray(argument(p), dtype=float)
        sub = Point(p.dims, p.values, {**p.bound, variable: inner})
        return np.broadcast_to(body(sub), inner.shape).astype(float)
    return applied


@_compile.register(DiagonalOf)
def _diagonal_of(e: DiagonalOf) -> Compiled:
    argument = compile(e.arg)
    return lambda p: np.diag(np.asarray(argument(p))).reshape(-1, 1)


@_compile.register(Identity)
def _identity(e: Identity) -> Compiled:
    return lambda p: np.eye(size(e.rows, p))


@_compile.register(ZeroMatrix)
def _zeros(e: ZeroMatrix) -> Compiled:
    return lambda p: np.zeros((size(e.rows, p), size(e.cols, p)))


@_compile.register(OneMatrix)
def _ones(e: OneMatrix) -> Compiled:
    return lambda p: np.ones((size(e.rows, p), size(e.cols, p)))


@_compile.register(sympy.ImmutableDenseMatrix)
@_compile.register(sympy.MutableDenseMatrix)
def _explicit(e: sympy.MatrixBase) -> Compiled:
    """A literal (bmatrix): each entry's value in its place, entries in reading order."""
    rows, cols = e.shape
    entries = [compile(t) for t in e]

    def explicit(p: Point) -> Any:
        return np.array([float(entry(p)) for entry in entries], dtype=float).reshape(rows, cols)
    return explicit


@_compile.register(Trace)
def _trace(e: Trace) -> Compiled:
    argument = compile(e.arg)
    return lambda p: float(np.trace(argument(p)))


@_compile.register(Determinant)
def _determinant(e: Determinant) -> Compiled:
    argument = compile(e.arg)
    return lambda p: float(np.linalg.det(argument(p)))


def _fold(fn: Any, values: list) -> Any:
    out = values[0]
    for v in values[1:]:
        out = fn(out, v)
    return out


def _as_matrix(value: Any, shape: tuple, p: Point) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.full((size(shape[0], p), size(shape[1], p)), float(arr))
    return arr


def exact(value: object) -> sympy.Basic:
    """A drawn value as an exact SymPy number (a float's binary value)."""
    if isinstance(value, sympy.Basic):
        return sympy.Rational(value) if isinstance(value, sympy.Float) else value
    return sympy.Rational(float(value)) if not isinstance(value, (int, np.integer)) \
        else sympy.Integer(int(value))
