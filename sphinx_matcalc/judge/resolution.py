"""Values that 50 digits do not resolve, asked again in more digits, certain by enclosures.

At 50 digits σ(400) rounds to 1. So 1 − σ(400) is 0: log(1 − σ(400)) seems undefined, and
(1 − σ(x))σ(x) seems 0 where it is 10⁻¹⁷⁴. A point taken as outside the domain because of
rounding, or two values taken as equal because both round to 0, hides any wrong claim there
(a claim 0 for x > 300). Two rules close that:

* a point is outside the domain only where an enclosure (interval arithmetic) shows an
  expression has no real value; where the enclosure cannot say, more digits are asked
  (``LADDER``), and a point no precision settles gives no verdict;
* a value near 0 (below 10^(−digits/2), or a difference lost below TINY) is equal to
  another only where enclosures resolve both, or are the same exact point; enclosures that
  do not meet are a proof that they differ.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
from mpmath.ctx_iv import ivmpf
import sympy

from .floats import _shaped
from .numeric import EvaluationError, Point
from .precise import Undefined, Unresolved, evaluate_interval, evaluate_precise

LADDER = (50, 300, 1500, 6000)  # digits asked in turn where fewer do not resolve a value
OUTSIDE = "outside"  # an enclosure shows the expression has no real value here
EQUAL = mpmath.mpf(10) ** -47  # relative: what 50 digits resolve (verdict.EQUAL)
_FAILED = (EvaluationError, ValueError, TypeError, ArithmeticError)


def ladder(digits: int) -> tuple[int, ...]:
    """The precisions from ``digits`` on."""
    return (digits,) + tuple(d for d in LADDER if d > digits)


def defined_digits(exprs: tuple[sympy.Basic, ...], point: Point, digits: int
                   ) -> int | str | None:
    """The first precision from ``digits`` at which every one of ``exprs`` has a real value;
    OUTSIDE where an enclosure shows one has none; None where no precision settles it."""
    for level in ladder(digits):
        settled = True
        for e in exprs:
            try:
                evaluate_precise(e, point, level)
                continue
            except Undefined:
                pass
            except _FAILED:
                return OUTSIDE
            if _certainly_undefined(e, point, level):
                return OUTSIDE
            settled = False
            break
        if settled:
            return level
    return None


def _certainly_undefined(e: sympy.Basic, point: Point, digits: int) -> bool:
    try:
        evaluate_interval(e, point, digits)
    except Unresolved:
        return False
    except Undefined:
        return True
    except _FAILED:
        return False
    return False  # it has a value: rounding made the evaluation fail


def tiny(v: Any, digits: int) -> bool:
    """Is ``v`` near enough to 0 that rounding at ``digits`` may have made it (or hidden a
    value beside it)?"""
    return abs(v) < mpmath.mpf(10) ** -(digits // 2)


def settle(claim: sympy.Basic, truth: sympy.Basic, point: Point, entries: list[int],
           digits: int) -> tuple[str, int, int] | None:
    """Claim against truth at ``entries`` (flat indices) whose values rounding may have made:
    ("equal", −1, digits) where enclosures resolve both and meet at every entry, or are the
    same exact number (0 off a diagonal); ("differ", k, digits) where those of entry k do not
    meet (a proof); None where no precision resolves them. A precision at which both values
    of every pending entry are still within its rounding is passed over without enclosures
    (they cost seconds at 6000 digits)."""
    pending = _enclosed(claim, truth, point, list(entries), digits)  # exact 0s, resolved
    if pending is None or isinstance(pending, tuple):
        return pending
    if not pending:
        return ("equal", -1, digits)
    try:
        got, want = _values(claim, truth, point, digits, evaluate_precise)
    except _FAILED:
        return None
    floor = _own_floor(point)
    least = max(_needed(got[k], want[k]) for k in pending)
    if least > LADDER[-1]:  # σ(x)σ(−x) = 10⁻⁴³⁴²⁹⁴ beside a truth that rounds to 0
        return None
    for level in ladder(digits)[1:]:
        if level < least:
            continue
        try:
            got, want = _values(claim, truth, point, level, evaluate_precise)
        except _FAILED:
            return None
        if floor is not None and any(max(abs(got[k]), abs(want[k])) < floor for k in pending):
            return None  # below what the point's own digits say (x = √2 to 200 digits)
        if all(_lost(got[k], level) and _lost(want[k], level) for k in pending):
            continue
        outcome = _enclosed(claim, truth, point, pending, level)
        if outcome is None or isinstance(outcome, tuple):
            return outcome
        pending = outcome
        if not pending:
            return ("equal", -1, level)
    return None


def _own_floor(point: Point) -> Any:
    """Where a point's values are numbers of limited digits standing for irrational ones
    (a switch at x = √2, given to 200 digits), values below 10^(20 − digits) are made by
    that rounding, not by the claim: the floor below which nothing is decided (else None)."""
    digits = [mpmath.libmp.prec_to_dps(v._prec) for value in point.values.values()
              for v in np.asarray(value, dtype=object).reshape(-1)
              if isinstance(v, sympy.Float)]
    return mpmath.mpf(10) ** (20 - min(digits)) if digits else None


def _lost(v: Any, digits: int) -> bool:
    """Is ``v`` within what rounding at ``digits`` leaves of values of order 1 (a precision
    at which enclosures would not resolve it: it is passed over)?"""
    return abs(v) < mpmath.mpf(10) ** (LOST - digits)


LOST = 50  # digits short of the working precision a value must reach to be enclosed there


def _needed(g: Any, w: Any) -> int:
    """The digits that tell apart values this small (none known where both are 0)."""
    largest = max(abs(g), abs(w))
    return 0 if largest == 0 else int(-mpmath.log10(largest)) + 30


def _values(claim: sympy.Basic, truth: sympy.Basic, point: Point, digits: int,
            evaluate: Any) -> tuple[np.ndarray, np.ndarray]:
    want = np.asarray(evaluate(truth, point, digits), dtype=object)
    got = _shaped(np.asarray(evaluate(claim, point, digits), dtype=object), want)
    return got.reshape(-1), want.reshape(-1)


def _enclosed(claim: sympy.Basic, truth: sympy.Basic, point: Point, entries: list[int],
              level: int) -> tuple[str, int, int] | list[int] | None:
    """Enclosures at ``level`` of ``entries``: ("differ", k, level) where those of entry k do
    not meet, else the entries not yet resolved (neither both resolved nor the same exact
    number); None where they cannot be had."""
    try:
        got, want = _values(claim, truth, point, level, evaluate_interval)
    except Unresolved:
        return list(entries)
    except _FAILED:
        return None
    pending = []
    with mpmath.workdps(level + 10):
        for k in entries:
            (g0, g1), (w0, w1) = _ends(got[k]), _ends(want[k])
            if g1 < w0 or w1 < g0:
                return ("differ", k, level)
            if not (g0 == g1 == w0 == w1) and not (_resolved(g0, g1) and _resolved(w0, w1)):
                pending.append(k)
    return pending


def _ends(v: Any) -> tuple[Any, Any]:
    """An enclosure's ends as numbers at the precision in force."""
    if not isinstance(v, ivmpf):
        v = mpmath.iv.mpf(v)
    return mpmath.mpf(v._mpi_[0]), mpmath.mpf(v._mpi_[1])


def _resolved(lo: Any, hi: Any) -> bool:
    """Is an enclosure narrow beside its distance from 0 (10⁻⁴⁷ of it)?"""
    least = min(abs(lo), abs(hi)) if (lo > 0) == (hi > 0) and lo != 0 and hi != 0 else 0
    return least > 0 and hi - lo <= EQUAL * least
