"""Where a quantity of sizes alone can change sign past the sizes the judge scans.

A quantity's sign changes, along one size with the others fixed, only at its real roots (a
polynomial's numerator and denominator; the polynomial pieces of one under |·|, max and
min; otherwise the roots SymPy's ``solveset`` finds within a budget), so the integers beside
them decide the signs it takes there. A relation whose roots cannot be found, and that does
not repeat with a short whole period, is refused as unchecked: it may change where no draw
looks (𝟙[cos(2πn/97) > 0.99999] holds at n = 97, 194, …).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from .budget import within

FAR = 10 ** 15  # sizes past this are not sought (a root there is as good as none)
SOLVE_SECONDS = 0.5  # to solve a quantity that is no polynomial along one size
PIECES = 3  # |·|, max and min in one quantity whose pieces are solved (2³ choices)


def integer_parts(e: sympy.Expr) -> tuple | None:
    """(numerator, denominator) of ``e`` as Polys with integer coefficients, or None."""
    gens = sorted(e.free_symbols, key=str)
    try:
        num, den = sympy.fraction(sympy.together(e))
        p, q = sympy.Poly(num, *gens), sympy.Poly(den, *gens)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return None
    if not all(x.domain.is_ZZ or x.domain.is_QQ for x in (p, q)):
        return None
    _, p = p.clear_denoms()
    _, q = q.clear_denoms()
    return p, q


def polynomial_roots(parts: tuple, s: sympy.Symbol, at: dict, past: int) -> list[int]:
    """Integers next to the real roots past ``past`` of the numerator and denominator
    ``parts`` in ``s``, the other sizes at ``at``."""
    out = []
    for poly in parts:
        if s not in poly.gens:
            continue
        j = poly.gens.index(s)
        by_power: dict[int, int] = {}
        for monomial, c in poly.terms():
            v = int(c)
            for g, e in zip(poly.gens, monomial):
                if g != s and e:
                    v *= at[g] ** e
            by_power[monomial[j]] = by_power.get(monomial[j], 0) + v
        coefficients = [by_power.get(e, 0) for e in range(max(by_power), -1, -1)]
        if len(coefficients) < 2 or not any(coefficients[:-1]):
            continue
        scale = max(abs(c) for c in coefficients)
        for r in np.roots([c / scale for c in coefficients]):
            if abs(r.imag) <= 1e-6 * max(1.0, abs(r.real)) and r.real > past - 1:
                out.append(int(round(r.real)))
    return out


def solved_roots(expr: sympy.Expr, signed: str, s: sympy.Symbol, at: dict,
                 past: int) -> list[int]:
    """Integers next to the real roots past ``past``, along ``s``, of a quantity that is no
    polynomial (√n − √97, e^n − e^97). Where none can be found, a quantity only tested for 0
    keeps the scan (1/√d is 0 nowhere), and so does a relation with a whole period up to
    ``past`` / 2 (every residue is scanned twice); any other is UNCHECKED."""
    pieces = solvable_pieces(expr)
    if pieces is not None:  # |m − n| − 6: the roots of its pieces and of what they switch on
        return [r for piece in pieces for r in polynomial_roots(integer_parts(piece), s, at,
                                                                past)]
    e = expr.xreplace({t: sympy.Integer(v) for t, v in at.items()})
    x = sympy.Dummy("n", positive=True)
    try:
        found = within(SOLVE_SECONDS, lambda: sympy.solveset(
            e.xreplace({s: x}), x, sympy.Interval(past, FAR)))
    except Exception:  # noqa: BLE001 - SymPy's solvers raise many kinds; none decides
        found = None
    if found is sympy.S.EmptySet or isinstance(found, sympy.FiniteSet) and all(
            r.is_real for r in found):
        return [int(sympy.floor(r)) + k for r in found for k in (0, 1)]
    if signed == "zero" or _period(e.xreplace({s: x}), x) <= past // 2:
        return []
    raise MatcalcError(
        f"The claim could not be checked: its condition on sizes ({expr}) may change at "
        f"sizes past {past} that the judge cannot find (it is not a polynomial, and SymPy "
        "gives no finite set of its roots), so it is not accepted.", Subtype.UNCHECKED)


def solvable_pieces(e: sympy.Expr) -> list[sympy.Expr] | None:
    """Polynomials whose roots hold every sign change of ``e``, a polynomial under |·|, max
    and min: e with each |u| as ±u and each max or min as one argument, and each u and
    difference of arguments; None where one is no polynomial or there are too many."""
    kinks = list(e.atoms(sympy.Abs, sympy.Max, sympy.Min))
    if not kinks or len(kinks) > PIECES:
        return None
    choices = [[k.args[0], -k.args[0]] if isinstance(k, sympy.Abs) else list(k.args)
               for k in kinks]
    out = [u for k in kinks for u in ([k.args[0]] if isinstance(k, sympy.Abs) else
                                      [a - b for a, b in itertools.combinations(k.args, 2)])]
    for chosen in itertools.product(*choices):
        out.append(e.xreplace(dict(zip(kinks, chosen))))
    return out if all(integer_parts(p) is not None for p in out) else None


def _period(e: sympy.Expr, x: sympy.Symbol) -> int | float:
    """The period of ``e`` over the integers (9 for cos(2πn/9), 2 for (−1)ⁿ, which SymPy
    writes for cos(πn) and whose period it does not find), else infinity."""
    e = e.replace(lambda n: isinstance(n, sympy.Pow) and n.base == -1,
                  lambda n: sympy.cos(sympy.pi * n.exp))  # equal at whole sizes
    try:
        p = within(SOLVE_SECONDS, lambda: sympy.periodicity(e, x))
    except Exception:  # noqa: BLE001 - as in solved_roots
        p = None
    return int(p.p) if p is not None and p.is_Rational and p > 0 else math.inf
