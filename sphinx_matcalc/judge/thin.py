"""Points where the claim's cases switch or meet, decided with the case each one takes there.

A case of the claim may hold only on a thin set: finitely many values of one scalar (𝟙[x² ≤ 0],
|x| ≤ 0, 0 ≤ x ≤ 0, 𝟙[x ≥ 0] − 𝟙[x > 0]), a line or a sphere in several (𝟙[(x − y)² ≤ 0],
what ``\text{otherwise}`` leaves after xᵀx > 3 and xᵀx < 3), a point of a vector (‖x‖ ≤ 0)
or of several scalars ((x − 1)² + (y − 2)² ≤ 0). Random points never land there, and such a
set is often a kink of the function, where no point is put. But where the derivative (the
truth) is continuous there, the function is differentiable there with that limit as its
derivative, so the claim must agree there too: 2|x| + 5·𝟙[x² ≤ 0] for x|x| is wrong at 0.
Where the truth jumps (sign x at 0), the derivative has no value and the claim is free.

Every such set lies where a comparison of the claim switches. Those values are found on
lines through drawn points along one coordinate (a scalar, or an entry of a vector or
matrix), the other values held at the point's or at 0: there a comparison is one of one
scalar, solved exactly (``quantities.of_one_symbol``), and the ends of where it holds are
the switches. Where no line crosses (a point of several scalars), the non-strict
comparisons are solved together. At each such point, exact (rational or algebraic), every
Piecewise's case is decided exactly, and the claim with those cases taken is evaluated at
the point (rounded to 200 digits, far below what the 100-digit enclosure that decides can
see), where it and the truth are continuous (along the line
and a slanted one): it is then the claim's value there.
"""

from __future__ import annotations

import itertools
import time
from typing import Callable, Iterator

import mpmath
import numpy as np
import sympy
from sympy.matrices.expressions import MatrixSymbol

from ..nodes import MatrixSampleSum
from .numeric import Point
from .budget import within as _within
from .coordinates import (STEP, Coordinate, continuous, coordinates,
                          FINE, NOISE, corner, stepped, switched_at,
                          exact as _exact, flat, key as _key, moved, restricted, slanted,
                          symbols as _symbols, zeroed as _zeroed)
from .precise import Undefined, evaluate_precise
from .draws import SIMPLEX, honours
from .exact_zero import exact_values, number_zero
from .switch_values import VALUES, T as _T, critical, switches

#: Drawn points tried, lines per point, points in all.
POINTS, LINES, LIMIT = 4, 6, 24
#: Seconds one solve may take, and all of a claim's search.
SOLVE_SECONDS, SECONDS = 0.5, 2.0
#: Magnitudes where the judge's float steps beside a switch tell its sides apart (past them
#: x² or a power of x overflows, or 1 + x² rounds to x²).
FLOATS = (1e-80, 1e80)



def zero_powers(e: sympy.Basic) -> sympy.Basic:
    """``e`` with each 0^u written as the case it is: 1 where u = 0, 0 where u > 0, no value
    where u < 0. So written, the search for where cases switch sees it: 5·0^{(x − 3)²} is
    5·𝟙[x = 3], wrong at 3 for the derivative of x²."""
    return e.replace(
        lambda n: isinstance(n, sympy.Pow) and n.base == 0 and not n.exp.is_number,
        lambda n: sympy.Piecewise((1, sympy.And(n.exp <= 0, n.exp >= 0)), (0, n.exp > 0)))


def signs_as_cases(e: sympy.Basic) -> sympy.Basic:
    """``e`` with each sign(u) and Heaviside(u) written as the cases they are (sign u is 0
    only where u = 0), so that the search for where cases switch sees them."""
    def cases(n: sympy.Basic) -> sympy.Basic:
        u = n.args[0]
        at_zero = 0 if isinstance(n, sympy.sign) else (
            n.args[1] if len(n.args) > 1 else sympy.Rational(1, 2))
        below = -1 if isinstance(n, sympy.sign) else 0
        return sympy.Piecewise((1, u > 0), (below, u < 0), (at_zero, True))
    return e.replace(lambda n: isinstance(n, (sympy.sign, sympy.Heaviside)) and
                     not isinstance(n.args[0], sympy.MatrixExpr), cases)


