"""Exact normal forms, so that a right claim written another way is the derivative by algebra.

A matrix expression is expanded into a sum of monomials (products of atoms, with sums over
samples outside) with scalar coefficients: transposes pushed down to the atoms ((AB)ᵀ =
BᵀAᵀ), products distributed over sums, identities dropped, 𝟏ₐₖ𝟏ₖᵦ = k𝟏ₐᵦ, Hadamard
products of functions of one argument merged into one element-wise function
(σ(u) ∘ (𝟏 − σ(u)) is (σ − σ²)(u)), a 1×1 product read in the orientation of its least
form (uᵀv = vᵀu). Scalars are rational functions of such products and of e^u (σ and tanh
written through it), and a coefficient is zero when ``sympy.cancel`` says so. Every step is an
identity, so a difference with no monomial left is 0 wherever both sides are defined;
``identity`` decides whether the claim is defined wherever the derivative is. Anything this
does not know is left unexpanded (an atom), and anything too large gives up: then the points
decide, as before.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower,
                                        HadamardProduct, Identity, Inverse, MatAdd, MatMul,
                                        MatrixExpr, OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..nodes import MatrixSampleSum
from .cancel import NODES, captures, size, zero

T = sympy.Dummy("t", real=True)  # the variable of every element-wise function in normal form
TERMS = 64  # monomials in one expansion before it gives up


class Unsupported(Exception):
    """The normal form would be too large, or cannot be formed."""


Key = tuple  # (sum limits, factors)


class Normal:
    """Normal forms sharing one table of 1×1 products (so claim and truth name them alike)."""

    def __init__(self) -> None:
        self.products: dict[tuple, sympy.Dummy] = {}

    def terms(self, e: MatrixExpr) -> dict[Key, sympy.Expr]:
        """``e`` as {(limits, factors): coefficient}: Σ over limits of coefficient·Π factors."""
        if isinstance(e, ZeroMatrix):
            return {}
        if isinstance(e, MatAdd):
            out: dict = {}
            for a in e.args:
                _add(out, self.terms(a))
            return _elementwise_merged(out, e.shape)
        if isinstance(e, MatMul):
            coefficient = sympy.Mul(*[self.scalar(a) for a in e.args
                                      if not isinstance(a, MatrixExpr)])
            out = {((), ()): coefficient}
            for a in e.args:
                if isinstance(a, MatrixExpr):
                    out = _times(out, self.terms(a), self)
            return out
        if isinstance(e, Transpose):
            return {(limits, tuple(self.transposed(f) for f in reversed(factors))): c
                    for (limits, factors), c in self.terms(e.arg).items()}
        if isinstance(e, MatrixSampleSum):
            limits = tuple(tuple(limit) for limit in e.limits)
            out = {}
            for (inner, factors), c in self.terms(e.function).items():
                if inner:
                    raise Unsupported("a sum inside a sum")
                _add(out, {(limits, factors): c})
            return out
        if isinstance(e, Identity):
            return {((), ()): sympy.Integer(1)} if e.shape == (1, 1) else {((), (e,)): 1}
        if isinstance(e, DiagMatrix):  # linear: diag(Σ cₖ mₖ) = Σ cₖ diag(mₖ)
            return {(limits, (DiagMatrix(self.rebuilt({((), factors): 1}, e.shape[:1] + (1,))),)): c
                    for (limits, factors), c in self.terms(e.args[0]).items()}
        if isinstance(e, (HadamardProduct, HadamardPower, ElementwiseApplyFunction)):
            c, f = self.hadamard(e)
            return {((), (f,)): c}
        return {((), (self.atom(e),)): sympy.Integer(1)}

    def matrix(self, e: MatrixExpr) -> MatrixExpr:
        """The normal form of ``e`` as one expression."""
        return self.rebuilt(self.terms(e), e.shape)

    def rebuilt(self, terms: dict, shape: tuple) -> MatrixExpr:
        parts = []
        for (limits, factors), c in sorted(terms.items(), key=lambda kv: _order(kv[0])):
            if not factors:
                factors = (OneMatrix(*shape),)
            body = (factors[0] if len(factors) == 1 else MatMul(*factors)) if c == 1 else \
                MatMul(c, *factors)
            parts.append(MatrixSampleSum(body, *limits) if limits else body)
        if not parts:
            return ZeroMatrix(*shape)
        return parts[0] if len(parts) == 1 else MatAdd(*parts)

    def atom(self, e: MatrixExpr) -> MatrixExpr:
        """An atom with its arguments in normal form (𝟏 with its shape, f.(u) merged)."""
        if isinstance(e, Inverse):
            return Inverse(self.matrix(e.arg))
        if e.free_symbols and any(isinstance(a, MatrixExpr) for a in e.args) and not e.is_symbol:
            return e.func(*[self.matrix(a) if isinstance(a, MatrixExpr) else self.scalar(a)
                            for a in e.args])
        return e

    def transposed(self, f: MatrixExpr) -> MatrixExpr:
        """The transpose of a factor in normal form (pushed into what it is a function of)."""
        if isinstance(f, Transpose):
            return f.arg
        if isinstance(f, (Identity, ZeroMatrix, DiagMatrix)):
            return f
        if isinstance(f, OneMatrix):
            return OneMatrix(f.shape[1], f.shape[0])
        if isinstance(f, ElementwiseApplyFunction):
            return ElementwiseApplyFunction(f.function, self.matrix(Transpose(f.expr)))
        if isinstance(f, HadamardProduct):
            c, g = self.hadamard(HadamardProduct(*[self.transposed(a) for a in f.args]))
            if c != 1:
                raise Unsupported("a constant out of a transposed Hadamard product")
            return g
        if isinstance(f, Inverse):
            return Inverse(self.matrix(Transpose(f.arg)))
        return Transpose(f)

    def hadamard(self, e: MatrixExpr) -> tuple[sympy.Expr, MatrixExpr]:
        """A Hadamard product as (coefficient, one element-wise function per argument)."""
        groups: dict[MatrixExpr, sympy.Expr] = {}
        for factor in (e.args if isinstance(e, HadamardProduct) else (e,)):
            u, g = self.function_of(factor)
            groups[u] = groups.get(u, sympy.Integer(1)) * g
        c, factors = sympy.Integer(1), []
        for u, g in sorted(groups.items(), key=lambda kv: _order(kv[0])):
            k, f = _applied(g, u)
            c *= k
            factors.append(f)
        factors = [f for f in factors if not isinstance(f, OneMatrix)] or factors[:1]
        return c, factors[0] if len(factors) == 1 else HadamardProduct(*factors)

    def function_of(self, e: MatrixExpr) -> tuple[MatrixExpr, sympy.Expr]:
        """(u, g) with ``e`` = g.(u) entry by entry; u is ``e`` itself (g = t) at worst."""
        if isinstance(e, ElementwiseApplyFunction):
            u, g = self.function_of(e.expr)
            return u, _body(e.function).xreplace({T: g})
        if isinstance(e, HadamardPower):
            u, g = self.function_of(e.base)
            return u, g ** self.scalar(e.exp)
        if isinstance(e, HadamardProduct):
            pairs = [self.function_of(a) for a in e.args]
            if len({u for u, _ in pairs}) == 1:
                return pairs[0][0], sympy.Mul(*[g for _, g in pairs])
        if isinstance(e, (MatAdd, MatMul)):
            terms = self.terms(e)
            merged = _elementwise_merged(terms, e.shape)
            if len(merged) == 1:
                ((limits, factors), c), = merged.items()
                if not limits and len(factors) == 1 and isinstance(factors[0],
                                                                   ElementwiseApplyFunction):
                    return factors[0].expr, c * _body(factors[0].function)
        return self.matrix(e), T

    def scalar(self, e: sympy.Basic) -> sympy.Basic:
        """A scalar with its 1×1 products named (in their least orientation) and every matrix
        inside it in normal form."""
        if isinstance(e, MatrixElement):
            if e.parent.shape == (1, 1):
                total = sympy.Integer(0)
                for (limits, factors), c in self.terms(e.parent).items():
                    if limits:
                        raise Unsupported("a sum inside an entry")
                    total += c * self.product(factors)
                return total
            return MatrixElement(self.matrix(e.parent), self.scalar(e.i), self.scalar(e.j))
        if isinstance(e, MatrixExpr):
            raise Unsupported("a matrix where a scalar was expected")
        if not e.args or isinstance(e, (sympy.Symbol, sympy.Number)):
            return e
        if isinstance(e, (Trace, Determinant)):
            return e.func(self.matrix(e.arg))
        if isinstance(e, sympy.Lambda):
            return e
        if isinstance(e, sympy.Piecewise):
            return self.cases(e)
        if isinstance(e, sympy.core.relational.Relational) and e.rel_op in ("<", "<=", ">", ">="):
            flipped = e.reversed if e.rel_op in ("<", "<=") else e  # u > v as u − v > 0
            return flipped.func(self.scalar(flipped.lhs - flipped.rhs), 0)
        return e.func(*[self.matrix(a) if isinstance(a, MatrixExpr) else self.scalar(a)
                        for a in e.args])

    def cases(self, e: sympy.Piecewise) -> sympy.Basic:
        """Cases in normal form; two cases, (a if u ≤ v, else b), as (b if v − u < 0 ... ) with
        the first condition strict-greater or greater-equal (its negation swaps them)."""
        pairs = [(self.scalar(v), self.scalar(c)) for v, c in e.args]
        if len(pairs) == 2 and pairs[1][1] == sympy.true and isinstance(
                e.args[0].cond, (sympy.Lt, sympy.Le)):
            negated = e.args[0].cond.negated
            pairs = [(pairs[1][0], self.scalar(negated)), (pairs[0][0], sympy.true)]
        return sympy.Piecewise(*pairs, evaluate=False)

    def named(self, e: sympy.Basic) -> sympy.Basic:
        """``e`` with each name of a 1×1 product replaced by the product's entry."""
        return e.xreplace({name: MatrixElement(factors[0] if len(factors) == 1 else
                                               MatMul(*factors), 0, 0)
                           for factors, name in self.products.items()})

    def product(self, factors: tuple) -> sympy.Basic:
        """The name of a 1×1 product: one symbol for it and for its transpose."""
        factors = tuple(f for f in factors if not (isinstance(f, (OneMatrix, Identity))
                                                   and f.shape == (1, 1)))
        if not factors:
            return sympy.Integer(1)
        other = tuple(self.transposed(f) for f in reversed(factors))
        key = min(factors, other, key=_order)
        if key not in self.products:
            self.products[key] = sympy.Dummy(f"p{len(self.products)}", real=True)
        return self.products[key]


