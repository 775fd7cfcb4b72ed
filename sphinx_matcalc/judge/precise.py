"""Evaluate the engine's SymPy expressions in arbitrary precision (mpmath), at concrete sizes.

The twin of ``numeric.py``: the same walk, one rule per node type, but every
number is an ``mpmath.mpf`` at the working precision and a matrix is a numpy
object array of them. Claims and derivatives are exact symbolic expressions;
comparing them here, at 60 digits, tells apart what floats cannot (a 10⁻⁵
regulariser, 1.00001 × the truth, e^{x−100}). A value outside the real domain
(log of a negative, a complex power, 1/0, a case that holds nowhere) is
``Undefined``: the point is not in the domain, never a value to compare.

Like ``numeric.py`` each expression is compiled once into closures (cached);
a rule does at a point what its walk did, at the precision of the call. Within
one call a drawn value is converted to mpf once, however often it is used. The module
is longer than 400 lines for the same reason as ``numeric.py``: every rule is a builder
with its closure, kept beside its float twin's order.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache, singledispatch
from typing import Any, Callable, Iterator

import mpmath
import numpy as np
from mpmath.ctx_iv import ivmpc, ivmpf
import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower, HadamardProduct,
                                        Identity, Inverse, MatAdd, MatMul, MatPow, MatrixSymbol,
                                        OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement

from ..nodes import MatrixSampleSum, UserFunction, sample_parts
from ..vocabulary import DERIVED, HUGE, Function, NoValue, Undecided, magnitude
from .exact_zero import exactly_zero
from .numeric import EvaluationError, Point, canonical, size


class Undefined(ArithmeticError):
    """The expression has no real value here: the point is outside its domain."""


class Unresolved(Undefined):
    """Interval arithmetic cannot say (a comparison its bounds do not decide, a bound that may
    be complex): no proof either way at this point."""


Compiled = Callable[[Point], Any]
_CALL: dict | None = None  # during one evaluation: drawn values already converted, by id
#: the arithmetic of the evaluation in progress: mpmath.mp (numbers) or mpmath.iv (intervals)
_CTX: Any = mpmath.mp


def evaluate_precise(expr: sympy.Basic, point: Point, digits: int) -> Any:
    """The value of ``expr`` at ``digits`` digits, or more where it writes a longer number
    (``working_digits``): an mpf, or a 2-D object array of mpf."""
    return _evaluate_precise(expr, point, working_digits(expr, digits))


@lru_cache(maxsize=16384)
def written_digits(expr: sympy.Basic) -> int:
    """The most digits of a number ``expr`` writes (1 − 10⁻⁵² is (10⁵² − 1)/10⁵²: 52)."""
    most = 0
    for n in expr.atoms(sympy.Rational, sympy.Float):
        if isinstance(n, sympy.Float):
            most = max(most, mpmath.libmp.prec_to_dps(n._prec))
        else:
            most = max(most, len(str(abs(n.p))), len(str(n.q)))
    return most


EXTRA_DIGITS = 20  # beyond the longest number written


def working_digits(expr: sympy.Basic, digits: int) -> int:
    """``digits``, or enough to hold every number ``expr`` writes exactly and 20 digits more:
    at 50 digits 1 − 10⁻⁵² is 1, and cos x > 1 − 10⁻⁵² would hold nowhere."""
    return max(digits, written_digits(expr) + EXTRA_DIGITS)


def _evaluate_precise(expr: sympy.Basic, point: Point, digits: int) -> Any:
    global _CALL
    fn = compile(expr)
    outer, _CALL = _CALL, {}
    try:
        with mpmath.workdps(digits):
            try:
                out = fn(point)
            except (ZeroDivisionError, OverflowError) as exc:
                raise Undefined(str(exc)) from exc
            for v in np.asarray(out, dtype=object).reshape(-1):
                _real(v)
            return out
    finally:
        _CALL = outer


def evaluate_interval(expr: sympy.Basic, point: Point, digits: int) -> Any:
    """An enclosure of the value of ``expr`` at ``digits`` digits: an interval (``mpmath.iv``)
    or an array of them, certain to contain the exact value. Raises Unresolved where the
    bounds cannot decide a comparison or a real value (and Undefined outside the domain)."""
    fn = compile(expr)
    digits = working_digits(expr, digits)
    with _intervals(digits), mpmath.workdps(digits + 10):
        try:
            out = fn(point)
        except Undecided as exc:
            raise Unresolved(str(exc)) from exc
        except NoValue as exc:
            raise Undefined(str(exc)) from exc
        except (ZeroDivisionError, OverflowError, mpmath.libmp.ComplexResult) as exc:
            raise Unresolved(str(exc)) from exc
        for v in np.asarray(out, dtype=object).reshape(-1):
            _real(v)
        return out


@contextmanager
def _intervals(digits: int) -> Iterator[None]:
    """Interval arithmetic at ``digits`` for what is evaluated inside (mpmath.iv has no
    workdps), with its own drawn values converted; the arithmetic before, after."""
    global _CTX, _CALL
    outer, _CALL, context, _CTX = _CALL, {}, _CTX, mpmath.iv
    precision, mpmath.iv.dps = mpmath.iv.prec, digits
    try:
        yield
    finally:
        _CALL, _CTX, mpmath.iv.prec = outer, context, precision


def _real(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return v
    if _CTX is mpmath.iv:
        return _real_interval(v)
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise Undefined("not real")
        v = v.real
    if not isinstance(v, mpmath.mpf):
        v = mpmath.mpf(v)
    if not mpmath.isfinite(v):
        raise Undefined("not finite")
    return v


def _real_interval(v: Any) -> Any:
    if isinstance(v, ivmpc):
        raise Unresolved("an enclosure that may be complex")
    if not isinstance(v, ivmpf):
        v = mpmath.iv.mpf(v)
    if mpmath.isinf(v.a) or mpmath.isinf(v.b) or mpmath.isnan(v.a) or mpmath.isnan(v.b):
        raise Unresolved("an unbounded enclosure")
    return v


def decided(relation: Any) -> bool:
    """A comparison's outcome; where interval bounds do not decide it (None), Undecided."""
    if relation is None:
        raise Undecided("a comparison the enclosures do not decide")
    return bool(relation)


