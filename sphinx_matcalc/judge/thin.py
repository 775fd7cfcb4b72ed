"""Points on the thin sets of a claim's cases, where the truth is continuous.

A case of the claim may hold only on a thin set: finitely many values of one scalar (𝟙[x² ≤ 0],
|x| ≤ 0, 0 ≤ x ≤ 0), a line or a sphere in several (𝟙[(x − y)² ≤ 0], what
``\\text{otherwise}`` leaves after xᵀx > 3 and xᵀx < 3), or a point of a vector (‖x‖ ≤ 0).
Random points never land there, and such a set is often a kink of the function, where no
point is put. But where the derivative (the truth) is continuous on the set, the function is
differentiable there with that limit as its derivative, so the claim must agree there too:
2|x| + 5·𝟙[x² ≤ 0] for x|x| is wrong at 0. Where the truth jumps (sign x at 0), the
derivative has no value and the claim is free, as everywhere on a kink.

The set is met on a line through a drawn point along one coordinate (a scalar, or one entry
of a vector or matrix), the others held at the point's values or at 0: there the case's
condition is one of one scalar, solved exactly (``quantities.of_one_symbol``), and its
isolated values are where the line crosses the set. The point is exact only where the value
is rational, and even then 60-digit arithmetic rounds (a₀x₀ for a₀ = 1/x₀), so the claim is
evaluated with that case taken, where it is continuous: it is then the claim's value on the
set. Where the truth or the claim with the case taken jumps at the point (along the line or
a slanted one), nothing is decided there.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Callable, Iterator

import numpy as np
import sympy
from sympy.matrices.expressions import MatrixSymbol

from ..quantities import of_one_symbol
from .numeric import Point
from .precise import Undefined, evaluate_precise

#: Drawn points tried per case, coordinates per point, values per line, points in all.
POINTS, COORDINATES, VALUES, LIMIT = 2, 3, 4, 24
#: Piecewises whose cases are also taken together.
JOINT = 4
#: How far beside the value the truth is looked at, and how close it must stay there.
STEP, CLOSE = sympy.Rational(1, 10**30), sympy.Rational(1, 10**12)
DIGITS, ROUNDED = 60, 120

_T = sympy.Dummy("t", real=True)
Coordinate = tuple  # (symbol,) or (matrix symbol, row, column)


def on_thin_sets(claim: sympy.Basic, truth: sympy.Basic, valid: list[Point],
                 decide: Callable[[sympy.Basic, Point], object]) -> object:
    """The first of ``decide(claim there, point)`` that is not None, over the points of the
    thin sets of the claim's cases (``thin_points``); None if there is none."""
    for there, q in thin_points(claim, truth, valid):
        found = decide(there, q)
        if found is not None:
            return found
    return None


def thin_points(claim: sympy.Basic, truth: sympy.Basic, valid: list[Point]
                ) -> list[tuple[sympy.Basic, Point]]:
    """(the claim as it is at the point, a point) wherever a condition of the claim, not of
    the truth, holds on a line through a point of ``valid`` at isolated values only, and the
    truth is continuous there."""
    own = {c for c, _ in _cases(truth)}
    out: list[tuple[sympy.Basic, Point]] = []
    for condition, taken in _cases(claim):
        if condition in own or condition is sympy.false or not _may_be_thin(condition):
            continue
        there = claim.xreplace(taken)
        for q, coordinate in _on_set(condition, valid):
            if _continuous(truth, q, coordinate) and _continuous(there, q, coordinate):
                out.append((there, q))
            if len(out) >= LIMIT:
                return out
    return out


