"""Evaluate the engine's SymPy expressions in arbitrary precision (mpmath), at concrete sizes.

The twin of ``numeric.py``: the same walk, one rule per node type, but every
number is an ``mpmath.mpf`` at the working precision and a matrix is a numpy
object array of them. Claims and derivatives are exact symbolic expressions;
comparing them here, at 60 digits, tells apart what floats cannot (a 10⁻⁵
regulariser, 1.00001 × the truth, e^{x−100}). A value outside the real domain
(log of a negative, a complex power, 1/0, a case that holds nowhere) is
``Undefined``: the point is not in the domain, never a value to compare.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower, HadamardProduct,
                                        Identity, Inverse, MatAdd, MatMul, MatPow, MatrixSymbol,
                                        OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement

from ..nodes import MatrixSampleSum
from ..vocabulary import DERIVED, Function
from .numeric import EvaluationError, Point, sample_of, size


class Undefined(ArithmeticError):
    """The expression has no real value here: the point is outside its domain."""


def evaluate_precise(expr: sympy.Basic, point: Point, digits: int) -> Any:
    """The value of ``expr`` at ``digits`` digits: an mpf, or a 2-D object array of mpf."""
    with mpmath.workdps(digits):
        try:
            out = value(expr, point)
        except (ZeroDivisionError, OverflowError) as exc:
            raise Undefined(str(exc)) from exc
        for v in np.asarray(out, dtype=object).reshape(-1):
            _real(v)
        return out


def _real(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return v
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise Undefined("not real")
        v = v.real
    if not isinstance(v, mpmath.mpf):
        v = mpmath.mpf(v)
    if not mpmath.isfinite(v):
        raise Undefined("not finite")
    return v


def value(e: sympy.Basic, p: Point) -> Any:
    if e in p.bound:
        return p.bound[e]
    return _value(e, p)


def _each(fn: Any, *args: Any) -> Any:
    """Apply a one-number function to numbers or entry-wise to arrays (broadcasting)."""
    if not any(isinstance(a, np.ndarray) for a in args):
        return fn(*args)
    return np.frompyfunc(fn, len(args), 1)(*args)


def _mp(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return np.frompyfunc(_mp, 1, 1)(x)
    return _real(mpmath.mpf(x) if not isinstance(x, (mpmath.mpf, mpmath.mpc)) else x)


@singledispatch
def _value(e: sympy.Basic, p: Point) -> Any:
    if not isinstance(e, sympy.MatrixExpr) and e.is_number:
        v = sympy.N(e, mpmath.mp.dps + 5)
        if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not v.is_real:
            raise Undefined(f"{e} is not a real number")
        return mpmath.mpf(sympy.Float(v, mpmath.mp.dps + 5)._mpf_)
    raise EvaluationError(f"cannot evaluate {type(e).__name__}")


@_value.register(sympy.Symbol)
@_value.register(MatrixSymbol)
def _symbol(e: sympy.Basic, p: Point) -> Any:
    if e in p.values:
        return _mp(p.values[e])
    if e in p.dims:  # a dimension used as a value: n in 1/n
        return mpmath.mpf(p.dims[e])
    raise EvaluationError(f"no value for {e}")


@_value.register(sympy.logic.boolalg.BooleanTrue)
@_value.register(sympy.logic.boolalg.BooleanFalse)
def _truth(e: sympy.Basic, p: Point) -> Any:
    return bool(e)


def _elementwise(f: Function) -> Any:
    def apply(e: sympy.Basic, p: Point) -> Any:
        if f.applies_to(e):
            return _each(lambda x: _real(f.mpmath(x)), value(f.argument(e), p))
        if isinstance(e, sympy.Max):
            return _fold(lambda a, b: _each(max, a, b), [value(a, p) for a in e.args])
        return _value.dispatch(sympy.Basic)(e, p)
    return apply


for _function in DERIVED:
    _value.register(_function.node)(_elementwise(_function))


def _power(b: Any, x: Any) -> Any:
    if b == 0 and x < 0:
        raise Undefined("0 to a negative power")
    return _real(mpmath.power(b, x))


@_value.register(sympy.Pow)
@_value.register(HadamardPower)
def _pow(e: sympy.Basic, p: Point) -> Any:
    return _each(_power, value(e.args[0], p), value(e.args[1], p))


@_value.register(sympy.Min)
def _min(e: sympy.Basic, p: Point) -> Any:
    return _fold(lambda a, b: _each(min, a, b), [value(a, p) for a in e.args])


@_value.register(sympy.Heaviside)
def _heaviside(e: sympy.Basic, p: Point) -> Any:
    return _each(lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf(0) if x < 0 else mpmath.mpf(0.5),
                 value(e.args[0], p))


@_value.register(sympy.Piecewise)
def _piecewise(e: sympy.Piecewise, p: Point) -> Any:
    conds = [value(c, p) for _, c in e.args]
    if not any(isinstance(c, np.ndarray) for c in conds):
        for (v, _), c in zip(e.args, conds):
            if c:
                return value(v, p)
        raise Undefined("no case holds")
    shape = next(c.shape for c in conds if isinstance(c, np.ndarray))
    out = np.empty(shape, dtype=object)
    done = np.zeros(shape, dtype=bool)
    for (v, _), c in zip(e.args, conds):
        c = np.broadcast_to(np.asarray(c, dtype=bool), shape)
        take = c & ~done
        if take.any():
            val = np.broadcast_to(np.asarray(value(v, p), dtype=object), shape)
            out[take] = val[take]
            done |= take
    if not done.all():
        raise Undefined("no case holds")
    return out


_RELATIONS = {sympy.StrictLessThan: lambda a, b: a < b, sympy.StrictGreaterThan: lambda a, b: a > b,
              sympy.LessThan: lambda a, b: a <= b, sympy.GreaterThan: lambda a, b: a >= b,
              sympy.Eq: lambda a, b: a == b, sympy.Ne: lambda a, b: a != b}


@_value.register(sympy.core.relational.Relational)
def _relation(e: sympy.Basic, p: Point) -> Any:
    out = _each(_RELATIONS[type(e)], value(e.lhs, p), value(e.rhs, p))
    return out.astype(bool) if isinstance(out, np.ndarray) else bool(out)


@_value.register(sympy.And)
def _and(e: sympy.Basic, p: Point) -> Any:
    return _fold(np.logical_and, [value(a, p) for a in e.args])


@_value.register(sympy.Or)
def _or(e: sympy.Basic, p: Point) -> Any:
    return _fold(np.logical_or, [value(a, p) for a in e.args])


@_value.register(sympy.Not)
def _not(e: sympy.Basic, p: Point) -> Any:
    return np.logical_not(value(e.args[0], p))


@_value.register(sympy.Sum)
@_value.register(MatrixSampleSum)
def _sum(e: sympy.Basic, p: Point) -> Any:
    """Σ over samples: per-sample symbols (x_i) take the i-th sample's value; Σ_i Σ_j nests."""
    return _sum_over(e.function, list(e.limits), p)


