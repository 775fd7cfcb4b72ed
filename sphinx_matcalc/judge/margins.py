"""A relation's margin: what must be positive for it to hold, in the form searches solve best.

Every search that seeks where a condition holds (exact roots, the linear programs, the
descent, the targets of ``switches``) asks for a margin; this is the one place a relation
becomes one. A strictly increasing function of a quantity compared with a constant is
inverted first: e^{e^x} > 10⁸⁰ is x > log(80 log 10) — the same set, but a margin of order 1
that an exact root or a Newton step meets, where 10⁸⁰ on one side is no step at all.
"""

from __future__ import annotations

import sympy

from ..nodes import sigmoid

GREATER = (sympy.StrictGreaterThan, sympy.GreaterThan)
LESS = (sympy.StrictLessThan, sympy.LessThan)
RELATIONS = GREATER + LESS
INVERSIONS = 8  # functions inverted in one margin at most


def margin(relation: sympy.Basic) -> sympy.Basic:
    """lhs − rhs for >, rhs − lhs for <, with increasing functions inverted. One that is a
    whole number wherever its symbols are (n − 3 of sizes and sample counts), ½ more where
    the relation holds at equality and ½ less where it does not: positive exactly where it
    holds (n ≥ 3 and n ≤ 3 hold together at n = 3)."""
    m = _difference(relation)
    scale = _whole(m)
    if scale:
        half = sympy.Rational(1, 2)
        m = sympy.expand(scale * m)
        return m + half if isinstance(relation, (sympy.GreaterThan, sympy.LessThan)) else m - half
    return inverted(m)


def closed_margins(e: sympy.Basic) -> frozenset:
    """The margins of ``e``'s conditions that hold where they are 0: of x ≥ c and x ≤ c, and
    of the negations of x > c and x < c (a margin of whole numbers is positive exactly where
    its condition holds, so none of those), and u and −u of sign(u) and a step's, which
    take a value of their own at u = 0."""
    out = {m for node in e.atoms(sympy.sign, sympy.Heaviside)
           if not isinstance(node.args[0], sympy.MatrixExpr)
           for m in (node.args[0], -node.args[0])}
    for r in e.atoms(*RELATIONS):
        if not _whole(_difference(r)):
            m = margin(r)
            out.add(m if isinstance(r, (sympy.GreaterThan, sympy.LessThan)) else -m)
    return frozenset(out)


def _difference(relation: sympy.Basic) -> sympy.Basic:
    """lhs − rhs for >, rhs − lhs for <: positive where the relation holds."""
    if isinstance(relation, GREATER):
        return relation.lhs - relation.rhs
    return relation.rhs - relation.lhs


def _whole(m: sympy.Basic) -> int:
    """The least positive whole number that makes ``m``, a polynomial with rational
    coefficients in whole-number symbols, a whole number wherever they are (10 for
    n/2 − 1.6); 0 for any other ``m``."""
    symbols = m.free_symbols
    if not symbols or not all(getattr(s, "is_integer", False) for s in symbols):
        return 0
    try:
        coefficients = sympy.Poly(sympy.nsimplify(m, rational=True), *symbols).coeffs()
    except (sympy.PolynomialError, ValueError, TypeError):
        return 0
    if not all(c.is_Rational for c in coefficients):
        return 0
    return int(sympy.ilcm(*(c.q for c in coefficients)))


def inverted(m: sympy.Basic) -> sympy.Basic:
    """A margin f(u) − c with f strictly increasing (exp, log, σ, a positive multiple) and c a
    real constant in f's range, as u − f⁻¹(c): positive exactly where ``m`` is."""
    for _ in range(INVERSIONS):
        if not m.free_symbols or getattr(m, "is_Matrix", False):
            return m
        constant, varying = m.as_independent(*m.free_symbols, as_Add=True)
        c = -constant
        if not (c.is_number and c.is_real is not False) or varying == 0:
            return m
        k, f = varying.as_independent(*varying.free_symbols, as_Add=False)
        if not (k.is_number and k.is_positive):
            return m
        c = c / k
        if isinstance(f, sympy.exp) and c.is_positive:
            m = f.args[0] - sympy.log(c)
        elif isinstance(f, sympy.log) and c.is_real:
            m = f.args[0] - sympy.exp(c)
        elif isinstance(f, sigmoid) and c.is_positive and (1 - c).is_positive:
            m = f.args[0] - sympy.log(c / (1 - c))
        else:
            return m if k == 1 else f - c
    return m