def on_thin_sets(claim: sympy.Basic, truth: sympy.Basic, function: tuple, valid: list[Point],
                 structure: dict[str, str],
                 decide: Callable[[sympy.Basic, Point, sympy.Basic], object],
                 free: list | None = None, wrt: frozenset = frozenset()) -> object:
    """The first of ``decide(claim there, point, derivative there)`` that is not None, over
    the points of the thin sets of the claim's cases (``thin_points``); None if none. Points
    where the function has no derivative (the claim is free there) are added to ``free``."""
    for there, derivative, q in thin_points(claim, truth, valid, structure, function, free,
                                            wrt):
        found = decide(there, q, derivative)
        if found is not None:
            return found
    return None


def thin_points(claim: sympy.Basic, truth: sympy.Basic, valid: list[Point],
                structure: dict[str, str] | None = None, function: tuple = (),
                free: list | None = None, wrt: frozenset = frozenset()
                ) -> list[tuple[sympy.Basic, sympy.Basic, Point]]:
    """(the claim as it is at the point, the derivative's, a point) at each point where a comparison of the
    claim's cases (also one the truth has) switches on a line through a point of ``valid``
    (or where several of them meet), with the case each Piecewise takes there decided exactly,
    where the function, the truth and the claim so taken are continuous (a function that
    jumps there, x + 𝟙[x > 0] at 0, has no derivative there, whatever its formula's
    derivative says). Where the derivative's formula jumps at the point alone, the same
    on every side (relu(x) − relu(−x) at 0), that side's formula is the derivative there.
    Structured values move within their
    structure (a symmetric pair together, a probability vector's entry against its last);
    whole numbers are held as drawn."""
    claim = signs_as_cases(claim)  # sign(x² − 2)² is 𝟙[x² − 2 ≠ 0]: 0 on a thin set
    # a case inside a sum over samples takes a case per sample, not one at the point: those
    # are searched with the sum written out (``sample_thin.py``)
    pieces = sorted(_outside_sums(claim, sympy.Piecewise), key=sympy.default_sort_key)
    relations = sorted(_outside_sums(claim, sympy.core.relational.Relational),
                       key=sympy.default_sort_key)
    if not pieces or not relations:
        return []
    out: list[tuple[sympy.Basic, sympy.Basic, Point]] = []
    for q, coordinate, taken in _candidates(relations, pieces, valid, structure or {}):
        there = claim.xreplace(taken)
        if not all(continuous(e, q, coordinate, wrt) for e in function):
            if free is not None:
                free.append(q)
            continue
        derivative = truth if continuous(truth, q, coordinate, wrt) else \
            _limit(truth, q, coordinate, wrt)
        if derivative is None and any(corner(e, q, coordinate, wrt) for e in function):
            derivative = KINK
        if derivative is KINK and free is not None:  # a corner: no derivative there
            free.append(q)
        if derivative is None or derivative is KINK:  # (None: not known, nothing decided)
            continue
        if not continuous(there, q, coordinate):  # the derivative exists, and the claim
            if not singular(there, q):  # there has no value, or none a rounded point shows
                continue
            there = sympy.nan
        out.append((there, derivative, q))
        if len(out) >= LIMIT:
            break
    return out


