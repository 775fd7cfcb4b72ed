"""Conditions on one quantity: where a boolean combination of comparisons holds, as a set of
values of the quantity they all compare (x + b in x + b ≥ 0 and 2x + 2b < 1).

The reader uses it to see that two cases meet only on a boundary (the set is a point), the
printer to write each case's condition whole, as bounds on that quantity (x + b < 0 for
what x + b ≤ 0 leaves after x + b ≥ 0), in the author's terms and so that it reads back.
"""

from __future__ import annotations

import sympy

#: Beyond this degree, a polynomial condition's exact set or roots are not sought (they can
#: take long): the reader leaves such cases to the judge's points, the judge says it could
#: not check them.
MAX_DEGREE = 6

_T = sympy.Dummy("t", real=True)
_ORDER = (sympy.StrictLessThan, sympy.LessThan, sympy.StrictGreaterThan, sympy.GreaterThan)


def quantity_set(cond: sympy.Basic) -> tuple[sympy.Basic, sympy.Set] | None:
    """(u, the set of values of u where ``cond`` holds), when ``cond`` is made with ∧, ∨ and
    ¬ of comparisons of one quantity u (up to a constant factor and term) with constants;
    else None. u is written with a positive first term (x − 1, never 1 − x)."""
    parts = _parts(cond)
    if parts is None:
        return None
    quantity, build = parts
    try:
        return quantity, build()
    except (NotImplementedError, TypeError, ValueError):
        return None


def bounds(quantity: sympy.Basic, where: sympy.Set) -> sympy.Basic | None:
    """u ∈ ``where`` as bounds on u (an ∨ of them for a union of intervals; an infinite end
    left out, never u < ∞), or None where ``where`` is no union of intervals."""
    pieces = where.args if isinstance(where, sympy.Union) else (where,)
    if where is sympy.S.Reals:
        return sympy.true
    if not all(isinstance(p, sympy.Interval) for p in pieces):
        return None
    return sympy.Or(*(_interval(quantity, p) for p in pieces))


def of_one_symbol(cond: sympy.Basic) -> tuple[sympy.Basic, sympy.Set] | None:
    """(x, the set of x where ``cond`` holds) for comparisons of different functions of one
    real scalar x (x ≥ 0 and x³ ≤ 0, |x| ≤ 0), as SymPy solves them exactly; else None."""
    free = cond.free_symbols
    if len(free) != 1 or not isinstance(next(iter(free)), sympy.Symbol):
        return None
    (x,) = free
    held = cond.xreplace({x: _T}).replace(
        lambda e: isinstance(e, _ORDER) and e.has(*_KINKED), _unfolded)
    for r in held.atoms(sympy.core.relational.Relational):
        d = r.lhs - r.rhs
        if d.is_polynomial(_T) and sympy.degree(d, _T) > MAX_DEGREE:
            return None
    try:
        where = held.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    exact = (sympy.FiniteSet, sympy.Interval, sympy.Union)
    return (x, where) if isinstance(where, exact) or where is sympy.EmptySet else None


_KINKED = (sympy.Max, sympy.Min, sympy.Abs, sympy.Piecewise, sympy.sign, sympy.Heaviside)


def _unfolded(r: sympy.Basic) -> sympy.Basic:
    """A comparison with max, min, |·| anywhere in it (2 max(0, x) ≤ 0, x + |x| ≤ 0) as the
    ∨ of its pieces, each with the condition it holds on, which SymPy's sets solve."""
    d = r.lhs - r.rhs
    if not d.has(*_KINKED):
        return r
    d = sympy.piecewise_fold(d.rewrite(sympy.Piecewise))
    if not isinstance(d, sympy.Piecewise):
        return type(r)(d, 0)
    held, earlier = [], []
    for piece, c in d.args:
        held.append(sympy.And(c, *[sympy.Not(e) for e in earlier], type(r)(piece, 0)))
        earlier.append(c)
    return sympy.Or(*held)


def _interval(u: sympy.Basic, interval: sympy.Interval) -> sympy.Basic:
    held = []
    if interval.start.is_finite:
        held.append((sympy.StrictGreaterThan if interval.left_open else sympy.GreaterThan)(
            u, interval.start))
    if interval.end.is_finite:
        held.append((sympy.StrictLessThan if interval.right_open else sympy.LessThan)(
            u, interval.end))
    return sympy.And(*held) if held else sympy.true


def _parts(cond: sympy.Basic):
    """(u, a function giving the set) for ``cond``, or None if it is not on one quantity."""
    if isinstance(cond, (sympy.And, sympy.Or)):
        found = [_parts(a) for a in cond.args]
        if None in found or len({q for q, _ in found}) != 1:
            return None
        join = sympy.Intersection if isinstance(cond, sympy.And) else sympy.Union
        return found[0][0], lambda: join(*(make() for _, make in found))
    if isinstance(cond, sympy.Not):
        inner = _parts(cond.args[0])
        if inner is None:
            return None
        return inner[0], lambda: sympy.Complement(sympy.S.Reals, inner[1]())
    if not isinstance(cond, _ORDER):
        return None
    constant, rest = sympy.expand(cond.lhs - cond.rhs).as_coeff_Add()
    if rest == 0 or not constant.is_number:
        return None
    scale, core = rest.as_content_primitive()
    if not scale.is_Rational:
        return None
    if core.could_extract_minus_sign():
        scale, core = -scale, -core
    relation = type(cond)
    return core, lambda: relation(scale * _T + constant, 0).as_set()
