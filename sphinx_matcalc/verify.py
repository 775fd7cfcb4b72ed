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
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix, ZeroMatrix

from .errors import MatcalcError, Subtype
from .functions import MatrixSampleSum
from .numeric import EvaluationError, Point, evaluate, size
from .shapes import is_matrix

DRAWS = 3  # accepted draws needed
ATTEMPTS = 40  # draws tried at most
SAMPLES = 3  # concrete N for sums over samples
STEP = 1e-6
TOLERANCE = 1e-4
JUDGE_SCALES = (1.0, 1.0, 0.3, 0.3, 0.1, 0.1)  # smaller values where large ones overflow


@dataclass
class Setting:
    """What the judge needs besides the expressions: per-sample symbols and counts."""

    per_sample: frozenset[str] = frozenset()


BIG = 8  # a declared size above this is checked at a small size instead


def shrink(exprs: tuple[sympy.Basic, ...]) -> tuple[sympy.Basic, ...]:
    """Give large declared sizes (R^{10^9}) stand-in symbols, so checks never allocate them.

    Only the shapes of matrix leaves change; a number used as a value stays.
    """
    table: dict[sympy.Expr, sympy.Symbol] = {}

    def small(d: sympy.Expr) -> sympy.Expr:
        if d.is_Integer and d > BIG:
            return table.setdefault(d, sympy.Symbol(f"(size {d})", integer=True, positive=True))
        return d

    def is_big(node: sympy.Basic) -> bool:
        return isinstance(node, (MatrixSymbol, Identity, ZeroMatrix, OneMatrix)) and any(
            d.is_Integer and d > BIG for d in node.shape)

    def rebuilt(node: sympy.Basic) -> sympy.Basic:
        rows, cols = (small(d) for d in node.shape)
        if isinstance(node, MatrixSymbol):
            return MatrixSymbol(node.name, rows, cols)
        if isinstance(node, Identity):
            return Identity(rows)
        return type(node)(rows, cols)

    return tuple(e.replace(is_big, rebuilt) for e in exprs)


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


@dataclass
class Symbols:
    """What a draw must give values to, found once per check rather than once per draw."""

    dims: list[sympy.Symbol]
    indices: set[sympy.Symbol]
    counts: set[sympy.Symbol]
    values: list[sympy.Basic]

    @classmethod
    def of(cls, exprs: tuple[sympy.Basic, ...]) -> "Symbols":
        dims = sorted(dimensions(*exprs), key=str)
        indices, counts = sum_bounds(*exprs)
        free = set().union(*(e.free_symbols for e in exprs)) - set(dims) - counts - indices
        values = sorted((s for s in free if not isinstance(s, sympy.Dummy)), key=str)
        return cls(dims, indices, counts, values)


def draw_point(symbols: Symbols, setting: Setting, rng: np.random.Generator,
               positive: bool, scale: float = 1.0) -> Point:
    """Random sizes (2 to 4) and values (times ``scale``) for every symbol to be drawn."""
    dims = {d: int(rng.integers(2, 5)) for d in symbols.dims}
    values: dict[Any, Any] = {c: float(SAMPLES) for c in symbols.counts}
    point = Point(dims, values)
    for s in symbols.values:  # a fixed order: draws must not depend on hashing
        if s.name in setting.per_sample:
            for i in range(1, SAMPLES + 1):
                values[(s, i)] = scale * _value(s, point, rng, positive)
        else:
            values[s] = scale * _value(s, point, rng, positive)
    return point


