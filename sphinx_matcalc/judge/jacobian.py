"""The engine's result against the function: symbolic Jacobian versus finite differences.

Before any result is shown it is evaluated at random small sizes and values and
compared with central differences of the original function, over several draws. Points
where the function is undefined, or where a kink makes the difference quotient unstable
(max, |·|, cases), are redrawn; where float differences do not settle (sin(10⁴x)²,
sin(10²⁰x)), they are taken in high precision at shrinking steps until two agree; where
small draws miss the domain (log(1ᵀx − 10⁶)), the judge's draws over every magnitude and
its line searches across the domain's bounds supply the points. SymPy's own matrix
``diff`` is never consulted.
"""

from __future__ import annotations

from typing import Iterator

import mpmath
import numpy as np
import sympy
from sympy.matrices.expressions import ZeroMatrix

from ..errors import MatcalcError, Subtype
from ..nodes import is_matrix
from .claims import exact_difference, exactly_scalar
from .draws import draw
from .floats import _float
from .integers import at, instances, setting_at
from .numeric import EvaluationError, Point, evaluate
from .precise import Undefined, evaluate_precise
from .points import (ATTEMPTS, TOLERANCE, Setting, Symbols, _close, _finite, _sizes, draw_point,
                     shrink)
from .search import crossings

DRAWS = 3  # accepted draws needed
STEP = 1e-6
JUDGE_SCALES = (1.0, 1.0, 0.3, 0.3, 0.1, 0.1)  # smaller values where large ones overflow


def finite_difference(f: sympy.Basic, var: sympy.Basic, point: Point, h: float) -> np.ndarray:
    """Numerator-layout Jacobian of f by central differences at ``point``."""
    base = np.asarray(point.values[var], dtype=float)
    columns = []
    for j in range(base.size):
        step = np.zeros(base.size)
        step[j] = h
        plus = _at(f, var, base + step.reshape(base.shape), point)
        minus = _at(f, var, base - step.reshape(base.shape), point)
        columns.append((plus - minus) / (2 * h))
    if not is_matrix(var):
        return columns[0]
    if var.shape[1] != 1:  # scalar by matrix: the gradient's transpose (numerator layout)
        return np.array([float(c) for c in columns]).reshape(base.shape).T
    return np.stack([c.reshape(-1) for c in columns], axis=1)


def precise_difference(f: sympy.Basic, var: sympy.Basic, point: Point, k: int = 20
                       ) -> tuple[np.ndarray, int]:
    """Numerator-layout Jacobian of f by central differences (h = 10⁻ᵏ) in enough digits:
    2k + 10 beyond the magnitude of f here, so that a constant 10^100 beside x^2 does not
    swamp the difference f(x + h) − f(x − h). Also the digits used, to evaluate the
    derivative in."""
    h = mpmath.mpf(10) ** -k
    try:
        size = max((abs(v) for v in np.asarray(evaluate_precise(f, point, 30),
                                                 dtype=object).reshape(-1)), default=0)
    except (ArithmeticError, ValueError):
        size = 0
    digits = 2 * k + 10 + (max(0, int(mpmath.log10(size))) if size > 1 else 0)
    with mpmath.workdps(digits):
        base = np.asarray(point.values[var], dtype=float)
        columns = []
        for j in range(base.size):
            step = np.zeros(base.size, dtype=object)
            step[:] = mpmath.mpf(0)
            step[j] = h
            plus = base.reshape(-1).astype(object) + step
            minus = base.reshape(-1).astype(object) - step
            values = []
            for shifted in (plus, minus):
                v = shifted.reshape(base.shape) if is_matrix(var) else shifted[0]
                at = Point(point.dims, {**point.values, var: v})
                values.append(np.asarray(evaluate_precise(f, at, digits), dtype=object))
            columns.append(np.asarray((values[0] - values[1]) / (2 * h), dtype=float))
    if not is_matrix(var):
        return columns[0], digits
    if var.shape[1] != 1:
        return np.array([float(c) for c in columns]).reshape(base.shape).T, digits
    return np.stack([c.reshape(-1) for c in columns], axis=1), digits


def _at(f: sympy.Basic, var: sympy.Basic, value: np.ndarray, point: Point) -> np.ndarray:
    shifted = Point(point.dims, {**point.values, var: value if is_matrix(var) else float(value)})
    return np.asarray(evaluate(f, shifted), dtype=float)


def _points(f: sympy.Basic, jacobian: sympy.Basic, symbols: Symbols, setting: Setting,
            rng: np.random.Generator) -> Iterator[Point]:
    """Where to compare: small random draws first; then, for a function defined on a narrow
    or far domain (log(1ᵀx − 10⁶)), the judge's draws over every magnitude and the points
    its line searches find on the inner side of every bound of the domain."""
    for attempt in range(ATTEMPTS):
        scale = JUDGE_SCALES[attempt % len(JUDGE_SCALES)]
        yield draw_point(symbols, setting, rng, positive=attempt % 2 == 1, scale=scale)
    structure = dict(setting.structure)
    exprs = (f, jacobian)
    drawn = [draw(symbols, setting.per_sample, k, rng, structure=structure)
             for k in range(WIDE_DRAWS)]
    yield from drawn
    for start in drawn[:2]:
        yield from crossings(exprs, start, symbols, rng, structure=structure)


