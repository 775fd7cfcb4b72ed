"""Where the judge looks: concrete sizes, random values, and the sides of every branch.

Draws give every dimension a size and every symbol a value (per-sample data
one per sample); large declared sizes are checked at stand-in sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix, ZeroMatrix

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum
from .draws import SIMPLEX, SPD, structured
from .numeric import EvaluationError, Point, canonical, evaluate, size

SAMPLES = 3  # concrete N for sums over samples
TOLERANCE = 1e-4  # relative, with an absolute part of the same size
ATTEMPTS = 40  # draws tried at most


@dataclass(frozen=True)
class Setting:
    """What the judge needs besides the expressions.

    ``per_sample``: names of per-sample symbols (x_i); ``allowed``: every name a claim may use
    (the function's symbols, the declarations, dimensions and counts; None: not checked);
    ``function``: the function itself, whose domain is where claims are compared;
    ``structure``: (name, structure) of symbols declared symmetric, positive definite or
    probability vectors (``draws.SYMMETRIC``, ...): they are only drawn so; ``wrt``: the
    names of the variable derived by (a claim is free only where the function has no
    derivative with respect to it; empty: every value moves).
    """

    per_sample: frozenset[str] = frozenset()
    allowed: frozenset[str] | None = None
    function: tuple[sympy.Basic, ...] = ()
    structure: tuple[tuple[str, str], ...] = ()
    wrt: frozenset[str] = frozenset()  # the names of the variable a claim is derived by


BIG = 64  # a declared size above this is checked at a small size instead


def _integers_in(e: sympy.Basic) -> set[int]:
    """Every whole number a number in ``e`` is made of: integers, both parts of a fraction
    (1/100, 0.01 = 1/100), a float's value and its reciprocal when whole (100.0, 0.01)."""
    out: set[int] = set()
    for a in e.atoms(sympy.Number):
        if isinstance(a, sympy.Float):
            a = sympy.nsimplify(a, rational=True)
        if isinstance(a, sympy.Rational):
            out |= {abs(int(a.p)), abs(int(a.q))}
    return out


def shrink(exprs: tuple[sympy.Basic, ...], literals: bool = False) -> tuple[sympy.Basic, ...]:
    """Give large declared sizes (R^{10^9}) stand-in symbols, so checks never allocate them.

    Only the shapes of matrix leaves change. With ``literals``, a number equal to a replaced
    size left in the expressions (the claim 10^9 for a sum over R^{10^9}) cannot be told from
    the size: that is refused (UNCHECKED) rather than judged at a stand-in.
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

    leaves = (MatrixSymbol, Identity, ZeroMatrix, OneMatrix)
    out = tuple(e.replace(is_big, rebuilt) if any(is_big(a) for a in e.atoms(*leaves)) else e
                for e in exprs)  # nothing to replace: the expression as it is
    if literals and table:
        sizes = {int(d) for d in table}
        clash = sorted({n for e in out for n in _integers_in(e) if n in sizes})
        if clash:
            raise MatcalcError(
                f"The claim could not be checked: the number {clash[0]} is also a declared size, "
                f"and sizes above {BIG} are checked at small stand-in sizes, where the two cannot "
                "be told apart; write the size with a symbol (n with n = ... in :where:).",
                Subtype.UNCHECKED)
    return out


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
        dims = dimensions(*exprs)
        indices, counts = sum_bounds(*exprs)
        counts -= dims  # Σ over entries runs to n − 1: n is a size, not a sample count
        free = set().union(*(e.free_symbols for e in exprs)) - dims - counts - indices
        # a declared size no matrix here carries (y ∈ ℝᵐ unused, m in a claim): still a size
        dims |= {s for s in free if isinstance(s, sympy.Symbol) and s.is_integer
                 and s.is_positive}
        free -= dims
        dims = sorted(dims, key=str)
        values = sorted((s for s in free if not isinstance(s, sympy.Dummy)), key=str)
        # the very objects the evaluators look up (equal symbols, one object each)
        return cls([canonical(d) for d in dims], indices, {canonical(c) for c in counts},
                   [canonical(s) for s in values])


def draw_point(symbols: Symbols, setting: Setting, rng: np.random.Generator,
               positive: bool, scale: float = 1.0) -> Point:
    """Random sizes (2 to 4) and values (times ``scale``) for every symbol to be drawn."""
    dims = {d: int(rng.integers(2, 5)) for d in symbols.dims}
    values: dict[Any, Any] = {c: float(SAMPLES) for c in symbols.counts}
    point = Point(dims, values)
    structure = dict(setting.structure)
    for s in symbols.values:  # a fixed order: draws must not depend on hashing
        kind = structure.get(s.name, "")
        # a definite matrix or a probability vector is not scaled (it would leave its set)
        factor = 1.0 if kind in (SPD, SIMPLEX) else scale
        if s.name in setting.per_sample:
            for i in range(0, SAMPLES + 2):  # sums may start at 0 or run to N + 1
                values[(s, i)] = factor * structured(_value(s, point, rng, positive), kind,
                                                     "normal", rng)
        else:
            values[s] = factor * structured(_value(s, point, rng, positive), kind, "normal", rng)
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


# value scales for draws: terms of different degree dominate at different scales (w·x ~ s²
# against b ~ s), so small and large ones together reach every combination of branches
SCALES = (1.0, 0.3, 3.0, 0.1, 10.0, 0.03, 30.0, 100.0)
STALE_DRAWS = 60


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
def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


def _sizes(point: Point) -> str:
    return ", ".join(f"{d} = {v}" for d, v in sorted(point.dims.items(), key=str)) or "scalars"


