"""Declared whole numbers past the values every check is made at: where else to look.

A claim about k ∈ ℤ can differ from the derivative only at some values of k: where a
condition on k switches (𝟙[k < 8], 𝟙[k > 10⁶]), or where a factor in k stops vanishing
((1 + (k − 5)(k − 7)) is 1 at k = 5 and 7 only). So past ``integers.WHOLE``, each k of
SCANNED is screened in floats (claim against derivative at a few draws, to 10⁻¹² of the
derivative), and each condition on the whole numbers alone is solved: the integers next to
each real root of its numerator and denominator as polynomials in k, at any magnitude
((k − 500)² < 1, k > 10¹²). Each such value is checked in full (up to MAX_FURTHER of the
screened ones, largest difference first); when none differs, a condition that is not such
a polynomial (sin k > 0.99999999 switches at k = 51109 and without end), or a switch at a
value the evaluators cannot reach (a matrix power past MAX_POWER), leaves the claim
UNCHECKED.

Not covered: a claim wrong only at whole numbers no screen or switch reaches (a factor in
k that vanishes at every value of SCANNED, such as a product over all of them).
"""

from __future__ import annotations

from typing import Callable

import mpmath
import numpy as np
import sympy

from ..nodes import integer_scalars
from .conjunctions import switches_of
from .draws import draw
from .floats import _float, _shaped
from .numeric import Point
from .points import Symbols

SCANNED = tuple(range(-64, 65)) + (100, -100, 1000, -1000, 10**4, -10**4)
SCREENS = 3  # draws per screened value
MAX_FURTHER = 8  # screened values checked in full, largest difference first
SCREEN_TOLERANCE = 1e-12

Instance = dict[sympy.Symbol, sympy.Integer]


def further(a: sympy.Basic, b: sympy.Basic, setting: object, tried: list[Instance],
            evaluable: Callable[[Instance, tuple], bool]) -> tuple[list[Instance], str]:
    """The further values of the whole numbers to check ``a`` against ``b`` at: both sides of
    every switch of a condition on them alone, then the screened values where they differ;
    and why a switch could not be reached ('' when every one can)."""
    exprs = (a, b, *setting.function)  # type: ignore[attr-defined]
    symbols = integer_scalars(*exprs)
    base = tried[0]
    seen = [dict(i) for i in tried]
    out: list[Instance] = []
    unreachable = ""
    for k in symbols:
        values, unknown = _switches(exprs, k, base)
        unreachable = unreachable or unknown
        for value in values:
            instance = {**base, k: sympy.Integer(value)}
            if instance in seen:
                continue
            seen.append(instance)
            if evaluable(instance, exprs):
                out.append(instance)
            elif not unreachable:
                unreachable = (f"This could not be checked: a condition on {k} switches "
                               f"beside {k} = {value}, where its matrix powers are too large "
                               "to evaluate.")
    screened = []
    for k in symbols:
        for value in SCANNED:
            if k.is_nonnegative and value < 0:
                continue
            instance = {**base, k: sympy.Integer(value)}
            if instance in seen or not evaluable(instance, exprs):
                continue
            seen.append(instance)
            gap = _gap(a.xreplace(instance), b.xreplace(instance), setting, value)
            if gap > 0:
                screened.append((gap, instance))
    screened.sort(key=lambda g: -g[0])
    return out + [instance for _, instance in screened[:MAX_FURTHER]], unreachable


def _gap(a: sympy.Basic, b: sympy.Basic, setting: object, seed: int) -> float:
    """How far apart ``a`` and ``b`` are in floats at a few draws, relative to ``b`` (0 when
    within SCREEN_TOLERANCE everywhere both have values; inf where only ``b`` has one)."""
    symbols = Symbols.of((a, b))
    rng = np.random.default_rng(abs(seed) % 2**32)
    worst = 0.0
    for k in range(SCREENS):
        p = draw(symbols, setting.per_sample, k, rng,  # type: ignore[attr-defined]
                 structure=dict(setting.structure))  # type: ignore[attr-defined]
        want = _float(b, p)
        if want is None or not np.all(np.isfinite(want)):
            continue
        got = _float(a, p)
        if got is None or got.size not in (1, want.size) or not np.all(np.isfinite(got)):
            return float("inf")
        gap = np.max(np.abs(_shaped(got, want) - want) / (1 + np.abs(want)))
        if gap > SCREEN_TOLERANCE:
            worst = max(worst, float(gap))
    return worst


def _switches(exprs: tuple, k: sympy.Symbol, base: Instance) -> tuple[list[int], str]:
    """The integers on both sides of each real root of each condition on the whole numbers
    alone (k, with the others at ``base``): exact roots of its numerator and denominator as
    polynomials in k. And why some condition's switches are not known ('' if all are)."""
    others = {s: v for s, v in base.items() if s != k}
    margins = [m.xreplace(others) for e in exprs for m in switches_of(e)]
    found: set[int] = set()
    unknown = ""
    for m in dict.fromkeys(m for m in margins if m.free_symbols == {k}):
        roots = _real_roots(m, k)
        if roots is None:
            unknown = unknown or (f"This could not be checked: where the condition on {k} "
                                  f"({m} > 0) switches among the whole numbers is not known "
                                  f"(it is not a polynomial in {k} of degree {DEGREE} or less).")
            continue
        for r in roots:
            low = int(sympy.floor(r))
            found |= {v for v in range(low - 1, low + 3) if not (k.is_nonnegative and v < 0)}
    return sorted(found, key=abs), unknown


DEGREE = 24  # conditions of higher degree in k are not solved


def _real_roots(m: sympy.Basic, k: sympy.Symbol) -> list[sympy.Basic] | None:
    """The real roots of the numerator and the denominator of ``m`` in k, or None where they
    are not polynomials (of degree DEGREE at most)."""
    try:
        top, bottom = sympy.fraction(sympy.together(m))
        roots: list[sympy.Basic] = []
        for part in (top, bottom):
            if not part.has(k):
                continue
            poly = sympy.Poly(part, k)
            if poly.degree() > DEGREE:
                return None
            if poly.domain.is_ZZ or poly.domain.is_QQ:
                roots += list(sympy.real_roots(poly))
            else:  # float coefficients (0.5k > 3.2): numerically, every near-real root
                roots += [sympy.re(r) for r in poly.nroots(n=30, maxsteps=200)
                          if abs(sympy.im(r)) <= 1e-20 * (1 + abs(sympy.re(r)))]
        return roots
    except (sympy.PolynomialError, mpmath.libmp.NoConvergence, ArithmeticError, ValueError,
            TypeError, NotImplementedError):
        return None