def _sum_over(function: sympy.Basic, limits: list, p: Point) -> Any:
    if not limits:
        return value(function, p)
    (index, lo, hi), inner = limits[-1], limits[:-1]  # the last limit is the outermost
    total: Any = mpmath.mpf(0)
    for k in range(int(value(lo, p)), int(value(hi, p)) + 1):
        bound = dict(p.bound)
        bound[index] = mpmath.mpf(k)
        for key, v in p.values.items():
            if isinstance(key, tuple) and key[1] == k and sample_of(key[0], index):
                bound[key[0]] = _mp(v)
        total = total + _sum_over(function, inner, Point(p.dims, p.values, bound))
    return total


@_value.register(MatrixElement)
def _element(e: MatrixElement, p: Point) -> Any:
    if not (e.i.is_Integer and e.j.is_Integer):  # an index bound by an enclosing Σ
        i, j = (int(x) if x.is_Integer else int(value(x, p)) for x in (e.i, e.j))
        return np.asarray(value(e.parent, p), dtype=object if "precise" in __name__ else float)[i, j]
    return np.asarray(value(e.parent, p), dtype=object)[int(e.i), int(e.j)]


@_value.register(MatMul)
def _matmul(e: MatMul, p: Point) -> Any:
    out: Any = None
    scale: Any = mpmath.mpf(1)
    for a in e.args:
        v = value(a, p)
        if not isinstance(a, sympy.MatrixExpr):
            scale = scale * v
            continue
        out = v if out is None else np.dot(out, v)
    return scale * out


