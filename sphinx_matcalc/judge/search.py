"""Points on both sides of every branch: line searches for the kinks of claim and truth.

A branch quantity is anything whose sign picks a case or bounds a domain
(``numeric.traced``: conditions, max/min, |u|, sign, relu, log arguments,
fractional-power bases; entry by entry, sample by sample). Along a random
line through a draw, every sign change on a geometric grid of steps
(±10⁻⁶ … ±10¹²) is narrowed down (Illinois regula falsi with a bisection step
every eighth, to within four floats) and the two floats just either side become points; from
each such point one more line search flips a second quantity (pairs).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from .draws import line, random_direction
from .numeric import Point, traced

GRID = np.array(sorted({s * 10.0 ** e for e in np.arange(-6.0, 12.01, 1.0) for s in (1, -1)}
                       | {0.0}))
LINES = 1  # lines per starting point
PER_LINE = 6  # crossings narrowed per line
SECOND = 2  # crossings from which a second line search starts


def _narrow(exprs: tuple, point: Point, direction: dict, j: int, lo: float, hi: float,
            glo: float, ghi: float, size: int) -> tuple[float, float] | None:
    """A bracket [lo, hi] of adjacent floats across which quantity ``j`` changes sign."""
    side = 0
    for _ in range(60):
        if abs(hi - lo) <= 4 * np.spacing(max(abs(lo), abs(hi))):
            return lo, hi
        # Illinois regula falsi (fast on smooth quantities), bisection when it stalls
        t = (lo * ghi - hi * glo) / (ghi - glo) if ghi != glo and _ % 8 != 7 else (lo + hi) / 2
        if not (min(lo, hi) < t < max(lo, hi)):
            t = (lo + hi) / 2
        g = traced(exprs, line(point, direction, t))
        if g.size != size or not np.isfinite(g[j]):
            return None
        gt = float(g[j])
        if gt == 0 or np.sign(gt) == np.sign(ghi):
            hi, ghi = t, gt
            if side == 1:
                glo /= 2
            side = 1
        else:
            lo, glo = t, gt
            if side == -1:
                ghi /= 2
            side = -1
    return lo, hi


def crossings(exprs: tuple[sympy.Basic, ...], point: Point, symbols: Any,
              rng: np.random.Generator, lines: int = LINES,
              structure: dict[str, str] | None = None) -> list[Point]:
    """Points just either side of every sign change met along ``lines`` random lines (which
    keep the declared ``structure``: symmetric matrices stay symmetric)."""
    out: list[Point] = []
    for _ in range(lines):
        direction = random_direction(point, symbols, rng, structure)
        traces = [traced(exprs, line(point, direction, t)) for t in GRID]
        found: list[tuple[int, int]] = []
        for a in range(len(GRID) - 1):
            ga, gb = traces[a], traces[a + 1]
            if ga.size != gb.size or ga.size == 0:
                continue
            with np.errstate(invalid="ignore"):
                flips = np.flatnonzero(np.isfinite(ga) & np.isfinite(gb) & (np.sign(ga) != np.sign(gb))
                                       & (ga != 0))
            seen = set()  # one quantity traced in claim, truth and function is crossed once
            for j in flips:
                if (ga[j], gb[j]) not in seen:
                    seen.add((ga[j], gb[j]))
                    found.append((a, int(j)))
        if len(found) > PER_LINE:  # spread over the line and the quantities
            found = [found[int(i)] for i in np.linspace(0, len(found) - 1, PER_LINE)]
        for a, j in found:
            bracket = _narrow(exprs, point, direction, j, float(GRID[a]), float(GRID[a + 1]),
                              float(traces[a][j]), float(traces[a + 1][j]), traces[a].size)
            if bracket is not None:
                lo, hi = bracket
                out += [line(point, direction, t) for t in bracket]
                # and a little further either side: a thin or far domain gets several points
                for step in (1e-9, 1e-6, 1e-3, 0.3):
                    d = step * (abs(lo) + 1.0)
                    out += [line(point, direction, lo - np.sign(hi - lo) * d),
                            line(point, direction, hi + np.sign(hi - lo) * d)]
    return out


def pairs(exprs: tuple[sympy.Basic, ...], first: list[Point], symbols: Any,
          rng: np.random.Generator, structure: dict[str, str] | None = None) -> list[Point]:
    """From points just across one quantity's boundary, cross the others (one line each)."""
    out: list[Point] = []
    for p in first[:SECOND]:
        out += crossings(exprs, p, symbols, rng, lines=1, structure=structure)
    return out


def signs(g: np.ndarray) -> tuple:
    """The branch pattern of traced quantities ``g`` (2 where one is not finite)."""
    with np.errstate(invalid="ignore"):
        return tuple(np.where(np.isfinite(g), np.sign(g), 2).astype(int).tolist())
