"""Points where several conditions hold at once: the conjunctions claim − truth depends on.

The line searches cross each branch quantity, and pairs of them; a term wrong only where
seven independent conditions all hold (𝟙[x₁ > 0]⋯𝟙[x₇ > 0], a case whose condition is a
conjunction) lies in one of 2⁷ sign patterns, which random draws meet with probability
2⁻⁷ each. Such a term names its conditions, though: here every term of the difference
claim − truth (``proof.difference``) with conditions gives targets (``switches``: each way
its conditions can hold or fail, one condition too: a thin set no line meets), and a point
where a target's margins all hold is sought by the linear programs of ``feasible``, or
else by descent on their total violation, one entry at a time
(Brent's minimiser per entry, as ``search`` follows a dip).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ..nodes import MatrixSampleSum
from .draws import line, random_direction
from .margins import RELATIONS, inverted, margin
from .numeric import EvaluationError, Point, evaluate
from .search import _axes, _minimise

ROUNDS = 4  # sweeps over the entries per conjunction
STEPS = 10  # evaluations per entry and sweep (past the probe)
PROBES = np.array(sorted(s * 10.0 ** e for e in range(-2, 13) for s in (1, -1)))


def margins_of(e: sympy.Basic) -> list[sympy.Basic]:
    """Every condition's margin in ``e`` (each case's, each indicator's, each step's); inside
    a sum over samples too when it does not use the index itself (x_i > 10¹⁴ does)."""
    bound = {limit[0] for s in sympy.preorder_traversal(e)
             if isinstance(s, (sympy.Sum, MatrixSampleSum)) for limit in s.limits}
    margins: list[sympy.Basic] = []
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                margins += _margins(cond)
        elif isinstance(node, sympy.Heaviside):
            margins.append(inverted(node.args[0]))
    return list(dict.fromkeys(m for m in margins if not (m.free_symbols & bound)))


SWITCHED = (sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside)


def switches_of(e: sympy.Basic) -> list[sympy.Basic]:
    """Every condition's margin in ``e`` (``margins_of``) and every quantity max, min, |·|,
    sign and the step switch on."""
    return margins_of(e) + [a for node in sympy.preorder_traversal(e)
                            if isinstance(node, SWITCHED) for a in node.args]


def _margins(cond: sympy.Basic) -> list[sympy.Basic]:
    """What must be positive for ``cond`` to hold (a conjunction: each part)."""
    if isinstance(cond, sympy.And):
        return [m for part in cond.args for m in _margins(part)]
    if isinstance(cond, sympy.Not) and isinstance(cond.args[0], RELATIONS):
        return [-margin(cond.args[0])]
    if isinstance(cond, RELATIONS):
        return [margin(cond)]
    return []


def _least(margins: tuple[sympy.Basic, ...], p: Point) -> np.ndarray | None:
    """Each margin's smallest entry at ``p`` (None where one cannot be evaluated)."""
    try:
        values = [float(np.min(np.asarray(evaluate(m, p), dtype=float))) for m in margins]
    except (EvaluationError, np.linalg.LinAlgError, ValueError, TypeError, OverflowError):
        return None
    out = np.array(values)
    return out if np.all(np.isfinite(out)) else None


def _violation(margins: tuple[sympy.Basic, ...], p: Point) -> float | None:
    """How far ``p`` is from meeting every margin; negative once all are met."""
    m = _least(margins, p)
    if m is None:
        return None
    if np.all(m > 0):
        return -float(np.min(m))
    return float(np.sum(np.maximum(0.0, -m)))


def reach(margins: tuple[sympy.Basic, ...], start: Point, symbols: Any,
          rng: np.random.Generator, structure: dict[str, str] | None = None) -> Point | None:
    """A point where every margin is positive, by descent from ``start``; None if none found."""
    point, here = start, _violation(margins, start)
    if here is None:
        return None
    direction = random_direction(start, symbols, rng, structure)
    for _ in range(ROUNDS):
        if here < 0:
            return point
        moved = False
        for axis, moves in _axes(point, direction):
            scale = 1.0 + max(abs(float(np.ravel(point.values[k])[i])) for k, i in moves)

            def at(t: float, axis: dict = axis, base: Point = point) -> float | None:
                return _violation(margins, line(base, axis, t))

            # how far to go: a geometric probe (a threshold may be at 10⁶), then Brent there
            probes = [(t, at(t)) for t in PROBES * scale]
            best, low = min(((t, g) for t, g in probes if g is not None),
                            key=lambda tg: tg[1], default=(0.0, here))
            if low < 0:
                point, here = line(point, axis, best), low
                return point
            width = abs(best) if low < here else 10 * scale
            t, got = _minimise(at, best - width, best + width, best if low < here else 0.0,
                               low if low < here else here, 1.0, STEPS)
            if got is not None and got < here:
                point, here, moved = line(point, axis, t), got, True
                if here < 0:
                    return point
        if not moved:
            break
    return point if here < 0 else None