def singular(e: sympy.Basic, q: Point) -> bool:
    """Has the scalar ``e`` certainly no value at ``q``, taken exactly (its exact roots
    too): a log, a division or an even root of a quantity proven 0, or certainly negative
    at 60 digits? (log(x² − 2) at x = √2, where a rounded x gives −460 or no value.)"""
    at = exact_values(e, q)
    if at is None:
        return False
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.log):
            u, negative_too = node.args[0], True
        elif isinstance(node, sympy.Pow) and node.exp.is_number and node.exp.is_negative:
            u, negative_too = node.base, not node.exp.is_integer
        elif isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_integer:
            u, negative_too = node.base, True
            if sympy.Integer(node.exp.q).is_odd:
                continue
        else:
            continue
        value = u.xreplace(at)
        if value.free_symbols:
            continue
        if number_zero(value) and not (isinstance(node, sympy.Pow) and node.exp.is_positive):
            return True
        v = value.evalf(60)
        if negative_too and v.is_real and v < -sympy.Rational(1, 10**40):
            return True
    return False


def points_on(margins: tuple, valid: list[Point], structure: dict[str, str]
              ) -> list[Point]:
    """Exact points where the margins switch (a thin pair u ≥ 0, −u ≥ 0: where u = 0), on
    the lines the thin sets' search draws through the points of ``valid``."""
    relations = [sympy.GreaterThan(m, 0) for m in margins
                 if not isinstance(m, sympy.MatrixExpr)]
    if not relations:
        return []
    return [q for q, _, _ in itertools.islice(_candidates(relations, [], valid, structure),
                                              LIMIT)]


def _outside_sums(e: sympy.Basic, kind: type) -> set:
    """The nodes of ``kind`` in ``e`` that no sum over samples encloses."""
    if isinstance(e, (sympy.Sum, MatrixSampleSum)):
        return set()
    found = {e} if isinstance(e, kind) else set()
    return found.union(*(_outside_sums(a, kind) for a in e.args if isinstance(a, sympy.Basic)))


KINK = "kink"  # the derivative's formula takes other limits on two sides: no derivative


def _limit(truth: sympy.Basic, q: Point, coordinate: Coordinate, wrt: frozenset = frozenset()
           ) -> sympy.Basic | str | None:
    """The derivative's formula with the cases it takes beside q (signs and steps as the
    cases they are), where every side (along the coordinate and a slanted line, both ways)
    takes ones that agree at q and are continuous there: the derivative's formula then
    jumps at q alone, removably (𝟙[x > 0] + 𝟙[−x > 0] is 0 at 0 and 1 on every side), and
    the function, continuous, has that limit as its derivative. KINK where the sides' values
    at q differ (a corner: no derivative); None where that cannot be told (a side's formula
    has no value at q: 2x sin(1/x) − cos(1/x) at 0, where x² sin(1/x) has the derivative 0)."""
    truth = signs_as_cases(truth)
    pieces = sorted(truth.atoms(sympy.Piecewise), key=sympy.default_sort_key)
    if not pieces:
        return None
    sides = [stepped(q, coordinate, k, STEP) for k in (-1, 1)]
    forms = []
    for side in sides + [slanted(q, -1, wrt), slanted(q, 1, wrt)]:
        taken = _within(SOLVE_SECONDS, lambda: _taken(pieces, side, {}))
        if taken is None:
            return None
        forms.append(truth.xreplace(taken))
    differ = [_differ(f, forms[0], q) for f in forms[1:]]
    if None in differ:
        return None
    if any(differ):
        return KINK if all(continuous(f, q, coordinate, wrt) for f in forms) else None
    return forms[0] if continuous(forms[0], q, coordinate, wrt) else None


def _differ(a: sympy.Basic, b: sympy.Basic, q: Point) -> bool | None:
    """Do two formulas take other values at ``q``: decided exactly where they are scalars of
    scalars (a slope gap of 10⁻¹³ beside values of 10²⁰⁰ is one), else at 120 digits to
    10⁻¹⁰⁰ of their size; None where either has no value there."""
    d = a - b
    at = exact_values(d, q)
    if at is not None:
        value = d.xreplace(at)
        if value.is_number and not value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            if value == 0 or number_zero(value):
                return False
            v = value.evalf(60)
            if v.is_Number and v.is_real and v != 0:
                return True
    try:
        x, y = flat(evaluate_precise(a, q, FINE)), flat(evaluate_precise(b, q, FINE))
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return None
    with mpmath.workdps(FINE):
        return any(abs(u - w) > NOISE * (1 + abs(u) + abs(w)) for u, w in zip(x, y))


