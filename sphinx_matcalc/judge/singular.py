"""Points where the claim has no value but the derivative has: zeros of the claim's own
denominators.

2x(x² − 9)/((x − 3)(x + 3)) equals 2x wherever it is defined, so no random point tells them
apart; but it is undefined at x = ±3, where the derivative is 6 and −6. Such points are
isolated, and no draw lands on them. They are found exactly instead: each denominator of a
scalar claim (the base of a negative power), with the other values of a point of the
domain put in as exact rationals, is a polynomial in one symbol; its real roots (SymPy's
exact root isolation) that are no root of a denominator of the derivative or the function
are points where the claim, and only the claim, divides by zero.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Iterator

import numpy as np
import sympy

from .counterexample import Counterexample, _values, in_digits
from .numeric import Point
from .points import _sizes
from .budget import within as _within
from .zeros import members as _members
from .precise import Undefined, evaluate_precise
from .coordinates import continuous, coordinates, moved, restricted

DEGREE = 64  # denominators of higher degree are not solved (each isolation within 2 s)
_BRANCHES = (sympy.Piecewise, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Abs, sympy.sign)


def _denominators(e: sympy.Basic) -> list[sympy.Basic]:
    return list(dict.fromkeys(node.base for node in sympy.preorder_traversal(e)
                              if isinstance(node, sympy.Pow) and node.exp.is_negative))


def _exact(v: object) -> sympy.Rational | None:
    try:
        return sympy.Rational(Fraction(float(np.asarray(v, dtype=float))))
    except (TypeError, ValueError, OverflowError):
        return None


def undefined_at(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point,
                 structure: dict[str, str] | None = None) -> Counterexample | None:
    """A point of the domain near ``point`` (one scalar, or one entry of a vector or matrix,
    moved to a root) where a denominator of the claim is exactly 0 and none of the
    derivative's or the function's is, and the derivative is continuous; else None."""
    return _scalar_zeros(claim, truth, function, point) or (
        None if claim.has(*_BRANCHES) else
        _entry_zeros(claim, truth, function, point, structure or {}))


def _scalar_zeros(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point
                  ) -> Counterexample | None:
    """``undefined_at`` for a scalar moved."""
    mine = _denominators(claim)
    if not mine:
        return None
    theirs = [d for e in (truth, *function) for d in _denominators(e)]
    scalars = {k: v for k, v in point.values.items()
               if isinstance(k, sympy.Symbol) and not k.is_integer and np.ndim(v) == 0}
    exact = {k: _exact(v) for k, v in scalars.items()}
    if any(v is None for v in exact.values()):
        return None
    # with cases, max or |u| a denominator may lie in a case not taken: only a scalar claim
    # of scalars alone, whose exact value at the zero SymPy finds undefined, is refused
    branched = claim.has(*_BRANCHES)
    if branched and (isinstance(claim, sympy.MatrixExpr) or
                     not claim.free_symbols <= set(exact) | set(point.dims)):
        return None
    solves = [SOLVES]  # denominators given to solveset, at most (each at most SOLVE_SECONDS)
    for s in sorted(claim.free_symbols & set(scalars), key=str):
        others = {k: v for k, v in exact.items() if k != s}
        # one by one, then all together (y − √2 and y + √2 alone are not over ℚ; their
        # product y² − 2 is)
        for d in mine + ([sympy.expand(sympy.Mul(*mine))] if len(mine) > 1 else []):
            # sin(x − 3), e^{x} − 1: zeros SymPy states, near the point and, in a case, near
            # the numbers its conditions write (a case x > 1000)
            near = [float(np.asarray(scalars[s]))] + (_thresholds(claim) if branched else [])
            for found in itertools.chain(_roots(d, s, others, theirs),
                                         _stated_roots(d, s, others, theirs, near, solves)):
                at = {**others, **{k: sympy.Integer(v) for k, v in point.dims.items()},
                      s: found}
                if not branched or _undefined_there(claim, at):
                    cx = _counterexample(claim, truth, function, point, s, found, d)
                    if cx is not None:
                        return cx
    return None


ENTRIES = 6  # entries of vectors and matrices moved, at most


def _entry_zeros(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point,
                 structure: dict[str, str]) -> Counterexample | None:
    """``undefined_at`` for an entry moved: a denominator of a vector or matrix (1ᵀv − 3.5,
    det(X + Xᵀ) of an inverse, det(Xᵀ − 2I)) with every other value exact is a polynomial in
    that entry, and its real roots are isolated exactly. Structured values (symmetric,
    definite, probability vectors) are held as drawn: one entry moved leaves the domain."""
    mine = _matrix_denominators(claim)
    names = [m for m in sorted(claim.atoms(sympy.MatrixSymbol), key=str)
             if m in point.values and m.name not in structure]
    if not mine or not names:
        return None
    theirs = [d for e in (truth, *function) for d in _matrix_denominators(e)]
    t = sympy.Dummy("t", real=True)
    for coordinate in coordinates(names, point)[:ENTRIES]:
        on_line = {coordinate: t}
        try:
            others = [restricted(d, point, on_line) for d in theirs]
            if any(d is None for d in others):
                continue
            for d in mine:
                along = restricted(d, point, on_line)
                if along is None or t not in along.free_symbols:
                    continue
                for root in _roots(sympy.expand(along), t, {}, others):
                    cx = _entry_counterexample(truth, function, point, coordinate, root, d)
                    if cx is not None:
                        return cx
        except (TypeError, ValueError, KeyError, AttributeError, NotImplementedError,
                sympy.PolynomialError):
            continue
    return None


def _matrix_denominators(e: sympy.Basic) -> list[sympy.Basic]:
    """What ``e`` divides by: the bases of negative powers, and det M of each inverse M⁻¹."""
    out = _denominators(e)
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Inverse):
            out.append(sympy.Determinant(node.arg))
        elif isinstance(node, sympy.MatPow) and node.exp.is_negative:
            out.append(sympy.Determinant(node.base))
    return list(dict.fromkeys(out))


def _entry_counterexample(truth: sympy.Basic, function: tuple, point: Point,
                          coordinate: tuple, root: sympy.Basic, d: sympy.Basic
                          ) -> Counterexample | None:
    """The counterexample at ``point`` with the entry at ``root``, where the function and
    the derivative are defined and the derivative is continuous; else None."""
    at = moved(point, coordinate, root)
    try:
        for f in function:
            evaluate_precise(f, at, 50)
        want = evaluate_precise(truth, at, 50)
    except Undefined:
        return None
    if not all(continuous(e, at, coordinate) for e in (*function, truth)):
        return None  # a kink of the function: no derivative there, and the claim is free
    first = np.asarray(want, dtype=object).reshape(-1)[0]
    return Counterexample(_sizes(at), "", f"no value (it divides by {sympy.latex(d)}, which "
                          "is 0 there)", in_digits(first), _values(at), at)


def _undefined_there(claim: sympy.Basic, at: dict) -> bool:
    """Is the claim, every symbol put in exactly, undefined (1/0, 0·∞) with every case,
    max and |u| decided? (A denominator in a case not taken leaves it defined.)"""
    try:
        v = claim.xreplace(at)
    except (TypeError, ValueError):
        return False
    return not v.free_symbols and not v.has(*_BRANCHES) and v.has(sympy.zoo, sympy.nan)


SOLVES = 6  # denominators given to solveset per claim, at most
SOLVE_OPS = 30  # a denominator with more operations than this is not given to solveset


def _thresholds(claim: sympy.Basic) -> list[float]:
    """The numbers the claim's conditions write (1000 of x > 1000), either sign, at most
    eight."""
    numbers = {float(abs(a)) for r in claim.atoms(sympy.core.relational.Relational)
               for a in r.atoms(sympy.Number) if a.is_finite}
    return [v for n in sorted(numbers, reverse=True)[:4] for v in (n, -n)]


def _stated_roots(d: sympy.Basic, s: sympy.Symbol, others: dict, theirs: list,
                  near: list[float], solves: list[int]) -> Iterator[sympy.Basic]:
    """The real zeros of a denominator that is no polynomial over ℚ (sin(x − 3), e^{x} − 1,
    log x, x − π), as SymPy's solveset states them, each proven exactly (the denominator with
    the zero put in evaluates to exactly 0), that are no zero of ``theirs``. A zero solveset
    does not state, or that is not proven one, refuses nothing."""
    d = d.xreplace(others)
    if s not in d.free_symbols or d.free_symbols != {s} or sympy.count_ops(d) > SOLVE_OPS:
        return
    try:
        if sympy.Poly(d, s).domain.is_QQ or sympy.Poly(d, s).domain.is_ZZ:
            return  # a polynomial over ℚ: its roots were isolated exactly (``_roots``)
    except Exception:  # noqa: BLE001  (no polynomial: solved below)
        pass
    if solves[0] <= 0:
        return
    solves[0] -= 1
    zeros = _within(SOLVE_SECONDS, lambda: sympy.solveset(d, s, sympy.S.Reals))
    tried: set = set()
    for r in (r for n in near for r in _members(zeros, n)) if zeros is not None else ():
        if r in tried:
            continue
        tried.add(r)
        if _within(SOLVE_SECONDS, lambda: _exactly_zero(d.xreplace({s: r}))) and \
                all(_nonzero(t.xreplace(others).xreplace({s: r})) for t in theirs):
            yield r


SOLVE_SECONDS = 2.0  # solveset, or a simplification, that takes longer states no zero


def _exactly_zero(v: sympy.Basic) -> bool:
    """Is ``v`` exactly 0? SymPy's evaluation (sin(π), e^{0} − 1), else its simplification
    where 60 digits put it within 10⁻⁵⁰ of 0. A numerical zero alone proves nothing."""
    if v == 0:
        return True
    if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or sympy.count_ops(v) > 3 * SOLVE_OPS:
        return False
    try:
        if abs(complex(sympy.N(v, 60))) > 1e-50:
            return False
        return sympy.simplify(v) == 0
    except (TypeError, ValueError, OverflowError):
        return False


def _nonzero(v: sympy.Basic) -> bool:
    """Is ``v`` (a denominator of the derivative or the function at a zero) certainly not 0?
    (False when it cannot be told.)"""
    if v == 0 or v.has(sympy.zoo, sympy.nan):
        return False
    try:
        return abs(complex(sympy.N(v, 30))) > 1e-20
    except Exception:  # noqa: BLE001  (evalf raises what it likes: it cannot be told)
        return False


def _roots(d: sympy.Basic, s: sympy.Symbol, others: dict, theirs: list
           ) -> Iterator[sympy.Basic]:
    """The real roots of ``d`` in ``s`` (the others fixed) that are no root of ``theirs``."""
    try:
        poly = sympy.Poly(d.xreplace(others), s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return
    if poly.degree() < 1 or poly.degree() > DEGREE or not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return
    found = _within(SOLVE_SECONDS, lambda: sympy.real_roots(poly))  # degree 64: seconds
    for r in found or ():
        minimal = _minimal(r, s)
        if minimal is None:
            continue
        if all(not _vanishes(t, s, others, minimal) for t in theirs):
            yield r


def _minimal(r: sympy.Basic, s: sympy.Symbol) -> sympy.Poly | None:
    """The minimal polynomial of a real root: a CRootOf's own (irreducible) one, else SymPy's
    within the budget (for a root of degree 26 that takes minutes)."""
    if isinstance(r, sympy.CRootOf):
        return sympy.Poly(r.poly.as_expr().xreplace({r.poly.gen: s}), s)
    found = _within(SOLVE_SECONDS, lambda: sympy.minimal_polynomial(r, s))
    return sympy.Poly(found, s) if found is not None else None


def _vanishes(t: sympy.Basic, s: sympy.Symbol, others: dict, minimal: sympy.Poly) -> bool:
    """Is denominator ``t`` zero at the root of ``minimal`` (True when it cannot be told)?"""
    try:
        poly = sympy.Poly(t.xreplace(others), s)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, TypeError, ValueError):
        return True
    if poly.is_zero:
        return True
    if not poly.free_symbols - {s} and poly.degree() == 0:
        return False
    return poly.rem(minimal).is_zero


def _counterexample(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point,
                    s: sympy.Symbol, root: sympy.Basic, d: sympy.Basic) -> Counterexample | None:
    value = float(sympy.N(root, 20))
    at = Point(point.dims, {**point.values, s: value})
    try:
        for f in function:
            evaluate_precise(f, at, 50)
        want = evaluate_precise(truth, at, 50)
    except Undefined:
        return None  # the function is not defined there either: no counterexample
    exact = moved(point, (s,), root)
    if not all(continuous(e, exact, (s,)) for e in (*function, truth)):
        return None  # a kink of the function (|x| at 0, where x/|x| is undefined) or a jump
        # of it: no derivative there, and the claim is free; where it has one (x|x|), it is not
    shown = sympy.latex(root) if not root.is_Rational else str(root)
    others = "; ".join(f"{k} = {float(np.asarray(v, dtype=float))!r}"
                       for k, v in sorted(point.values.items(), key=lambda kv: str(kv[0]))
                       if isinstance(k, sympy.Symbol) and k != s and np.ndim(v) == 0)
    return Counterexample(_sizes(point), "", f"no value (it divides by {sympy.latex(d)}, which "
                          "is 0 there)", in_digits(np.asarray(want, dtype=object).reshape(-1)[0]),
                          f"{s} = {shown}" + (f"; {others}" if others else ""), at)
