"""Where a comparison switches: along a line through a point, and where several meet.

The thin sets' search (``thin.py``) puts points where a comparison of the claim changes
from holding to failing; those values are exact (rational, algebraic: a radical or a root
of a polynomial, SymPy's ``CRootOf``), so that the cases there are decided exactly. Along a
line a comparison is one of one scalar t: a polynomial one is solved by SymPy's sets, or
else by the exact real roots of its polynomials (x³ − 3x = 1 has three, which no radical
SymPy writes states); one that is no polynomial by ``solveset`` where that states its zeros.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import sympy

from ..quantities import MAX_DEGREE, of_one_symbol
from .budget import within as _within
from .coordinates import Coordinate, coordinates, exact as _exact, restricted, value_at
from .numeric import Point
from .zeros import members

#: Values per line, pairs of comparisons solved together; seconds all of a meeting may take.
VALUES, SYSTEMS, SECONDS = 4, 15, 2.0
#: A comparison that is no polynomial is solved only up to this many operations.
STATED_OPS = 30

T = sympy.Dummy("t", real=True)
_T = T


def switches(relation: sympy.Basic, p: Point, move: dict) -> list[sympy.Basic]:
    """The values of _T, each coordinate of ``move`` at its value in _T and all else as at p,
    where ``relation`` switches: the ends of the set where it holds (a root of x² + y² − 3),
    and its isolated points."""
    coordinate = next(iter(move))
    try:
        on_line = restricted(relation, p, move)
    except (TypeError, ValueError, KeyError, AttributeError, NotImplementedError):
        return []
    if on_line is None or on_line.free_symbols != {_T}:
        return []
    if _tame(on_line):
        return _boundary(on_line)
    return _stated(on_line, float(_exact(value_at(p, coordinate))))


def _stated(on_line: sympy.Basic, near: float) -> list[sympy.Basic]:
    """Where a comparison that is no polynomial (e^{x} ≤ 2, sin x ≥ 1) can switch: the real
    zeros of its two sides' difference that SymPy's ``solveset`` states, of at most 30
    operations, nearest the point first (a family's members near it and at k = 0)."""
    out = []
    for r in on_line.atoms(sympy.core.relational.Relational):
        d = r.lhs - r.rhs
        if sympy.count_ops(d) <= STATED_OPS:
            out += members(sympy.solveset(d, _T, sympy.S.Reals), near)[:VALUES]
    return out


def _tame(condition: sympy.Basic) -> bool:
    """Is every comparison in ``condition`` of polynomials in _T, or of |·|, max and min of
    them? Only those are solved: SymPy's sets can take minutes on |e^{x} − e^{y} − 1| > ε."""
    def polynomial(e: sympy.Basic) -> bool:
        kinks = [k for k in e.atoms(sympy.Abs, sympy.Max, sympy.Min)]
        if not all(polynomial(a) for k in kinks for a in k.args):
            return False
        plain = e.xreplace({k: sympy.Dummy() for k in kinks})
        return plain.is_polynomial(_T)
    return all(polynomial(r.lhs - r.rhs)
               for r in condition.atoms(sympy.core.relational.Relational))


def critical(relations: list[sympy.Basic], p: Point, names: list[sympy.Basic]) -> list[dict]:
    """The points, at p's sizes and values of what else the claim has, where the non-strict
    comparisons u ≤ c of at most three coordinates, quadratic at most, meet: two of them or
    all as equalities at once (x ≤ 1, x ≥ 1, y ≤ 2, y ≥ 2), or one of them with its gradient
    0 (where (x − 1)² + (y − 2)² ≤ 0 holds). No line through a drawn point crosses those."""
    free = coordinates(names, p)
    if not 2 <= len(free) <= 3:
        return []
    return _within(SECONDS, lambda: _meeting(relations, p, free)) or []


def _meeting(relations: list[sympy.Basic], p: Point, moving: list[Coordinate]
             ) -> list[dict]:
    """``_critical``'s points, the coordinates given (within its time)."""
    free = {c: sympy.Dummy(f"t{k}", real=True) for k, c in enumerate(moving)}
    unknowns = list(free.values())
    sides = []
    for r in relations:
        if not isinstance(r, (sympy.LessThan, sympy.GreaterThan)):
            continue
        try:
            held = restricted(r, p, free)
        except (TypeError, ValueError, KeyError, AttributeError, NotImplementedError):
            return []
        if held is None or not isinstance(held, (sympy.LessThan, sympy.GreaterThan)):
            continue
        d = sympy.expand(held.lhs - held.rhs)
        if not d.is_polynomial(*unknowns) or sympy.Poly(d, *unknowns).total_degree() > 2:
            return []
        if d not in sides and -d not in sides:
            sides.append(d)
    systems = [sides] + [list(pair) for pair in itertools.combinations(sides, 2)][:SYSTEMS]
    systems += [[d, *(d.diff(u) for u in unknowns)] for d in sides]
    out: list[dict] = [point for d in sides for point in _through_centre(d, free)]
    for system in systems if len(sides) >= 1 else []:
        try:
            solutions = sympy.solve(system, unknowns, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            continue
        for solution in solutions:
            if set(solution) == set(unknowns) and all(v.is_real for v in solution.values()):
                point = {c: solution[u] for c, u in free.items()}
                if point not in out:
                    out.append(point)
    return out[:VALUES]


def _through_centre(d: sympy.Basic, free: dict) -> list[dict]:
    """Where d = 0 on the lines along each coordinate through d's stationary point: a circle
    (x − 3)² + (y − 4)² = 1 that no line through a drawn point meets is met at (3, 5)."""
    unknowns = list(free.values())
    try:
        centres = sympy.solve([d.diff(u) for u in unknowns], unknowns, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return []
    out = []
    for centre in centres:
        if set(centre) != set(unknowns) or not all(v.is_real for v in centre.values()):
            continue
        for u in unknowns:
            line = d.xreplace({w: centre[w] for w in unknowns if w != u})
            try:
                roots = sympy.solve(line, u)
            except (NotImplementedError, ValueError, TypeError):
                continue
            out += [{c: root if w == u else centre[w] for c, w in free.items()}
                    for root in roots if root.is_real]
    return out


@lru_cache(maxsize=1024)
def _boundary(on_line: sympy.Basic) -> list[sympy.Basic]:
    """The real values where a condition of _T alone switches: the boundary of the set where
    it holds, as SymPy solves it exactly; where its sets cannot (x³ − 3x ≥ 1), every real
    root of each comparison's polynomial, a few more values than the boundary's."""
    exact = of_one_symbol(on_line)
    if exact is None:
        return _real_roots(on_line)
    return sorted((v for v in exact[1].boundary if v.is_real and v.is_finite),
                  key=sympy.default_sort_key)


def _real_roots(on_line: sympy.Basic) -> list[sympy.Basic]:
    """The exact real roots (``CRootOf``) of each comparison's two sides' difference, where
    every one is a polynomial of degree MAX_DEGREE at most with rational coefficients."""
    out: list[sympy.Basic] = []
    for r in on_line.atoms(sympy.core.relational.Relational):
        d = sympy.expand(r.lhs - r.rhs)
        if not d.is_polynomial(T):
            return []
        poly = sympy.Poly(d, T)
        if not 0 < poly.degree() <= MAX_DEGREE or not all(c.is_Rational for c in poly.coeffs()):
            return []
        out += sympy.real_roots(poly)
    return sorted(set(out), key=sympy.default_sort_key)
