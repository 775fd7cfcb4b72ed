"""Where two conditions of cases both hold: nowhere (no pair to judge), only on a boundary
(u = c: the judge decides there exactly), or on a region the judge searches.

The reader records each pair that may both hold for the judge (``judge/cases.py``), which
decides whether their values agree wherever both conditions hold.
"""

from __future__ import annotations

import sympy

from ..quantities import of_one_symbol, quantity_set

#: Element-wise conditions on one quantity whose second is what the first leaves (at most a
#: boundary point, where the second piece is taken): x > c then x ≤ c, or x > c then x < c.
COMPLEMENTS = {(sympy.StrictGreaterThan, sympy.LessThan),
               (sympy.GreaterThan, sympy.StrictLessThan),
               (sympy.StrictLessThan, sympy.GreaterThan),
               (sympy.LessThan, sympy.StrictGreaterThan),
               (sympy.StrictGreaterThan, sympy.StrictLessThan),
               (sympy.StrictLessThan, sympy.StrictGreaterThan)}


_ABOVE = (sympy.StrictGreaterThan, sympy.GreaterThan)


def upward(relation: type) -> bool:
    """Does ``relation`` say its left side is the larger (>, ≥)?"""
    return relation in _ABOVE


def overlap(a: sympy.Basic, b: sympy.Basic) -> sympy.Basic:
    """Where ``a`` and ``b`` both hold: false when never; an equation u = c (or a ∨ of them)
    when the two meet only on a boundary (u ≥ c and u ≤ c, 0 ≤ x ≤ 1 and 1 ≤ x ≤ 2, x ≥ 0
    and x³ ≤ 0), where random points almost never land; else ``a ∧ b``."""
    if exclusive(a, b):
        return sympy.false
    both = sympy.And(a, b)
    found = quantity_set(both) or of_one_symbol(both)
    if found is None:
        return both
    quantity, where = found
    if where is sympy.EmptySet:
        return sympy.false
    if isinstance(where, sympy.FiniteSet):
        return sympy.Or(*(sympy.Eq(quantity, c, evaluate=False) for c in where))
    return both


def exclusive(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Can ``a`` and ``b`` plainly never both hold: on one quantity u, in opposite directions,
    at least one strict (u > c and u ≤ c, u > c and u < c)?"""
    relational = sympy.core.relational.Relational
    if not (isinstance(a, relational) and isinstance(b, relational)):
        return False
    if a.negated == b:
        return True
    strict = (sympy.StrictGreaterThan, sympy.StrictLessThan)
    da, db = sympy.expand(a.lhs - a.rhs), sympy.expand(b.lhs - b.rhs)
    if da == db:
        opposite = upward(type(a)) != upward(type(b))
    elif da == -db:
        opposite = upward(type(a)) == upward(type(b))
    else:
        return False
    return opposite and (type(a) in strict or type(b) in strict)