def value(e: sympy.Basic, p: Point) -> Any:
    if e in p.bound:
        return p.bound[e]
    return compile(e)(p)


@lru_cache(maxsize=16384)
def compile(e: sympy.Basic) -> Compiled:
    """``e`` as a closure of a point, built once from the rule for its type (and cached)."""
    try:
        if _is_constant(e):
            return _constant(e, _compile(e))
        if isinstance(e, SWITCHES):
            return _switch(e, _compile(e))
        return _compile(e)
    except Exception:  # noqa: BLE001  (whatever fails is to fail at a point, as the walk did)
        def again(p: Point) -> Any:
            return _compile(e)(p)
        return again


SWITCHES = (sympy.core.relational.Relational, sympy.Heaviside, sympy.sign)


def _switch(e: sympy.Basic, inner: Compiled) -> Compiled:
    """A comparison, step or sign decided only where it is certain. In numbers (mpmath.mp)
    rounding decides one whose sides cancel (σ(x) ≥ 1 − σ(−x) is False at 50 and 300 digits
    at x = 5.0107, True at 1500): there it is decided by its enclosure at the working
    precision; where the enclosure cannot separate the sides, by SymPy proving them equal at
    the exact point (``exact_zero``); else Unresolved, and more digits are asked."""
    def switch(p: Point) -> Any:
        interval = _CTX is mpmath.iv
        try:
            return inner(p) if interval else _numbers(_in_intervals(inner, p))
        except Undecided:
            if not exactly_zero(_margin(e), p):
                if interval:
                    raise
                raise Unresolved("a condition whose sides no enclosure separates") from None
        return _at_zero(e)
    return switch


def _in_intervals(fn: Compiled, p: Point) -> Any:
    """``fn(p)`` in interval arithmetic at the working precision (for a switch: a bool, or an
    exact number); Undecided where the bounds do not decide it, Unresolved where they cannot
    be had (a power too large raises as it does in numbers)."""
    with _intervals(mpmath.mp.dps):
        try:
            return fn(p)
        except (ZeroDivisionError, mpmath.libmp.ComplexResult) as exc:
            raise Unresolved(str(exc)) from exc
        except NoValue as exc:
            raise Undefined(str(exc)) from exc