def _add(out: dict, terms: dict) -> None:
    for key, c in terms.items():
        out[key] = out.get(key, sympy.Integer(0)) + c
    if len(out) > TERMS:
        raise Unsupported("too many terms")


def _times(left: dict, right: dict, normal: Normal) -> dict:
    """The product of two expansions; a factor is moved into the other's sum only where it
    does not name the sum's index or its data (``normal.named`` shows what a 1×1 product's
    name stands for: wᵀx_i outside Σ_i is not the sum's)."""
    out: dict = {}
    for (la, fa), ca in left.items():
        for (lb, fb), cb in right.items():
            if la and lb:
                raise Unsupported("a product of two sums")
            outside = (cb, fb) if la else (ca, fa)
            if (la or lb) and any(captures(normal.named(x), la or lb)
                                  for x in (outside[0], *outside[1])):
                raise Unsupported("a factor that the sum would capture")
            factors, c = _joined(fa + fb, normal)
            _add(out, {(la or lb, factors): ca * cb * c})
    return out


def _joined(factors: tuple, normal: Normal) -> tuple[tuple, sympy.Expr]:
    """A product's factors with identities dropped, 𝟏ₐₖ𝟏ₖᵦ made k𝟏ₐᵦ, a diagonal times the
    vector after (or before) it made a Hadamard product, and each 1×1 stretch of a longer
    product taken out as the scalar it is (so aᵀx xᵀ and (xᵀa) xᵀ have one form)."""
    out: list = []
    c: sympy.Expr = sympy.Integer(1)
    for f in factors:
        if isinstance(f, Identity) and (out or len(factors) > 1):
            continue
        if out and isinstance(f, OneMatrix) and isinstance(out[-1], OneMatrix):
            c *= f.shape[0]
            out[-1] = OneMatrix(out[-1].shape[0], f.shape[1])
            continue
        if out and isinstance(f, DiagMatrix) and isinstance(out[-1], DiagMatrix):
            k, g = normal.hadamard(HadamardProduct(_column(out[-1], normal), _column(f, normal)))
            c *= k  # diag(u) diag(v) = diag(u ∘ v)
            out[-1] = DiagMatrix(g)
            continue
        out.append(f)
    while (found := _diagonal_times_vector(out, normal)) is not None:
        stretch, k, g = found
        c *= k
        out[stretch] = [g]
    while (stretch := _stretch_1x1(out)) is not None:
        c *= normal.product(tuple(out[stretch]))
        del out[stretch]
    return tuple(out), c


