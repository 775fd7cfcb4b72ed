"""The real numbers of a set of zeros as SymPy's ``solveset`` states it, nearest a point first.

Finitely many, or a family a + bk over the integers k (3 + 2kπ), of which the members for
the k nearest the point and k = 0 are taken, and unions and intersections of those.
"""

from __future__ import annotations

import sympy

MEMBERS = 13  # members of each family of zeros tried (3 + 2kπ: the k nearest the point, 0)


def members(zeros: sympy.Set, near: float) -> list[sympy.Basic]:
    """Real numbers of ``zeros`` (finite sets; families a + bk over the integers, the
    members nearest ``near`` and at k = 0; unions and intersections of those), nearest first."""
    out: list[sympy.Basic] = []
    if isinstance(zeros, sympy.FiniteSet):
        out = list(zeros.args)
    elif isinstance(zeros, (sympy.Union, sympy.Intersection, sympy.Complement)):
        parts = zeros.args if not isinstance(zeros, sympy.Complement) else zeros.args[:1]
        for part in parts:
            if part is not sympy.S.Reals:
                out += members(part, near)
    elif isinstance(zeros, sympy.ImageSet) and zeros.base_sets == (sympy.S.Integers,) and \
            len(zeros.lamda.variables) == 1:
        k, member = zeros.lamda.variables[0], zeros.lamda.expr
        step, start = member.diff(k), member.xreplace({k: 0})
        if step.free_symbols or start.free_symbols or step.has(k):  # not a + bk: a few k
            ks = range(-2, 3)
        else:
            try:
                middle = round((near - float(start)) / float(step))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                return []
            ks = sorted({0, *range(middle - 6, middle + 7)}, key=lambda j: abs(j - middle))
        out = [member.xreplace({k: sympy.Integer(j)}) for j in ks][:MEMBERS]
    real = [r for r in out if not r.free_symbols and r.is_real is True and r.is_finite]
    try:
        return sorted(real, key=lambda r: abs(float(r) - near))[:3 * MEMBERS]
    except (TypeError, ValueError, OverflowError):
        return real[:3 * MEMBERS]
