"""Points of the judge moved along one coordinate (a scalar, or one entry of a vector or
matrix), with values exact: the lines along which thin sets and zeros are solved, and
whether an expression is continuous at a point (along the coordinate and a slanted line).
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix, ZeroMatrix

from .numeric import Point, exact
from .precise import Undefined, evaluate_precise

#: Entries of a matrix a line is put along, at most.
COORDINATES = 3
#: How far beside a point an expression is looked at, and how close it must stay there.
STEP, CLOSE = sympy.Rational(1, 10**30), sympy.Rational(1, 10**12)
DIGITS, ROUNDED = 60, 200
Coordinate = tuple  # (symbol,) or (matrix symbol, row, column)


def symbols(condition: sympy.Basic) -> list[sympy.Basic]:
    """The scalars and matrices the condition compares, in a fixed order."""
    matrices = condition.atoms(MatrixSymbol)
    shapes = {d for m in matrices for d in m.shape}
    scalars = [s for s in condition.free_symbols
               if isinstance(s, sympy.Symbol) and s not in shapes]
    return sorted(matrices, key=str) + sorted(scalars, key=str)


def coordinates(names: list[sympy.Basic], p: Point) -> list[Coordinate]:
    """Each scalar, and the first entries of each matrix: (1, 1), (2, 2), (1, 2), (2, 1)
    (a diagonal one moves tr X, an off-diagonal one what only it moves)."""
    out: list[Coordinate] = []
    for s in names:
        if isinstance(s, MatrixSymbol):
            rows, cols = np.shape(np.asarray(p.values[s], dtype=object))
            out += [(s, i, j) for i, j in ((0, 0), (1, 1), (0, 1), (1, 0))
                    if i < rows and j < cols][:COORDINATES]
        else:
            out.append((s,))
    return out


def restricted(condition: sympy.Basic, p: Point, free: dict) -> sympy.Basic | None:
    """``condition`` (or any expression) with each coordinate of ``free`` at its value there
    (a symbol, or an exact number), sizes and every other value as at p, exactly; None
    unless it then has no symbols but those of ``free``."""
    rule: dict = {d: sympy.Integer(v) for d, v in p.dims.items()}
    for s in symbols(condition):
        if s in p.dims:  # a size compared alone (𝟙[n ≥ 2]): no matrix of the condition has it
            continue
        value = p.values[s]
        if isinstance(s, MatrixSymbol):
            a = np.asarray(value, dtype=object)
            rule[s] = sympy.ImmutableMatrix(a.shape[0], a.shape[1], lambda i, j: free.get(
                (s, i, j), exact(a[i, j])))
        else:
            rule[s] = free.get((s,), exact(value))
    out = condition.xreplace(rule).replace(  # explicit, so that doit computes (det(Xᵀ − 2I))
        lambda e: isinstance(e, (Identity, ZeroMatrix, OneMatrix)), lambda e: e.as_explicit())
    out = out.doit()
    if isinstance(out, sympy.MatrixBase) and out.shape == (1, 1):
        out = out[0, 0]
    unknowns = {x for v in free.values() for x in getattr(v, "free_symbols", ())}
    return out if out.free_symbols <= unknowns else None


def zeroed(p: Point, names: list[sympy.Basic]) -> Point:
    """p with every value the condition compares set to 0: a point of a vector (‖x‖ ≤ 0) or of
    several scalars (x² + y² ≤ 0) lies on the lines through it."""
    values = dict(p.values)
    for s in names:
        values[s] = (np.zeros(np.shape(p.values[s]), dtype=object) + sympy.Integer(0)
                     if isinstance(s, MatrixSymbol) else sympy.Integer(0))
    return Point(p.dims, values, p.bound)


def moved(p: Point, coordinate: Coordinate, value: sympy.Basic) -> Point:
    """p with the coordinate at ``value``: exact where it is rational, else to 200 digits
    (and the exact value kept among the point's ``roots``)."""
    v = value if value.is_Rational else value.evalf(ROUNDED)
    values = dict(p.values)
    if len(coordinate) == 1:
        values[coordinate[0]] = v
    else:
        s, i, j = coordinate
        a = np.array(p.values[s], dtype=object)
        a[i, j] = v
        values[s] = a
    roots = {k: r for k, r in p.roots.items() if k != coordinate}
    if v is not value:
        roots[coordinate] = value
    return Point(p.dims, values, p.bound, roots)


def value_at(p: Point, coordinate: Coordinate) -> sympy.Basic:
    if len(coordinate) == 1:
        return p.values[coordinate[0]]
    s, i, j = coordinate
    return np.asarray(p.values[s], dtype=object)[i, j]


def key(q: Point, names: list[sympy.Basic]) -> tuple:
    return tuple(str(np.asarray(q.values[s], dtype=object).tolist()) for s in names)


def continuous(e: sympy.Basic, q: Point, coordinate: Coordinate) -> bool:
    """Is ``e`` defined at ``q`` and the same just beside it, on both sides of the coordinate
    and of a slanted line through q (every value moved: a jump across any surface through q,
    such as sign y at y = 0 on a point found along x, is crossed there)?"""
    value = exact(value_at(q, coordinate))
    try:
        here = [sympy.Float(v, DIGITS) for v in flat(evaluate_precise(e, q, DIGITS))]
        for side in (-1, 1):
            for beside in (moved(q, coordinate, value + side * STEP * (1 + abs(value))),
                          slanted(q, side)):
                there = flat(evaluate_precise(e, beside, DIGITS))
                if any(abs(a - b) > CLOSE * (1 + abs(a)) for a, b in zip(here, there)):
                    return False
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False
    return True


def slanted(q: Point, side: int) -> Point:
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
            x = exact(x)
            flat[i] = x + side * STEP * (1 + abs(x)) * sympy.Rational(1 + (7 * k) % 5, 3) * (
                -1 if k % 2 else 1)
        values[s] = flat.reshape(a.shape) if a.ndim else flat[0]
    return Point(q.dims, values, q.bound)


def flat(value: object) -> list:
    return list(np.asarray(value, dtype=object).reshape(-1))