def derivative_at(truth: sympy.Basic, function: tuple, q: Point, wrt: frozenset = frozenset()
                  ) -> sympy.Basic | str | None:
    """The derivative's formula to compare with at ``q``: ``truth`` itself, except where a
    quantity it or the function switches on is exactly 0 at ``q`` and it jumps there: then its limit, where
    the function is continuous there and every side agrees (x² written with a case at
    x = 1 has a derivative 2 there, whatever the case's formula says); KINK where the
    function has no derivative there (it jumps, or its formula's sides differ: the claim
    is free); None where that cannot be told (nothing is decided there)."""
    if not any(switched_at(e, q) is True for e in (truth, *function)):
        return truth
    lines = coordinates([k for k in q.values if getattr(k, "name", None) in wrt], q) or \
        coordinates([k for k in q.values if isinstance(k, (sympy.Symbol, MatrixSymbol))], q)
    if not lines:
        return truth
    if not all(continuous(e, q, lines[0], wrt) for e in function):
        return KINK
    if continuous(truth, q, lines[0], wrt):
        return truth
    limit = _limit(truth, q, lines[0], wrt)
    if limit is None and any(corner(e, q, lines[0], wrt) for e in function):
        return KINK  # (‖x‖ at 0, whose formula has no value there)
    return limit


def _candidates(relations: list[sympy.Basic], pieces: list[sympy.Piecewise],
                valid: list[Point], structure: dict[str, str]
                ) -> Iterator[tuple[Point, Coordinate, dict]]:
    """(point, a coordinate, {Piecewise: its value there}) where the comparisons switch on
    lines along each coordinate through the first points of ``valid`` (the other values held
    at the point's, or at 0) and where they meet (``switch_values.critical``); each point once, and only
    where every Piecewise's case there is decided exactly."""
    every = [s for s in _symbols(sympy.Tuple(*relations)) if not getattr(s, "is_integer", False)]
    names = [s for s in every if s.name not in structure]
    kept = [s for s in every if s.name in structure]
    if not every:
        return
    seen: set = set()
    deadline = time.monotonic() + SECONDS
    for p in _spread([p for p in valid if all(s in p.values for s in every)], relations):
        found = []
        for base in (p, _zeroed(p, names)):
            moves = [{c: _T} for c in coordinates(names, base)[:LINES]]
            moves += [m for s in kept for m in _within_structure(s, structure[s.name], base)]
            for move in moves:
                if time.monotonic() > deadline:
                    return
                values = {v for r in relations
                          for v in _within(SOLVE_SECONDS, lambda: switches(r, base, move)) or []}
                found += [(base, {c: e.subs(_T, w) for c, e in move.items()})
                          for v in sorted(values, key=sympy.default_sort_key)[:VALUES]
                          for w in (v, *_beside(v))]
        found += [(p, exact) for exact in critical(relations, p, names)]
        origin = _zeroed(p, names)  # every value 0: on sets through it no line switches
        found += [(origin, {c: sympy.Integer(0)}) for c in coordinates(names, origin)[:1]]
        for base, exact in found:
            q = base
            for coordinate, value in exact.items():
                q = moved(q, coordinate, value)
            key = _key(q, every)
            if key in seen or not honours(q, structure):
                continue
            seen.add(key)
            taken = _within(SOLVE_SECONDS, lambda: _taken(pieces, base, exact))
            if taken is not None:
                yield q, next(iter(exact)), taken