def _numbers(out: Any) -> Any:
    """A switch's value from intervals back in numbers: bools as they are, an exact interval
    (a step's 1 or ½, a sign) as its one number."""
    if isinstance(out, np.ndarray):
        return np.frompyfunc(_numbers, 1, 1)(out).astype(out.dtype) if out.dtype == bool \
            else np.frompyfunc(_numbers, 1, 1)(out)
    if isinstance(out, ivmpf):
        lo, hi = (mpmath.mp.make_mpf(end) for end in out._mpi_)
        return lo if lo == hi else (lo + hi) / 2
    return out


def _margin(e: sympy.Basic) -> sympy.Basic:
    """What a switch compares with 0: lhs − rhs of a comparison, a step's or sign's argument."""
    if isinstance(e, sympy.core.relational.Relational):
        return e.lhs - e.rhs
    return e.args[0]


def _at_zero(e: sympy.Basic) -> Any:
    """A switch where what it compares is exactly 0: x ≥ x holds, x > x does not; a step is ½
    there, a sign 0."""
    if isinstance(e, sympy.core.relational.Relational):
        return bool(type(e)(sympy.Integer(0), sympy.Integer(0)))
    if isinstance(e, sympy.Heaviside):  # H(0) as written, ½ unless said
        at = e.args[1] if len(e.args) > 1 else sympy.Rational(1, 2)
        return _CTX.mpf(int(at.p)) / int(at.q) if at.is_Rational else _CTX.mpf(0.5)
    return _CTX.mpf(0)


def _is_constant(e: sympy.Basic) -> bool:
    """A constant computed by rules (log(1 + 10⁻²⁰⁰)), not a number given exactly."""
    return isinstance(e, sympy.Expr) and not isinstance(e, sympy.MatrixExpr) and bool(e.args) \
        and e.is_number and not (e.is_Rational or e.is_Float or e.is_NumberSymbol)


ADAPTIVE_DIGITS = 6000  # the most digits a constant is enclosed at


def _constant(e: sympy.Basic, inner: Compiled) -> Compiled:
    """A constant to the working precision's digits of its own, wherever evaluating it at
    that precision cancels (log(1 + 10⁻²⁰⁰) is 0 at 50 digits, so 10³⁰⁰ relu(log(1 +
    10⁻²⁰⁰)x) would be 0): enclosed at 1, 4, 16, ... times the digits until the enclosure
    excludes 0 and is that narrow relative to its value; 0 where SymPy proves it is."""
    known: dict = {}

    def number(p: Point) -> Any:
        at = (_CTX.dps, _CTX.prec, _CTX is mpmath.iv)
        if at not in known:
            known[at] = _adaptive(e, inner, p)
        return known[at]
    return number


def _adaptive(e: sympy.Basic, inner: Compiled, p: Point) -> Any:
    global _CTX
    want, interval, precision = _CTX.dps, _CTX is mpmath.iv, mpmath.iv.prec
    if _proven_zero(e):
        return _CTX.mpf(0)
    digits, box, outer = want, None, _CTX
    try:
        _CTX = mpmath.iv
        while digits <= ADAPTIVE_DIGITS:
            mpmath.iv.dps = digits
            with mpmath.workdps(digits + 10):
                box = inner(p)
            if isinstance(box, ivmpf):
                lo, hi = (mpmath.mp.make_mpf(end) for end in box._mpi_)
                if (lo > 0 or hi < 0) and hi - lo <= min(abs(lo), abs(hi)) * \
                        mpmath.mpf(10) ** -want:
                    break
            digits *= 4
    except (ArithmeticError, ValueError, TypeError, Undecided, NoValue):
        box = None
    finally:
        _CTX, mpmath.iv.prec = outer, precision
    if not isinstance(box, ivmpf):
        return inner(p)  # as the rules give it at the working precision
    lo, hi = (mpmath.mp.make_mpf(end) for end in box._mpi_)
    return mpmath.iv.mpf([lo, hi]) if interval else (lo + hi) / 2