def _cases(e: sympy.Basic) -> list[tuple[sympy.Basic, dict]]:
    """(condition, {Piecewise: value}) for each case of each Piecewise in ``e`` (cases,
    indicators), its condition as it holds (its own, and none of those before it); then, for
    up to four Piecewises, each choice of a case of each of several of them together (a
    vector claim's cases are a sum of indicators, and where none holds it is 0; 𝟙[x ≤ y]𝟙[x ≥ y])."""
    each = []
    for pw in sorted(e.atoms(sympy.Piecewise), key=sympy.default_sort_key):
        earlier: list[sympy.Basic] = []
        held = []
        for value, c in pw.args:
            held.append((sympy.And(c, *[sympy.Not(k) for k in earlier]), {pw: value}))
            earlier.append(c)
        each.append(held)
    out = [case for held in each for case in held]
    if 2 <= len(each) <= JOINT:
        for chosen in itertools.product(*[[None] + held for held in each]):
            taken = [case for case in chosen if case is not None]
            if len(taken) >= 2:
                out.append((sympy.And(*[c for c, _ in taken]),
                            {k: v for _, d in taken for k, v in d.items()}))
    return out


def _may_be_thin(condition: sympy.Basic) -> bool:
    """Only a non-strict comparison (or the negation of a strict one) bounds a set that can
    be thin: a condition of strict ones alone holds on an open set."""
    return any(isinstance(r, (sympy.LessThan, sympy.GreaterThan))
               for r in sympy.to_nnf(condition).atoms(sympy.core.relational.Relational))


def _on_set(condition: sympy.Basic, valid: list[Point]) -> Iterator[tuple[Point, Coordinate]]:
    """(point, coordinate moved) for each isolated value where the lines through the
    first points of ``valid`` that have the condition's symbols cross its set."""
    names = _symbols(condition)
    if not names:
        return
    seen = set()
    for p in [p for p in valid if all(s in p.values for s in names)][:POINTS]:
        for base in (p, _zeroed(p, names)):
            for coordinate in _coordinates(names, base)[:COORDINATES]:
                for value in _crossings(condition, base, coordinate)[:VALUES]:
                    q = _moved(base, coordinate, value)
                    key = (coordinate, _key(q, names))
                    if key not in seen:
                        seen.add(key)
                        yield q, coordinate


def _symbols(condition: sympy.Basic) -> list[sympy.Basic]:
    """The scalars and matrices the condition compares, in a fixed order."""
    matrices = condition.atoms(MatrixSymbol)
    shapes = {d for m in matrices for d in m.shape}
    scalars = [s for s in condition.free_symbols
               if isinstance(s, sympy.Symbol) and s not in shapes]
    return sorted(matrices, key=str) + sorted(scalars, key=str)


def _coordinates(names: list[sympy.Basic], p: Point) -> list[Coordinate]:
    """Each scalar, and the entries of each matrix by rows (the first ones first)."""
    out: list[Coordinate] = []
    for s in names:
        if isinstance(s, MatrixSymbol):
            rows, cols = np.shape(np.asarray(p.values[s], dtype=object))
            out += [(s, i, j) for i in range(rows) for j in range(cols)][:COORDINATES]
        else:
            out.append((s,))
    return out


def _crossings(condition: sympy.Basic, p: Point, coordinate: Coordinate) -> list[sympy.Basic]:
    """The isolated values of the coordinate where the condition holds, all else as at p."""
    try:
        restricted = _restricted(condition, p, coordinate)
    except (TypeError, ValueError, KeyError, AttributeError, NotImplementedError):
        return []
    if restricted is None:
        return []
    return _isolated(restricted)


def _restricted(condition: sympy.Basic, p: Point, coordinate: Coordinate) -> sympy.Basic | None:
    """The condition as one of _T, the coordinate: sizes and every other value as at p."""
    rule: dict = {d: sympy.Integer(v) for d, v in p.dims.items()}
    for s in _symbols(condition):
        value = p.values[s]
        if isinstance(s, MatrixSymbol):
            a = np.asarray(value, dtype=object)
            rule[s] = sympy.ImmutableMatrix(a.shape[0], a.shape[1], lambda i, j: (
                _T if coordinate == (s, i, j) else _exact(a[i, j])))
        else:
            rule[s] = _T if coordinate == (s,) else _exact(value)
    restricted = condition.xreplace(rule).doit()
    restricted = restricted.replace(lambda e: isinstance(e, sympy.MatrixBase) and e.shape == (1, 1),
                                    lambda e: e[0, 0])
    return restricted if restricted.free_symbols == {_T} else None


