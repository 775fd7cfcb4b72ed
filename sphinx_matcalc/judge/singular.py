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
import signal
import threading
import time
from fractions import Fraction
from typing import Any, Callable, Iterator

import mpmath
import numpy as np
import sympy

from .counterexample import Counterexample
from .numeric import Point
from .points import _sizes, kink_arguments
from .precise import Undefined, evaluate_precise

DEGREE = 24  # denominators of higher degree are not solved
_BRANCHES = (sympy.Piecewise, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Abs, sympy.sign)


def _denominators(e: sympy.Basic) -> list[sympy.Basic]:
    return list(dict.fromkeys(node.base for node in sympy.preorder_traversal(e)
                              if isinstance(node, sympy.Pow) and node.exp.is_negative))


def _exact(v: object) -> sympy.Rational | None:
    try:
        return sympy.Rational(Fraction(float(np.asarray(v, dtype=float))))
    except (TypeError, ValueError, OverflowError):
        return None


def undefined_at(claim: sympy.Basic, truth: sympy.Basic, function: tuple, point: Point
                 ) -> Counterexample | None:
    """A point of the domain near ``point`` (one scalar moved to a root) where a denominator
    of the claim is exactly 0 and none of the derivative's or the function's is; else None."""
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
    kinks = kink_arguments(*function)
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
                if (not branched or _undefined_there(claim, at)) and not _on_kink(kinks, at):
                    return _counterexample(claim, truth, function, point, s, found, d)
    return None


def _on_kink(kinks: list[sympy.Basic], at: dict) -> bool:
    """Is the point exactly on a kink of the function (|x| at x = 0, where x/|x| is
    undefined and no derivative exists either)? Such points are no counterexample."""
    for g in kinks:
        v = g.xreplace(at)
        if not v.free_symbols and _within(SOLVE_SECONDS, lambda: _exactly_zero(v)):
            return True
    return False


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
MEMBERS = 13  # members of each family of zeros tried (3 + 2kπ: the k nearest the point, 0)


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


class _Spent(BaseException):
    """The budget of one solveset call ran out (a BaseException: SymPy's ``except
    Exception`` must not swallow it)."""


def _within(seconds: float, work: Callable[[], Any]) -> Any:
    """``work()``, or None where it fails or takes more than ``seconds`` (solveset can take
    minutes: sin x + sin 2x + sin 3x + cos 5x). Outside the main thread no timer can be set,
    and nothing is solved. A timer of the caller (the derivation's time limit) is re-armed
    with what is left of it; if it would run out first, it is left to stop the work."""
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        return None
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:
        try:
            return work()
        except Exception:  # noqa: BLE001  (solveset raises what it likes: no zero)
            return None

    def spent(signum: int, frame: Any) -> None:
        raise _Spent

    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, spent)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except (Exception, _Spent):  # noqa: BLE001
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3))


def _members(zeros: sympy.Set, near: float) -> list[sympy.Basic]:
    """Real numbers of ``zeros`` (finite sets; families a + bk over the integers, the
    members nearest ``near`` and at k = 0; unions and intersections of those), nearest first."""
    out: list[sympy.Basic] = []
    if isinstance(zeros, sympy.FiniteSet):
        out = list(zeros.args)
    elif isinstance(zeros, (sympy.Union, sympy.Intersection, sympy.Complement)):
        parts = zeros.args if not isinstance(zeros, sympy.Complement) else zeros.args[:1]
        for part in parts:
            if part is not sympy.S.Reals:
                out += _members(part, near)
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
    for r in sympy.real_roots(poly):
        minimal = sympy.Poly(sympy.minimal_polynomial(r, s), s)
        if all(not _vanishes(t, s, others, minimal) for t in theirs):
            yield r


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
    shown = sympy.latex(root) if not root.is_Rational else str(root)
    others = "; ".join(f"{k} = {float(np.asarray(v, dtype=float))!r}"
                       for k, v in sorted(point.values.items(), key=lambda kv: str(kv[0]))
                       if isinstance(k, sympy.Symbol) and k != s and np.ndim(v) == 0)
    return Counterexample(_sizes(point), "", f"no value (it divides by {sympy.latex(d)}, which "
                          "is 0 there)", mpmath.nstr(np.asarray(want, dtype=object).reshape(-1)[0], 6),
                          f"{s} = {shown}" + (f"; {others}" if others else ""), at)
