"""Is a scalar 0? As a rational function of its atoms, exactly: the zero test of ``algebra``.

σ(u) is 1/(1 + e^{−u}) and tanh u is (e^{2u} − 1)/(e^{2u} + 1); e^{k·v} is Z_v^k for an
integer k (one generator per v); max(0, u) is u·𝟙[u > 0], |u| is u(2·𝟙[u > 0] − 1) and
𝟙[c]ᵏ is 𝟙[c]; sign u is u/|u| where the derivative is undefined at u = 0 anyway. Then
``sympy.cancel``: every rewrite is an identity (the last one off a set where nothing is
compared), so a 0 is a proof. Sums over the same limits are compared body by body.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..nodes import is_indicator, sigmoid

NODES = 400  # size of an expression that is expanded and cancelled


def captures(e: sympy.Basic, limits: tuple) -> bool:
    """Would ``e`` change meaning inside a sum with ``limits``? It does where it names the
    index or the index's per-sample data (y_i outside Σ_i is not y_i inside it)."""
    from .numeric import sample_of
    indices = [limit[0] for limit in limits]
    symbols = getattr(e, "free_symbols", set())
    return any(s == i or sample_of(s, i) for s in symbols for i in indices)


def size(e: sympy.Basic) -> int:
    """Nodes of ``e``: what bounds the work of expanding and cancelling it."""
    return sum(1 for _ in sympy.preorder_traversal(e))


def zero(e: sympy.Basic, zeros: frozenset = frozenset(), named: Any = lambda e: e) -> bool:
    """Is scalar ``e`` (in normal form) 0 as a rational function of its atoms and of e^u,
    wherever no quantity of ``zeros`` is 0 (where the derivative is undefined: sign u is u/|u|
    off u = 0)? Sums over the same limits are compared body by body."""
    e = sympy.expand(e) if size(e) <= NODES else e
    if e == 0:
        return True
    sums: dict[tuple, sympy.Expr] = {}
    rest = sympy.Integer(0)
    for term in sympy.Add.make_args(e):
        c, s = term.as_independent(sympy.Sum, as_Add=False)
        if isinstance(s, sympy.Sum) and not captures(named(c), s.limits):
            sums[s.limits] = sums.get(s.limits, sympy.Integer(0)) + c * s.function
        else:
            rest += term
    if any(size(b) > NODES for b in [rest, *sums.values()]):
        return False
    return _cancels(rest, zeros) and all(zero(body, named=named) for body in sums.values())


def _switches(e: sympy.Expr, zeros: frozenset = frozenset()) -> sympy.Expr:
    """max(0, u) as u·𝟙[u > 0] and |u| as u(2·𝟙[u > 0] − 1) (equal at u = 0 too), with
    𝟙[c]ᵏ = 𝟙[c]: so relu(u)·𝟙[u > 0] − u·𝟙[u > 0] cancels; sign u as u/|u| where u = 0 is
    one of ``zeros`` (sign(det X) det X/|det X| is 1 where X⁻¹ exists)."""
    def step(u: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((sympy.Integer(1), sympy.StrictGreaterThan(u, 0)),
                               (sympy.Integer(0), sympy.true), evaluate=False)
    if not e.has(sympy.Max, sympy.Abs, sympy.Piecewise, sympy.sign):
        return e
    e = e.replace(lambda x: isinstance(x, sympy.sign) and x.args[0] in zeros,
                  lambda x: x.args[0] / sympy.Abs(x.args[0]))
    e = e.replace(lambda x: isinstance(x, sympy.Max) and len(x.args) == 2 and 0 in x.args,
                  lambda x: next(a for a in x.args if a != 0) * step(
                      next(a for a in x.args if a != 0)))
    e = e.replace(lambda x: isinstance(x, sympy.Abs), lambda x: x.args[0] * (2 * step(
        x.args[0]) - 1))
    if size(e) > NODES:
        return e
    e = sympy.expand(e)
    return e.replace(lambda x: isinstance(x, sympy.Pow) and is_indicator(x.base)
                     and x.exp.is_Integer and x.exp > 0, lambda x: x.base)


def _cancels(e: sympy.Expr, zeros: frozenset = frozenset()) -> bool:
    """e = 0 as a rational function, with σ(u) = 1/(1 + e^{−u}), tanh(u) = (e^{2u} − 1)/(e^{2u}
    + 1) and e^{k·v} = Z_v^k for integer k (one generator per v)."""
    if e == 0:
        return True
    e = _switches(e, zeros)
    e = e.replace(lambda x: isinstance(x, sigmoid), lambda x: 1 / (1 + sympy.exp(-x.args[0])))
    e = e.replace(lambda x: isinstance(x, sympy.tanh),
                  lambda x: (sympy.exp(2 * x.args[0]) - 1) / (sympy.exp(2 * x.args[0]) + 1))
    generators: dict[sympy.Expr, sympy.Dummy] = {}

    def power(x: sympy.exp) -> sympy.Expr:
        out = sympy.Integer(1)
        for term in sympy.Add.make_args(sympy.expand(x.args[0])):
            k, v = term.as_coeff_Mul()
            if not k.is_Integer:
                k, v = sympy.Integer(1), term
            if v not in generators:
                generators[v] = sympy.Dummy("Z", positive=True)
            out *= generators[v] ** k
        return out
    try:
        e = e.replace(lambda x: isinstance(x, sympy.exp), power)
        return sympy.cancel(sympy.together(e)) == 0
    except (sympy.PolynomialError, TypeError, ValueError, RecursionError):
        return False
