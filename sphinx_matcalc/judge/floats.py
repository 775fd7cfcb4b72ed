"""Claim, truth and function in floats: the screen every point passes before high precision.

Floats are fast and decide nothing: a difference they show is confirmed in high precision
(``verdict``), an agreement is confirmed by proofs and 300-digit checks before an accept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from .numeric import FAILED, EvaluationError, Point, evaluate, traced_parts
from .search import signs

TIE = 1e-13  # a branch quantity this near 0 has a sign floats may have rounded away


def _float(expr: sympy.Basic, point: Point) -> np.ndarray | None:
    """``expr`` at ``point`` in floats, or None where it has no value there."""
    try:
        return np.asarray(evaluate(expr, point), dtype=float)
    except (EvaluationError, np.linalg.LinAlgError, ValueError, TypeError, OverflowError,
            ZeroDivisionError):
        return None


def _as_float(v: Any) -> np.ndarray | None:
    """A value of ``traced_parts`` as ``_float`` gives it."""
    if v is FAILED:
        return None
    try:
        return np.asarray(v, dtype=float)
    except (EvaluationError, np.linalg.LinAlgError, ValueError, TypeError, OverflowError):
        return None


def _shaped(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    if got.size == 1 and want.size != 1:
        return np.broadcast_to(got.reshape(()), want.shape)
    if got.size != want.size:  # an evaluation of another shape than the claim's is no verdict
        raise EvaluationError(f"a value of shape {got.shape} where {want.shape} was expected")
    return got.reshape(want.shape)


def _close(got: np.ndarray, want: np.ndarray) -> bool:
    """Do floats agree to 10⁻⁶ relative? (An absolute part only at the scale of the largest
    entry, 10⁻¹²: a value near zero is not "close" to one a thousand times larger.)"""
    scale = float(np.max(np.abs(want), initial=0.0)) + float(np.max(np.abs(got), initial=0.0))
    return bool(np.all(np.abs(got - want) <= 1e-6 * np.abs(want) + 1e-12 * scale))


class _Floats:
    """Claim, truth and function evaluated in floats once per point (with their branch
    quantities), however many questions are asked of the point."""

    def __init__(self, exprs: tuple[sympy.Basic, ...]) -> None:
        self.exprs = exprs
        self.memo: dict[int, tuple] = {}

    def __call__(self, p: Point) -> tuple[list[np.ndarray], list]:
        hit = self.memo.get(id(p))
        if hit is None or hit[0] is not p:
            hit = self.memo[id(p)] = (p, *traced_parts(self.exprs, p))
        return hit[1], hit[2]

    def smooth(self, p: Point) -> bool:
        """Not exactly on a kink of the function (|x| at x = 0): a derivative exists there."""
        parts, _ = self(p)
        return not any(np.any(g == 0) for g in parts[2:])

    def in_domain(self, p: Point) -> bool:
        """The truth and the function are finite floats here."""
        _, values = self(p)
        for v in values[1:]:
            v = _as_float(v)
            if v is None or not np.all(np.isfinite(v)):
                return False
        return True

    def tied(self, p: Point) -> bool:
        """Is a branch quantity of claim or truth within float rounding of 0 here (cos x >
        1 − 10⁻²⁰ at x = 10⁻¹¹ is 1.0 > 1.0 in floats)? Then only high precision can tell."""
        parts, _ = self(p)
        return any(np.any(np.abs(g) <= TIE) for g in parts[:2])

    def pattern(self, p: Point) -> tuple:
        """The signs of every branch quantity of claim, truth and function here."""
        parts, _ = self(p)
        return signs(np.concatenate(parts))
