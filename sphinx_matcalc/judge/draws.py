"""Where the claim judge looks: sizes 1 to 7, sample counts 1 to 6, values of every magnitude.

Each draw is one ``Point``. Sizes follow a schedule that starts at the
smallest case (every dimension 1, one sample) and reaches 7 (and every
sample count 1..6 within six draws); values are drawn from several
families in turn — order one, log-uniform magnitudes from 10⁻¹⁰ to 10¹⁰ with
either sign (per symbol and per entry), exact specials (0, ±1, ±1/2, ±2),
and for square matrices general non-symmetric ones, positive-entry ones,
I + a small non-symmetric perturbation and B Bᵀ + cI (for domains such as
log det that need them). The signs of the scalars follow ``sign_pattern``
(48 distinct combinations in 48 draws, shuffled, so not tied to the family or
the sample count); per-sample scalar data take a sign of their own per sample; a second
sample count is drawn independently of the first.

A declared structure is honoured by every draw and every line through one
(``structured``, ``honours``): a symmetric matrix is drawn symmetric (exactly:
(V + Vᵀ)/2 in floats is symmetric), a positive definite one as Q diag(λ) Qᵀ with
eigenvalues of a range the family picks, and a probability vector with dyadic
entries (multiples of 2⁻⁵²) that sum to exactly 1, so that 50-digit arithmetic
sees a sum of exactly 1; lines move symmetric matrices symmetrically and leave
probability vectors where they are.
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


SYMMETRIC, SPD, SIMPLEX = "symmetric", "symmetric positive definite", "probability vector"
DYADIC = 2 ** 52  # probability vectors: entries m / 2^52, exact in floats, summing to exactly 1


def count_values(counts: Any, k: int, rng: np.random.Generator) -> dict:
    """Draw ``k``'s sample counts: the first follows ``samples_for``; any other is drawn on
    its own from 1..6 (two counts N and M are never tied to be equal)."""
    out = {}
    for j, c in enumerate(sorted(counts, key=str)):  # a fixed order, not hashing's
        out[c] = samples_for(k) if j == 0 else int(rng.integers(MIN_SAMPLES, MAX_SAMPLES + 1))
    return out


#: draw k's sign pattern for k < 48: a fixed shuffle of 0..47, so that no bit of the pattern is
#: tied to the family (k mod 8) or to the sample count (k mod 6)
PATTERNS = tuple(int(v) for v in np.random.default_rng(1848).permutation(48))


def sign_pattern(k: int) -> int:
    """The scalars' signs in draw ``k`` (bit j: symbol j negative): 48 distinct patterns in the
    first 48 draws, spread over the families, then more of them."""
    return PATTERNS[k % 48] + 48 * (k // 48)


def draw(symbols: Any, per_sample: frozenset[str], k: int, rng: np.random.Generator,
         family: str | None = None, sizes: dict | None = None,
         structure: dict[str, str] | None = None, counts: dict | None = None) -> Point:
    """The ``k``-th claim draw (sizes, sample count, values) for ``symbols`` (a points.Symbols);
    ``structure``: the declared structure of symbols by name (SYMMETRIC, SPD, SIMPLEX);
    ``sizes`` and ``counts``, where given, instead of the drawn ones."""
    structure = structure or {}
    family = family or FAMILIES[k % len(FAMILIES)]
    dims = sizes if sizes is not None else schedule_sizes(symbols.dims, k, rng)
    counts = counts if counts is not None else count_values(symbols.counts, k, rng)
    n = max(counts.values(), default=samples_for(k))
    values: dict[Any, Any] = {c: float(v) for c, v in counts.items()}
    point = Point(dims, values)
    scalars = [s for s in symbols.values if not isinstance(s, MatrixSymbol)]
    pattern = sign_pattern(k)
    signs = {s: (-1.0 if (pattern >> j) & 1 else 1.0) for j, s in enumerate(scalars)} \
        if len(scalars) <= 6 else {s: float(rng.choice((-1.0, 1.0))) for s in scalars}
    shared: dict[str, list] = {}  # x_i and x_j are the same data: one draw per base name
    for s in symbols.values:
        if s.name in per_sample:
            base = sample_parts(s.name)[0]
            if base not in shared:
                # each sample's scalar datum its own sign: data of both signs in every family
                shared[base] = [structured(_value(s, point, rng, family,
                                                  float(rng.choice((-1.0, 1.0)))),
                                           structure.get(s.name, ""), family, rng)
                                for _ in range(max(MAX_SAMPLES, n) + 2)]
            for i in range(0, n + 2):  # sums may start at 0 or run to N + 1
                values[(s, i)] = shared[base][i]
        else:
            values[s] = structured(_value(s, point, rng, family, signs.get(s, 1.0)),
                                   structure.get(s.name, ""), family, rng)
    return point


def structured(value: Any, structure: str, family: str, rng: np.random.Generator) -> Any:
    """A drawn value given its declared structure (the value as drawn when it has none)."""
    if not structure or np.ndim(value) != 2:
        return value
    if structure == SYMMETRIC:
        return (value + value.T) / 2
    if structure == SPD:
        return _definite(value.shape[0], family, rng)
    if structure == SIMPLEX:
        return _probabilities(value.shape[0], family, rng)
    raise ValueError(f"unknown structure {structure!r}")


def _definite(n: int, family: str, rng: np.random.Generator) -> np.ndarray:
    """A symmetric positive definite n×n matrix: Q diag(λ) Qᵀ, the eigenvalues within a ratio
    of 10⁶ (so that rounding keeps it definite) at a magnitude the family picks."""
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    if family == "specials":
        q = np.eye(n)[rng.permutation(n)]  # exact: a permuted diagonal of specials
        lam = rng.choice((0.5, 1.0, 2.0), size=n)
    else:
        scale = float(_magnitude(rng)) if family.startswith("wide") else 1.0
        lam = scale * 10.0 ** rng.uniform(-3.0, 3.0, size=n) if family != "near-identity" \
            else 1.0 + 0.3 * rng.uniform(-1.0, 1.0, size=n)
    m = (q * lam) @ q.T
    m = (m + m.T) / 2
    try:
        np.linalg.cholesky(m)
        return m
    except np.linalg.LinAlgError:  # rounding left it indefinite: a plainly definite one
        b = rng.normal(size=(n, n))
        return b @ b.T + np.eye(n)


def _probabilities(n: int, family: str, rng: np.random.Generator) -> np.ndarray:
    """A probability vector of n dyadic entries (m_i / 2⁵²) whose sum is exactly 1."""
    if family == "specials":  # a vertex of the simplex, or (near) its centre
        weights = np.eye(n)[int(rng.integers(n))] if rng.random() < 0.5 else np.ones(n)
    elif family.startswith("wide"):
        weights = _magnitude(rng, n)
    else:
        weights = np.abs(rng.normal(size=n)) + 0.05
    counts = [int(w) for w in np.floor(weights / weights.sum() * DYADIC)]
    counts[int(np.argmax(weights))] += DYADIC - sum(counts)
    return np.array([c / DYADIC for c in counts], dtype=float).reshape(n, 1)


def on_structure(point: Point, structure: dict[str, str]) -> Point:
    """``point`` with each probability vector held in floats put back exactly on the simplex
    (dyadic entries summing to exactly 1, as drawn): a point moved along a line within it
    sums to 1 only up to rounding, and 𝟙[(1ᵀy − 1)² > 0] would be 1 there."""
    values = dict(point.values)
    for key, value in point.values.items():
        name = getattr(key[0] if isinstance(key, tuple) else key, "name", "")
        v = np.asarray(value)
        if structure.get(name) != SIMPLEX or v.dtype != float or v.size == 0:
            continue
        counts = np.floor(np.clip(v, 0.0, None) * DYADIC).astype(np.int64)
        counts.flat[int(np.argmax(v))] += DYADIC - int(counts.sum())
        values[key] = (counts / DYADIC).reshape(v.shape)
    return Point(point.dims, values, point.bound, point.roots)


def honours(point: Point, structure: dict[str, str]) -> bool:
    """Does every structured value of ``point`` have its structure? (Lines through a definite
    matrix can leave the cone; such points are outside the declared domain.)"""
    for key, value in point.values.items():
        kind = structure.get(getattr(key[0] if isinstance(key, tuple) else key, "name", ""), "")
        if kind == SPD and not _definite_enough(np.asarray(value, dtype=float)):
            return False
        elif kind == SIMPLEX and np.any(np.asarray(value, dtype=float) < 0):
            return False
    return True


DEFINITE = 1e-10  # the least eigenvalue, relative to the largest, of a definite draw


def _definite_enough(m: np.ndarray) -> bool:
    """Is ``m`` positive definite beyond rounding? A point put on det Σ = 0 (an exact root)
    passes a float Cholesky with an eigenvalue of −10⁻⁹ beside 10⁴: it is on the cone's
    boundary, outside the declared domain. Draws keep eigenvalues within a ratio of 10⁶."""
    try:
        np.linalg.cholesky(m)
        eigenvalues = np.linalg.eigvalsh((m + m.T) / 2)
    except np.linalg.LinAlgError:
        return False
    return bool(eigenvalues.min() > DEFINITE * max(abs(eigenvalues.max()), 1e-300))


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


def random_direction(point: Point, symbols: Any, rng: np.random.Generator,
                     structure: dict[str, str] | None = None) -> dict:
    """A random direction through the drawn values (sample counts stay; symmetric matrices
    move symmetrically; probability vectors stay)."""
    structure = structure or {}
    out = {}
    shared: dict = {}  # x_i and x_j are the same data: they move together
    for key, v in point.values.items():
        if key in symbols.counts:
            continue
        tag = (sample_parts(key[0].name)[0], key[1]) if isinstance(key, tuple) else key
        if tag not in shared:
            shared[tag] = rng.normal(size=np.shape(v)) if np.ndim(v) else float(rng.normal())
            kind = structure.get(getattr(key[0] if isinstance(key, tuple) else key, "name", ""))
            if kind in (SYMMETRIC, SPD):
                shared[tag] = (shared[tag] + shared[tag].T) / 2
            elif kind == SIMPLEX:
                shared[tag] = np.zeros(np.shape(v))
        out[key] = shared[tag]
    return out
