"""Evaluate the derivative operators a step writes (∂/∂x, ∇), after reading.

The reader leaves them unevaluated (``nodes.Partial``, with the shape their
value has in the page's layout); each becomes the engine's derivative in that
layout, innermost first. Names that stand for expressions (an author's :let:
names, the intermediates a page shows) mean them: ∂u/∂x is the derivative of
what u names, and ∂a/∂u is taken with u held as the variable, the rest of a
written in terms of u, as the chain rule reads it. This is the one place that
gives operators their meaning, for an author's steps and for the read-back of
the page's own.
"""

from __future__ import annotations

from functools import lru_cache

import sympy
from sympy.matrices.expressions import MatAdd

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixPartial, Partial, rewritten
from ..results import NUMERATOR
from .engine import Show, derive


def evaluate_operators(expr: sympy.Basic, show: Show | None = None, layout: str = NUMERATOR,
                       meaning: dict[sympy.Basic, sympy.Basic] | None = None) -> sympy.Basic:
    """``expr`` with every unevaluated ∂f/∂v replaced by the derivative in ``layout``, and
    every name of ``meaning`` (name -> expression) replaced by what it stands for. ``show``
    prints an author's formulas for messages; without it (a page's own steps, read back) a
    derivative by a name takes the function as the engine wrote it in terms of the name."""
    meaning = meaning or {}

    def evaluate(node: sympy.Basic) -> sympy.Basic:
        of = substituted(node.of, meaning)
        if node.by in meaning and show is None:  # a page's own step: as the engine wrote it
            of = of.xreplace({meaning[node.by]: node.by})
        elif node.by in meaning:  # ∂a/∂u: a written in terms of the intermediate u
            of = in_terms_of(of, meaning[node.by], node.by, show)
        try:
            return _derivative(of, node.by, layout)
        except MatcalcError:
            if show is None:
                raise
            return derive(of, node.by, show, layout).result  # raises, saying it in LaTeX

    partials = expr.atoms(Partial, MatrixPartial)
    if any(p.of.has(Partial, MatrixPartial) for p in partials):  # inner ones first
        expr = expr.replace(lambda e: isinstance(e, (Partial, MatrixPartial)), evaluate)
    elif partials:  # (xreplace: one pass, where replace rebuilds the whole tree)
        expr = expr.xreplace({p: evaluate(p) for p in partials})
    return substituted(expr, meaning)


def in_terms_of(of: sympy.Basic, expr: sympy.Basic, name: sympy.Basic, show: Show
                ) -> sympy.Basic:
    """``of`` with every occurrence of ``expr`` written as ``name``: as a subexpression, and as
    part of a longer sum (w·x + b − y is z − y for z = w·x + b, 2w·x + 2b is 2z). Where a
    term of ``expr`` is still left over (a = σ(z) + b² for z = w·x + b), ∂a/∂z would depend
    on which reading is meant; that is refused, never guessed."""
    out = rewritten(of, expr, name)
    terms = expr.args if isinstance(expr, (sympy.Add, MatAdd)) else (expr,)
    left = [t for t in terms if not t.is_number and out.has(t)]
    if left:
        raise MatcalcError(
            f"\\frac{{\\partial}}{{\\partial {show(name)}}}: {show(left[0])} occurs in "
            f"{show(of)} outside {show(name)} = {show(expr)}, so which derivative with respect "
            f"to {show(name)} is meant is not clear; write the derivative with respect to the "
            "variable, or name a part that the expression contains whole.", Subtype.UNSUPPORTED)
    return out


@lru_cache(maxsize=4096)
def _derivative(of: sympy.Basic, by: sympy.Basic, layout: str) -> sympy.Basic:
    """∂of/∂by as the engine derives it, once per process (a pure function of the three)."""
    return derive(of, by, layout=layout).result


def substituted(expr: sympy.Basic, meaning: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr`` with every name replaced by what it stands for (a name's expression may use
    an earlier name)."""
    for _ in range(len(meaning) + 1):
        if not meaning or not expr.has(*meaning):
            break
        expr = expr.xreplace(meaning)
    return expr
