"""Where the claim judge looks: sizes 1 to 7, sample counts 1 to 6, values of every magnitude.

Each draw is one ``Point``. Sizes follow a schedule that starts at the
smallest case (every dimension 1, one sample) and reaches 7 (and every
sample count 1..6 within six draws); values are drawn from several
families in turn — order one, log-uniform magnitudes from 10⁻¹⁰ to 10¹⁰ with
either sign (per symbol and per entry), exact specials (0, ±1, ±1/2, ±2),
and for square matrices general non-symmetric ones, positive-entry ones,
I + a small non-symmetric perturbation and B Bᵀ + cI (for domains such as
log det that need them). The signs of the scalars run through every
combination (for up to 6 scalars) as the draw counter counts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy.matrices.expressions import MatrixSymbol

from ..nodes import sample_parts
from .numeric import Point, size

MIN_SIZE, MAX_SIZE = 1, 7
MIN_SAMPLES, MAX_SAMPLES = 1, 6
MAGNITUDES = (-10.0, 10.0)  # log10 range of "wide" values
SPECIALS = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)
FAMILIES = ("normal", "wide", "wide-entries", "positive", "near-identity", "specials", "spd",
            "wide-positive")


def schedule_sizes(dims: list[sympy.Symbol], k: int, rng: np.random.Generator) -> dict:
    """Draw ``k``'s sizes: all 1 first, then all 7, then random sizes from 1 to 7."""
    if k == 0:
        return {d: MIN_SIZE for d in dims}
    if k == 1:
        return {d: MAX_SIZE for d in dims}
    return {d: int(rng.integers(MIN_SIZE, MAX_SIZE + 1)) for d in dims}


def samples_for(k: int) -> int:
    """Sample counts cycle 1, 2, ..., 6 so any six consecutive draws see each of them."""
    return MIN_SAMPLES + k % (MAX_SAMPLES - MIN_SAMPLES + 1)


def draw(symbols: Any, per_sample: frozenset[str], k: int, rng: np.random.Generator,
         family: str | None = None, sizes: dict | None = None) -> Point:
    """The ``k``-th claim draw (sizes, sample count, values) for ``symbols`` (a points.Symbols)."""
    family = family or FAMILIES[k % len(FAMILIES)]
    dims = sizes if sizes is not None else schedule_sizes(symbols.dims, k, rng)
    n = samples_for(k)
    values: dict[Any, Any] = {c: float(n) for c in symbols.counts}
    point = Point(dims, values)
    scalars = [s for s in symbols.values if not isinstance(s, MatrixSymbol)]
    signs = {s: (-1.0 if (k >> j) & 1 else 1.0) for j, s in enumerate(scalars)} \
        if len(scalars) <= 6 else {s: float(rng.choice((-1.0, 1.0))) for s in scalars}
    shared: dict[str, list] = {}  # x_i and x_j are the same data: one draw per base name
    for s in symbols.values:
        if s.name in per_sample:
            base = sample_parts(s.name)[0]
            if base not in shared:
                shared[base] = [_value(s, point, rng, family, 1.0) for _ in range(MAX_SAMPLES + 2)]
            for i in range(0, n + 2):  # sums may start at 0 or run to N + 1
                values[(s, i)] = shared[base][i]
        else:
            values[s] = _value(s, point, rng, family, signs.get(s, 1.0))
    return point


def _magnitude(rng: np.random.Generator, shape: Any = None) -> Any:
    return 10.0 ** rng.uniform(*MAGNITUDES, size=shape)


def _value(s: sympy.Basic, point: Point, rng: np.random.Generator, family: str,
           sign: float) -> Any:
    if not isinstance(s, MatrixSymbol):
        if family == "specials":
            return float(rng.choice(SPECIALS))
        if family in ("wide", "wide-entries", "wide-positive"):
            return sign * float(_magnitude(rng))
        v = abs(float(rng.normal())) + 0.05
        return sign * v if family != "positive" else v
    rows, cols = size(s.shape[0], point), size(s.shape[1], point)
    shape = (rows, cols)
    if family == "wide":
        return rng.normal(size=shape) * float(_magnitude(rng))
    if family == "wide-entries":
        return rng.choice((-1.0, 1.0), size=shape) * _magnitude(rng, shape)
    if family == "wide-positive":
        return _magnitude(rng, shape)
    if family == "positive":
        return np.abs(rng.normal(size=shape)) + 0.1
    if family == "specials":
        return rng.choice(SPECIALS, size=shape)
    if rows == cols and family == "near-identity":
        return np.eye(rows) + 0.3 * rng.normal(size=shape) / max(rows, 1)
    if rows == cols and family == "spd":
        b = rng.normal(size=shape)
        return b @ b.T + 0.1 * np.eye(rows)
    return rng.normal(size=shape)


def line(point: Point, direction: dict, t: float) -> Point:
    """``point`` moved by ``t`` times ``direction`` (a value per key of point.values)."""
    values = dict(point.values)
    for key, d in direction.items():
        values[key] = values[key] + t * d
    return Point(point.dims, values)


def random_direction(point: Point, symbols: Any, rng: np.random.Generator) -> dict:
    """A random direction through the drawn values (sample counts stay)."""
    out = {}
    shared: dict = {}  # x_i and x_j are the same data: they move together
    for key, v in point.values.items():
        if key in symbols.counts:
            continue
        tag = (sample_parts(key[0].name)[0], key[1]) if isinstance(key, tuple) else key
        if tag not in shared:
            shared[tag] = rng.normal(size=np.shape(v)) if np.ndim(v) else float(rng.normal())
        out[key] = shared[tag]
    return out
