"""Conditions of cases that plainly cannot both hold, so that no pair of them needs judging.

The reader records each other pair of cases for the judge (``judge/cases.py``), which
decides whether their values agree wherever both conditions hold.
"""

from __future__ import annotations

import sympy

#: Element-wise conditions on one quantity whose second is what the first leaves (at most a
#: boundary point, where the second piece is taken): x > c then x ≤ c, or x > c then x < c.
COMPLEMENTS = {(sympy.StrictGreaterThan, sympy.LessThan),
               (sympy.GreaterThan, sympy.StrictLessThan),
               (sympy.StrictLessThan, sympy.GreaterThan),
               (sympy.LessThan, sympy.StrictGreaterThan),
               (sympy.StrictGreaterThan, sympy.StrictLessThan),
               (sympy.StrictLessThan, sympy.StrictGreaterThan)}


def exclusive(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Can ``a`` and ``b`` plainly never both hold: on one quantity u, in opposite directions,
    at least one strict (u > c and u ≤ c, u > c and u < c)?"""
    relational = sympy.core.relational.Relational
    if not (isinstance(a, relational) and isinstance(b, relational)):
        return False
    if a.negated == b:
        return True
    above = (sympy.StrictGreaterThan, sympy.GreaterThan)
    strict = (sympy.StrictGreaterThan, sympy.StrictLessThan)
    da, db = sympy.expand(a.lhs - a.rhs), sympy.expand(b.lhs - b.rhs)
    if da == db:
        opposite = (type(a) in above) != (type(b) in above)
    elif da == -db:
        opposite = (type(a) in above) == (type(b) in above)
    else:
        return False
    return opposite and (type(a) in strict or type(b) in strict)