@lru_cache(maxsize=1024)
def _isolated(restricted: sympy.Basic) -> list[sympy.Basic]:
    """The isolated real values where a condition of _T alone holds (a finite set, or the
    points of a union that no interval of it reaches)."""
    exact = of_one_symbol(restricted)
    if exact is None:
        return []
    where = exact[1]
    pieces = where.args if isinstance(where, sympy.Union) else (where,)
    points = [v for piece in pieces if isinstance(piece, sympy.FiniteSet) for v in piece]
    rest = sympy.Union(*[piece for piece in pieces if not isinstance(piece, sympy.FiniteSet)])
    return sorted((v for v in points if v.is_real and not rest.closure.contains(v) == sympy.true),
                  key=sympy.default_sort_key)


def _exact(value: object) -> sympy.Basic:
    """A drawn value as an exact SymPy number (a float's binary value)."""
    if isinstance(value, sympy.Basic):
        return sympy.Rational(value) if isinstance(value, sympy.Float) else value
    return sympy.Rational(float(value)) if not isinstance(value, (int, np.integer)) \
        else sympy.Integer(int(value))


def _zeroed(p: Point, names: list[sympy.Basic]) -> Point:
    """p with every value the condition compares set to 0: a point of a vector (‖x‖ ≤ 0) or of
    several scalars (x² + y² ≤ 0) lies on the lines through it."""
    values = dict(p.values)
    for s in names:
        values[s] = (np.zeros(np.shape(p.values[s]), dtype=object) + sympy.Integer(0)
                     if isinstance(s, MatrixSymbol) else sympy.Integer(0))
    return Point(p.dims, values, p.bound)


def _moved(p: Point, coordinate: Coordinate, value: sympy.Basic) -> Point:
    """p with the coordinate at ``value``: exact where it is rational, else to 120 digits."""
    v = value if value.is_Rational else value.evalf(ROUNDED)
    values = dict(p.values)
    if len(coordinate) == 1:
        values[coordinate[0]] = v
    else:
        s, i, j = coordinate
        a = np.array(p.values[s], dtype=object)
        a[i, j] = v
        values[s] = a
    return Point(p.dims, values, p.bound)


def _value(p: Point, coordinate: Coordinate) -> sympy.Basic:
    if len(coordinate) == 1:
        return p.values[coordinate[0]]
    s, i, j = coordinate
    return np.asarray(p.values[s], dtype=object)[i, j]


def _key(q: Point, names: list[sympy.Basic]) -> tuple:
    return tuple(str(np.asarray(q.values[s], dtype=object).tolist()) for s in names)


def _continuous(e: sympy.Basic, q: Point, coordinate: Coordinate) -> bool:
    """Is ``e`` defined at ``q`` and the same just beside it, on both sides of the coordinate
    and of a slanted line through q (every value moved: a jump across any surface through q,
    such as sign y at y = 0 on a point found along x, is crossed there)?"""
    value = _exact(_value(q, coordinate))
    try:
        here = [sympy.Float(v, DIGITS) for v in _flat(evaluate_precise(e, q, DIGITS))]
        for side in (-1, 1):
            for moved in (_moved(q, coordinate, value + side * STEP * (1 + abs(value))),
                          _slanted(q, side)):
                there = _flat(evaluate_precise(e, moved, DIGITS))
                if any(abs(a - b) > CLOSE * (1 + abs(a)) for a, b in zip(here, there)):
                    return False
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False
    return True


def _slanted(q: Point, side: int) -> Point:
    """q with every scalar and matrix entry moved by STEP on a fixed slanted direction."""
    values = dict(q.values)
    k = 0
    for s, v in q.values.items():
        if not isinstance(s, (sympy.Symbol, MatrixSymbol)):
            continue
        a = np.array(v, dtype=object)
        flat = a.reshape(-1)
        for i, x in enumerate(flat):
            k += 1
            x = _exact(x)
            flat[i] = x + side * STEP * (1 + abs(x)) * sympy.Rational(1 + (7 * k) % 5, 3) * (
                -1 if k % 2 else 1)
        values[s] = flat.reshape(a.shape) if a.ndim else flat[0]
    return Point(q.dims, values, q.bound)


def _flat(value: object) -> list:
    return list(np.asarray(value, dtype=object).reshape(-1))