def _diagonal_times_vector(factors: list, normal: Normal) -> tuple | None:
    """(stretch, c, g) with the stretch's product c·g: diag(u) M v = u ∘ (M v) for the nearest
    column after the diagonal, else vᵀM diag(u) = (vᵀM) ∘ uᵀ for the nearest row before it."""
    for i, d in enumerate(factors):
        if not isinstance(d, DiagMatrix):
            continue
        after = next((j for j in range(i + 1, len(factors)) if factors[j].shape[1] == 1), None)
        if after is not None:
            k, g = normal.hadamard(HadamardProduct(_column(d, normal),
                                                   _product(factors[i + 1:after + 1], normal)))
            return slice(i, after + 1), k, g
        before = next((j for j in range(i - 1, -1, -1) if factors[j].shape[0] == 1), None)
        if before is not None:
            k, g = normal.hadamard(HadamardProduct(_product(factors[before:i], normal),
                                                   normal.matrix(Transpose(_column(d, normal)))))
            return slice(before, i + 1), k, g
    return None


def _product(factors: list, normal: Normal) -> MatrixExpr:
    return factors[0] if len(factors) == 1 else normal.matrix(MatMul(*factors))


def _column(d: DiagMatrix, normal: Normal) -> MatrixExpr:
    """The diagonal of diag(u) as a column."""
    u = d.args[0]
    return u if u.shape[1] == 1 else normal.matrix(Transpose(u))


