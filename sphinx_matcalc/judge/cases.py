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

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, flat_matmul, is_matrix
from .claims import compare
from .points import Setting


def distinct_cases(overlaps: list[tuple], setting: Setting) -> None:
    """Raise a located error for the first pair of overlapping cases whose values differ."""
    for a, b, both, (start, end), i, j in overlaps:
        first, second = _kept(a, b, both), _kept(b, a, both)
        # cases inside a sum over samples are about one sample: its data are plain values here
        inside = first.has(sympy.Sum, MatrixSampleSum) or second.has(sympy.Sum, MatrixSampleSum)
        plain = setting if inside else replace(setting, per_sample=frozenset())
        try:
            found = compare(first, second, plain)
        except MatcalcError as error:
            if error.subtype is not Subtype.UNCHECKED:
                raise
            raise MatcalcError(
                f"Cases {i} and {j} may both hold, and whether their values agree wherever they "
                f"do could not be checked ({error.message}); make their conditions exclusive, "
                r"or write \text{otherwise} for what the others leave.",
                Subtype.UNCHECKED, start, end) from None
        if found is not None:
            raise MatcalcError(
                f"Cases {i} and {j} both hold at some points and give different values there: "
                f"with {found.sizes} and {found.values}, case {i} gives {found.claimed} and case "
                f"{j} gives {found.correct}. A reader takes cases as exclusive, so this does not "
                "say which is meant; make the conditions exclusive, or write "
                r"\text{otherwise} for what the others leave.", Subtype.SYNTAX, start, end)


def _kept(value: sympy.Basic, other: sympy.Basic, both: sympy.Basic) -> sympy.Basic:
    """``value`` where ``both`` holds, 0 elsewhere (a 0 beside a matrix value: its zeros)."""
    if is_matrix(value):
        return flat_matmul(sympy.Piecewise((1, both), (0, True)), value)
    if is_matrix(other):
        return sympy.ZeroMatrix(*other.shape)
    return sympy.Piecewise((value, both), (0, True))
