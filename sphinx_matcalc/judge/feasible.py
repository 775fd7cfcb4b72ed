"""Points where several conditions hold at once, in several scalars, by linear programs.

A term of claim − truth may be non-zero only where conditions hold together that no
coordinate move and no line meets: a box or ball under non-smooth margins (|x − 3| +
|y − 2| < 10⁻⁶), a thin sliver between curves (x > 2, y > 2, xy < 4.0001), the peaks of
periodic functions (sin(1000x) > 1 − 10⁻¹², or sin x and sin y near 1 with x > 100), a
threshold on a sum of matrix entries (tr A > 10¹⁴). Two steps find such points:

* non-smooth functions are split into their smooth cases (|u| is u where u ≥ 0 and −u
  where u ≤ 0; max, min, steps and signs alike), each case adding its own condition;
* each smooth case is solved by a trust-region sequence of linear programs (Newton's
  method for inequalities): the margins are linearised at the current point (by central
  differences, in coordinates scaled to the values), the step that maximises the least
  distance to a linearised boundary within the trust region is taken when the true margins
  confirm it, and the region grows or shrinks with how well the model predicted.

The linear programs are solved with a log-barrier method; nothing here decides a claim: a
point found is decided by the caller, in high precision, with a proof.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import sympy

from ..nodes import indicator_condition
from .draws import line, random_direction
from .floats import TIE
from .margins import RELATIONS, margin
from .numeric import EvaluationError, Point, evaluate
from .periods import moved_peaks
from .precise import Undefined, evaluate_precise
from .programs import program
from .search import _axes

CASES = 16  # smooth cases of one set of conditions solved at most
ITERATIONS = 60  # linear programs per case at most
AXES = 24  # coordinates moved at most
_KINKS = (sympy.Abs, sympy.Max, sympy.Min, sympy.Heaviside, sympy.sign)


def smooth_cases(margins: tuple[sympy.Basic, ...], near: Point | None = None
                 ) -> list[tuple[sympy.Basic, ...]]:
    """The margins with each non-smooth function replaced by one of its smooth cases, the
    case's own conditions added as margins (at most CASES sets, depth first: with seven
    kinks the first case is complete after seven splits; innermost kinks first). Near a
    point, the case that holds there comes first, then those that differ in the last kinks."""
    todo, out, splits = [tuple(margins)], [], 0
    while todo and len(out) < CASES and splits < SPLITS:
        ms = todo.pop()
        kink = _innermost(ms)
        if kink is None:
            out.append(ms)
            continue
        splits += 1
        branches = _branches(kink)
        if near is not None:
            branches.sort(key=lambda branch: _violated(branch[1], near))
        todo += [tuple(m.xreplace({kink: value}) for m in ms) + conditions
                 for value, conditions in reversed(branches)]
    return out


def _violated(conditions: tuple[sympy.Basic, ...], p: Point) -> float:
    """How far from holding ``conditions`` are at ``p`` (0 where they hold)."""
    m = _values(conditions, p)
    return float(np.sum(np.maximum(0.0, -m))) if m is not None else np.inf


SPLITS = 8 * CASES  # kinks split at most, over all cases


def _innermost(margins: tuple[sympy.Basic, ...]) -> sympy.Basic | None:
    for m in margins:
        for node in sympy.postorder_traversal(m):
            if _kink(node) and not any(_kink(a) for a in sympy.preorder_traversal(node)
                                       if a is not node):
                return node
    return None


def _kink(node: sympy.Basic) -> bool:
    if getattr(node, "is_Matrix", False):
        return False
    if isinstance(node, sympy.Piecewise):  # an indicator of one relation: 1 there, else 0
        condition = indicator_condition(node)
        return condition is not None and isinstance(condition, RELATIONS)
    return isinstance(node, _KINKS)


def _branches(kink: sympy.Basic) -> list[tuple[sympy.Basic, tuple[sympy.Basic, ...]]]:
    """Each smooth case of ``kink``: its value there, and the margins that select it."""
    if isinstance(kink, sympy.Piecewise):
        u = margin(indicator_condition(kink))
        return [(sympy.Integer(1), (u,)), (sympy.Integer(0), (-u,))]
    if isinstance(kink, (sympy.Abs, sympy.sign, sympy.Heaviside)):
        u = kink.args[0]
        plus, minus = {sympy.Abs: (u, -u), sympy.sign: (1, -1),
                       sympy.Heaviside: (1, 0)}[type(kink)]
        return [(plus, (u,)), (minus, (-u,))]
    args = kink.args
    sign = 1 if isinstance(kink, sympy.Max) else -1  # the case where a_k is the largest/least
    return [(a, tuple(sign * (a - b) for b in args if b is not a)) for a in args]


def feasible(margins: tuple[sympy.Basic, ...], start: Point, symbols: Any,
             rng: np.random.Generator, structure: dict[str, str] | None = None,
             budget: list[int] | None = None) -> Iterator[Point]:
    """Points near ``start`` where every margin is positive (each entry of a vector one), in
    one of the smooth cases of the margins. Margins on per-sample data (x_i under a sum) are
    asked of one sample at a time (``_samples``): a point for each. ``budget`` (linear
    programs, shared by the caller's calls) bounds the work."""
    names = set().union(*(m.free_symbols for m in margins))
    samples = sorted({k[1] for k in start.values if isinstance(k, tuple) and k[0] in names})
    budget = budget if budget is not None else [BUDGET]
    for sample in _samples(samples):
        here = _bind(start, names, sample)
        direction = random_direction(here, symbols, rng, structure)
        # the keys the margins read, and every key that is the same data (x_j under Σ_j is
        # x_i's sample): they share one direction, and move together or not at all
        chosen = {id(d) for k, d in direction.items()
                  if k in names or isinstance(k, tuple) and k[0] in names and k[1] == sample}
        direction = {k: d for k, d in direction.items() if id(d) in chosen}
        axes = [unit for unit, _ in _axes(here, direction, AXES)]
        if not axes:
            continue
        found = _first(margins, here, axes, budget, rng) or \
            _first(margins, _tamed(here, axes), axes, budget, rng)
        if found is not None:
            yield Point(found.dims, found.values)
        if budget[0] <= 0:
            return


def _first(margins: tuple[sympy.Basic, ...], start: Point, axes: list[dict], budget: list[int],
           rng: np.random.Generator) -> Point | None:
    """A point of the first smooth case solved from ``start``, one condition more at a time
    (periodic ones last); where adding one fails from the point that met the others, from
    that point moved a tenth, one and ten times its scale along random directions too (a
    peak of sin(3x) past x > 1 lies beyond the boundary where the ascent stops)."""
    for case in smooth_cases(margins, start):
        case = tuple(sorted(case, key=_periodic))  # a window before the peaks inside it
        found: Point | None = start
        with np.errstate(all="ignore"):
            for k in range(1, len(case) + 1):
                before, found = found, _solve(case[:k], found, axes, budget)
                if found is None and k > 1 and _periodic(case[k - 1]):
                    found = _moved_peak(case[:k], before, axes, budget)
                for hop in range(HOPS if found is None and k > 1 else 0):
                    found = _solve(case[:k], _hopped(before, axes, rng, 10.0 ** (hop % 3 - 1)),
                                   axes, budget)
                    if found is not None or budget[0] <= 0:
                        break
                if found is None:
                    break
        if found is not None or budget[0] <= 0:
            return found
    return None


def _moved_peak(margins: tuple[sympy.Basic, ...], before: Point, axes: list[dict],
                budget: list[int]) -> Point | None:
    """Where the ascent stops between a periodic margin and the others (a peak the others
    exclude): a peak of the periodic margins alone, moved by whole periods near ``before``
    (``periods.moved_peaks``); the moved point where all hold, else the ascent from the
    nearest of them."""
    periodic = tuple(m for m in margins if _periodic(m))
    peak = _solve(periodic, _tamed(before, axes), axes, budget)  # scales of order 1
    if peak is None:
        return None
    moved = [(_violated(margins, q), i, q)
             for i, q in enumerate(moved_peaks(periodic, peak, before, axes, _shift))]
    moved.sort(key=lambda c: c[:2])
    for violation, _, q in moved[:MOVED]:  # violation 0: every margin ≥ 0 there
        found = q if violation == 0 and np.all(_values(margins, q) > 0) else \
            _solve(margins, q, axes, budget)
        if found is not None or budget[0] <= 0:
            return found
    return None


MOVED = 3  # moved peaks an ascent is tried from, nearest first


HOPS = 4  # moved starts tried when a condition cannot be added from where the others hold


def _hopped(p: Point, axes: list[dict], rng: np.random.Generator, size: float) -> Point:
    """``p`` moved along each coordinate by ``size`` times its scale, in a random direction."""
    for unit in axes:
        scale = 1.0 + max(abs(v) for v in _entries(p, unit))
        p = _shift(p, unit, float(rng.normal()) * size * scale)
    return p


def _periodic(margin: sympy.Basic) -> bool:
    """Does ``margin`` hold on many separate pieces (sin, cos)? Those come last: the others
    say where, and the nearest piece there is the one found."""
    return isinstance(margin, sympy.Basic) and margin.has(sympy.sin, sympy.cos, sympy.tan)


def _tamed(p: Point, axes: list[dict]) -> Point:
    """``p`` with every coordinate moved into [−1, 1]: from 10⁹, e^u is flat in floats and
    no difference shows the way."""
    for unit in axes:
        value = max(_entries(p, unit), key=abs)
        if abs(value) > 1:
            p = _shift(p, unit, float(np.clip(value, -1, 1) - value))
    return p


def _samples(samples: list[int]) -> list[int | None]:
    """The samples whose data a per-sample condition is asked of: the first three (a sum from
    1, or from 3) and the last two (a sum to N, or to N + 1)."""
    if not samples:
        return [None]
    return list(dict.fromkeys([k for k in (1, 2, 3) if k in samples] + samples[-2:]))


def _bind(p: Point, names: set, sample: int | None) -> Point:
    """``p`` with the per-sample data among ``names`` (x_i) bound to the values of ``sample``,
    and a sum's index (i) to its number; moving the sample's values moves the binding."""
    if sample is None:
        return p
    return _Bound(p.dims, p.values, {}, names, sample)


def _shift(p: Point, unit: dict, t: float) -> Point:
    moved = line(p, unit, t)
    return _Bound(moved.dims, moved.values, {}, p.names, p.sample) if isinstance(p, _Bound) \
        else moved


class _Bound(Point):
    """A point whose bindings are read from its values each time (x_i is sample k's x)."""

    def __init__(self, dims: dict, values: dict, bound: dict, names: set, sample: int) -> None:
        super().__init__(dims, values, bound)
        self.names, self.sample = names, sample
        for s in names:
            if (s, sample) in values:
                self.bound[s] = values[(s, sample)]
            elif getattr(s, "is_integer", False) and s not in dims and s not in values:
                self.bound[s] = float(sample)


BUDGET = 300  # linear programs per claim at most


def _values(margins: tuple[sympy.Basic, ...], p: Point, precise: bool = False
            ) -> np.ndarray | None:
    """Every entry of every margin at ``p`` (computed at PRECISE_DIGITS and then rounded, if
    ``precise``); None where one cannot be evaluated."""
    try:
        out = np.concatenate([np.asarray(_precise(m, p) if precise else evaluate(m, p),
                                         dtype=float).reshape(-1) for m in margins])
    except (EvaluationError, Undefined, np.linalg.LinAlgError, ValueError, TypeError,
            OverflowError, ZeroDivisionError):
        return None
    return out if np.all(np.isfinite(out)) else None


def _precise(margin: sympy.Basic, p: Point) -> np.ndarray:
    value = np.asarray(evaluate_precise(margin, p, PRECISE_DIGITS), dtype=object)
    return np.vectorize(float, otypes=[float])(value)


PRECISE_DIGITS = 50  # where floats tie (``_tied``), the margins' digits for a second ascent
TIED_RADIUS = 1e-7  # its first trust region, in scaled units: a tie is within ~10⁻⁸ of a peak


def _moved(p: Point, axes: list[dict], scales: np.ndarray, e: np.ndarray) -> Point:
    for unit, scale, step in zip(axes, scales, e):
        if step:
            p = _shift(p, unit, float(scale * step))
    return p


def _solve(margins: tuple[sympy.Basic, ...], start: Point, axes: list[dict], budget: list[int],
           precise: bool = False) -> Point | None:
    """The trust-region sequence of linear programs from ``start`` for one smooth case; it
    gives up after FAILURES programs in a row whose step the true margins refute, or once
    the region is finer than a float's resolution. Where it ends with margins that floats
    round to 0, it goes on with margins computed in high precision (``_tied``)."""
    p, m = start, _values(margins, start, precise)
    radius, failures = (TIED_RADIUS if precise else 1.0), 0
    for _ in range(ITERATIONS):
        budget[0] -= 1
        if m is None or budget[0] < 0 or failures >= FAILURES or radius < 1e-15:
            return _untied(margins, p, m, axes, budget, precise)
        if np.all(m > 0):
            return p
        scales = np.array([1.0 + max(abs(float(v)) for v in _entries(p, unit)) for unit in axes])
        jacobian = _jacobian(margins, p, axes, scales, m, precise)
        if jacobian is None or not np.all(np.isfinite(jacobian)):
            return None
        norms = np.linalg.norm(jacobian, axis=1)
        live = norms > 0
        if not np.all(live[m <= 0]):
            return None  # a violated margin that no coordinate moves
        here = float(np.min(m[live] / norms[live]))
        try:
            step, best = program(m[live], jacobian[live], norms[live], radius)
        except (np.linalg.LinAlgError, ValueError, FloatingPointError):
            step, best = None, -np.inf
        mq = None
        if step is not None and best > here:  # else the program was not solved finely enough
            q = _moved(p, axes, scales, step)
            mq = _values(margins, q, precise)
        got = float(np.min(mq[live] / norms[live])) if mq is not None else -np.inf
        if mq is not None and got - here >= 0.1 * (best - here):
            p, m, failures = q, mq, 0
            radius = min(radius * 8, 1e18) if got - here >= 0.75 * (best - here) else radius
        else:
            radius, failures = radius / 4, failures + 1
    if m is not None and np.all(m > 0):
        return p
    return _untied(margins, p, m, axes, budget, precise)


def _tied(m: np.ndarray | None) -> bool:
    r"""Margins none of which floats show negative, some within rounding of 0: sin x − (1 −
    10⁻²⁰) is 0 in floats for \|x − π/2\| < 10⁻⁸ (1 − 10⁻²⁰ is 1.0), positive only within
    1.4·10⁻¹⁰, which high precision sees."""
    return m is not None and bool(np.all(m > -TIE))


def _untied(margins: tuple[sympy.Basic, ...], p: Point, m: np.ndarray | None, axes: list[dict],
            budget: list[int], precise: bool) -> Point | None:
    """Where floats end tied, the ascent again in high precision from there; its point (or
    the tied one) is the caller's to decide. Else no point."""
    if not _tied(m):
        return None
    return p if precise else (_solve(margins, p, axes, budget, precise=True) or p)


FAILURES = 12  # refuted steps in a row before a case is given up


def _entries(p: Point, unit: dict) -> list[float]:
    return [float(np.ravel(p.values[k])[i]) for k, u in unit.items()
            for i in np.flatnonzero(np.ravel(u))]


def _jacobian(margins: tuple, p: Point, axes: list[dict], scales: np.ndarray, m: np.ndarray,
              precise: bool = False) -> np.ndarray | None:
    """Central differences of every margin entry along each scaled coordinate; the step grows
    where the margins are so large that a small one is lost in rounding (x + y − 10¹⁴)."""
    columns = []
    for unit, scale in zip(axes, scales):
        for h in STEPS:
            ahead = _values(margins, _shift(p, unit, float(scale * h)), precise)
            behind = _values(margins, _shift(p, unit, float(-scale * h)), precise)
            if ahead is None and behind is None:
                return None
            if ahead is None or behind is None:
                column = ((ahead if ahead is not None else m)
                          - (behind if behind is not None else m)) / h
            else:
                column = (ahead - behind) / (2 * h)
            if np.any(np.abs(column) * h > 1e-9 * np.abs(m)):
                break
        columns.append(column)
    return np.array(columns).T


STEPS = (1e-7, 1e-4, 1e-1, 1e2, 1e5)  # difference steps, in scaled units, tried in turn
