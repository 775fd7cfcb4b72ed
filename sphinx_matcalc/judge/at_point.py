"""One point: claim against truth there, decided in high precision and proven by enclosures.

``differs_at`` evaluates both at 50 digits where the function is defined; a difference is
asked again at 100 digits (rounding shrinks, a real one stays) and refuses only with an
enclosure of claim − truth without 0 (``proof.py``). Values rounding may have made (a point
undefined, or values near 0) are settled in more digits by ``resolution.py``.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import sympy

from .draws import on_structure
from .exact_zero import exactly_zero
from .thin import KINK, derivative_at
from .counterexample import Counterexample, _counterexample, _entry, in_digits
from .floats import _shaped
from .numeric import EvaluationError, Point
from .precise import Undefined, Unresolved, evaluate_interval, evaluate_precise
from .proof import enclosed
from .resolution import OUTSIDE, defined_digits, settle, tiny
from .coordinates import continuous, exact, switch_quantities


DIGITS, CHECK_DIGITS, FINAL_DIGITS = 50, 100, 300
#: relative; 50-digit rounding is below it, so a difference above it is re-evaluated at 100
#: digits and decided by whether it persists (e^{x-100} beside e^x differs by 4·10⁻⁴⁴)
#: TINY: a persisting difference below it is settled by enclosures (``resolution.settle``)
EQUAL, TINY = mpmath.mpf(10) ** -(DIGITS - 3), mpmath.mpf(10) ** -60


def _precise(expr: sympy.Basic, point: Point, digits: int) -> np.ndarray:
    return np.asarray(evaluate_precise(expr, point, digits), dtype=object)


def differs_at(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, point: Point,
               counted: bool = True) -> tuple[bool | None, Any, Any, tuple]:
    """(None: outside the domain, or no verdict | False: equal | True: different, got, want,
    entry).

    With ``counted`` False the caller does not need to know whether a point where the two
    agree is in the function's domain (it has enough points already): the function is then
    evaluated only where they differ, which is where it decides the verdict. Where rounding
    may make a value (undefined, or near 0), ``resolution`` asks more digits.
    """
    at = defined_digits((truth, *domain) if counted else (truth,), point, DIGITS)
    if not isinstance(at, int):
        return None, None, None, ()
    settled = defined_digits((claim,), point, at)
    if settled == OUTSIDE:  # certainly undefined, not by rounding (1 − σ(10¹⁰) is 0 here)
        want = _precise(truth, point, at)
        return (True, "undefined", want, ()) if counted or _defined(domain, point) else \
            (None, None, None, ())
    if settled is None:
        return None, None, None, ()
    at = max(at, settled)
    want = _precise(truth, point, at)
    got = _shaped(_precise(claim, point, at), want)
    flat_g, flat_w = got.reshape(-1), want.reshape(-1)
    higher, near_zero = None, []
    for k, (g, w) in enumerate(zip(flat_g, flat_w)):
        if abs(g - w) <= EQUAL * (abs(g) + abs(w)):
            if tiny(g, at) or tiny(w, at):  # both may round to 0: 0 and 10⁻¹⁷⁴ are not equal
                near_zero.append(k)
            continue
        # rounding or real? a rounding difference shrinks by 10^-50 at twice the digits
        if higher is None:  # once per point, however many entries differ
            check = max(CHECK_DIGITS, 2 * at)
            higher = (_shaped(_precise(claim, point, check), want).reshape(-1),
                      _precise(truth, point, check).reshape(-1))
        hi_g, hi_w = higher[0][k], higher[1][k]
        if abs(hi_g - hi_w) > mpmath.mpf(10) ** -20 * abs(g - w) and \
                abs(hi_g - hi_w) > mpmath.mpf(10) ** -90 * (abs(hi_g) + abs(hi_w)):
            if abs(hi_g - hi_w) <= TINY:  # saturation (1 − σ(10⁹) = 0) or a tiny truth
                near_zero.append(k)
                continue
            if not counted and not _defined(domain, point):
                return None, None, None, ()
            if not _stable(claim, truth, point, k, max(FINAL_DIGITS, at)):
                # the evaluation itself cancels here: asked again where rounding is smaller
                return _deeper(claim, truth, domain, point, at)
            return True, got, want, np.unravel_index(k, want.shape) if want.ndim else ()
        if tiny(g, at) or tiny(w, at):
            near_zero.append(k)
    if near_zero:
        outcome = _near_zero(claim, truth, domain, point, near_zero, at, counted)
        if outcome[0] is not False:
            return outcome
    return False, got, want, ()


def _near_zero(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, point: Point,
               entries: list[int], digits: int, counted: bool
               ) -> tuple[bool | None, Any, Any, tuple]:
    """``differs_at`` where values near 0 passed as equal: equal where enclosures resolve
    them, different where they prove it, else no verdict."""
    outcome = settle(claim, truth, point, entries, digits)
    if outcome is None:
        return None, None, None, ()
    verdict, k, level = outcome
    if verdict == "equal":
        return False, None, None, ()
    if not counted and not _defined(domain, point):
        return None, None, None, ()
    with mpmath.workdps(level):
        want = _precise(truth, point, level)
        got = _shaped(_precise(claim, point, level), want)
    return True, got, want, np.unravel_index(k, want.shape) if want.ndim else ()


def _deeper(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, point: Point, at: int
            ) -> tuple[bool | None, Any, Any, tuple]:
    """``differs_at`` where 100 digits cancel ((x + 10¹⁶⁰)² − (x − 10¹⁶⁰)²): equal if claim
    and truth agree at 300 or LAST_DIGITS digits, different where an enclosure proves it,
    else no verdict (None)."""
    try:
        for digits in (max(FINAL_DIGITS, at), max(LAST_DIGITS, 2 * at)):
            if _disagreement(claim, truth, domain, point, digits) is None:
                want = _precise(truth, point, digits)
                return False, _shaped(_precise(claim, point, digits), want), want, ()
            box = enclosed(claim, truth, point, digits)
            proven = [k for k, v in enumerate(box) if 0 not in v] if box is not None else []
            if proven and _defined(domain, point):
                with mpmath.workdps(digits):
                    want = _precise(truth, point, digits)
                    got = _shaped(_precise(claim, point, digits), want)
                return True, got, want, \
                    np.unravel_index(proven[0], want.shape) if want.ndim else ()
    except Undefined:  # undefined once asked more finely: no verdict here
        pass
    return None, None, None, ()


def _stable(claim: sympy.Basic, truth: sympy.Basic, point: Point, k: int, digits: int) -> bool:
    """Is a difference confirmed at 100 digits proven? Only when an enclosure of claim − truth
    at ``digits`` (300, or the digits the point needed; interval arithmetic, certain to
    contain the exact value) excludes 0: one made by cancellation in the evaluation (1 − σ(330)
    rounds to 0 below 144 digits) is not, and is then no counterexample. A refusal must be
    right."""
    box = enclosed(claim, truth, point, digits)
    return box is not None and 0 not in box[k if box.size > 1 else 0]


def _proven(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, p: Point,
            digits: int = CHECK_DIGITS) -> Counterexample | None:
    """A counterexample where the enclosure of claim − truth excludes 0 at a point of the
    domain, however small the difference (10⁻⁶⁰x, e^{x − 10¹¹}, σ(10¹⁵x)·…): there the claim
    is certainly not the derivative."""
    box = enclosed(claim, truth, p, digits)
    if box is None:
        return None
    for k, v in enumerate(box):
        if 0 in v:
            continue
        if not _defined(domain, p):
            return None
        try:  # the values shown at the precision of the proof (10¹⁰⁰⁰ cancels below it)
            with mpmath.workdps(max(digits, FINAL_DIGITS)):
                want = _precise(truth, p, max(digits, FINAL_DIGITS))
                got = _shaped(_precise(claim, p, max(digits, FINAL_DIGITS)), want)
        except Undefined:
            return None
        index = np.unravel_index(k, want.shape) if want.ndim and want.size > 1 else ()
        cx = _counterexample(p, got, want, index)
        cx.claimed, cx.correct = (in_digits(_entry(a, index)) for a in (got, want))
        cx.difference = in_digits(mpmath.mpf(v.mid._mpi_[0]))
        return cx
    return None


def _defined(domain: tuple, point: Point) -> bool:
    """Is the function defined and real here, in high precision (in more digits where
    rounding makes it seem not: log(1 − σ(400)))?"""
    return isinstance(defined_digits(tuple(domain), point, DIGITS), int)


LAST_DIGITS = 1500  # the precision a disagreement at 300 digits is asked again at


def _disagreement(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, p: Point,
                  digits: int) -> int | None:
    """The first entry where claim and truth differ at ``digits`` (None where they agree or
    are not defined; UNSETTLED where values near 0 are resolved by no precision)."""
    try:
        with mpmath.workdps(digits):
            want = _precise(truth, p, digits)
            got = _shaped(_precise(claim, p, digits), want)
    except Undefined:
        return None
    near_zero = []
    with mpmath.workdps(digits):  # the same 10⁻⁴⁷ as at 50 digits
        for k, (g, w) in enumerate(zip(got.reshape(-1), want.reshape(-1))):
            if abs(g - w) > EQUAL * (abs(g) + abs(w)) and abs(g - w) > TINY ** 4:
                if _defined(domain, p):
                    return k
            elif tiny(g, digits) or tiny(w, digits):  # 0 beside 10⁻⁸⁶⁹ (1 − σ(2001))
                near_zero.append(k)
    if not near_zero:
        return None
    outcome = settle(claim, truth, p, near_zero, digits)
    if outcome is None:
        return UNSETTLED
    return outcome[1] if outcome[0] == "differ" and _defined(domain, p) else None


UNSETTLED = -1  # ``_disagreement``: values near 0 that no precision resolves


class Decider:
    """``decide(p)``: a counterexample at ``p`` (claim − truth decided there, or proven by an
    enclosure), else None; ``decided`` says whether that call reached a verdict at all: an
    equal point does, and one certainly outside the domain (nothing is asked of the claim
    there, and one on a kink of the function, where it has no derivative); one whose values
    no precision resolves does not. Another claim, truth and domain may be passed (the thin
    sets' cases taken; that search asks itself whether the derivative exists there)."""

    def __init__(self, claim: sympy.Basic, truth: sympy.Basic, domain: tuple,
                 structure: dict[str, str] | None = None, wrt: frozenset = frozenset()
                 ) -> None:
        self.claim, self.truth, self.domain, self.decided = claim, truth, domain, False
        self.structure = structure or {}  # probability vectors put exactly on the simplex
        self.wrt = wrt  # a kink counts only along the variable derived by
        self.kinks = kinks((truth, *domain))
        self.points: list[Point] = []  # every point that reached a verdict, in order

    def __call__(self, p: Point, claim: sympy.Basic | None = None,
                 truth: sympy.Basic | None = None, domain: tuple | None = None
                 ) -> Counterexample | None:
        p = on_structure(p, self.structure)
        c = self.claim if claim is None else claim
        t = self.truth if truth is None else truth
        d = self.domain if domain is None else domain
        if claim is None:  # the thin sets' search, which passes its cases, decides this
            t = derivative_at(self.truth, self.domain, p, self.wrt)  # itself
            if t is None:  # not known whether the derivative exists there: no verdict
                self.decided = False
                return None
            if t is KINK or on_kink(self.kinks, p, (t, *self.domain), self.wrt):
                self.decided = True  # no derivative there: nothing is asked of the claim
                self.points.append(p)
                return None
        outcome = differs_at(c, t, d, p)
        # a point certainly outside the domain asks nothing of the claim: that is a verdict
        self.decided = outcome[0] is not None or \
            defined_digits((t, *d), p, DIGITS) == OUTSIDE
        if outcome[0]:
            return _counterexample(p, *outcome[1:])
        found = _proven(c, t, d, p)
        self.decided = self.decided or found is not None or _exactly_equal(c, t, p)
        if self.decided:
            self.points.append(p)
        return found


def _exactly_equal(claim: sympy.Basic, truth: sympy.Basic, p: Point) -> bool:
    """At a point on an algebraic switch (x = √2, where the thin sets' search put it, its
    exact values among ``p.roots``), where claim and truth are both 0 and rounding leaves
    no digit to compare: is claim − truth proven exactly 0 there? Scalars, with no case left
    to decide (SymPy's comparison of a 0 that does not look it can go either way)."""
    if not p.roots or claim.has(sympy.Piecewise) or truth.has(sympy.Piecewise):
        return False
    return exactly_zero(claim - truth, p)


def kinks(exprs: tuple) -> list[sympy.Basic]:
    """The scalar quantities of scalars where ``exprs`` (the derivative's formula, the
    function) may switch (``coordinates.switch_quantities``)."""
    out = [q for e in exprs for q in switch_quantities(e)]
    return [k for k in dict.fromkeys(out)
            if isinstance(k, sympy.Expr) and not isinstance(k, sympy.MatrixExpr)
            and k.free_symbols and all(isinstance(s, sympy.Symbol) and
                                       not isinstance(s, sympy.MatrixSymbol)
                                       for s in k.free_symbols)]


def on_kink(quantities: list, p: Point, exprs: tuple, wrt: frozenset = frozenset()) -> bool:
    """Is ``p`` exactly where one of the scalar ``quantities`` is 0 and, along one of its
    scalars (of those named in ``wrt``, where given), one of ``exprs`` is not continuous
    (|x − 1| + |x + 1| at x = 1: the function has no derivative there, and a claim is free,
    as the thin-set search holds too; sign(y)·x at y = 0 has one with respect to x)?"""
    if not quantities:
        return False
    values = {k: exact(v) for k, v in p.values.items()
              if isinstance(k, sympy.Symbol) and np.ndim(v) == 0 and not k.is_integer}
    for q in quantities:
        if not q.free_symbols <= set(values) or q.xreplace(values) != 0:
            continue
        if any(not continuous(e, p, (s,), wrt) for s in sorted(q.free_symbols, key=str)
               for e in exprs):
            return True
    return False


def _decide(claim, truth, domain, p) -> Counterexample | None:
    outcome = differs_at(claim, truth, domain, p)
    return _counterexample(p, *outcome[1:]) if outcome[0] else None
