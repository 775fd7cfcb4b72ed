"""What a term of claim − truth switches on, and each way the switches can be set.

A term that is non-zero only on a small set says where: its cases, indicators, steps,
signs, absolute values, relus and steep saturating functions (tanh(10²⁰u)) each switch
where a quantity changes sign. Each switch can be set several ways (the condition holds,
or fails; the second branch of three holds, the first fails; u > 0 or u < 0), and the
set where a term is wrong is one combination of them: 1 − 𝟙[c] is wrong where c fails,
(1 + sign u)/2 where u > 0, 1 − sign(u)² where u = 0, a case's second branch where its
condition holds and the first one's does not. ``targets`` lists the combinations, each as
the margins that must all be positive there, for ``targeted.conjunctions`` to find a point
of; and the thin sets that terms make together.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator

import sympy
from sympy.matrices.expressions import MatAdd
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..nodes import indicator_condition, sigmoid
from .margins import RELATIONS, margin
from .numeric import steep

TARGETS = 12  # combinations sought at most, over all terms
PER_TERM = 8  # combinations of one term at most
WAYS = 8  # ways one condition can be met or failed, at most
_SIGNED = (sympy.Heaviside, sympy.sign, sympy.Abs)
Ways = list[list[sympy.Basic]]  # alternatives, each the margins that must all be positive


def targets(difference: sympy.Basic) -> list[tuple[sympy.Basic, ...]]:
    """Per term of ``difference``, the ways its switches can be set (all first ways first),
    each as the margins (positive where it holds) a point must meet."""
    terms = difference.args if isinstance(difference, (sympy.Add, MatAdd)) else (difference,)
    out: dict[tuple, None] = {}
    every: dict = {}  # every margin of every term's ways
    for term in terms:
        switches = [ways for node, lift in _nodes(term, _same)
                    if (ways := [[lift(m) for m in way] for way in _switch(node)])]
        every.update((m, None) for ways in switches for way in ways for m in way)
        for combination in itertools.islice(itertools.product(*switches), PER_TERM):
            margins = tuple(dict.fromkeys(m for way in combination for m in way))
            if margins and any(m.free_symbols for m in margins):
                out.setdefault(margins, None)
    return list(out)[:TARGETS] + _across(list(every), out)


ACROSS = 4  # thin sets that several terms make together, sought at most


def _across(margins: list, known: dict) -> list[tuple]:
    """Thin sets made by terms together: a margin and its opposite from different terms
    (1 − 𝟙[u > 0] − 𝟙[u < 0] is non-zero only where u = 0, which no one term says)."""
    out = []
    for a, b in itertools.combinations(margins, 2):
        if a.free_symbols and not isinstance(a, sympy.MatrixExpr) and \
                not isinstance(b, sympy.MatrixExpr) and sympy.expand(a + b) == 0 and \
                (a, b) not in known and (b, a) not in known:
            out.append((a, b))
    return out[:ACROSS]


def _switch(node: sympy.Basic) -> Ways:
    """The ways ``node`` can be set, or [] when it switches on nothing."""
    if isinstance(node, sympy.Piecewise):
        condition = indicator_condition(node)
        if condition is not None:  # 𝟙[c]: wrong where c holds, or where it fails
            return (_ways(condition, True) + _ways(condition, False))[:WAYS]
        out: Ways = []
        before: list[Ways] = []
        for _, cond in node.args:  # branch k: its condition, and none before it
            for parts in itertools.islice(itertools.product(_ways(cond, True), *before), WAYS):
                out.append([m for part in parts for m in part])
            before.append(_ways(cond, False))
        return out[:WAYS]
    if isinstance(node, _SIGNED) or isinstance(node, sympy.Max) and 0 in node.args:
        u = node.args[0] if not isinstance(node, sympy.Max) else \
            next(a for a in node.args if a != 0)
        jumps = isinstance(node, (sympy.sign, sympy.Heaviside))  # a value of its own at 0
        return [[u], [-u]] + ([[u, -u]] if jumps else [])
    if isinstance(node, (sympy.tanh, sigmoid, sympy.exp)) and steep(node.args[0]):
        return [[node.args[0]], [-node.args[0]]]
    return []


def _ways(cond: sympy.Basic, holds: bool) -> Ways:
    """The ways ``cond`` holds (or fails): alternatives, each a list of margins."""
    if cond in (sympy.true, sympy.false):
        return [[]] if bool(cond) == holds else []
    if isinstance(cond, RELATIONS):
        m = margin(cond)
        return [[m if holds else -m]]
    if isinstance(cond, sympy.Not):
        return _ways(cond.args[0], not holds)
    if isinstance(cond, (sympy.And, sympy.Or)):
        every = isinstance(cond, sympy.And) == holds  # all parts at once, or any one part
        parts = [_ways(part, holds) for part in cond.args]
        if every:
            return [[m for way in ways for m in way]
                    for ways in itertools.islice(itertools.product(*parts), WAYS)]
        return [way for ways in parts for way in ways][:WAYS]
    return [[]]  # a condition of another kind: no margin to seek


def _same(m: sympy.Basic) -> sympy.Basic:
    return m


def _nodes(e: sympy.Basic, lift: Any) -> Iterator[tuple[sympy.Basic, Any]]:
    """Every node of ``e`` with how a margin found there reads outside: a margin on the
    variable of an element-wise function (𝟙[t > 10¹³] applied to x) is that function's
    margin applied to x, a vector. Not inside conditions or a switch's argument."""
    yield e, lift
    if isinstance(e, sympy.Piecewise):  # the branches' values: the conditions are margins
        for value, _ in e.args:
            yield from _nodes(value, lift)
        return
    if _switch(e):  # non-smooth functions inside its argument are the margin's to split
        return
    if isinstance(e, ElementwiseApplyFunction) and isinstance(e.function, sympy.Lambda):
        t, argument = e.function.variables[0], e.expr

        def inner(m: sympy.Basic) -> sympy.Basic:
            return lift(ElementwiseApplyFunction(sympy.Lambda(t, m), argument)
                        if m.has(t) else m)
        yield from _nodes(e.function.expr, inner)
        yield from _nodes(argument, lift)
        return
    for a in e.args:
        yield from _nodes(a, lift)
