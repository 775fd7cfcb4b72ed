"""Points on every side of a polynomial condition, from its exact real roots.

A line search sees a sign change only between two steps of its grid, and a dip only where
the quantity has one; a condition that holds on a set 10⁻¹¹ wide ((x − 3)⁶ < 10⁻⁶⁶), or
only beyond 10¹³, or on a box 10⁻¹² wide in two variables at once, is missed. Most
conditions authors write are polynomial in each scalar, though: with the other values of
a point of the domain put in as exact rationals, the margin (lhs − rhs) is a polynomial in
one scalar, whose real roots SymPy isolates exactly. Every interval between two roots, and
beyond the outermost, is one sign region: its midpoint is a point there. For several
conditions at once, each scalar in turn takes a value where all the conditions on it hold.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

import numpy as np
import sympy

from .numeric import Point

DEGREE = 24  # margins of higher degree in one scalar are not solved
ROOTS = 24  # real roots used per margin at most


def _exact(v: object) -> sympy.Rational | None:
    try:
        return sympy.Rational(Fraction(float(np.asarray(v, dtype=float))))
    except (TypeError, ValueError, OverflowError):
        return None


def _scalars(point: Point) -> dict[sympy.Symbol, sympy.Rational]:
    """The point's scalar values (not sizes or counts) as exact rationals; a per-sample
    scalar (y_i) by its first sample's value (``_moved`` sets every sample)."""
    out = {}
    for k, v in point.values.items():
        if isinstance(k, tuple) and np.ndim(v) == 0 and k[0] not in out:
            k = k[0]
        elif not (isinstance(k, sympy.Symbol) and not k.is_integer and np.ndim(v) == 0):
            continue
        exact = _exact(v)
        if exact is not None:
            out[k] = exact
    return out


def _regions(margin: sympy.Basic, s: sympy.Symbol, others: dict) -> list[float] | None:
    """A value of ``s`` in every sign region of ``margin`` (the others fixed), or None when
    it is not a polynomial in ``s`` with rational coefficients."""
    try:
        poly = sympy.Poly(margin.xreplace(others), s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return None
    if poly.degree() < 1 or poly.degree() > DEGREE or not (poly.domain.is_QQ or poly.domain.is_ZZ):
        return None
    try:
        roots = sorted({float(r) for r in sympy.real_roots(poly)[:ROOTS]})
    except (ValueError, OverflowError, sympy.PolynomialError):
        return None
    if not roots:
        return []
    values = [(a + b) / 2 for a, b in zip(roots, roots[1:])]  # between two roots
    values += [roots[0] - 1 - abs(roots[0]), roots[-1] + 1 + abs(roots[-1])]  # beyond
    for r in roots:  # and just beside each (a region 4 floats wide has no float midpoint)
        values += [float(np.nextafter(np.nextafter(r, -np.inf), -np.inf)),
                   float(np.nextafter(np.nextafter(r, np.inf), np.inf))]
    return [v for v in values if np.isfinite(v)]


def _moved(point: Point, s: sympy.Symbol, value: float) -> Point:
    """``point`` with ``s`` at ``value``: every sample of it, for a per-sample scalar."""
    values = dict(point.values)
    samples = [k for k in values if isinstance(k, tuple) and k[0] == s]
    for k in samples or [s]:
        values[k] = value
    return Point(point.dims, values)


def sides(margins: Iterable[sympy.Basic], point: Point, at_most: int) -> list[Point]:
    """Points that put each margin's scalars, one at a time, in each of its sign regions."""
    exact = _scalars(point)
    out: list[Point] = []
    for m in margins:
        for s in sorted(m.free_symbols & set(exact), key=str):
            others = {k: v for k, v in exact.items() if k != s}
            for value in _regions(m, s, others) or ():
                out.append(_moved(point, s, value))
                if len(out) >= at_most:
                    return out
    return out


def meeting(margins: tuple[sympy.Basic, ...], point: Point) -> Point | None:
    """A point where every margin is positive, found scalar by scalar: each takes a value
    where all the margins on it hold, the others fixed (two sweeps); None if none."""
    for _ in range(2):
        exact = _scalars(point)
        for s in sorted(set().union(*(m.free_symbols for m in margins)) & set(exact), key=str):
            mine = [m for m in margins if s in m.free_symbols]
            others = {k: v for k, v in exact.items() if k != s}
            candidates: list[float] = []
            for m in mine:
                found = _regions(m, s, others)
                if found is None:
                    candidates = []
                    break
                candidates += found
            for value in candidates:
                if all(_positive(m, {**others, s: _exact(value)}) for m in mine):
                    point = _moved(point, s, value)
                    exact[s] = _exact(value)
                    break
        if all(_positive(m, exact) for m in margins):
            return point
    return None


def _positive(margin: sympy.Basic, values: dict) -> bool:
    v = margin.xreplace(values)
    return bool(v.is_number and v.is_positive)


NEWTON = 30  # Newton steps towards a margin's extremum at most


def extremum_points(margins: Iterable[sympy.Basic], point: Point, at_most: int) -> list[Point]:
    """For each margin of several scalars, Newton's method towards its critical point (the
    centre of an ellipse, the valley of a banana, which no coordinate and no line reaches):
    every iterate where the margin has the other sign than at ``point`` is a point there."""
    from .numeric import EvaluationError, evaluate
    exact = _scalars(point)
    out: list[Point] = []
    for m in margins:
        names = sorted(m.free_symbols & set(exact), key=str)
        if len(names) < 2 or len(names) > 8:
            continue
        try:
            gradient = [sympy.diff(m, v) for v in names]
            hessian = [[sympy.diff(g, v) for v in names] for g in gradient]
        except (TypeError, ValueError):
            continue

        def at(e: sympy.Basic, p: Point) -> float:
            return float(np.asarray(evaluate(e, p), dtype=float).reshape(-1)[0])
        p = point
        try:
            start = np.sign(at(m, p))
            for _ in range(NEWTON):
                g = np.array([at(e, p) for e in gradient])
                h = np.array([[at(e, p) for e in row] for row in hessian])
                try:
                    step = np.linalg.solve(h, g)
                except np.linalg.LinAlgError:
                    step = g
                if not np.all(np.isfinite(step)) or not np.any(step):
                    break
                values = {**p.values}
                for v, d in zip(names, step):
                    values[v] = float(values[v]) - float(d)
                p = Point(point.dims, values)
                if np.sign(at(m, p)) != start:
                    out.append(p)
                    break
        except (EvaluationError, ValueError, TypeError, OverflowError, ZeroDivisionError):
            continue
        if len(out) >= at_most:
            break
    return out
