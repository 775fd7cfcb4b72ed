"""The second judge: compare a symbolic Jacobian with finite differences.

Before any result is shown it is evaluated at random small sizes and values
and compared with central differences of the original function, over several
draws. Points where the function is undefined, or where a kink makes the
difference quotient unstable (max, |·|, cases), are redrawn. SymPy's own
matrix ``diff`` is never consulted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.matrices.expressions import MatrixSymbol

from .errors import MatcalcError, Subtype
from .functions import MatrixSampleSum
from .numeric import EvaluationError, Point, evaluate
from .shapes import is_matrix

DRAWS = 3  # accepted draws needed
ATTEMPTS = 40  # draws tried at most
SAMPLES = 3  # concrete N for sums over samples
STEP = 1e-6
TOLERANCE = 1e-4


@dataclass
class Setting:
    """What the judge needs besides the expressions: per-sample symbols and counts."""

    per_sample: frozenset[str] = frozenset()


def dimensions(*exprs: sympy.Basic) -> set[sympy.Symbol]:
    """Every dimension symbol that sizes a matrix node in ``exprs``."""
    dims: set[sympy.Symbol] = set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.MatrixExpr):
                for d in node.shape:
                    dims |= {s for s in sympy.sympify(d).free_symbols}
    return dims


def sum_bounds(*exprs: sympy.Basic) -> tuple[set[sympy.Symbol], set[sympy.Symbol]]:
    """(indices, counts) of every Σ in ``exprs``."""
    indices, counts = set(), set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, (sympy.Sum, MatrixSampleSum)):
                for index, _, upper in node.limits:
                    indices.add(index)
                    counts |= upper.free_symbols
    return indices, counts


def draw_point(exprs: tuple[sympy.Basic, ...], setting: Setting, rng: np.random.Generator,
               positive: bool) -> Point:
    """Random sizes (2 to 4) and values for every symbol in ``exprs``."""
    dims = {d: int(rng.integers(2, 5)) for d in dimensions(*exprs)}
    indices, counts = sum_bounds(*exprs)
    values: dict[Any, Any] = {c: float(SAMPLES) for c in counts}
    point = Point(dims, values)
    symbols = set().union(*(e.free_symbols for e in exprs)) - set(dims) - counts - indices
    for s in symbols:
        if isinstance(s, sympy.Dummy):
            continue
        if s.name in setting.per_sample:
            for i in range(1, SAMPLES + 1):
                values[(s, i)] = _value(s, point, rng, positive)
        else:
            values[s] = _value(s, point, rng, positive)
    return point


def _value(s: sympy.Basic, point: Point, rng: np.random.Generator, positive: bool) -> Any:
    if isinstance(s, MatrixSymbol):
        from .numeric import size
        rows, cols = size(s.shape[0], point), size(s.shape[1], point)
        if positive and rows == cols and rows > 1:
            b = rng.normal(size=(rows, cols))
            return b @ b.T + rows * np.eye(rows)  # symmetric positive definite
        v = rng.normal(size=(rows, cols))
        return np.abs(v) + 0.5 if positive else v
    v = float(rng.normal())
    return abs(v) + 0.5 if positive else v


def _finite(x: Any) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def finite_difference(f: sympy.Basic, var: sympy.Basic, point: Point, h: float) -> np.ndarray:
    """Numerator-layout Jacobian of f by central differences at ``point``."""
    base = np.asarray(point.values[var], dtype=float)
    columns = []
    for j in range(base.size):
        step = np.zeros(base.size)
        step[j] = h
        plus = _at(f, var, base + step.reshape(base.shape), point)
        minus = _at(f, var, base - step.reshape(base.shape), point)
        columns.append((plus - minus) / (2 * h))
    if not is_matrix(var):
        return columns[0]
    if var.shape[1] != 1:  # scalar by matrix: the gradient's transpose (numerator layout)
        return np.array([float(c) for c in columns]).reshape(base.shape).T
    return np.stack([c.reshape(-1) for c in columns], axis=1)


def _at(f: sympy.Basic, var: sympy.Basic, value: np.ndarray, point: Point) -> np.ndarray:
    shifted = Point(point.dims, {**point.values, var: value if is_matrix(var) else float(value)})
    return np.asarray(evaluate(f, shifted), dtype=float)


def check_jacobian(f: sympy.Basic, var: sympy.Basic, jacobian: sympy.Basic, setting: Setting,
                   seed: int = 0) -> int:
    """Raise unless ``jacobian`` (numerator layout) matches finite differences; returns draws."""
    rng = np.random.default_rng(seed)
    accepted = 0
    for attempt in range(ATTEMPTS):
        point = draw_point((f, jacobian, var), setting, rng, positive=attempt % 2 == 1)
        try:
            if not _finite(evaluate(f, point)):
                continue
            claimed = np.asarray(evaluate(jacobian, point), dtype=float)
            fd = finite_difference(f, var, point, STEP)
            coarse = finite_difference(f, var, point, STEP * 100)
        except (EvaluationError, np.linalg.LinAlgError, ValueError) as exc:
            raise MatcalcError(f"The numeric check could not evaluate the derivative: {exc}.",
                               Subtype.INTERNAL) from exc
        if not (_finite(claimed) and _finite(fd)) or not _close(fd, coarse, 1e-3):
            continue  # undefined here, or a kink between the two step sizes: redraw
        claimed = claimed.reshape(fd.shape) if claimed.size == fd.size else claimed
        if claimed.shape != fd.shape or not _close(claimed, fd, TOLERANCE):
            raise MatcalcError(
                "Internal error: the engine's derivative disagrees with a numerical derivative "
                f"(sizes {_sizes(point)}). The result is not shown; please report this input.",
                Subtype.INTERNAL)
        accepted += 1
        if accepted >= DRAWS:
            return accepted
    raise MatcalcError(
        "The derivative could not be checked numerically: the function is not finite, or not "
        "differentiable, at the random points tried.", Subtype.INTERNAL)


def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


def _sizes(point: Point) -> str:
    return ", ".join(f"{d} = {v}" for d, v in sorted(point.dims.items(), key=str)) or "scalars"


@dataclass
class Counterexample:
    """Where a claim and the derivative differ: sizes, the entry, both values."""

    sizes: str
    entry: str
    claimed: float
    correct: float
    values: str

    def __str__(self) -> str:
        where = f" at entry {self.entry}" if self.entry else ""
        return (f"with {self.sizes} and {self.values}, the claim gives {self.claimed:.6g}{where} "
                f"but the derivative is {self.correct:.6g}")


CLAIM_DRAWS = 6


def compare(claim: sympy.Basic, truth: sympy.Basic, setting: Setting,
            seed: int = 1) -> Counterexample | None:
    """None when ``claim`` equals ``truth`` at several random points; else where they differ."""
    if claim == truth:  # identical expressions; anything else is decided numerically
        return None
    rng = np.random.default_rng(seed)
    checked = 0
    for attempt in range(ATTEMPTS):
        point = draw_point((claim, truth), setting, rng, positive=attempt % 2 == 1)
        try:
            want = np.asarray(evaluate(truth, point), dtype=float)
            got = np.asarray(evaluate(claim, point), dtype=float)
        except (EvaluationError, np.linalg.LinAlgError, ValueError) as exc:
            raise MatcalcError(f"The claim could not be evaluated: {exc}.", Subtype.INTERNAL) from exc
        if not _finite(want):
            continue
        got = np.broadcast_to(got, want.shape) if got.size == 1 else got.reshape(want.shape)
        bad = ~(np.abs(got - want) <= TOLERANCE * (1 + np.abs(want)))
        if np.any(bad):
            index = tuple(int(k) for k in np.argwhere(bad)[0])
            entry = "" if want.ndim == 0 or want.size == 1 else \
                "(" + ", ".join(str(k + 1) for k in index) + ")"
            return Counterexample(_sizes(point), entry, float(got[index]), float(want[index]),
                                  _values(point))
        checked += 1
        if checked >= CLAIM_DRAWS:
            return None
    raise MatcalcError("The claim could not be checked: the derivative is not finite at the "
                       "random points tried.", Subtype.INTERNAL)


def _values(point: Point) -> str:
    """A short description of the scalar values of a draw (vectors are summarised)."""
    parts = []
    for key, value in sorted(point.values.items(), key=lambda kv: str(kv[0])):
        if isinstance(key, tuple):
            continue
        arr = np.asarray(value, dtype=float)
        shown = f"{float(arr):.3g}" if arr.size == 1 else \
            "[" + ", ".join(f"{v:.3g}" for v in arr.reshape(-1)[:4]) + (", …]" if arr.size > 4 else "]")
        parts.append(f"{key} = {shown}")
    return "; ".join(parts[:6]) or "no free values"