@_value.register(MatAdd)
def _matadd(e: MatAdd, p: Point) -> Any:
    total: Any = None
    for a in e.args:
        v = value(a, p)
        if not isinstance(v, np.ndarray):
            v = np.full((size(e.shape[0], p), size(e.shape[1], p)), v, dtype=object)
        total = v if total is None else total + v
    return total


@_value.register(sympy.Add)
def _add(e: sympy.Add, p: Point) -> Any:
    return sum((value(a, p) for a in e.args), mpmath.mpf(0))


@_value.register(sympy.Mul)
def _mul(e: sympy.Mul, p: Point) -> Any:
    out: Any = mpmath.mpf(1)
    for a in e.args:
        out = out * value(a, p)
    return out


@_value.register(Transpose)
def _transpose(e: Transpose, p: Point) -> Any:
    return np.asarray(value(e.arg, p), dtype=object).T


def _to_mp(a: np.ndarray) -> Any:
    return mpmath.matrix(a.tolist())


def _from_mp(m: Any) -> np.ndarray:
    return np.array(m.tolist(), dtype=object)


@_value.register(Inverse)
def _inverse(e: Inverse, p: Point) -> Any:
    a = value(e.arg, p)
    if mpmath.det(_to_mp(a)) == 0:
        raise Undefined("singular matrix")
    return _from_mp(_to_mp(a) ** -1)


@_value.register(MatPow)
def _matpow(e: MatPow, p: Point) -> Any:
    a = value(e.base, p)
    k = int(e.exp)
    if k < 0:
        a, k = _inverse(Inverse(e.base), p), -k
    out = np.array(mpmath.eye(a.shape[0]).tolist(), dtype=object)
    for _ in range(k):
        out = np.dot(out, a)
    return out


@_value.register(HadamardProduct)
def _hadamard(e: HadamardProduct, p: Point) -> Any:
    return _fold(lambda a, b: a * b, [value(a, p) for a in e.args])


@_value.register(DiagMatrix)
def _diag(e: DiagMatrix, p: Point) -> Any:
    v = np.asarray(value(e.args[0], p), dtype=object).reshape(-1)
    out = np.full((len(v), len(v)), mpmath.mpf(0), dtype=object)
    for k, x in enumerate(v):
        out[k, k] = x
    return out


@_value.register(ElementwiseApplyFunction)
def _elementwise_apply(e: ElementwiseApplyFunction, p: Point) -> Any:
    lam = e.function
    inner = np.asarray(value(e.expr, p), dtype=object)
    out = np.empty(inner.shape, dtype=object)
    for idx in np.ndindex(inner.shape):
        out[idx] = value(lam.expr, Point(p.dims, p.values, {**p.bound, lam.variables[0]: inner[idx]}))
    return out


@_value.register(DiagonalOf)
def _diagonal_of(e: DiagonalOf, p: Point) -> Any:
    return np.diag(np.asarray(value(e.arg, p), dtype=object)).reshape(-1, 1).copy()


def _filled(e: Any, p: Point, fill: int) -> np.ndarray:
    return np.full((size(e.rows, p), size(e.cols, p)), mpmath.mpf(fill), dtype=object)


@_value.register(Identity)
def _identity(e: Identity, p: Point) -> Any:
    out = _filled(e, p, 0)
    for k in range(out.shape[0]):
        out[k, k] = mpmath.mpf(1)
    return out


@_value.register(ZeroMatrix)
def _zeros(e: ZeroMatrix, p: Point) -> Any:
    return _filled(e, p, 0)


@_value.register(OneMatrix)
def _ones(e: OneMatrix, p: Point) -> Any:
    return _filled(e, p, 1)


@_value.register(Trace)
def _trace(e: Trace, p: Point) -> Any:
    a = value(e.arg, p)
    return sum((a[k, k] for k in range(a.shape[0])), mpmath.mpf(0))


@_value.register(Determinant)
def _determinant(e: Determinant, p: Point) -> Any:
    return mpmath.det(_to_mp(value(e.arg, p)))


def _fold(fn: Any, values: list) -> Any:
    out = values[0]
    for v in values[1:]:
        out = fn(out, v)
    return out
