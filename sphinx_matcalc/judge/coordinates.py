"""Points of the judge moved along one coordinate (a scalar, or one entry of a vector or
matrix), with values exact: the lines along which thin sets and zeros are solved, and
whether an expression is continuous at a point (along the coordinate and a slanted line).
"""

from __future__ import annotations

from itertools import combinations

import mpmath
import numpy as np
import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .exact_zero import exact_values, number_zero
from .numeric import Point, exact
from .precise import Undefined, evaluate_interval, evaluate_precise

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
    """Is ``e`` defined at ``q`` and without a jump there, on both sides of the coordinate
    and of a slanted line through q (every value moved: a jump across any surface through q,
    such as sign y at y = 0 on a point found along x, is crossed there)? With ``wrt`` (the
    names of the variables derived by), only those move, each coordinate of theirs and a
    slanted line of theirs: sign(y)·x is continuous in x at y = 0, and has a derivative
    with respect to x there. A jump is a change beside q, the same size at both steps (from
    10⁻³⁰ to 10⁻⁶⁰, at 120 digits; a point beside q with no value shows none): 10⁵⁰ max(0, x − 1)² changes by 10²⁰ at the
    first step and is continuous, 10⁻²⁰𝟙[x > 1] by 10⁻²⁰ at both and jumps; and only where
    a quantity ``e`` switches on is exactly 0 at q (𝟙[x > 1 + 10⁻³⁵] does not jump at 1)."""
    lines = coordinates([k for k in q.values if getattr(k, "name", None) in wrt], q)
    if not lines:  # none of them at the point (a variable by entry): every value moves
        lines, wrt = [coordinate], frozenset()
    try:
        here = flat(evaluate_precise(e, q, FINE))
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False  # no value at q itself
    for side in (-1, 1):
        for near, nearer in [(slanted(q, side, wrt), slanted(q, side, wrt, STEP ** 2))] + [
                (stepped(q, c, side, STEP), stepped(q, c, side, STEP ** 2)) for c in lines]:
            try:
                far = flat(evaluate_precise(e, near, FINE))
                close = flat(evaluate_precise(e, nearer, FINE))
            except (Undefined, TypeError, ValueError, ArithmeticError):
                continue  # no value beside q (a hole there): no sign of a jump
            with mpmath.workdps(FINE):
                jumps = any(min(abs(a - v), abs(a - w)) > NOISE * (1 + abs(a)) and
                            abs(a - w) >= abs(a - v) / 10 and abs(a - v) >= abs(a - w) / 10
                            for a, v, w in zip(here, far, close))
            if jumps:
                return switched_at(e, q) is False  # (a jump beside q is not at q)
    return True


FINE, NOISE = 120, mpmath.mpf(10) ** -100  # digits of the jump test; what rounding leaves


def corner(e: sympy.Basic, q: Point, coordinate: Coordinate, wrt: frozenset = frozenset()
           ) -> bool:
    """Has ``e`` a corner at ``q`` along a coordinate of ``wrt`` (or ``coordinate``): one-sided
    difference quotients that have settled on each side (the same at both steps, 10⁻³⁰ and
    10⁻⁶⁰, to a hundredth of their gap) and differ? ‖x‖ at 0 has slopes 1 and −1 there, so
    no derivative; x|x|^{1/2} has slopes ±h^{1/2}, and max(0, x)|x|^{1/100} slopes that
    still move at 10⁻⁶⁰: no corner is shown (nothing is decided there)."""
    lines = coordinates([k for k in q.values if getattr(k, "name", None) in wrt], q) or \
        [coordinate]
    try:
        here = flat(evaluate_precise(e, q, FINE))
        for c in lines:
            slopes = []
            for step in (STEP, STEP ** 2):
                h = step * (1 + abs(exact(value_at(q, c))))
                right = flat(evaluate_precise(e, stepped(q, c, 1, step), FINE))
                left = flat(evaluate_precise(e, stepped(q, c, -1, step), FINE))
                with mpmath.workdps(FINE):
                    hh = mpmath.mpf(h.p) / h.q
                    slopes.append([((r - a) / hh, (a - l) / hh)
                                   for a, r, l in zip(here, right, left)])
            with mpmath.workdps(FINE):
                for (r1, l1), (r2, l2) in zip(*slopes):
                    gap = abs(r2 - l2)
                    if gap > NOISE * (1 + abs(r2) + abs(l2)) and \
                            abs(r1 - r2) <= gap / 100 and abs(l1 - l2) <= gap / 100:
                        return True
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False
    return False


def stepped(q: Point, c: Coordinate, side: int, step: sympy.Rational) -> Point:
    """q with the coordinate moved by ``step`` (relative to 1 + its size) to ``side``."""
    value = exact(value_at(q, c))
    return moved(q, c, value + side * step * (1 + abs(value)))