def _within_structure(s: MatrixSymbol, kind: str, p: Point) -> list[dict]:
    """Moves of a structured value that keep its structure (a point that leaves the
    definite cone is dropped later): a diagonal entry, or an off-diagonal pair together,
    of a symmetric matrix; the first entry of a probability vector against its last."""
    rows, cols = np.shape(np.asarray(p.values[s], dtype=object))
    if kind == SIMPLEX:
        if rows < 2:
            return []
        a = np.asarray(p.values[s], dtype=object)
        total = _exact(a[0, 0]) + _exact(a[rows - 1, 0])
        return [{(s, 0, 0): _T, (s, rows - 1, 0): total - _T}]
    out = [{(s, 0, 0): _T}]
    if rows > 1:
        out += [{(s, 1, 1): _T}, {(s, 0, 1): _T, (s, 1, 0): _T}]
    return out


def _spread(points: list[Point], relations: list[sympy.Basic]) -> list[Point]:
    """The first POINTS points: one for each way the comparisons of sizes alone hold first
    (𝟙[n > 8] is 1 only at the sizes past 8 drawn), then one of each sizes (at n = 1,
    tr X = 0 is X = 0, where log det X has no value; at n = 3 it need not be)."""
    of_sizes = [r for r in relations
                if r.free_symbols and all(getattr(s, "is_integer", False) for s in r.free_symbols)]
    first: dict = {}
    for p in points if of_sizes else ():
        first.setdefault(("held", tuple(_holds_at(r, p.dims) for r in of_sizes)), p)
    for p in points:
        first.setdefault(tuple(sorted(p.dims.items(), key=str)), p)
    chosen = list({id(p): p for p in first.values()}.values())[:POINTS]  # each point once
    return chosen + [p for p in points if all(p is not c for c in chosen)][:POINTS - len(chosen)]


def _holds_at(relation: sympy.Basic, dims: dict) -> object:
    """Whether a comparison of sizes holds at ``dims`` (None where it reads another)."""
    held = relation.xreplace({d: sympy.Integer(v) for d, v in dims.items()})
    return bool(held) if held in (sympy.true, sympy.false) else None


def _beside(v: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """Values just either side of a switch past what floats hold (x > 10³⁰⁹, 10⁻⁴⁰⁰): the
    judge's own points beside a switch are floats, and there are none there."""
    try:
        size = abs(float(v))
    except (TypeError, ValueError, OverflowError):
        size = float("inf")
    if FLOATS[0] <= size <= FLOATS[1] or size == 0:
        return ()
    step = abs(v) * sympy.Rational(1, 10**20)
    return (v - step, v + step)


def _taken(pieces: list[sympy.Piecewise], base: Point, exact: dict) -> dict | None:
    """{Piecewise: the value of the case that holds} at ``base`` with the coordinates of
    ``exact`` at those exact values, each condition decided exactly; None where one is not."""
    taken = {}
    for pw in pieces:
        for value, c in pw.args:
            try:
                held = c.xreplace({r: _holds(r, base, exact)
                                   for r in c.atoms(sympy.core.relational.Relational)})
            except (TypeError, ValueError, KeyError, AttributeError, NotImplementedError):
                return None
            if held is sympy.true:
                taken[pw] = value
                break
            if held is not sympy.false:
                return None
    return taken


def _holds(r: sympy.Basic, base: Point, exact: dict) -> sympy.Basic:
    """Whether comparison ``r`` holds there: its two sides' difference, exact, is 0 once
    expanded (√ and roots cancel) or proven 0 (a root of x³ − 3x − 1 put in it: its minimal
    polynomial), or its sign is certain at 60 digits; else it is not
    decided (a ValueError), never guessed. (SymPy's own comparison of an algebraic number
    that is 0 but does not look it can decide either way.)"""
    d = restricted(r.lhs - r.rhs, base, exact)
    if d is None or d.free_symbols:
        raise ValueError("not a number there")
    d = sympy.expand(d)
    v = d.evalf(60)
    if d == 0 or v.is_real and abs(v) < sympy.Rational(1, 10**45) and number_zero(d):
        return sympy.true if isinstance(r, (sympy.LessThan, sympy.GreaterThan, sympy.Eq)) \
            else sympy.false
    if not v.is_real or abs(v) < sympy.Rational(1, 10**45):
        raise ValueError("a comparison too close to decide")
    return type(r)(v, 0)