def _stretch_1x1(factors: list) -> slice | None:
    """The first stretch of factors whose product is 1×1, when it is not all of them."""
    for i, f in enumerate(factors):
        if f.shape[0] != 1:
            continue
        j = next((j for j in range(i, len(factors)) if factors[j].shape[1] == 1), None)
        if j is not None and (i, j) != (0, len(factors) - 1):
            return slice(i, j + 1)
    return None


def _elementwise_merged(terms: dict, shape: tuple) -> dict:
    """Σ cₖ gₖ.(u) + c𝟏 over one u (no sum) as one element-wise function (Σ cₖ gₖ + c).(u)."""
    by_u: dict = {}
    for (limits, factors), c in terms.items():
        if not limits and len(factors) == 1 and isinstance(factors[0], ElementwiseApplyFunction):
            by_u.setdefault(factors[0].expr, []).append(((limits, factors), c))
    ones = [k for k in terms if not k[0] and len(k[1]) == 1 and isinstance(k[1][0], OneMatrix)]
    if not by_u or (len(by_u) == 1 and len(next(iter(by_u.values()))) == 1 and not ones):
        return terms
    out = dict(terms)
    for n, (u, members) in enumerate(sorted(by_u.items(), key=lambda kv: _order(kv[0]))):
        body = sympy.Integer(0)
        for key, c in members:
            body += c * _body(key[1][0].function)
            del out[key]
        if n == 0 and u.shape == shape:
            for key in ones:
                body += out.pop(key)
        c, f = _applied(body, u)
        _add(out, {((), (f,)): c})
    return {k: c for k, c in out.items() if c != 0}


def _applied(g: sympy.Expr, u: MatrixExpr) -> tuple[sympy.Expr, MatrixExpr]:
    """g.(u) in normal form, as (coefficient, factor): u itself for g = t, c𝟏 for a constant."""
    g = sympy.expand(g) if size(g) <= NODES else g
    if g == T:
        return sympy.Integer(1), u
    if not g.has(T):
        return g, OneMatrix(*u.shape)
    c, g = g.as_independent(T, as_Add=False)
    if isinstance(g, sympy.Add) and g.could_extract_minus_sign():
        c, g = -c, -g
    return c, ElementwiseApplyFunction(sympy.Lambda(T, g), u)


def _body(f: sympy.Lambda) -> sympy.Expr:
    (variable,) = f.variables
    return f.expr.xreplace({variable: T})


def _order(x: Any) -> str:
    return sympy.srepr(x)


def equal(claim: sympy.Basic, truth: sympy.Basic, normal: Normal,
          zeros: frozenset = frozenset()) -> bool:
    """Is claim − truth 0 in normal form (every monomial's coefficient cancels), wherever no
    quantity of ``zeros`` (in normal form) is 0?"""
    claim, truth = _scalar_if_1x1(claim, truth), _scalar_if_1x1(truth, claim)
    try:
        if isinstance(claim, MatrixExpr) != isinstance(truth, MatrixExpr):
            return False
        if not isinstance(claim, MatrixExpr):
            return zero(normal.scalar(claim) - normal.scalar(truth), zeros, normal.named)
        if claim.shape != truth.shape:
            return False
        d = normal.terms(claim)
        _add(d, {k: -c for k, c in normal.terms(truth).items()})
        for (limits, factors), c in _elementwise_merged(d, truth.shape).items():
            if not limits and len(factors) == 1 and isinstance(factors[0],
                                                               ElementwiseApplyFunction):
                c = c * _body(factors[0].function)  # σ(1 − σ) against e^t/(1 + e^t)²
            if not zero(c, zeros, normal.named):
                return False
        return True
    except (Unsupported, TypeError, ValueError, AttributeError, IndexError, KeyError,
            sympy.ShapeError, RecursionError):
        return False


def _scalar_if_1x1(e: sympy.Basic, other: sympy.Basic) -> sympy.Basic:
    """A 1×1 matrix compared with a scalar is its entry."""
    if isinstance(e, MatrixExpr) and e.shape == (1, 1) and not isinstance(other, MatrixExpr):
        return MatrixElement(e, 0, 0)
    return e
