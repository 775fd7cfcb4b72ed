"""Cases are exclusive: where two conditions of one ``\\begin{cases}`` both hold, their values
agree, or the text means nothing definite.

A reader takes cases as exclusive (LaTeX has no first-match rule), while SymPy's Piecewise
takes the first case that holds. So ``x^2 & x > 0 \\\\ x^3 & x > 1`` would be read as x² for
every x > 0, and a page would show 3x² for x > 1 where it computed 2x. Each pair of cases
that may both hold (the reader records them) is judged as a claim is: case i's value against
case j's, both kept where both conditions hold and 0 elsewhere, over the function's domain,
with points on both sides of every condition. A difference there refuses the text.
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy.matrices.expressions.matexpr import MatrixElement

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, flat_matmul, is_matrix
from ..quantities import MAX_DEGREE
from .claims import compare
from .counterexample import Counterexample
from .points import Setting
from .verdict import Unreached


def distinct_cases(overlaps: list[tuple], setting: Setting) -> None:
    """Raise a located error for the first pair of overlapping cases whose values differ."""
    for a, b, both, (start, end), i, j in overlaps:
        if isinstance(both, (sympy.Eq, sympy.Or)):  # only on a boundary: decided there
            _agree_on_boundary(a, b, both, setting, (start, end), (i, j))
            continue
        found = _compared(_kept(a, b, both), _kept(b, a, both), _plain(a, b, setting),
                          (start, end), (i, j))
        if found is not None:
            raise MatcalcError(
                f"Cases {i} and {j} both hold at some points and give different values there: "
                f"with {found.sizes} and {found.values}, case {i} gives {found.claimed} and case "
                f"{j} gives {found.correct}. A reader takes cases as exclusive, so this does not "
                "say which is meant; make the conditions exclusive, or write "
                r"\text{otherwise} for what the others leave.", Subtype.SYNTAX, start, end)


def _agree_on_boundary(a: sympy.Basic, b: sympy.Basic, boundary: sympy.Basic,
                       setting: Setting, span: tuple, pair: tuple[int, int]) -> None:
    """Cases that both hold only where u = c: their values compared there, by solving u = c
    for a scalar (w·x + b = 0 at b = −w·x; x² = 1 at x = ±1), over everything else."""
    (start, end), (i, j) = span, pair
    for equation in sympy.Or.make_args(boundary):
        at = f"{_shown(equation.lhs)} = {_shown(equation.rhs)}"
        solutions = _solved(equation.lhs - equation.rhs)
        if solutions is None:
            raise MatcalcError(
                f"Cases {i} and {j} both hold where {at}, and whether their values agree there "
                "could not be checked; make one of the two conditions strict (> or <), so "
                "that they are exclusive.", Subtype.UNCHECKED, start, end)
        for on in solutions:
            there = replace(_plain(a, b, setting),
                            function=tuple(f.xreplace(on) for f in setting.function))
            first, second = (_kept(v.xreplace(on), w, sympy.true) for v, w in ((a, b), (b, a)))
            found = _compared(first, second, there, (start, end), (i, j))
            if found is not None:
                others = "" if found.values == "no free values" else (
                    f"with {found.sizes} and {found.values}, ")
                if len(solutions) > 1:  # which of the boundary's points
                    others = "at " + ", ".join(f"{_shown(k)} = {_shown(v)}"
                                               for k, v in on.items()) + ", " + others
                raise MatcalcError(
                    f"Cases {i} and {j} both hold where {at} (neither condition is strict) and "
                    f"give different values there: {others}case {i} gives {found.claimed} and "
                    f"case {j} gives {found.correct}. A reader takes cases as exclusive; make "
                    "one of the two conditions strict (> or <).", Subtype.SYNTAX, start, end)


def _solved(u: sympy.Basic) -> list[dict] | None:
    """Each {s: value} solving u = 0 for a scalar symbol s: u linear in s with a constant
    factor, or a function of s alone (a polynomial's real roots, to degree six; else SymPy's
    exact real solutions, when finitely many); None when there is no such s."""
    expanded = sympy.expand(u)
    for s in sorted(u.free_symbols, key=sympy.default_sort_key):
        if not isinstance(s, sympy.Symbol) or isinstance(s, sympy.Dummy):
            continue
        factor = expanded.coeff(s)
        rest = sympy.expand(expanded - factor * s)
        if factor.is_number and factor != 0 and not rest.has(s):
            return [{s: -rest / factor}]
        if u.free_symbols != {s}:
            continue
        if expanded.is_polynomial(s):
            if sympy.degree(expanded, s) > MAX_DEGREE:
                return None
            return [{s: root} for root in sympy.real_roots(sympy.Poly(expanded, s))]
        return _roots(u, s)  # |x| = 1, e^x = 2: SymPy's exact real solutions, if finite
    return None


def _roots(u: sympy.Basic, s: sympy.Symbol) -> list[dict] | None:
    """Each {s: root} of u = 0 over the reals, where SymPy finds finitely many exactly."""
    try:
        found = sympy.solveset(u, s, domain=sympy.S.Reals)
    except (NotImplementedError, TypeError, ValueError):
        return None
    return [{s: root} for root in found] if isinstance(found, sympy.FiniteSet) else None


def _shown(e: sympy.Basic) -> str:
    """``e`` in LaTeX, a 1 × 1 matrix's entry written as the scalar it is (wᵀx, not (wᵀx)₀₀)."""
    return sympy.latex(e.replace(
        lambda m: isinstance(m, MatrixElement) and m.parent.shape == (1, 1),
        lambda m: sympy.Symbol(sympy.latex(m.parent))))


def _plain(a: sympy.Basic, b: sympy.Basic, setting: Setting) -> Setting:
    """The setting for comparing two cases: cases outside a sum over samples are about one
    sample, whose data are plain values there."""
    inside = a.has(sympy.Sum, MatrixSampleSum) or b.has(sympy.Sum, MatrixSampleSum)
    return setting if inside else replace(setting, per_sample=frozenset())


def _compared(first: sympy.Basic, second: sympy.Basic, setting: Setting, span: tuple,
              pair: tuple[int, int]) -> Counterexample | None:
    """Where the two cases' values differ, or None; a located error if that is not known."""
    try:
        return compare(first, second, setting)
    except Unreached:  # both hold only where no search goes: the claim's own check says so
        return None
    except MatcalcError as error:
        if error.subtype is not Subtype.UNCHECKED:
            raise
        raise MatcalcError(
            f"Cases {pair[0]} and {pair[1]} may both hold, and whether their values agree "
            f"wherever they do could not be checked ({error.message}); make their conditions "
            r"exclusive, or write \text{otherwise} for what the others leave.",
            Subtype.UNCHECKED, *span) from None


def _kept(value: sympy.Basic, other: sympy.Basic, both: sympy.Basic) -> sympy.Basic:
    """``value`` where ``both`` holds, 0 elsewhere (a 0 beside a matrix value: its zeros)."""
    if is_matrix(value):
        return flat_matmul(sympy.Piecewise((1, both), (0, True)), value)
    if is_matrix(other):
        return sympy.ZeroMatrix(*other.shape)
    return sympy.Piecewise((value, both), (0, True))
