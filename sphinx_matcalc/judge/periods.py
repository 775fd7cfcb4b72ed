"""Peaks of periodic conditions moved by whole periods into the region the others select.

The ascent of ``feasible`` maximises the least margin; with a periodic margin (sin x sin y >
1 − 10⁻⁶) and another (x > 50) it can stop where the two pull apart, at a peak the other
excludes (x = 48.7) or at the other's boundary, and never reach the peak one period on (x =
55.0). A periodic margin takes the same values one whole period along a coordinate, the
other coordinates held, so a peak met anywhere is met again near any point: the peak of the
periodic margins alone is moved, coordinate by coordinate, by the whole periods that bring
it nearest the point where the others hold, and the nearest periods either side.

The periods come from SymPy's ``periodicity`` of each margin in that coordinate (others held
as symbols, then given their values: sin(xy) repeats in x every 2π/|y|), within a budget.
Nothing here is trusted: a moved point is kept only where every margin is evaluated to hold.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

import numpy as np
import sympy
from sympy.matrices.expressions.matexpr import MatrixElement

from .budget import within
from .numeric import EvaluationError, Point, evaluate

PERIOD_SECONDS = 0.5  # SymPy's periodicity of one margin in one coordinate, at most
COORDINATES = 4  # coordinates moved at most (3 shifts each: 81 points)


def moved_peaks(margins: tuple[sympy.Basic, ...], peak: Point, near: Point, axes: list[dict],
                shift: object) -> list[Point]:
    """``peak`` (where the periodic ``margins`` hold) moved by whole periods along each axis
    whose key the margins read: to the multiples nearest ``near`` and one either side.
    ``shift(p, unit, t)`` moves a point along an axis."""
    options: list[list[tuple[dict, float]]] = []
    for unit in axes:
        t = _common_period(margins, unit, peak)
        if t is None:
            continue
        gap = _coordinate(near, unit) - _coordinate(peak, unit)
        k = round(gap / t)
        options.append([(unit, (k + j) * t) for j in (0, -1, 1)])
        if len(options) == COORDINATES:
            break
    if not options:
        return []
    out = []
    for choice in product(*options):
        p = peak
        for unit, t in choice:
            if t:
                p = shift(p, unit, t)  # type: ignore[operator]
        out.append(p)
    return out


def _coordinate(p: Point, unit: dict) -> float:
    key, u = next(iter(unit.items()))
    return float(np.ravel(p.values[key])[int(np.argmax(np.ravel(u)))]) if np.ndim(u) \
        else float(p.values[key])


def _common_period(margins: tuple[sympy.Basic, ...], unit: dict, p: Point) -> float | None:
    """A period along ``unit`` shared by every margin that moves with it (the largest of
    theirs, where the others divide it), at ``p``; None where one has none."""
    periods = []
    for m in margins:
        t = _period(m, _entries(unit))
        if t is None:
            return None
        if t != 0:
            periods.append(t)
    values = []
    for t in periods:
        try:
            v = abs(float(np.real(evaluate(t, p)))) if t.free_symbols else abs(float(t))
        except (EvaluationError, TypeError, ValueError, OverflowError, ZeroDivisionError):
            return None
        if not np.isfinite(v) or v == 0:
            return None
        values.append(v)
    if not values:
        return None
    longest = max(values)
    if any(abs(longest / v - round(longest / v)) > 1e-9 for v in values):
        return None
    return longest


def _entries(unit: dict) -> tuple:
    """What an axis moves, as nodes of a margin: scalar symbols (x, or x_i for its sample)
    and matrix entries X[i, j] (both of a symmetric pair)."""
    out = []
    for key, u in unit.items():
        base = key[0] if isinstance(key, tuple) else key
        if np.ndim(u):
            rows, cols = np.shape(u)
            out += [MatrixElement(base, i, j) for i in range(rows) for j in range(cols)
                    if u[i, j]]
        else:
            out.append(base)
    return tuple(out)


@lru_cache(maxsize=1024)
def _period(m: sympy.Basic, entries: tuple) -> sympy.Expr | None:
    """The period of ``m`` in the coordinate ``entries`` move together (0 where m does not
    depend on it), or None: none, none found in time, or m reads the coordinate's matrix
    other than through these entries (tr X)."""
    t = sympy.Dummy("t", real=True)
    moved = m.xreplace({e: t for e in entries})
    bases = {e.args[0] if isinstance(e, MatrixElement) else e for e in entries}
    whole = moved.replace(lambda e: isinstance(e, MatrixElement) and e.args[0] in bases,
                          lambda e: sympy.Integer(0)).has(*bases)
    if whole:
        return None
    if not moved.has(t):
        return sympy.Integer(0)
    return within(PERIOD_SECONDS, lambda: sympy.periodicity(moved, t))