def _value(s: sympy.Basic, point: Point, rng: np.random.Generator, positive: bool) -> Any:
    if isinstance(s, MatrixSymbol):
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
    if not f.has(var):  # the derivative is zero by structure; it must be a zero
        if jacobian == 0 or isinstance(jacobian, ZeroMatrix):
            return 0
        raise MatcalcError("Internal error: a function that does not contain the variable got "
                           "a non-zero derivative. Please report this input.", Subtype.INTERNAL)
    f, var, jacobian = shrink((f, var, jacobian))
    symbols = Symbols.of((f, jacobian, var))
    rng = np.random.default_rng(seed)
    accepted = 0
    for attempt in range(ATTEMPTS):
        scale = JUDGE_SCALES[attempt % len(JUDGE_SCALES)]
        point = draw_point(symbols, setting, rng, positive=attempt % 2 == 1, scale=scale)
        try:
            value = np.asarray(evaluate(f, point), dtype=float)
            if not _finite(value):
                continue
            claimed = np.asarray(evaluate(jacobian, point), dtype=float)
            fd = finite_difference(f, var, point, STEP)
            coarse = finite_difference(f, var, point, STEP * 100)
        except (EvaluationError, np.linalg.LinAlgError, ValueError) as exc:
            raise MatcalcError(f"The numeric check could not evaluate the derivative: {exc}.",
                               Subtype.INTERNAL) from exc
        if not (_finite(claimed) and _finite(fd)) or not _close(fd, coarse, 1e-3):
            continue  # undefined here, or a kink between the two step sizes: redraw
        rounding = float(np.max(np.abs(value))) * 1e-15 / STEP
        if rounding > TOLERANCE / 10 * (1 + float(np.max(np.abs(fd)))):
            continue  # f is so large here that its differences are mostly rounding: redraw
        claimed = claimed.reshape(fd.shape) if claimed.size == fd.size else claimed
        if claimed.shape != fd.shape or not _close(claimed, fd, TOLERANCE):
            raise MatcalcError(
                "Internal error: the engine's derivative disagrees with a numerical derivative "
                f"(sizes {_sizes(point)}). The result is not shown; please report this input.",
                Subtype.INTERNAL)
        accepted += 1
        if accepted >= DRAWS:
            return accepted
    if accepted == 0 and exactly_scalar(f, jacobian) and not is_matrix(var):
        # floats failed everywhere (x^{10^{11}} overflows); SymPy's scalar diff, which is
        # reliable for scalars, compared in exact arithmetic
        if exact_difference(jacobian, sympy.diff(f, var)) is None:
            return 1
        raise MatcalcError("Internal error: the engine's derivative disagrees with the exact "
                           "derivative. The result is not shown; please report this input.",
                           Subtype.INTERNAL)
    raise MatcalcError(
        "The derivative could not be checked numerically: the function is not finite, or not "
        "differentiable, at the random points tried.", Subtype.INTERNAL)


def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


def _sizes(point: Point) -> str:
    return ", ".join(f"{d} = {v}" for d, v in sorted(point.dims.items(), key=str)) or "scalars"


@dataclass
class Counterexample:
    """Where a claim and the derivative differ: sizes, the entry, both values (as text)."""

    sizes: str
    entry: str
    claimed: str
    correct: str
    values: str

    def __str__(self) -> str:
        where = f" at entry {self.entry}" if self.entry else ""
        return (f"with {self.sizes} and {self.values}, the claim gives {self.claimed}{where} "
                f"but the derivative is {self.correct}")


CLAIM_DRAWS = 6
KINKS = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside)
# value scales for draws: terms of different degree dominate at different scales (w·x ~ s²
# against b ~ s), so small and large ones together reach every combination of branches
SCALES = (1.0, 0.3, 3.0, 0.1, 10.0, 0.03, 30.0, 100.0)
STALE_DRAWS = 60


def kink_arguments(*exprs: sympy.Basic) -> list[sympy.Basic]:
    """Scalar quantities whose sign selects a branch: conditions, max(0, u), |u|, sign(u)."""
    found: list[sympy.Basic] = []
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Piecewise):
                found += [c.lhs - c.rhs for _, c in node.args if isinstance(c, sympy.core.relational.Relational)]
            elif isinstance(node, (sympy.Max, sympy.Min)) and len(node.args) == 2:
                found.append(node.args[0] - node.args[1])
            elif isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
                found.append(node.args[0])
    return [k for k in dict.fromkeys(found) if not k.has(sympy.Dummy) and not is_matrix(k)]


def sign_pattern(kinks: list[sympy.Basic], point: Point) -> tuple[bool | None, ...]:
    """Which side of each kink this point is on (None where it cannot be told)."""
    pattern = []
    for g in kinks:
        try:
            value = float(evaluate(g, point))
        except (EvaluationError, TypeError, ValueError):
            value = float("nan")
        pattern.append(bool(value > 0) if np.isfinite(value) and value != 0 else None)
    return tuple(pattern)
