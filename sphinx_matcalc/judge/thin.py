"""Points on the thin sets of a claim's conditions, where the truth is continuous.

A condition of the claim may hold at finitely many values of one scalar only (𝟙[x² ≤ 0],
|x| ≤ 0, 0 ≤ x ≤ 0). Random points and the points beside a kink never land there, and such a
value is often a kink of the function, where no point is put. But where the derivative
(the truth) is continuous at that value, the function is differentiable there with that
limit as its derivative, so the claim must agree there too: 2|x| + 5·𝟙[x² ≤ 0] for x|x|
is wrong at 0. Where the truth jumps (sign x at 0), the derivative has no value and the
claim is free, as everywhere on a kink.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..quantities import of_one_symbol
from .numeric import Point
from .precise import Undefined, evaluate_precise

#: Values of one scalar tried per claim, and points each is put into.
VALUES, POINTS = 8, 2
#: How far beside the value the truth is looked at, and how close it must stay there.
STEP, CLOSE = sympy.Rational(1, 10**30), sympy.Rational(1, 10**12)
DIGITS = 60


def thin_points(claim: sympy.Basic, truth: sympy.Basic, valid: list[Point]) -> list[Point]:
    """Points of ``valid`` moved onto each value where a condition of the claim alone holds
    on a finite set of one scalar, where the truth is continuous."""
    out: list[Point] = []
    for value, s in _thin_values(claim, truth)[:VALUES]:
        for p in [p for p in valid if s in p.values][:POINTS]:
            q = Point(p.dims, {**p.values, s: value}, p.bound)
            if _continuous(truth, q, s, value):
                out.append(q)
    return out


def _thin_values(claim: sympy.Basic, truth: sympy.Basic) -> list[tuple[sympy.Basic, sympy.Symbol]]:
    """(value, scalar) for each value where a condition of the claim, not of the truth,
    holds on a finite set of one scalar: a comparison, a chain (0 ≤ x ≤ 0), or what a case
    leaves after the cases before it (5 & otherwise, after x > 0 and x < 0)."""
    own = set(_conditions(truth))
    found = []
    for c in _conditions(claim):
        if c in own or len(c.free_symbols) != 1:
            continue
        exact = of_one_symbol(c)
        if exact is None or not isinstance(exact[1], sympy.FiniteSet):
            continue
        s, where = exact
        found += [(v, s) for v in sorted(where, key=sympy.default_sort_key)
                  if v.is_real and (v, s) not in found]
    return found


def _conditions(e: sympy.Basic) -> list[sympy.Basic]:
    """Every condition in ``e``: comparisons and their ∧, ∨, and each case of a Piecewise as
    it holds (its own condition, and none of those before it)."""
    out = [c for c in sympy.preorder_traversal(e)
           if isinstance(c, (sympy.core.relational.Relational, sympy.And, sympy.Or))]
    for pw in e.atoms(sympy.Piecewise):
        earlier: list[sympy.Basic] = []
        for _, c in pw.args:
            out.append(sympy.And(c, *[sympy.Not(k) for k in earlier]))
            earlier.append(c)
    return out


def _continuous(truth: sympy.Basic, q: Point, s: sympy.Symbol, value: sympy.Basic) -> bool:
    """Is the truth defined at ``q`` and the same just beside it, on both sides of ``s``?"""
    try:
        here = [sympy.Float(v, DIGITS) for v in _flat(evaluate_precise(truth, q, DIGITS))]
        for side in (-1, 1):
            moved = Point(q.dims, {**q.values, s: value + side * STEP * (1 + abs(value))},
                          q.bound)
            there = _flat(evaluate_precise(truth, moved, DIGITS))
            if any(abs(a - b) > CLOSE * (1 + abs(a)) for a, b in zip(here, there)):
                return False
    except (Undefined, TypeError, ValueError, ArithmeticError):
        return False
    return True


def _flat(value: object) -> list:
    return list(np.asarray(value, dtype=object).reshape(-1))