WIDE_DRAWS = 64  # the judge's draws tried when small ones miss the domain


PRECISE_TRIES = 3  # points where floats overflow that are checked in mpmath instead, at most
STEEP_TRIES = 3  # points where float differences do not settle, retried in mpmath, at most
#: Steps 10⁻ᵏ of the high-precision differences, tried in turn until two agree.
STEEP_STEPS = (10, 20, 40, 80, 160)


def _agrees_at(f: sympy.Basic, var: sympy.Basic, jacobian: sympy.Basic, point: Point,
               precise: list[int], steep: list[int]) -> bool:
    """Does the derivative match central differences here? False where the point says
    nothing (undefined, or a kink between the two step sizes); raises where they disagree."""
    try:
        value = np.asarray(evaluate(f, point), dtype=float)
        if not _finite(value):  # floats overflow (log(1 + e^{x + 10⁵})): in high precision
            if precise[0] <= 0:
                return False
            precise[0] -= 1
            return _agrees_precisely(f, var, jacobian, point)
        claimed = np.asarray(evaluate(jacobian, point), dtype=float)
        fd = finite_difference(f, var, point, STEP)
        coarse = finite_difference(f, var, point, STEP * 100)
    except (EvaluationError, np.linalg.LinAlgError, ValueError) as exc:
        raise MatcalcError(f"The numeric check could not evaluate the derivative: {exc}.",
                           Subtype.INTERNAL) from exc
    rounding = float(np.max(np.abs(value))) * 1e-15 / STEP
    if _finite(fd) and rounding > TOLERANCE / 10 * (1 + float(np.max(np.abs(fd)))):
        # f is so large here (an additive 10^9) that float differences are mostly
        # rounding: difference it in high precision instead, and the derivative with it
        # (in floats its own terms may cancel: 1 - σ(330) is 0)
        try:
            fd, digits = precise_difference(f, var, point)
            coarse = fd
            claimed = np.asarray(evaluate_precise(jacobian, point, digits), dtype=float)
        except (Undefined, EvaluationError):
            return False
    if not (_finite(claimed) and _finite(fd)):
        return False  # undefined here: redraw
    if _close(fd, coarse, 1e-3) and _same(claimed, fd):
        return True
    if steep[0] > 0:  # steep (sin(10⁴x)²: the two steps disagree; sin(10²⁰x): floats lost
        steep[0] -= 1  # every digit of the step), a kink between the steps, or a real error
        return _settled(f, var, jacobian, point)
    return False


def _settled(f: sympy.Basic, var: sympy.Basic, jacobian: sympy.Basic, point: Point) -> bool:
    """Differences in high precision at shrinking steps: True once two in a row agree to 10⁻⁸
    and match the derivative. For a function smooth here the error falls as h², so
    differences still settled at the two smallest steps are the derivative, and an internal
    error where the engine's differs; but a pair settled at larger steps may be an average
    over oscillations finer than the step (sin(c x)/c, c = 6²⁰⁰), so the steps go on. False
    where they never settle, or settle on another value where f holds a number past what the
    steps resolve (10¹⁵⁰): the point says nothing."""
    previous, settled = None, None
    for k in STEEP_STEPS:
        try:
            fd, digits = precise_difference(f, var, point, k)
        except (Undefined, EvaluationError, OverflowError, ValueError, ArithmeticError):
            return False
        settled = (fd, digits) if previous is not None and _finite(fd) and _close(
            fd, previous, 1e-8) else None
        if settled is not None and _matches_in(jacobian, point, fd, digits, strict=False):
            return True
        previous = fd
    if settled is None or _finer_than_steps(f):
        return False
    return _matches_in(jacobian, point, *settled)


def _finer_than_steps(f: sympy.Basic) -> bool:
    """Does f hold a number of magnitude 10¹⁵⁰ or more (6²⁰⁰, e^{400}), which can make it
    vary on scales the smallest step does not resolve?"""
    numbers = (n for n in sympy.preorder_traversal(f) if n.is_number and not n.free_symbols)
    for n in numbers:
        try:
            if abs(sympy.N(n, 5)) >= sympy.Float(10) ** (STEEP_STEPS[-1] - 10):
                return True
        except (TypeError, ValueError, ArithmeticError):
            return True
    return False


