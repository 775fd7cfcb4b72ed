"""Points of the judge moved along one coordinate (a scalar, or one entry of a vector or
matrix), with values exact: the lines along which thin sets and zeros are solved, and
whether an expression is continuous at a point (along the coordinate and a slanted line).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix, ZeroMatrix

from .exact_zero import number_zero
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


def continuous(e: sympy.Basic, q: Point, coordinate: Coordinate,
               wrt: frozenset = frozenset()) -> bool:
    """Is ``e`` defined at ``q`` and the same just beside it, on both sides of the coordinate
    and of a slanted line through q (every value moved: a jump across any surface through q,
    such as sign y at y = 0 on a point found along x, is crossed there)? With ``wrt`` (the
    names of the variables derived by), only those move, each coordinate of theirs and a
    slanted line of theirs: sign(y)·x is continuous in x at y = 0, and has a derivative
    with respect to x there."""
    lines = coordinates([k for k in q.values if getattr(k, "name", None) in wrt], q)
    if not lines:  # none of them at the point (a variable by entry): every value moves
        lines, wrt = [coordinate], frozenset()
    try:
        here = [sympy.Float(v, DIGITS) for v in flat(evaluate_precise(e, q, DIGITS))]
        for side in (-1, 1):
            beside = [slanted(q, side, wrt)]
            for c in lines:
                value = exact(value_at(q, c))
                beside.append(moved(q, c, value + side * STEP * (1 + abs(value))))
            for b in beside:
                there = flat(evaluate_precise(e, b, DIGITS))
                if any(abs(a - v) > CLOSE * (1 + abs(a)) for a, v in zip(here, there)):
                    # a jump within a step of q (𝟙[x > 1 + 10⁻³⁵] at 1) is not at q
                    return switched_at(e, q) is False
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False
    return True


def switched_at(e: sympy.Basic, q: Point) -> bool | None:
    """Is a quantity ``e`` switches on (an argument of |·|, sign or a step, a difference of
    max or min, a side of a case's comparison) exactly 0 at ``q``: True; every one certainly
    not: False; else (one of vectors, or too close to tell) None."""
    quantities: list = []
    for node in sympy.preorder_traversal(e):
        if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
            quantities.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)):
            quantities += [a - b for a, b in combinations(node.args, 2)]
        elif isinstance(node, sympy.Piecewise):
            quantities += [r.lhs - r.rhs for _, c in node.args
                           for r in c.atoms(sympy.core.relational.Relational)]
        elif isinstance(node, (sympy.MatrixExpr, sympy.Sum)) and node.has(
                sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Piecewise):
            return None
    at = {}
    for u in quantities:
        for s in u.free_symbols:
            v = q.bound.get(s, q.values.get(s))
            if not isinstance(s, sympy.Symbol) or v is None or np.ndim(v) != 0:
                return None
            at[s] = q.roots.get((s,), exact(v))
    unknown = False
    for u in quantities:
        value = u.xreplace(at)
        if value.free_symbols:
            return None
        v = value.evalf(60)
        if not v.is_real or abs(v) < sympy.Rational(1, 10**45):
            if value == 0 or number_zero(value):
                return True
            unknown = True
    return None if unknown else False


def slanted(q: Point, side: int, wrt: frozenset = frozenset()) -> Point:
    """q with every scalar and matrix entry (of ``wrt``'s, where given) moved by STEP on a
    fixed slanted direction."""
    values = dict(q.values)
    k = 0
    for s, v in q.values.items():
        if not isinstance(s, (sympy.Symbol, MatrixSymbol)) or wrt and s.name not in wrt:
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
