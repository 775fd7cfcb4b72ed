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

from ..nodes import sample_parts
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
    it is not a polynomial in ``s`` with real constant coefficients, nor a ratio of two, nor
    one under |·| (a sign can change only at a root of numerator, denominator or |·|'s
    argument: 10⁻⁸⁰ − |det A|, tr(X⁻¹) − 10²⁰)."""
    m = margin.xreplace(others)
    pieces = [m] if not m.has(sympy.Abs) else [
        m.replace(lambda e: isinstance(e, sympy.Abs), lambda e: sign * e.args[0])
        for sign in (1, -1)]
    found: set[float] | None = None
    for piece in pieces:
        try:
            parts = sympy.fraction(sympy.together(piece)) if piece.has(s) else ()
        except (TypeError, ValueError, sympy.PolynomialError):
            continue
        for part in parts:
            if part.has(s):
                roots = _roots(part, s)
                if roots is not None:
                    found = (found or set()) | roots
    if found is None:
        return None
    roots = sorted(found)[:ROOTS]
    if not roots:
        return []
    values = [(a + b) / 2 for a, b in zip(roots, roots[1:])]  # between two roots
    values += [roots[0] - 1 - abs(roots[0]), roots[-1] + 1 + abs(roots[-1])]  # beyond
    for r in roots:  # and just beside each (a region 4 floats wide has no float midpoint;
        # not on it: a kink, where the derivative has no value and a claim is free)
        values += [float(np.nextafter(np.nextafter(r, -np.inf), -np.inf)),
                   float(np.nextafter(np.nextafter(r, np.inf), np.inf))]
    return [v for v in values if np.isfinite(v)]


def _roots(e: sympy.Basic, s: sympy.Symbol) -> set[float] | None:
    """The real roots of a polynomial in ``s`` (None if it is none, or of too high a degree)."""
    try:
        poly = sympy.Poly(e, s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return None
    if poly.degree() < 1 or poly.degree() > DEGREE:
        return None
    if not (poly.domain.is_QQ or poly.domain.is_ZZ):  # x − log(80 log 10): its roots to 60 digits
        poly = _rational(poly, s)
        if poly is None:
            return None
    try:
        return {float(r) for r in sympy.real_roots(poly)[:ROOTS]}
    except (ValueError, OverflowError, sympy.PolynomialError):
        return None


def _rational(poly: sympy.Poly, s: sympy.Symbol) -> sympy.Poly | None:
    """A polynomial with real constant coefficients as one with their 60-digit rationals
    (the points it gives are decided exactly anyway), None if a coefficient is not a real
    number."""
    coefficients = poly.all_coeffs()
    if not all(c.is_number and c.is_real for c in coefficients):
        return None
    try:
        return sympy.Poly([sympy.Rational(str(sympy.N(c, 60))) for c in coefficients], s)
    except (TypeError, ValueError):
        return None


def _moved(point: Point, s: sympy.Symbol, value: float) -> Point:
    """``point`` with ``s`` at ``value``: every sample of it, for a per-sample scalar, and of
    every name for the same data (x_j under Σ_j is x_i)."""
    values = dict(point.values)
    base = sample_parts(s.name)[0]
    samples = [k for k in values if isinstance(k, tuple) and (
        k[0] == s or base and sample_parts(getattr(k[0], "name", ""))[0] == base)]
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


def entry_sides(margins: Iterable[sympy.Basic], point: Point, at_most: int,
                structure: dict[str, str] | None = None, simplex_only: bool = False
                ) -> list[Point]:
    """Points that put each margin on matrices in each of its sign regions through one entry
    of one matrix (the first, a diagonal one; the others at the point's values, exactly):
    tr A > 10⁴⁰ and aᵀa > 10¹⁰⁰ are polynomials in a₁₁ there, solved like a scalar's. A
    probability vector y moves towards a vertex and towards the centre instead, (1 − t)y + tc
    with t in [0, 1], so that it stays one; a definite matrix only where it stays definite.
    ``simplex_only``: probability vectors only (at a large point, where a determinant of
    exact rationals would be dear)."""
    from .draws import SIMPLEX, honours
    structure = structure or {}
    out: list[Point] = []
    for m in margins:
        matrices = sorted((a for a in m.atoms(sympy.MatrixSymbol) if a in point.values), key=str)
        for chosen in matrices:
            value = np.array(point.values[chosen], dtype=float)
            targets = [None] if not simplex_only else []
            if structure.get(chosen.name) == SIMPLEX:
                vertex = np.zeros_like(value)
                vertex.flat[0] = 1.0
                targets = [vertex, np.full_like(value, 1.0 / value.size)]
            for target in targets:
                for t in _sides_along(m, point, matrices, chosen, target):
                    values = dict(point.values)
                    if target is None:
                        values[chosen] = value.copy()
                        values[chosen].flat[0] = t
                    else:
                        values[chosen] = (1 - t) * value + t * target
                    moved = Point(point.dims, values)
                    if honours(moved, structure):
                        out.append(moved)
                    if len(out) >= at_most:
                        return out
    return out


def _sides_along(m: sympy.Basic, point: Point, matrices: list, chosen: sympy.Basic,
                 target: np.ndarray | None) -> list[float]:
    """The values of t that put ``m`` in each sign region, with ``chosen``'s first entry t
    (no target) or ``chosen`` at (1 − t)·value + t·target (t in [0, 1])."""
    t = sympy.Dummy("t", real=True)
    try:
        explicit = {}
        for a in matrices:
            rows = _entries(point.values[a])
            if a == chosen and target is None:
                rows[0][0] = t
            elif a == chosen:
                goal = _entries(target)
                rows = [[(1 - t) * v + t * g for v, g in zip(row, grow)]
                        for row, grow in zip(rows, goal)]
            explicit[a] = sympy.ImmutableMatrix(rows)
        sizes = {d: sympy.Integer(v) for d, v in point.dims.items()}  # 1ᵀ of n entries too
        poly = sympy.expand(m.xreplace(explicit).xreplace(sizes).xreplace(_scalars(point))
                            .doit())
    except (TypeError, ValueError, AttributeError, IndexError, sympy.ShapeError):
        return []  # (SymPy's sums over a symbolic size can index past an explicit matrix)
    values = _regions(poly, t, {}) or []
    return values if target is None else [v for v in values if 0 <= v <= 1]


def _entries(value: object) -> list[list[sympy.Basic]]:
    """A matrix's values as exact rationals."""
    rows = [[_exact(v) for v in row] for row in np.atleast_2d(np.asarray(value, dtype=float))]
    if any(v is None for row in rows for v in row):
        raise ValueError("an entry is not a finite float")
    return rows


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
    """Is the margin certainly positive at these exact values? Not where SymPy cannot say,
    or its evaluation gives out (e^{−x²} at x = 10⁹⁰: a MemoryError in evalf)."""
    v = margin.xreplace(values)
    try:
        return bool(v.is_number and v.is_positive)
    except (MemoryError, RecursionError, OverflowError, TypeError, ValueError):
        return False


NEWTON = 40  # Newton steps towards a margin's extremum at most


def extremum_points(margins: Iterable[sympy.Basic], point: Point, at_most: int) -> list[Point]:
    """For each margin of several scalars, Newton's method towards its extremum on the other
    side (the centre of an ellipse, the valley of a banana, a ball 10⁻⁶ wide in ten scalars,
    which no coordinate and no line reaches), made an ascent (or descent) by shifting the
    Hessian until it is definite, each step taken only if it improves the margin: the first
    iterate where the margin has the other sign than at ``point`` is a point there."""
    exact = _scalars(point)
    out: list[Point] = []
    for m in margins:  # per-sample data (x_i under a sum) have a value per sample: not moved
        names = sorted(m.free_symbols & set(exact) & set(point.values), key=str)
        if len(names) < 2 or len(names) > 16:
            continue
        try:
            gradient = [sympy.diff(m, v) for v in names]
            hessian = [[sympy.diff(g, v) for v in names] for g in gradient]
        except (TypeError, ValueError):
            continue
        found = _newton(m, gradient, hessian, names, point, False) or \
            _newton(m, gradient, hessian, names, point, True)
        if found is not None:
            out.append(found)
        if len(out) >= at_most:
            break
    return out


def _newton(m: sympy.Basic, gradient: list, hessian: list, names: list, point: Point,
            damped: bool) -> Point | None:
    """Newton's method from ``point`` towards the other sign of ``m``: plain (to the critical
    point, whatever the margin does on the way: a banana's valley), or ``damped``, an
    ascent whose every step improves the margin (a ball where plain steps diverge)."""
    from .numeric import EvaluationError, evaluate

    def at(e: sympy.Basic, p: Point) -> float:
        return float(np.asarray(evaluate(e, p), dtype=float).reshape(-1)[0])
    p = point
    try:
        here = at(m, p)
        side = -np.sign(here) or 1.0  # climb towards the other sign
        shift = 0.0
        for _ in range(NEWTON):
            g = side * np.array([at(e, p) for e in gradient])
            h = side * np.array([[at(e, p) for e in row] for row in hessian])
            if not (np.all(np.isfinite(g)) and np.all(np.isfinite(h))) or not np.any(g):
                return None
            if not damped:
                step = -np.linalg.solve(h, g)
                values = {**p.values}
                for v, d in zip(names, step):
                    values[v] = float(values[v]) + float(d)
                p = Point(point.dims, values)
                if np.sign(at(m, p)) == side:
                    return p
                continue
            top = float(np.max(np.linalg.eigvalsh((h + h.T) / 2)))
            shift = max(shift / 4, top + 1e-12 * (1 + float(np.max(np.abs(h)))), 0.0)
            for _ in range(12):  # ascent: H − λI negative definite, λ raised until it helps
                step = -np.linalg.solve(h - shift * np.eye(len(names)), g)
                values = {**p.values}
                for v, d in zip(names, step):
                    values[v] = float(values[v]) + float(d)
                q = Point(point.dims, values)
                there = at(m, q)
                if np.isfinite(there) and side * there > side * here:
                    break
                shift = max(shift * 10, 1e-12)
            else:
                return None
            p, here = q, there
            if np.sign(here) == side:
                return p
    except (EvaluationError, ValueError, TypeError, OverflowError, ZeroDivisionError,
            np.linalg.LinAlgError):
        return None
    return None