def _same(claimed: np.ndarray, fd: np.ndarray) -> bool:
    """Does the derivative's value match the differences (in shape, to TOLERANCE)?"""
    claimed = claimed.reshape(fd.shape) if claimed.size == fd.size else claimed
    return claimed.shape == fd.shape and _close(claimed, fd, TOLERANCE)


def _matches(claimed: np.ndarray, fd: np.ndarray, point: Point) -> bool:
    """True where the derivative matches the differences; an internal error where not."""
    if not _same(claimed, fd):
        raise MatcalcError(
            "Internal error: the engine's derivative disagrees with a numerical derivative "
            f"(sizes {_sizes(point)}). The result is not shown; please report this input.",
            Subtype.INTERNAL)
    return True


def _agrees_precisely(f: sympy.Basic, var: sympy.Basic, jacobian: sympy.Basic,
                      point: Point) -> bool:
    """``_agrees_at`` where f overflows floats: value, differences and derivative in mpmath."""
    try:
        evaluate_precise(f, point, 30)
        fd, digits = precise_difference(f, var, point)
    except (Undefined, EvaluationError, OverflowError, ValueError):
        return False
    return _finite(fd) and _matches_in(jacobian, point, fd, digits)


def _matches_in(jacobian: sympy.Basic, point: Point, fd: np.ndarray, digits: int,
                strict: bool = True) -> bool:
    """``_matches`` with the derivative evaluated in ``digits``, and where it differs, again in
    more until two agree (sin(6²⁰⁰πx) at 30 digits is noise); False where it is not finite or
    has no stable value. ``strict`` False: False where it differs, not an internal error."""
    previous = None
    for more in (digits, 2 * digits + 50, 4 * digits + 100, 8 * digits + 200):
        try:
            claimed = np.asarray(evaluate_precise(jacobian, point, more), dtype=float)
        except (Undefined, EvaluationError, OverflowError, ValueError):
            return False
        if not _finite(claimed):
            return False
        if _same(claimed, fd):
            return True
        if previous is not None and _close(claimed, previous, 1e-10):
            return _matches(claimed, fd, point) if strict else False
        previous = claimed
    return False


def check_jacobian(f: sympy.Basic, var: sympy.Basic, jacobian: sympy.Basic, setting: Setting,
                   seed: int = 0) -> int:
    """Raise unless ``jacobian`` (numerator layout) matches finite differences; returns draws."""
    whole = instances(f, jacobian, *setting.function)
    if whole:  # a declared whole number k: at each of its values
        return sum(check_jacobian(*at(instance, f, var, jacobian), setting_at(instance, setting),
                                  seed) for instance in whole)
    if not f.has(var):  # the derivative is zero by structure; it must be a zero
        if jacobian == 0 or isinstance(jacobian, ZeroMatrix) or _zero_by_value(jacobian,
                                                                               setting):
            return 0
        raise MatcalcError("Internal error: a function that does not contain the variable got "
                           "a non-zero derivative. Please report this input.", Subtype.INTERNAL)
    f, var, jacobian = shrink((f, var, jacobian))
    symbols = Symbols.of((f, jacobian, var))
    rng = np.random.default_rng(seed)
    accepted, precise, steep = 0, [PRECISE_TRIES], [STEEP_TRIES]
    for point in _points(f, jacobian, symbols, setting, rng):
        if _agrees_at(f, var, jacobian, point, precise, steep):
            accepted += 1
            if accepted >= DRAWS:
                return accepted
    if accepted == 0 and exactly_scalar(f, jacobian) and not is_matrix(var):
        # floats failed everywhere (x^{10^{11}} overflows); SymPy's scalar diff, which is
        # reliable for scalars, compared in exact arithmetic
        if exact_difference(jacobian, sympy.diff(f, var)) is None:
            return 1
        raise MatcalcError("Internal error: the engine's derivative disagrees with the exact "
                           "derivative. The result is not shown; please report this input.",
                           Subtype.INTERNAL)
    raise MatcalcError(  # the function's fault (log of an identity's zeros), not the engine's
        "The derivative could not be checked numerically: the function is not finite, or not "
        "differentiable, at the random points tried; it is not shown.", Subtype.UNCHECKED)


def _zero_by_value(jacobian: sympy.Basic, setting: Setting, draws: int = 3) -> bool:
    """Is ``jacobian`` 0 at every point, though not written as 0 (0·(aᵀx)⁻¹aᵀ, the k·… of
    k = 0)? Exactly 0 in floats at a few draws, and 0 in its coefficient."""
    factors = sympy.Mul.make_args(jacobian.args[0]) if isinstance(jacobian, sympy.MatMul) \
        else sympy.Mul.make_args(jacobian)
    if not any(f == 0 for f in factors):
        return False
    symbols = Symbols.of((jacobian,))
    rng = np.random.default_rng(3)
    for k in range(draws):
        value = _float(jacobian, draw(symbols, setting.per_sample, k, rng))
        if value is None or np.any(value != 0):
            return False
    return True