EXACT_DIGITS = 30


def exactly_scalar(*exprs: sympy.Basic) -> bool:
    """Scalar expressions without matrices or sums: they can be evaluated exactly."""
    return not any(is_matrix(e) or e.atoms(MatrixSymbol) or e.has(sympy.Sum) or e.has(
        MatrixSampleSum) for e in exprs)


def exact_difference(claim: sympy.Basic, truth: sympy.Basic,
                     seed: int = 3) -> Counterexample | None:
    """Compare two scalar expressions at rational points with 30-digit arithmetic.

    Floats over- or underflow (x^{10^{11}}) or cancel; SymPy's evalf has an
    unbounded exponent range and the precision asked for.
    """
    rng = np.random.default_rng(seed)
    symbols = sorted(claim.free_symbols | truth.free_symbols, key=str)
    for scale in (1, -1, 1):
        # Floats at 30 digits, not Rationals: an exact (3/2)^{10^{11}} would never finish
        values = {s: sympy.Float(str(scale * int(rng.integers(50, 200)) / 100), EXACT_DIGITS)
                  for s in symbols}
        want = truth.xreplace(values).evalf(EXACT_DIGITS)
        got = claim.xreplace(values).evalf(EXACT_DIGITS)
        if not (want.is_number and got.is_number) or want.has(sympy.nan, sympy.zoo):
            continue
        if abs(got - want) > sympy.Float(10) ** (5 - EXACT_DIGITS) * (1 + abs(want)):
            shown = "; ".join(f"{s} = {_short(v)}" for s, v in values.items()) or "no free values"
            return Counterexample("scalars", "", _short(got, want), _short(want, got), shown)
    return None


def _short(value: sympy.Basic, other: sympy.Basic | None = None) -> str:
    """Six significant digits, or as many as it takes to tell ``value`` from ``other``."""
    for digits in (6, 15, EXACT_DIGITS):
        text = sympy.sstr(sympy.N(value, digits))
        if other is None or text != sympy.sstr(sympy.N(other, digits)):
            return text
    return text


def compare(claim: sympy.Basic, truth: sympy.Basic, setting: Setting,
            seed: int = 1) -> Counterexample | None:
    """None when ``claim`` equals ``truth`` at several random points; else where they differ."""
    if claim == truth:  # identical expressions; anything else is decided numerically
        return None
    claim, truth = shrink((claim, truth))
    rng = np.random.default_rng(seed)
    checked = 0
    needed = CLAIM_DRAWS * (2 if claim.has(*KINKS) or truth.has(*KINKS) else 1)
    exact = exactly_scalar(claim, truth)
    symbols = Symbols.of((claim, truth))
    # kinks inside a sum over samples depend on the sample: they cannot be told from outside
    unseen = symbols.indices | {s for s in symbols.values if s.name in setting.per_sample}
    kinks = [k for k in kink_arguments(claim, truth) if not k.free_symbols & unseen]
    # every combination of branch conditions, where two piecewise formulas can differ
    wanted_patterns = min(2 ** len(kinks), 16)
    patterns: set[tuple[bool | None, ...]] = set()
    stale = 0  # draws since a new combination was last seen (some are impossible)
    for attempt in range(ATTEMPTS * (4 if kinks else 1)):
        scale = SCALES[attempt % len(SCALES)] if checked >= needed else 1.0
        point = draw_point(symbols, setting, rng, positive=attempt % 2 == 1, scale=scale)
        pattern = sign_pattern(kinks, point)
        stale = 0 if pattern not in patterns else stale + 1
        patterns.add(pattern)
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
            return Counterexample(_sizes(point), entry, f"{float(got[index]):.6g}",
                                  f"{float(want[index]):.6g}", _values(point))
        checked += 1
        if checked >= needed and (len(patterns) >= wanted_patterns or stale >= STALE_DRAWS):
            break  # enough draws, and every combination of branches that occurs was seen
    if exact:
        return exact_difference(claim, truth)
    if checked >= needed:
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
