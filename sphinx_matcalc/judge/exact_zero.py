"""Is a scalar quantity exactly 0 at a point? SymPy's word, where interval arithmetic cannot
separate it from 0 at any precision: σ(x) + σ(−x) − 1 and sin²x + cos²x − 1 are 0 at every
point, and a condition comparing them is decided only by proving that (``precise._switch``)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy
from sympy.polys.polyerrors import BasePolynomialError

from ..nodes import sigmoid
from .budget import within
from .numeric import Point, exact

PROOF_SECONDS = 0.3  # SymPy's simplification of one quantity at one point, at most


def exactly_zero(quantity: sympy.Basic, p: Point) -> bool:
    """Does SymPy prove ``quantity`` (a scalar of scalars) exactly 0 at ``p``? False where it
    cannot say, or the quantity reads a vector or a matrix (one sample's datum is given as a
    value of its own, ``targeted._sample``)."""
    if not isinstance(quantity, sympy.Expr):
        return False
    values = exact_values(quantity, p)
    if values is None:
        return False
    return _zero(quantity, tuple(sorted(values.items(), key=lambda sv: str(sv[0]))))


def exact_values(e: sympy.Basic, p: Point) -> dict | None:
    """Each symbol of the scalar ``e`` at ``p`` as an exact number (a root the point holds
    rounded, as its exact value); None where one reads a vector, a matrix or no value."""
    if isinstance(e, sympy.MatrixExpr):
        return None
    out = {}
    for s in e.free_symbols:
        v = p.bound.get(s, p.values.get(s))
        if v is None or not isinstance(s, sympy.Symbol) or np.ndim(v) != 0:
            return None
        out[s] = p.roots.get((s,), exact(v))
    return out


@lru_cache(maxsize=4096)
def _zero(quantity: sympy.Expr, values: tuple) -> bool:
    """Within PROOF_SECONDS, and never an error: SymPy's evaluation can give out (a
    MemoryError for e^{−x²} at a huge x), and that is no proof."""
    return within(PROOF_SECONDS, lambda: _proven(quantity.xreplace(dict(values)))) is True


def number_zero(z: sympy.Expr) -> bool:
    """Does SymPy prove the number ``z`` exactly 0 (within PROOF_SECONDS)?"""
    return within(PROOF_SECONDS, lambda: _proven(z)) is True


def _proven(z: sympy.Basic) -> bool:
    known = z.is_zero
    if known is not None or not z.is_number:
        return bool(known)
    algebraic = _algebraic_zero(z)
    if algebraic is not None:
        return algebraic
    z = z.replace(sigmoid, lambda u: 1 / (1 + sympy.exp(-u)))
    if z.has(sympy.tanh):
        z = z.rewrite(sympy.exp)
    return not _apart(z) and sympy.simplify(z) == 0


def _algebraic_zero(z: sympy.Expr) -> bool | None:
    """Is the algebraic number ``z`` (radicals, roots of polynomials) 0: is its minimal
    polynomial x? None where ``z`` is not algebraic, or SymPy cannot say."""
    x = sympy.Dummy("x")
    try:
        return sympy.minimal_polynomial(z, x) == x
    except (BasePolynomialError, NotImplementedError, ValueError, TypeError):
        return None


def _apart(z: sympy.Expr) -> bool:
    """Does SymPy's own adaptive evaluation show ``z`` away from 0 (10⁻¹⁰⁰ is not 0)?
    Simplifying it then would only spend time."""
    v = z.evalf(120)
    return v.is_Number and v != 0 and abs(v) > sympy.Float(10) ** -110