def slanted(q: Point, side: int, wrt: frozenset = frozenset(), step: sympy.Rational = STEP
            ) -> Point:
    """q with every scalar and matrix entry (of ``wrt``'s, where given) moved by ``step`` on
    a fixed slanted direction."""
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
            flat[i] = x + side * step * (1 + abs(x)) * sympy.Rational(1 + (7 * k) % 5, 3) * (
                -1 if k % 2 else 1)
        values[s] = flat.reshape(a.shape) if a.ndim else flat[0]
    return Point(q.dims, values, q.bound)


SWITCHING = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Piecewise)


def switch_quantities(e: sympy.Basic) -> list[sympy.Basic]:
    """The quantities ``e`` may switch where they are 0: arguments of |·|, sign and steps,
    differences of max and min, the sides' differences of cases' comparisons."""
    out: list[sympy.Basic] = []
    for node in sympy.preorder_traversal(e):
        if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
            out.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)):
            out += [a - b for a, b in combinations(node.args, 2)]
        elif isinstance(node, sympy.Piecewise):
            out += [r.lhs - r.rhs for _, c in node.args
                    for r in c.atoms(sympy.core.relational.Relational)]
    return out


def switched_at(e: sympy.Basic, q: Point) -> bool | None:
    """Is a quantity ``e`` switches on (an argument of |·|, sign or a step, a difference of
    max or min, a side of a case's comparison; in one sample's terms inside a sum over
    samples, entry by entry inside an element-wise function) exactly 0 at ``q``: True;
    every one certainly not: False; else (too close to tell) None."""
    verdicts = [_zero_at(u, q) for u in switch_quantities(e)]
    verdicts += [_entry_zero(node, q) for node in sympy.preorder_traversal(e)
                 if isinstance(node, ElementwiseApplyFunction) and node.function.has(*SWITCHING)]
    return _any_zero(verdicts)


def _any_zero(verdicts: list) -> bool | None:
    """True where one is 0 exactly, else None where one cannot be told, else False."""
    return True if True in verdicts else None if None in verdicts else False


def one_sample(p: Point, k: int) -> Point:
    """``p`` with every per-sample symbol given sample ``k``'s value (and exact root), as
    inside Σᵢ."""
    own = {key[0]: v for key, v in p.values.items() if isinstance(key, tuple) and key[1] == k}
    roots = {(c[0][0],): r for c, r in p.roots.items() if isinstance(c[0], tuple) and c[0][1] == k}
    return Point(p.dims, {**p.values, **own}, p.bound, {**p.roots, **roots})


def _zero_at(u: sympy.Basic, q: Point) -> bool | None:
    """Is the scalar quantity ``u`` exactly 0 at ``q`` (for some sample, where it reads one
    sample's data): True; certainly not: False; else None."""
    if u.has(sympy.Sum, MatrixSymbol):  # a sum over samples, entries: enclosed
        return _enclosed_zero(u, q)
    sampled = {k[0] for k in q.values if isinstance(k, tuple)}
    samples = sorted({k[1] for k in q.values if isinstance(k, tuple)}) \
        if u.free_symbols & sampled else [None]
    verdicts = []
    for k in samples:
        here = q if k is None else one_sample(q, k)
        at = exact_values(u, here)
        if at is None:  # of vectors or matrices (or of no value): enclosed
            return _enclosed_zero(u, here)
        value = u.xreplace(at)
        if value.free_symbols or not value.is_number:
            return None
        v = value.evalf(60)
        if not v.is_Number or not v.is_real or abs(v) < sympy.Rational(1, 10**45):
            verdicts.append(True if value == 0 or number_zero(value) else None)
    return _any_zero(verdicts)


def _enclosed_zero(u: sympy.Basic, q: Point) -> bool | None:
    """``_zero_at`` for a quantity of vectors and matrices, by a 60-digit enclosure of each
    entry: exactly 0 (at exact values), away from 0, or not told."""
    try:
        box = np.asarray(evaluate_interval(u, q, 60), dtype=object).reshape(-1)
    except (Undefined, TypeError, ValueError, ArithmeticError, KeyError, AttributeError):
        return None
    if any(v.a == 0 and v.b == 0 for v in box):
        return True
    return None if any(0 in v for v in box) else False


def _entry_zero(node: ElementwiseApplyFunction, q: Point) -> bool | None:
    """``_zero_at`` for an element-wise function that switches: its quantities at each entry
    of its argument."""
    t = node.function.variables[0]
    us = switch_quantities(node.function.expr)
    verdicts = []
    for u in us:
        applied = ElementwiseApplyFunction(sympy.Lambda(t, u), node.expr)
        verdicts.append(_enclosed_zero(applied, q))
    return _any_zero(verdicts)


def flat(value: object) -> list:
    return list(np.asarray(value, dtype=object).reshape(-1))
