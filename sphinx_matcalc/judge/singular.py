"""Points where the claim has no value but the derivative has: zeros of the claim's own
denominators.

2x(x² − 9)/((x − 3)(x + 3)) equals 2x wherever it is defined, so no random point tells them
apart; but it is undefined at x = ±3, where the derivative is 6 and −6. Such points are
isolated, and no draw lands on them. They are found exactly instead: each denominator of a
scalar claim (the base of a negative power), with the other values of a point of the
domain put in as exact rationals, is a polynomial in one symbol; its real roots (SymPy's
exact root isolation) that are no root of a denominator of the derivative or the function
are points where the claim, and only the claim, divides by zero.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy

from .counterexample import Counterexample
from .numeric import Point
from .points import _sizes
from .precise import Undefined, evaluate_precise

DEGREE = 24  # denominators of higher degree are not solved
_BRANCHES = (sympy.Piecewise, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Abs, sympy.sign)


def _denominators(e: sympy.Basic) -> list[sympy.Basic]:
    return list(dict.fromkeys(node.base for node in sympy.preorder_traversal(e)
                              if isinstance(node, sympy.Pow) and node.exp.is_negative))


def _exact(v: object) -> sympy.Rational | None:
    try:
        return sympy.Rational(Fraction(float(np.asarray(v, dtype=float))))
    except (TypeError, ValueError, OverflowError):
        return None


def undefined_at(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point
                 ) -> Counterexample | None:
    """A point of the domain near ``point`` (one scalar moved to a root) where a denominator
    of the claim is exactly 0 and none of the derivative's or the function's is; else None."""
    if claim.has(*_BRANCHES):
        return None
    mine = _denominators(claim)
    if not mine:
        return None
    theirs = [d for e in (truth, *function) for d in _denominators(e)]
    scalars = {k: v for k, v in point.values.items()
               if isinstance(k, sympy.Symbol) and not k.is_integer and np.ndim(v) == 0}
    exact = {k: _exact(v) for k, v in scalars.items()}
    if any(v is None for v in exact.values()):
        return None
    for s in sorted(claim.free_symbols & set(scalars), key=str):
        others = {k: v for k, v in exact.items() if k != s}
        # one by one, then all together (y − √2 and y + √2 alone are not over ℚ; their
        # product y² − 2 is)
        for d in mine + ([sympy.expand(sympy.Mul(*mine))] if len(mine) > 1 else []):
            found = _root(d, s, others, theirs)
            if found is not None:
                return _counterexample(claim, truth, function, point, s, found, d)
    return None


def _root(d: sympy.Basic, s: sympy.Symbol, others: dict, theirs: list) -> sympy.Basic | None:
    """A real root of ``d`` in ``s`` (the others fixed) that is no root of ``theirs``."""
    try:
        poly = sympy.Poly(d.xreplace(others), s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return None
    if poly.degree() < 1 or poly.degree() > DEGREE or not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return None
    for r in sympy.real_roots(poly):
        minimal = sympy.Poly(sympy.minimal_polynomial(r, s), s)
        if all(not _vanishes(t, s, others, minimal) for t in theirs):
            return r
    return None


def _vanishes(t: sympy.Basic, s: sympy.Symbol, others: dict, minimal: sympy.Poly) -> bool:
    """Is denominator ``t`` zero at the root of ``minimal`` (True when it cannot be told)?"""
    try:
        poly = sympy.Poly(t.xreplace(others), s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return True
    if poly.is_zero:
        return True
    if not poly.free_symbols - {s} and poly.degree() == 0:
        return False
    return poly.rem(minimal).is_zero


def _counterexample(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point,
                    s: sympy.Symbol, root: sympy.Basic, d: sympy.Basic) -> Counterexample | None:
    value = float(sympy.N(root, 20))
    at = Point(point.dims, {**point.values, s: value})
    try:
        for f in function:
            evaluate_precise(f, at, 50)
        want = evaluate_precise(truth, at, 50)
    except Undefined:
        return None  # the function is not defined there either: no counterexample
    shown = sympy.latex(root) if not root.is_Rational else str(root)
    others = "; ".join(f"{k} = {float(np.asarray(v, dtype=float))!r}"
                       for k, v in sorted(point.values.items(), key=lambda kv: str(kv[0]))
                       if isinstance(k, sympy.Symbol) and k != s and np.ndim(v) == 0)
    return Counterexample(_sizes(point), "", f"no value (it divides by {sympy.latex(d)}, which "
                          "is 0 there)", mpmath.nstr(np.asarray(want, dtype=object).reshape(-1)[0], 6),
                          f"{s} = {shown}" + (f"; {others}" if others else ""), at)