@lru_cache(maxsize=1024)
def _proven_zero(e: sympy.Basic) -> bool:
    try:  # equals is slow where SymPy knows the answer already (10⁴⁰⁰ log 6: minutes)
        known = e.is_zero
        return bool(known) if known is not None else e.equals(0) is True
    except (TypeError, ValueError, ArithmeticError, NotImplementedError, RecursionError):
        return False


def _each(fn: Any, *args: Any) -> Any:
    """Apply a one-number function to numbers or entry-wise to arrays (broadcasting)."""
    if not any(isinstance(a, np.ndarray) for a in args):
        return fn(*args)
    return np.frompyfunc(fn, len(args), 1)(*args)


def _mp(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return np.frompyfunc(_mp, 1, 1)(x)
    if _CTX is mpmath.iv:
        return _real(x if isinstance(x, ivmpf) else mpmath.iv.mpf(_exact(x)))
    if isinstance(x, sympy.Rational) and not isinstance(x, sympy.Integer):
        return mpmath.mpf(int(x.p)) / int(x.q)  # rounded once (mpf(p/q) is off past 10⁻³⁰)
    return _real(mpmath.mpf(x) if not isinstance(x, (mpmath.mpf, mpmath.mpc)) else x)


def _exact(x: Any) -> Any:
    """A drawn value as mpmath takes it exactly (a float, an int, a SymPy rational's pair)."""
    if isinstance(x, sympy.Rational) and not isinstance(x, sympy.Integer):
        return mpmath.iv.mpf(int(x.p)) / int(x.q)
    if isinstance(x, (sympy.Integer, np.integer)):
        return int(x)
    if isinstance(x, sympy.Float):
        return mpmath.mpf(x._mpf_)
    return x


def _converted(x: Any) -> Any:
    """``_mp(x)``, once per drawn value and evaluation (the value is exact at any precision)."""
    if _CALL is None:
        return _mp(x)
    key = id(x)
    hit = _CALL.get(key)
    if hit is not None and hit[0] is x:
        return hit[1]
    out = _mp(x)
    _CALL[key] = (x, out)
    return out


# mpf ∘ array tries to convert the array first (and fails, printing it) before numpy takes
# over; the ufunc called directly does the same entry-wise operations in the same order
def _times(a: Any, b: Any) -> Any:
    if isinstance(b, np.ndarray) and not isinstance(a, np.ndarray):
        return np.multiply(a, b)
    return a * b


def _plus(a: Any, b: Any) -> Any:
    if isinstance(b, np.ndarray) and not isinstance(a, np.ndarray):
        return np.add(a, b)
    return a + b


@singledispatch
def _compile(e: sympy.Basic) -> Compiled:
    if not isinstance(e, sympy.MatrixExpr) and e.is_number:
        known: dict = {}  # by working precision

        def number(p: Point) -> Any:
            dps = _CTX.dps
            at = (dps, _CTX.prec, _CTX is mpmath.iv)
            if at not in known:
                known[at] = _number(e, dps)
            return known[at]
        return number

    def unknown(p: Point) -> Any:
        raise EvaluationError(f"cannot evaluate {type(e).__name__}")
    return unknown


def _number(e: sympy.Basic, dps: int) -> Any:
    """A constant at ``dps`` digits: an mpf, or (intervals) an enclosure of it."""
    if _CTX is mpmath.iv and e.is_Rational:
        return mpmath.iv.mpf(int(e.p)) / int(e.q)
    v = sympy.N(e, dps + 10)
    if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not v.is_real:
        raise Undefined(f"{e} is not a real number")
    mid = mpmath.mpf(sympy.Float(v, dps + 10)._mpf_)
    if _CTX is not mpmath.iv:
        return mid
    if e.is_Float:  # a float is its binary value exactly
        return mpmath.iv.mpf(mid)
    radius = abs(mid) * mpmath.mpf(10) ** -(dps + 5)  # evalf is good to dps + 10 digits
    return mpmath.iv.mpf([mid - radius, mid + radius])


@_compile.register(sympy.Symbol)
@_compile.register(MatrixSymbol)
def _symbol(e: sympy.Basic) -> Compiled:
    e = canonical(e)

    def symbol(p: Point) -> Any:
        bound = p.bound
        if e in bound:
            return bound[e]
        if e in p.values:
            return _converted(p.values[e])
        if e in p.dims:  # a dimension used as a value: n in 1/n
            return _CTX.mpf(p.dims[e])
        raise EvaluationError(f"no value for {e}")
    return symbol


@_compile.register(sympy.logic.boolalg.BooleanTrue)
@_compile.register(sympy.logic.boolalg.BooleanFalse)
def _truth(e: sympy.Basic) -> Compiled:
    truth = bool(e)
    return lambda p: truth


def _elementwise(f: Function) -> Any:
    def build(e: sympy.Basic) -> Compiled:
        if f.applies_to(e):
            argument, fn = compile(f.argument(e)), f.mpmath

            def one(x: Any) -> Any:
                return _real(fn(x))
            return lambda p: _each(one, argument(p))
        if isinstance(e, sympy.Max):
            return _folded(_greatest, e.args)
        return _compile.dispatch(sympy.Basic)(e)
    return build


for _function in DERIVED:
    _compile.register(_function.node)(_elementwise(_function))


def _folded(fn: Any, args: tuple) -> Compiled:
    parts = [compile(a) for a in args]
    return lambda p: _fold(lambda a, b: _each(fn, a, b), [part(p) for part in parts])


def _too_large(b: Any, x: Any) -> bool:
    """Is b^x so large (or small) that its exponent, |x log₂ b|, passes HUGE bits? mpmath would
    compute it, as e^{x ln b} and ln 2 to as many bits, for hours."""
    ends = (b.a, b.b) if _CTX is mpmath.iv else (b,)
    bits = max((abs(mpmath.mag(end)) for end in ends if end != 0), default=0)
    return magnitude(x) * (bits + 1) > HUGE


def _power(b: Any, x: Any) -> Any:
    if _CTX is mpmath.iv:  # a plain number from a rule (det of exact entries) as an interval
        b, x = (v if isinstance(v, ivmpf) else _mp(v) for v in (b, x))
    if _too_large(b, x):
        raise OverflowError("a power too large to compute")
    if _CTX is mpmath.iv:
        if b.a == 0 and b.b == 0 and x.b < 0:  # exactly 0 to a negative power: no value
            raise Undefined("0 to a negative power")
        if b.b < 0 and not (x.a == x.b and x.a == int(x.a)):  # a negative base, a fraction
            raise Undefined("a negative number to a fractional power")
        return _real(_CTX.power(b, x))
    if b == 0 and x < 0:
        raise Undefined("0 to a negative power")
    return _real(mpmath.power(b, x))


@_compile.register(sympy.Pow)
@_compile.register(HadamardPower)
def _pow(e: sympy.Basic) -> Compiled:
    base, exp = compile(e.args[0]), compile(e.args[1])
    return lambda p: _each(_power, base(p), exp(p))


@_compile.register(sympy.Min)
def _min(e: sympy.Basic) -> Compiled:
    return _folded(_least, e.args)


def _greatest(a: Any, b: Any) -> Any:
    return b if decided(b > a) else a


def _least(a: Any, b: Any) -> Any:
    return b if decided(b < a) else a


def _step(x: Any) -> Any:
    return _CTX.mpf(1) if decided(x > 0) else _CTX.mpf(0) if decided(x < 0) else _CTX.mpf(0.5)


@_compile.register(sympy.Heaviside)
def _heaviside(e: sympy.Basic) -> Compiled:
    argument = compile(e.args[0])
    return lambda p: _each(_step, argument(p))


@_compile.register(sympy.Piecewise)
def _piecewise(e: sympy.Piecewise) -> Compiled:
    conditions = [compile(c) for _, c in e.args]
    cases = [compile(v) for v, _ in e.args]

    def piecewise(p: Point) -> Any:
        conds = [c(p) for c in conditions]
        if not any(isinstance(c, np.ndarray) for c in conds):
            for case, c in zip(cases, conds):
                if c:
                    return case(p)
            raise Undefined("no case holds")
        shape = next(c.shape for c in conds if isinstance(c, np.ndarray))
        out = np.empty(shape, dtype=object)
        done = np.zeros(shape, dtype=bool)
        for case, c in zip(cases, conds):
            c = np.broadcast_to(np.asarray(c, dtype=bool), shape)
            take = c & ~done
            if take.any():
                val = np.broadcast_to(np.asarray(case(p), dtype=object), shape)
                out[take] = val[take]
                done |= take
        if not done.all():
            raise Undefined("no case holds")
        return out
    return piecewise


_RELATIONS = {sympy.StrictLessThan: lambda a, b: decided(a < b),
              sympy.StrictGreaterThan: lambda a, b: decided(a > b),
              sympy.LessThan: lambda a, b: decided(a <= b),
              sympy.GreaterThan: lambda a, b: decided(a >= b),
              sympy.Eq: lambda a, b: _equal(a, b), sympy.Ne: lambda a, b: not _equal(a, b)}


def _equal(a: Any, b: Any) -> bool:
    if _CTX is mpmath.iv:  # equal only when both are the same single number
        d = a - b
        if 0 not in d:
            return False
        if d.a == 0 and d.b == 0:
            return True
        raise Undecided("an equality the enclosures do not decide")
    return a == b


@_compile.register(sympy.core.relational.Relational)
def _relation(e: sympy.Basic) -> Compiled:
    lhs, rhs, relation = compile(e.lhs), compile(e.rhs), _RELATIONS[type(e)]

    def related(p: Point) -> Any:
        out = _each(relation, lhs(p), rhs(p))
        return out.astype(bool) if isinstance(out, np.ndarray) else bool(out)
    return related


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


def _samples(values: dict) -> dict:
    """The point's per-sample data by (subscript, sample): which keys a Σ over it binds."""
    if _CALL is not None and id(values) in _CALL and _CALL[id(values)][0] is values:
        return _CALL[id(values)][1]
    groups: dict = {}
    for key, v in values.items():
        if isinstance(key, tuple):
            sub = sample_parts(str(getattr(key[0], "name", key[0])))[1]
            groups.setdefault((sub, key[1]), []).append((key[0], v))
    if _CALL is not None:
        _CALL[id(values)] = (values, groups)
    return groups


def _sum_over(function: sympy.Basic, limits: list) -> Compiled:
    if not limits:
        return compile(function)
    (index, lo, hi), inner = limits[-1], limits[:-1]  # the last limit is the outermost
    body, first, last, name = _sum_over(function, inner), compile(lo), compile(hi), str(index)
    index = canonical(index)

    def summed(p: Point) -> Any:
        total: Any = _CTX.mpf(0)
        groups = _samples(p.values)
        for k in range(_int(first(p)), _int(last(p)) + 1):
            bound = dict(p.bound)
            bound[index] = _CTX.mpf(k)
            for key, v in groups.get((name, k), ()):  # as sample_of(key, index) picks them
                bound[key] = _converted(v)
            total = _plus(total, body(Point(p.dims, p.values, bound)))
        return total
    return summed


@_compile.register(MatrixElement)
def _element(e: MatrixElement) -> Compiled:
    parent = compile(e.parent)
    if not (e.i.is_Integer and e.j.is_Integer):  # an index bound by an enclosing Σ
        rows, cols = compile(e.i), compile(e.j)
        fixed_i = int(e.i) if e.i.is_Integer else None
        fixed_j = int(e.j) if e.j.is_Integer else None

        def indexed(p: Point) -> Any:
            i = fixed_i if fixed_i is not None else _int(rows(p))
            j = fixed_j if fixed_j is not None else _int(cols(p))
            return np.asarray(parent(p), dtype=object)[i, j]
        return indexed
    i, j = int(e.i), int(e.j)
    return lambda p: np.asarray(parent(p), dtype=object)[i, j]


@_compile.register(MatMul)
def _matmul(e: MatMul) -> Compiled:
    parts = [(compile(a), isinstance(a, sympy.MatrixExpr)) for a in e.args]

    def product(p: Point) -> Any:
        out: Any = None
        scale: Any = _CTX.mpf(1)
        for part, matrix in parts:
            v = part(p)
            if not matrix:
                scale = _times(scale, v)
                continue
            out = v if out is None else np.dot(out, v)
        return _times(scale, out)
    return product


@_compile.register(MatAdd)
def _matadd(e: MatAdd) -> Compiled:
    parts, shape = [compile(a) for a in e.args], e.shape

    def added(p: Point) -> Any:
        total: Any = None
        for part in parts:
            v = part(p)
            if not isinstance(v, np.ndarray):
                v = np.full((size(shape[0], p), size(shape[1], p)), v, dtype=object)
            total = v if total is None else total + v
        return total
    return added


@_compile.register(sympy.Add)
def _add(e: sympy.Add) -> Compiled:
    parts = [compile(a) for a in e.args]

    def added(p: Point) -> Any:
        total: Any = _CTX.mpf(0)
        for part in parts:
            total = _plus(total, part(p))
        return total
    return added


@_compile.register(sympy.Mul)
def _mul(e: sympy.Mul) -> Compiled:
    parts = [compile(a) for a in e.args]

    def product(p: Point) -> Any:
        out: Any = _CTX.mpf(1)
        for part in parts:
            out = _times(out, part(p))
        return out
    return product


@_compile.register(Transpose)
def _transpose(e: Transpose) -> Compiled:
    argument = compile(e.arg)
    return lambda p: np.asarray(argument(p), dtype=object).T


def _to_mp(a: np.ndarray) -> Any:
    return _CTX.matrix(a.tolist())


def _from_mp(m: Any) -> np.ndarray:
    return np.array(m.tolist(), dtype=object)


def _inverted(a: Any) -> Any:
    m = _to_mp(a)  # det and inverse each work on a copy
    if _CTX is mpmath.iv:
        if 0 in _CTX.det(m):
            raise Unresolved("a determinant that may be 0")
        return _from_mp(_CTX.inverse(1 * m.copy()))
    if _det(a) == 0:
        raise Undefined("singular matrix")
    return _from_mp(mpmath.inverse(1 * m.copy()))  # m ** -1, without its unused square


@_compile.register(Inverse)
def _inverse(e: Inverse) -> Compiled:
    argument = compile(e.arg)
    return lambda p: _inverted(argument(p))


@_compile.register(MatPow)
def _matpow(e: MatPow) -> Compiled:
    base, exp = compile(e.base), e.exp
    if not exp.is_Integer:  # a whole number k is replaced by its values first (integers.py)
        raise EvaluationError(f"the power {e} has no whole exponent")

    def power(p: Point) -> Any:
        a = base(p)
        k = int(exp)
        if k < 0:
            Inverse(e.base)  # as the walk did: its inverse, of the same value
            a, k = _inverted(a), -k
        out = np.array(_CTX.eye(a.shape[0]).tolist(), dtype=object)
        for _ in range(k):
            out = np.dot(out, a)
        return out
    return power


@_compile.register(HadamardProduct)
def _hadamard(e: HadamardProduct) -> Compiled:
    parts = [compile(a) for a in e.args]
    return lambda p: _fold(_times, [part(p) for part in parts])


@_compile.register(DiagMatrix)
def _diag(e: DiagMatrix) -> Compiled:
    argument = compile(e.args[0])

    def diagonal(p: Point) -> Any:
        v = np.asarray(argument(p), dtype=object).reshape(-1)
        out = np.full((len(v), len(v)), _CTX.mpf(0), dtype=object)
        for k, x in enumerate(v):
            out[k, k] = x
        return out
    return diagonal


@_compile.register(UserFunction)
def _user_function(e: UserFunction) -> Compiled:
    """A function of conf.py: its own formula at the argument, every branch of it traced."""
    return compile(e.expanded())


@_compile.register(ElementwiseApplyFunction)
def _elementwise_apply(e: ElementwiseApplyFunction) -> Compiled:
    lam = e.function
    argument, body, variable = compile(e.expr), compile(lam.expr), lam.variables[0]

    def applied(p: Point) -> Any:
        inner = np.asarray(argument(p), dtype=object)
        out = np.empty(inner.shape, dtype=object)
        for idx in np.ndindex(inner.shape):
            out[idx] = body(Point(p.dims, p.values, {**p.bound, variable: inner[idx]}))
        return out
    return applied


@_compile.register(DiagonalOf)
def _diagonal_of(e: DiagonalOf) -> Compiled:
    argument = compile(e.arg)
    return lambda p: np.diag(np.asarray(argument(p), dtype=object)).reshape(-1, 1).copy()


def _filled(e: Any, p: Point, fill: int) -> np.ndarray:
    return np.full((size(e.rows, p), size(e.cols, p)), _CTX.mpf(fill), dtype=object)


@_compile.register(Identity)
def _identity(e: Identity) -> Compiled:
    def identity(p: Point) -> Any:
        out = _filled(e, p, 0)
        for k in range(out.shape[0]):
            out[k, k] = _CTX.mpf(1)
        return out
    return identity


@_compile.register(ZeroMatrix)
def _zeros(e: ZeroMatrix) -> Compiled:
    return lambda p: _filled(e, p, 0)


@_compile.register(OneMatrix)
def _ones(e: OneMatrix) -> Compiled:
    return lambda p: _filled(e, p, 1)


@_compile.register(sympy.ImmutableDenseMatrix)
@_compile.register(sympy.MutableDenseMatrix)
def _explicit(e: sympy.MatrixBase) -> Compiled:
    """A literal (bmatrix): each entry's value in its place, entries in reading order."""
    rows, cols = e.shape
    entries = [compile(t) for t in e]

    def explicit(p: Point) -> Any:
        out = np.full((rows, cols), _CTX.mpf(0), dtype=object)
        for k, entry in enumerate(entries):
            out[k // cols, k % cols] = entry(p)
        return out
    return explicit


@_compile.register(Trace)
def _trace(e: Trace) -> Compiled:
    argument = compile(e.arg)

    def trace(p: Point) -> Any:
        a = argument(p)
        return sum((a[k, k] for k in range(a.shape[0])), _CTX.mpf(0))
    return trace


@_compile.register(Determinant)
def _determinant(e: Determinant) -> Compiled:
    argument = compile(e.arg)
    return lambda p: _mp(_det(argument(p)))  # a number, never a plain int


def _det(a: Any) -> Any:
    """The determinant by elimination with partial pivoting and no tolerance: mpmath's det is
    0 for a matrix it finds numerically singular (X⁻⁵ of an X with entries 10⁻⁶ to 10⁶), which
    would be an exact 0 where the determinant is 10⁻¹³¹. An exactly zero column is 0; an
    enclosure of a pivot that may be 0 is Unresolved."""
    rows = [list(r) for r in np.asarray(a, dtype=object)]
    n, out = len(rows), _CTX.mpf(1)
    for c in range(n):
        k = max(range(c, n), key=lambda r: _size(rows[r][c]))
        if _size(rows[k][c]) == 0:
            return _CTX.mpf(0)
        if k != c:
            rows[c], rows[k], out = rows[k], rows[c], -out
        pivot = rows[c][c]
        if _CTX is mpmath.iv and 0 in pivot:
            raise Unresolved("a pivot that may be 0")
        out = out * pivot
        for r in range(c + 1, n):
            f = rows[r][c] / pivot
            rows[r] = [x - f * y if j >= c else x for j, (x, y) in enumerate(zip(rows[r], rows[c]))]
    return out


def _size(v: Any) -> Any:
    """How large an entry is, for the choice of a pivot (an enclosure by its largest end)."""
    if isinstance(v, ivmpf):
        return max(abs(mpmath.mpf(v._mpi_[0])), abs(mpmath.mpf(v._mpi_[1])))
    return abs(v)


def _int(v: Any) -> int:
    """A bound or index the point gives as a number (an interval of one number)."""
    if isinstance(v, ivmpf):
        if v.a != v.b:
            raise Unresolved("an index that is not one number")
        return int(v.a)
    return int(v)


def _fold(fn: Any, values: list) -> Any:
    out = values[0]
    for v in values[1:]:
        out = fn(out, v)
    return out
