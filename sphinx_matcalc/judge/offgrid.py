"""Points off the binary grid, where a term with a power-of-two period is not 0.

Every drawn value is a float, a dyadic rational m/2ᵏ, and so is every point moved from one.
A term whose period is a power of two, or divides one (sin(2⁵²πx); sin(10¹⁰⁰πx), 10¹⁰⁰ being
2¹⁰⁰·5¹⁰⁰; cos(2¹¹⁰⁰πx)), is exactly 0 or 1 at all of them, so 2x + sin(10¹⁰⁰πx) agrees
with 2x wherever the judge looks. These points move each value to a nearby multiple of
3⁻ᵏ, k about 2200, √2·10⁻¹⁹ of the value away: an exact rational that no period up to
10¹⁰⁰⁰ (past that, sin and cos are not computed) makes whole, as one of a power of 2, 3 or
5 would (sin(30²⁰⁰πx) is 0 at every m/3⁴⁰ too). A probability vector stays on the simplex
(its last entry takes up the rest), equal entries stay equal (a symmetric matrix stays
symmetric), whole numbers and sample counts stay.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from ..nodes import UserFunction
from .draws import SIMPLEX, honours
from .numeric import Point

#: Ternary digits kept below a value's leading one: 3²²⁰⁰ > 10¹⁰⁴⁹, past every period whose
#: argument sin or cos is computed for (10¹⁰⁰⁰, at values down to 10⁻⁴⁹).
DIGITS = 2200
#: How far each value is moved, relative to it.
SHIFT = 10**19


def off_grid(points: list[Point], structure: dict[str, str], exprs: tuple = ()) -> list[Point]:
    """Each point with every real value moved to a nearby multiple of a power of 1/3, where
    it keeps its declared structure; none where ``exprs`` have no periodic term (sin, cos,
    tan, ..., a function of conf.py, which may have one, or a negative number to a power
    that varies, (−1)^{2⁵³x}), the only kinds that every dyadic rational can make 0 or 1."""
    if exprs and not any(_periodic(e) for e in exprs):
        return []
    out = []
    for p in points:
        values = {}
        for key, value in p.values.items():
            if getattr(key, "is_integer", False):
                values[key] = value
                continue
            name = getattr(key[0] if isinstance(key, tuple) else key, "name", "")
            values[key] = _moved(value, structure.get(name, "") == SIMPLEX)
        q = Point(p.dims, values, p.bound)
        if honours(q, structure):
            out.append(q)
    return out


def _periodic(e: sympy.Basic) -> bool:
    return e.has(TrigonometricFunction, UserFunction) or any(
        p.base.is_number and p.base.is_negative and not p.exp.is_number
        for p in e.atoms(sympy.Pow))


def _moved(value: Any, simplex: bool) -> Any:
    a = np.asarray(value, dtype=object)
    if a.ndim == 0:
        return _ternary(value)
    moved = np.frompyfunc(_ternary, 1, 1)(a).astype(object)
    if simplex:  # the entries still sum to exactly 1 (a single one is 1)
        flat = moved.reshape(-1)
        flat[-1] = 1 - sum(flat[:-1], sympy.Integer(0))
        moved = flat.reshape(a.shape)
    return moved


def _ternary(v: Any) -> Any:
    """A rational m/3ᵏ (k about 2200) about √2·10⁻¹⁹ of ``v`` from it."""
    try:
        f = Fraction(v) if isinstance(v, (int, float)) else Fraction(str(sympy.Rational(v)))
    except (TypeError, ValueError, OverflowError):
        return v
    if f == 0:
        return v
    k = max(DIGITS - math.floor(math.log(abs(float(f)), 3)), 1)
    # moved by √2·10⁻¹⁹ of it, to 3⁻ᵏ: for a period P, P·x is then P·v (whole, for the
    # periods that hide) plus P·v·√2·10⁻¹⁹ to within P·3⁻ᵏ < 10⁻⁴⁹, whose fraction is no
    # multiple of any 1/2ʲ, 1/3ʲ or 1/5ʲ (a shift that is such a number, 3⁻⁴⁰ or 10⁻¹⁹,
    # would itself be cancelled by a period 30²⁰⁰)
    scaled = abs(f.numerator) * 3 ** k // f.denominator
    m = round(f * 3 ** k) + max(math.isqrt(2 * scaled * scaled) // SHIFT, 1)
    if m % 3 == 0:
        m += 1
    return sympy.Rational(m, 3 ** k)
