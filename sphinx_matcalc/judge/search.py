"""Points on both sides of every branch: line searches for the kinks of claim and truth.

A branch quantity is anything whose sign picks a case or bounds a domain
(``numeric.traced``: conditions, max/min, |u|, sign, relu, log arguments,
fractional-power bases; entry by entry, sample by sample). Along a random
line through a draw, every sign change on a geometric grid of steps
(±10⁻⁶ … ±10¹² by decades, then coarser to ±10³⁰⁰) is narrowed down (Illinois regula falsi with a bisection step
every eighth, to within four floats) and the two floats just either side become points; from
each such point one more line search flips a second quantity (pairs). A quantity that crosses
zero twice between two steps of the grid (a thin slice (x − 3)² < 10⁻², a bump) shows as a
dip: a step where it is nearer zero than at both neighbours, with the same sign. Its extremum
is sought by successive parabolas (exact for a quantity quadratic along the line), and where
it has the other sign both crossings are narrowed as above.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from .draws import line, random_direction
from .numeric import Point, traced

#: every decade from 10⁻⁶ to 10¹², then coarser to 10³⁰⁰ (a condition met only past 10¹³)
FAR = (14.0, 17.0, 20.0, 25.0, 30.0, 50.0, 100.0, 200.0, 300.0)
GRID = np.array(sorted({s * 10.0 ** e for e in (*np.arange(-6.0, 12.01, 1.0), *FAR)
                        for s in (1, -1)} | {0.0}))
LINES = 1  # lines per starting point
PER_LINE = 6  # crossings narrowed per line
DIPS = 4  # dips (a quantity nearest zero between two steps of the grid) examined per line
DESCENTS = 2  # dips per line followed off the line
DIP_STEPS = 12  # evaluations spent looking for the other sign inside one dip
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
        spans = [(float(GRID[a]), float(GRID[a + 1]), float(traces[a][j]),
                  float(traces[a + 1][j]), j, traces[a].size) for a, j in found]
        descents = DESCENTS
        for a, j in _dips(traces)[:DIPS]:
            inside = _inside(exprs, point, direction, a, j, traces)
            if isinstance(inside, Point):  # its extremum on the line keeps its sign
                out.append(inside)  # (where a function of it switches, e^{-10^6 u^2} > 1/2)
                if descents:
                    descents -= 1
                    out += _descend(exprs, inside, direction, j, traces[a].size)
            else:
                spans += inside
        for lo, hi, glo, ghi, j, n in spans:
            bracket = _narrow(exprs, point, direction, j, lo, hi, glo, ghi, n)
            if bracket is not None:
                lo, hi = bracket
                out += [line(point, direction, t) for t in bracket]
                # and a little further either side: a thin or far domain gets several points
                for step in (1e-9, 1e-6, 1e-3, 0.3):
                    d = step * (abs(lo) + 1.0)
                    out += [line(point, direction, lo - np.sign(hi - lo) * d),
                            line(point, direction, hi + np.sign(hi - lo) * d)]
    return out


def _dips(traces: list[np.ndarray]) -> list[tuple[int, int]]:
    """(step, quantity) where a quantity is nearer zero than at both neighbouring steps of
    the grid and of the same sign at all three: it may cross zero twice in between."""
    out: list[tuple[int, int]] = []
    for a in range(1, len(traces) - 1):
        g0, g1, g2 = traces[a - 1], traces[a], traces[a + 1]
        if not (g0.size == g1.size == g2.size) or g1.size == 0:
            continue
        with np.errstate(invalid="ignore"):
            same = (np.sign(g0) == np.sign(g1)) & (np.sign(g1) == np.sign(g2)) & (g1 != 0)
            low = (np.abs(g1) < np.abs(g0)) & (np.abs(g1) <= np.abs(g2))
            ok = np.isfinite(g0) & np.isfinite(g1) & np.isfinite(g2)
        seen = set()
        for j in np.flatnonzero(same & low & ok):
            if g1[j] not in seen:  # a quantity traced in claim, truth and function: once
                seen.add(g1[j])
                out.append((a, int(j)))
    return out


def _inside(exprs: tuple, point: Point, direction: dict, a: int, j: int,
            traces: list[np.ndarray]) -> list[tuple] | Point:
    """Where quantity ``j`` dips at step ``a``: its extremum between the neighbouring steps
    (Brent's minimiser); if it has the other sign there, the two spans across which it
    changes sign (for ``_narrow``), else the point of the extremum."""
    n = traces[a].size
    sign = float(np.sign(traces[a][j]))
    lo, hi = float(GRID[a - 1]), float(GRID[a + 1])

    def at(t: float) -> float | None:
        g = traced(exprs, line(point, direction, t))
        return float(g[j]) if g.size == n and np.isfinite(g[j]) else None

    t, g = _minimise(at, lo, hi, float(GRID[a]), float(traces[a][j]), sign, DIP_STEPS)
    if g is None:
        return []
    if np.sign(g) != sign:  # the other side: the quantity crosses zero twice here
        return [(lo, t, float(traces[a - 1][j]), g, j, n), (t, hi, g, float(traces[a + 1][j]), j, n)]
    return line(point, direction, t)


def _minimise(at: Any, lo: float, hi: float, t: float, g: float, sign: float, steps: int
              ) -> tuple[float, float | None]:
    """Brent's minimiser of sign·at(t) on [lo, hi] from (t, g), stopping early where at(t)
    takes the other sign: (t, at(t)) of the best point found."""
    golden = 0.3819660112501051
    v = w = x = t
    fv = fw = fx = sign * g
    d = e = 0.0
    for _ in range(steps):
        mid = (lo + hi) / 2
        tol = 1e-12 * abs(x) + 1e-300
        if abs(x - mid) <= 2 * tol - (hi - lo) / 2:
            break
        step_golden = True
        if abs(e) > tol:  # a parabola through x, w, v
            r = (x - w) * (fx - fv)
            q = (x - v) * (fx - fw)
            p = (x - v) * q - (x - w) * r
            q = 2 * (q - r)
            if q > 0:
                p = -p
            q = abs(q)
            if abs(p) < abs(0.5 * q * e) and q * (lo - x) < p < q * (hi - x):
                e, d = d, p / q
                step_golden = False
        if step_golden:
            e = (hi - x) if x < mid else (lo - x)
            d = golden * e
        u = x + (d if abs(d) >= tol else np.copysign(tol, d))
        got = at(u)
        if got is None:
            return x, sign * fx
        fu = sign * got
        if fu < 0:
            return u, got
        if fu <= fx:
            if u < x:
                hi = x
            else:
                lo = x
            v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
        else:
            if u < x:
                lo = u
            else:
                hi = u
            if fu <= fw or w == x:
                v, fv, w, fw = w, fw, u, fu
            elif fu <= fv or v == x or v == w:
                v, fv = u, fu
    return x, sign * fx


def _descend(exprs: tuple, point: Point, direction: dict, j: int, n: int) -> list[Point]:
    """From the extremum of quantity ``j`` on a line, where it kept its sign: follow it one
    entry at a time (a bump in the plane, (x − 3)² + (y − 2)² < 10⁻⁴, is off most lines); if
    it takes the other sign, the points just either side of where it changes sign."""
    g = traced(exprs, point)
    if g.size != n or not np.isfinite(g[j]) or g[j] == 0:
        return []
    sign, here = float(np.sign(g[j])), float(g[j])
    for _ in range(DESCENT_ROUNDS):
        moved = False
        for axis, moves in _axes(point, direction):
            scale = 1e-3 + max(abs(float(np.ravel(point.values[k])[i])) for k, i in moves)

            def at(t: float, axis: dict = axis, start: Point = point) -> float | None:
                gt = traced(exprs, line(start, axis, t))
                return float(gt[j]) if gt.size == n and np.isfinite(gt[j]) else None

            t, gt = _minimise(at, -3 * scale, 3 * scale, 0.0, here, sign, AXIS_STEPS)
            if gt is None or t == 0.0:
                continue
            if np.sign(gt) != sign:
                bracket = _narrow(exprs, point, axis, j, 0.0, t, here, gt, n)
                return [] if bracket is None else [line(point, axis, b) for b in bracket]
            point, here, moved = line(point, axis, t), gt, True
        if not moved:
            break
    return []


AXIS_STEPS = 6  # evaluations per entry when following a dip
DESCENT_ROUNDS = 2  # sweeps over the entries when following a dip


def _axes(point: Point, direction: dict, at_most: int | None = None) -> list[tuple[dict, list]]:
    """One direction per free entry of the line's direction (entries the line moves): its
    unit vector, with the keys that share data (x_i, x_j) or a symmetric partner moving
    together; and which (key, flat index) it moves."""
    out = []
    groups: dict[int, list] = {}
    for key, d in direction.items():
        groups.setdefault(id(d), []).append(key)
    for keys in groups.values():
        d = direction[keys[0]]
        shape = np.shape(d)
        for i in range(int(np.prod(shape)) if shape else 1):
            if not np.ravel(d)[i]:
                continue
            unit = np.zeros(shape) if shape else 1.0
            if shape:
                unit.flat[i] = 1.0
                if len(shape) == 2 and shape[0] == shape[1] and np.allclose(d, np.transpose(d)):
                    unit = np.maximum(unit, unit.T)
            out.append(({k: unit for k in keys}, [(k, i) for k in keys]))
    return out[:at_most or MAX_AXES]


MAX_AXES = 8  # entries followed at most


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
