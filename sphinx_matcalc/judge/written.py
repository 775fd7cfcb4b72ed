"""A claim must have a value wherever the derivative has one, as the author wrote it.

The reader hands over the logarithms, fractional powers and divisions the text writes and
SymPy's reading lost (``read.written``: 2e^{\\log x} is read as 2x, 2x²/x as 2x). Each must
have a real value at every point of the function's domain where the derivative has one; a
point where one has none, certain by an interval enclosure, is a counterexample like any
other. A division has no value only on a thin set no draw meets: the zeros of what it
divides by are found exactly, as for the claim's own (``singular.undefined_at``).
"""

from __future__ import annotations

import numpy as np
import sympy

from .counterexample import Counterexample, _counterexample
from .coordinates import exact, moved
from .draws import draw
from .at_point import _defined  # the function (and derivative) have values here
from .numeric import Point
from .points import Setting, Symbols
from .precise import evaluate_precise
from .resolution import OUTSIDE, defined_digits
from .sample_thin import undefined_anywhere
from .singular import _roots as real_roots  # exact isolation, degree ≤ 64, within 2 s
from .verdict import DIGITS, DRAWS  # the claim check's own draws and digits


def is_division(r: sympy.Basic) -> bool:
    """Is the lost restriction ``r`` a division (1/x; Σᵢ 1/yᵢ for one in a sum over samples)?"""
    r = _summand(r)
    return isinstance(r, sympy.Pow) and bool(r.exp.is_negative)


def divisor(r: sympy.Basic) -> sympy.Basic:
    """What the division ``r`` divides by (x for 1/x, yᵢ for Σᵢ 1/yᵢ)."""
    r = _summand(r)
    return r.base ** -r.exp


def _summand(r: sympy.Basic) -> sympy.Basic:
    """A restriction lost in a sum over samples is handed over summed: its term."""
    while isinstance(r, sympy.Sum):
        r = r.function
    return r


def undefined_as_written(restrictions: tuple[sympy.Expr, ...], truth: sympy.Basic,
                         setting: Setting) -> Counterexample | None:
    """A point where the derivative and the function have values and one of ``restrictions``
    certainly has none; None if the draws find no such point."""
    if not restrictions:
        return None
    domain = tuple(setting.function)
    symbols = Symbols.of((truth, *restrictions, *domain))
    rng = np.random.default_rng(3)
    structure = dict(setting.structure)
    thin = sorted(restrictions, key=lambda r: not is_division(r))  # divisions first
    for k in range(DRAWS):
        p = draw(symbols, setting.per_sample, k, rng, structure=structure)
        if not _defined((truth, *domain), p):
            continue
        for r in thin:  # from the first point of the domain drawn: 1/x for 2x²/x at x = 0,
            # √((x − 3)² − 10⁻²⁰) between the roots of its argument
            found = undefined_anywhere(r, truth, domain, [p], structure) if is_division(r) \
                else _slices(r, p, truth, domain)
            if found is not None:
                return found
        thin = []
        for r in restrictions:
            if _outside(r, p):
                want = np.asarray(evaluate_precise(truth, p, DIGITS), dtype=object)
                return _counterexample(p, "undefined", want, (0,) * want.ndim)
    return None


def _slices(r: sympy.Basic, p: Point, truth: sympy.Basic, domain: tuple) -> Counterexample | None:
    """A lost logarithm or fractional power has no value where its argument is negative; where
    that is a slice no draw meets (√((x − 3)² − 10⁻²⁰)), the argument's real roots along a
    scalar, the others as at ``p``, bound it: a point midway between two of them (or past
    the outermost) where ``r`` certainly has no value and the derivative and the function
    have one is a counterexample."""
    argument = r.args[0] if isinstance(r, sympy.log) else getattr(r, "base", None)
    if argument is None or isinstance(argument, sympy.MatrixExpr):
        return None
    scalars = {k: v for k, v in p.values.items()
               if isinstance(k, sympy.Symbol) and not k.is_integer and np.ndim(v) == 0}
    for s in sorted(argument.free_symbols & set(scalars), key=str):
        others = {k: exact(v) for k, v in scalars.items() if k != s}
        roots = {sympy.Rational(str(sympy.N(x, 60))) for x in real_roots(argument, s, others, [])}
        for at in _between(sorted(roots)):
            q = moved(p, (s,), at)
            if _defined((truth, *domain), q) and _outside(r, q):
                want = np.asarray(evaluate_precise(truth, q, DIGITS), dtype=object)
                return _counterexample(q, "undefined", want, (0,) * want.ndim)
    return None


def _between(roots: list) -> list:
    """Points midway between consecutive roots, and one past each end."""
    if not roots:
        return []
    return [(a + b) / 2 for a, b in zip(roots, roots[1:])] + [roots[0] - 1, roots[-1] + 1]


def _outside(r: sympy.Basic, q: Point) -> bool:
    """Has the lost restriction ``r`` certainly no value at ``q``? Only where an enclosure
    shows it: 1/(1 − σ(935)) rounds to 1/0 at 50 digits but has a value (``resolution``)."""
    return defined_digits((r,), q, DIGITS) == OUTSIDE
