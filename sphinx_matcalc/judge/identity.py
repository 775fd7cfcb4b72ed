"""Claims that are the derivative by algebra alone: no point needs to be looked at.

claim − truth as ``proof.difference`` combines it (terms with the same matrix part
collected, coefficients expanded, sums over the same samples made one sum) is exact
algebra: where it is 0, the claim equals the derivative wherever the claim has a value.
It could still have none where the derivative has one (a term log(x)B − log(x)B that
cancelled), so the claim is accepted this way only when every place it can be undefined
(a log, a power that is not a natural number, an inverse, a case without an "otherwise",
a function of conf.py), within the same sums, is one where the derivative is undefined
too, because the derivative computes it unconditionally (outside any case).
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import HadamardPower, Inverse, MatPow, MatrixExpr, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..nodes import MatrixSampleSum, UserFunction
from .algebra import T, Normal, Unsupported, equal
from .proof import difference

_SUMS = (sympy.Sum, MatrixSampleSum)


def identical(claim: sympy.Basic, truth: sympy.Basic) -> bool:
    """Is ``claim`` the derivative ``truth`` by algebra, defined wherever ``truth`` is?"""
    normal = Normal()
    try:  # where each can be undefined, in normal form (1/(uᵀv) in the claim, 1/(vᵀu) in truth)
        truth_restrictions = _restrictions(truth, (), False, normal)
        if not _restrictions(claim, (), True, normal) <= truth_restrictions:
            return False
    except (Unsupported, TypeError, ValueError, AttributeError, IndexError, KeyError,
            sympy.ShapeError, RecursionError):
        return False
    d = difference(claim, truth)
    if d is not None and (d == 0 or isinstance(d, ZeroMatrix)):
        return True
    return equal(claim, truth, normal, _zeros(truth_restrictions, normal))


def _zeros(restrictions: set, normal: Normal) -> frozenset:
    """Quantities whose 0 leaves the derivative undefined, outside any sum: the base of a
    negative power (and the u of |u| there), the argument of a log, det M of an inverse M⁻¹."""
    out = set()
    for node, sums in restrictions:
        if sums or not isinstance(node, sympy.Basic):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_negative:
            out.add(node.base)
        elif isinstance(node, sympy.log):
            out.add(node.args[0])
        elif isinstance(node, Inverse):
            out.add(normal.scalar(sympy.Determinant(node.arg)))
    return frozenset(out | {u.args[0] for u in out if isinstance(u, sympy.Abs)})


def _restricting(e: sympy.Basic) -> bool:
    """Can ``e`` be undefined where its arguments are defined?"""
    if isinstance(e, (sympy.log, UserFunction, Inverse)):
        return True
    if isinstance(e, (sympy.Pow, MatPow)):
        exponent = e.args[1]
        return not (exponent.is_Integer and exponent >= 0)
    if isinstance(e, sympy.Piecewise):
        return not any(cond == sympy.true for _, cond in e.args)
    return isinstance(e, sympy.core.function.AppliedUndef)


def _restrictions(e: sympy.Basic, sums: tuple, into_cases: bool, normal: Normal) -> set:
    """The restricting nodes of ``e`` in normal form, each with the sums it lies in; inside
    cases too when ``into_cases`` (a case's value is computed only where its condition holds);
    an element-wise one as (its argument, the node in t): x^{∘−2} is (x, t⁻²). Taken from
    the tree as written, before anything is merged or simplified (√t·√t⁻¹ is 1 merged)."""
    if isinstance(e, ElementwiseApplyFunction):
        (v,) = e.function.variables
        u, found = normal.matrix(e.expr), set()
        for node in sympy.preorder_traversal(e.function.expr.xreplace({v: T})):
            if _restricting(node):  # on the entries of u, or a scalar's own (log s · σ(t))
                found.add((_composed(u, node), sums) if node.has(T) else
                          (_normal(node, normal), sums))
        return found | _restrictions(e.expr, sums, into_cases, normal)
    if isinstance(e, HadamardPower):
        found = set() if e.exp.is_Integer and e.exp >= 0 else {
            (_composed(normal.matrix(e.base), T ** normal.scalar(e.exp)), sums)}
        return found | _restrictions(e.base, sums, into_cases, normal) | \
            _restrictions(e.exp, sums, into_cases, normal)
    out = {(_normal(e, normal), sums)} if _restricting(e) else set()
    if isinstance(e, sympy.Piecewise) and not into_cases:
        return out | {(_normal(node, normal), sums)
                      for node in sympy.preorder_traversal(e.args[0].cond) if _restricting(node)}
    inner = sums + (tuple(e.limits),) if isinstance(e, _SUMS) else sums
    for a in e.args:
        out |= _restrictions(a, inner if isinstance(e, _SUMS) and a is e.args[0] else sums,
                             into_cases, normal)
    return out


def _composed(u: MatrixExpr, node: sympy.Expr) -> tuple:
    """(v, node ∘ g) for an element-wise node on the entries of u = g.(v), else (u, node):
    (x ⊙ x)^{∘−1} restricts as x^{∘−2} does, (x, t⁻²)."""
    while isinstance(u, ElementwiseApplyFunction):
        (v,) = u.function.variables
        node, u = node.xreplace({T: u.function.expr.xreplace({v: T})}), u.expr
    return u, node


def _normal(e: sympy.Basic, normal: Normal) -> sympy.Basic:
    return normal.matrix(e) if isinstance(e, MatrixExpr) else normal.scalar(e)
