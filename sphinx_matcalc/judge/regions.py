"""Size tuples in every region of the conditions on sizes and sample counts alone.

Random draws take sizes 1..7 and counts 1..6. A claim can be wrong only where a condition on
several sizes holds (𝟙[m − n > 6], 𝟙[N > M + 5], 𝟙[mn > 100]) or only where a product of
size factors is not 0 (∏ (m − n − k) over k = −6..6, which vanishes at every pair in 1..7):
such tuples are never drawn. So every quantity of claim and truth that depends on sizes and
counts alone is collected (``quantities``): the two sides of a relation (a Piecewise
condition, an indicator), the argument of Heaviside, sign and \\|u\\|, the arguments of max
and min, the bounds of a sum (sign: −, 0 or +), and every product, every base and exponent of
a power and every largest expression of sizes alone (zero or not). For the sizes a group of
them names together, every tuple 1..64 of those sizes is decided exactly (integer arithmetic
on the polynomials' numerators and denominators; SymPy's exact evaluation otherwise), and the
smallest tuple (by the sum of the sizes) of each combination of the quantities' signs met is
drawn. Where a combination appears only beyond 64 (at the sizes ``BEYOND`` of every size, or
at the integers next to a real root of a quantity along one size, the others at 1..64 or
``BEYOND``), the claim cannot be checked and is refused as unchecked.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum
from .budget import within
from .size_roots import integer_parts, polynomial_roots, solvable_pieces, solved_roots

SCAN = 64  # every tuple of sizes 1..SCAN is decided
BEYOND = (100, 1000, 10 ** 4, 10 ** 6, 10 ** 9)  # sizes where a change past SCAN is sought
TOGETHER = 3  # sizes one group of quantities may name together (64³ tuples)
REGIONS = 64  # draws at most: more combinations than this cannot be checked
FEW = (1, 2, SCAN, *BEYOND)  # other sizes at which a quantity is solved with SymPy
SIGN_SECONDS = 0.5  # to decide the sign of a quantity at one tuple (e^{e^{10⁹}} takes hours)
OTHER_SIZE = 3  # sizes and counts no quantity names, in these draws
_SIGNED = (sympy.Heaviside, sympy.sign, sympy.Abs)
_BRANCHES = (sympy.Piecewise, sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min,
             sympy.KroneckerDelta)
_UNDEFINED = 2  # the code of a quantity that divides by 0 at a tuple


#: a relation's truth from the sign of lhs − rhs (m n > 131 and m n < 131 are two regions:
#: m n = 131, only past 64, is no third one)
_TRUTH = {">": lambda v: v > 0, ">=": lambda v: v >= 0, "<": lambda v: v < 0,
          "<=": lambda v: v <= 0, "==": lambda v: v == 0, "!=": lambda v: v != 0}


@dataclass(frozen=True)
class _Quantity:
    expr: sympy.Expr
    signed: str  # "sign": its sign matters; "zero": only whether it is 0; or a relation (">")
    parts: tuple | None  # (numerator, denominator) as integer Polys, None: not polynomial

    @property
    def sizes(self) -> frozenset:
        return frozenset(self.expr.free_symbols)


def region_sizes(claim: sympy.Basic, truth: sympy.Basic, named: set
                 ) -> tuple[list[dict], MatcalcError | None]:
    """A tuple (a value per size and count named) in every region of the conditions on sizes
    alone of claim and truth met in 1..SCAN, smallest first; at most REGIONS of them, else
    UNCHECKED. With them, the UNCHECKED error a region met only past SCAN (or a sign not
    decided there) makes: the claim is still judged in the regions found, and refused as
    wrong where it is (e^{e^n} > 10⁵⁰ holds from n = 5), else unchecked."""
    found = quantities((claim, truth), named)
    if not found:
        return [], None
    groups = _groups(found)
    judged = [_regions(tuple(group)) for group in groups]
    per_group = [regions for regions, _ in judged]
    deferred = next((error for _, error in judged if error is not None), None)
    total = int(np.prod([len(g) for g in per_group]))
    if total > REGIONS:
        raise MatcalcError(
            f"The claim could not be checked: its conditions on sizes split the sizes into "
            f"{total} regions, more than the {REGIONS} the judge draws, so it is not accepted.",
            Subtype.UNCHECKED)
    out = []
    for combination in itertools.product(*per_group):
        tuple_: dict = {}
        for part in combination:
            tuple_.update(part)
        out.append(tuple_)
    out.sort(key=lambda t: (sum(t.values()), sorted((str(k), v) for k, v in t.items())))
    return out, deferred


def quantities(exprs: tuple, named: set) -> list[_Quantity]:
    """Every quantity of ``exprs`` on the sizes and counts ``named`` alone (see the module)."""
    found: dict = {}

    def alone(e: sympy.Basic) -> bool:
        return isinstance(e, sympy.Expr) and not isinstance(e, sympy.MatrixExpr) \
            and bool(e.free_symbols) and e.free_symbols <= named and not e.is_Symbol

    def add(e: sympy.Basic, signed: str) -> None:
        e = sympy.sympify(e)
        if e.has(sympy.Sum):  # ∑_j 1 − 13/2 is N − 13/2: a polynomial, solved as one
            e = e.doit()
        if not isinstance(e, sympy.Expr) or isinstance(e, sympy.MatrixExpr) or \
                not e.free_symbols or not e.free_symbols <= named:
            return  # a matrix of ones is sized by n, not a quantity of sizes
        if e.as_coeff_Mul()[1].is_Symbol and signed == "zero":  # n and 2n are 0 nowhere
            return
        if signed == "zero" and e.has(*_BRANCHES):  # its value follows its conditions
            return
        found.setdefault((e, signed), None)

    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.core.relational.Relational):
                if node.free_symbols and node.free_symbols <= named:
                    add(node.lhs - node.rhs, node.rel_op)
            elif isinstance(node, _SIGNED):  # Heaviside(u, ½): the sign of u
                add(node.args[0], "sign")
            elif isinstance(node, sympy.KroneckerDelta):
                add(node.args[0] - node.args[1], "==")
            elif isinstance(node, (sympy.Max, sympy.Min)):
                for a, b in itertools.combinations(node.args, 2):
                    add(a - b, "sign")
            elif isinstance(node, (sympy.Sum, MatrixSampleSum)):
                for _, lower, upper in node.limits:
                    add(upper - lower + 1, "sign")
            if isinstance(node, sympy.Pow):
                add(node.base, "zero")
                add(node.exp, "zero")
            if isinstance(node, sympy.core.relational.Relational):
                continue  # its sides: as a difference, above
            if not alone(node):
                for a in node.args:  # the largest expressions of sizes alone
                    if alone(a):
                        add(a, "zero")
            elif isinstance(node, sympy.Mul):
                add(node, "zero")
    return [_Quantity(e, signed, integer_parts(e)) for e, signed in found]


def _groups(found: list[_Quantity]) -> list[list[_Quantity]]:
    """Quantities joined by the sizes they share: each group's regions are independent."""
    groups: list[tuple[set, list]] = []
    for q in found:
        joined = [g for g in groups if g[0] & q.sizes]
        sizes, members = set(q.sizes), [q]
        for g in joined:
            sizes |= g[0]
            members += g[1]
            groups.remove(g)
        groups.append((sizes, members))
    return [members for _, members in groups]


@functools.lru_cache(maxsize=256)
def _regions(group: tuple[_Quantity, ...]) -> tuple[tuple[dict, ...], MatcalcError | None]:
    """The smallest tuple of each combination of codes met in 1..SCAN of the group's sizes,
    and the UNCHECKED error of one met only past SCAN (or None) (kept: the feedback compares
    other claims with the same conditions; an exact scan of a quantity that is no polynomial
    takes seconds)."""
    sizes = sorted(set().union(*(q.sizes for q in group)), key=str)
    if len(sizes) > TOGETHER:
        raise MatcalcError(
            f"The claim could not be checked: its conditions on sizes name "
            f"{', '.join(map(str, sizes))} together, and the judge scans at most {TOGETHER} "
            "sizes at once, so it is not accepted.", Subtype.UNCHECKED)
    if any(q.parts is None and not _vectorized(q.expr) for q in group) and len(sizes) > 2:
        raise MatcalcError(
            f"The claim could not be checked: a condition on the sizes "
            f"{', '.join(map(str, sizes))} is not polynomial, and only those are scanned for "
            "three sizes at once, so it is not accepted.", Subtype.UNCHECKED)
    inside = _grid(len(sizes), range(1, SCAN + 1))
    order = np.lexsort((*inside.T[::-1], inside.sum(axis=1)))
    inside = inside[order]
    codes = _codes(group, sizes, inside)
    seen, first = np.unique(codes, axis=0, return_index=True)
    known = {tuple(row) for row in seen}
    regions = tuple({s: int(v) for s, v in zip(sizes, inside[k])} for k in sorted(first))
    try:
        _beyond(group, sizes, known)
    except MatcalcError as error:
        return regions, error
    return regions, None


def _grid(k: int, values) -> np.ndarray:
    values = np.asarray(list(values), dtype=np.int64)
    mesh = np.meshgrid(*[values] * k, indexing="ij")
    return np.stack([m.reshape(-1) for m in mesh], axis=1)


def _beyond(group: tuple[_Quantity, ...], sizes: list, known: set) -> None:
    """UNCHECKED where a combination of codes is met only past SCAN: at BEYOND sizes, or at
    the integers next to a real root of a quantity along one size (the others at 1..SCAN or
    BEYOND; at FEW of them where three sizes are scanned or SymPy solves, which takes time);
    size_roots says where a quantity that is no polynomial can change."""
    grid = _grid(len(sizes), (*range(1, SCAN + 1), *BEYOND))
    far = [list(v) for v in grid[grid.max(axis=1) > SCAN]]
    others = (*range(1, SCAN + 1), *BEYOND) if len(sizes) <= 2 else FEW
    for q in group:
        solved = q.parts is None and solvable_pieces(q.expr) is None  # each solve takes time
        for s in sizes:
            if s not in q.sizes:
                continue
            rest = [t for t in sizes if t != s]
            for fixed in itertools.product(FEW if solved else others, repeat=len(rest)):
                at = dict(zip(rest, fixed))
                for r in (polynomial_roots(q.parts, s, at, SCAN) if q.parts is not None
                          else solved_roots(q.expr, q.signed, s, at, SCAN)):
                    if r > SCAN:
                        far += [[at[t] if t != s else v for t in sizes]
                                for v in (r - 1, r, r + 1)]
    if not far:
        return
    points = np.asarray(far, dtype=np.int64)
    codes = _codes(group, sizes, points)
    for row, point in zip(codes, points):
        if tuple(row) not in known:
            where = ", ".join(f"{s} = {v}" for s, v in zip(sizes, point))
            raise MatcalcError(
                f"The claim could not be checked: its conditions on sizes "
                f"({', '.join(str(q.expr) for q in group)}) take a combination at {where} that "
                f"they take nowhere at sizes up to {SCAN}, which the judge draws, so it is not "
                "accepted.", Subtype.UNCHECKED)


def _codes(group: tuple[_Quantity, ...], sizes: list, points: np.ndarray) -> np.ndarray:
    """Each quantity's code at each tuple: its sign (−1, 0, 1) or whether it is 0 (0, 1);
    _UNDEFINED where its denominator is 0."""
    columns = []
    for q in group:
        if q.parts is None and _vectorized(q.expr):  # |m − n| − 6, max(m, n + 9): exactly
            bad = np.zeros(len(points), dtype=bool)
            v = _values(q.expr, sizes, points, bad)
            sign = np.asarray(v > 0, dtype=np.int64) - np.asarray(v < 0, dtype=np.int64)
            columns.append(np.where(bad, _UNDEFINED, _code(q.signed, sign)).astype(np.int8))
            continue
        if q.parts is None:
            columns.append(np.array([_exact_code(q, sizes, p) for p in points], dtype=np.int8))
            continue
        num, den = (_evaluate(poly, sizes, points) for poly in q.parts)
        sign = _code(q.signed, num * den)
        columns.append(np.where(den == 0, _UNDEFINED, sign).astype(np.int8))
    return np.stack(columns, axis=1)


def _evaluate(poly: sympy.Poly, sizes: list, points: np.ndarray) -> np.ndarray:
    """The sign of an integer polynomial at every tuple, exactly (Python integers)."""
    index = [sizes.index(g) for g in poly.gens]
    largest = int(points.max(initial=1))
    bound = sum(abs(int(c)) * largest ** sum(m) for m, c in poly.terms())
    kind = np.int64 if bound < 2 ** 62 else object  # exact either way
    columns = [points[:, j].astype(kind) for j in range(points.shape[1])]
    total = np.zeros(len(points), dtype=kind)
    for monomial, c in poly.terms():
        term = np.full(len(points), int(c), dtype=kind)
        for j, e in zip(index, monomial):
            if e:
                term = term * columns[j] ** e
        total = total + term
    return np.array(total > 0, dtype=np.int64) - np.array(total < 0, dtype=np.int64)


def _code(signed: str, sign):
    """A quantity's code from its sign (−1, 0, 1; arrays too)."""
    if signed == "sign":
        return sign
    if signed == "zero":
        return (sign != 0) * 1
    return _TRUTH[signed](sign) * 1


def _exact_code(q: _Quantity, sizes: list, point) -> int:
    """A quantity that is not polynomial (⌊n/2⌋, √(mn)), decided by SymPy at one tuple: first
    by SymPy's evaluation to 30 certain digits, unevaluated (2^{10⁹} − 10²⁰ has no need of
    the 3·10⁸ digits of 2^{10⁹}), and where that cannot tell (0), exactly."""
    at = {s: sympy.Integer(int(v)) for s, v in zip(sizes, point)}
    sign = within(SIGN_SECONDS, lambda: _certain_sign(q.expr, at))  # e^{e^{10⁹}}: none
    if sign is None:
        sign = within(SIGN_SECONDS, lambda: _exact_sign(q.expr.xreplace(at)))
    if sign == _UNDEFINED:
        return _UNDEFINED
    if sign is not None:
        return int(_code(q.signed, sign))
    at = ", ".join(f"{sympy.latex(s)} = {int(v)}" for s, v in zip(sizes, point))
    raise MatcalcError(f"The claim could not be checked: the sign of {sympy.latex(q.expr)} at "
                       f"{at} could not be decided exactly, so it is not accepted.",
                       Subtype.UNCHECKED)


def _exact_sign(value: sympy.Basic) -> int | None:
    """The sign of a number SymPy states exactly, _UNDEFINED for 1/0, None if unknown."""
    if value.has(sympy.Sum):  # a sum over samples at a concrete count: its terms, exactly
        value = value.doit()
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return _UNDEFINED
    return 0 if value.is_zero else 1 if value.is_positive else -1 if value.is_negative else None


def _certain_sign(e: sympy.Expr, at: dict) -> int | None:
    """The sign of ``e`` at ``at`` where 30 digits of it are certain and not all 0; else None."""
    try:
        with sympy.evaluate(False):
            unevaluated = e.xreplace(at)
        v = sympy.N(unevaluated, 30, strict=True)
    except Exception:  # noqa: BLE001 - PrecisionExhausted, or SymPy cannot evaluate it
        return None
    if not isinstance(v, sympy.Float) or not v.is_finite or v == 0:
        return None
    return 1 if v > 0 else -1


class _Unsupported(Exception):
    """A quantity the vectorized exact evaluation does not cover (√, log)."""


_EXACT = (sympy.Add, sympy.Mul, sympy.Pow, sympy.Abs, sympy.Max, sympy.Min, sympy.sign,
          sympy.Heaviside, sympy.floor, sympy.ceiling)


def _vectorized(e: sympy.Expr) -> bool:
    """Does ``_values`` evaluate ``e`` (sums, products, integer powers, |u|, max, min, sign,
    Heaviside, ⌊u⌋ and ⌈u⌉ of sizes and rational numbers)?"""
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
            return False
        if not (node.is_Symbol or node.is_Rational or isinstance(node, _EXACT)):
            return False
    return True


def _values(e: sympy.Expr, sizes: list, points: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """``e`` at every tuple, exactly (Python integers and fractions); ``bad`` marks the
    tuples where it divides by 0."""
    if e.is_Symbol:
        return points[:, sizes.index(e)].astype(object)
    if e.is_Rational:
        value = int(e) if e.is_Integer else Fraction(int(e.p), int(e.q))
        return np.full(len(points), value, dtype=object)
    args = [_values(a, sizes, points, bad) for a in e.args] \
        if not isinstance(e, sympy.Heaviside) else [_values(e.args[0], sizes, points, bad)]
    if isinstance(e, sympy.Add):
        return functools.reduce(lambda a, b: a + b, args)
    if isinstance(e, sympy.Mul):
        return functools.reduce(lambda a, b: a * b, args)
    if isinstance(e, sympy.Pow):
        base, k = args[0], int(e.exp)
        if k >= 0:
            return base ** k
        zero = np.asarray(base == 0, dtype=bool)
        bad |= zero
        return np.array([Fraction(1, 1) / b ** -k if not z else 0 for b, z in zip(base, zero)],
                        dtype=object)
    if isinstance(e, sympy.Abs):
        return np.abs(args[0])
    if isinstance(e, (sympy.Max, sympy.Min)):
        pick = np.maximum if isinstance(e, sympy.Max) else np.minimum
        return functools.reduce(pick, args)
    if isinstance(e, sympy.sign):
        return np.asarray(args[0] > 0, dtype=np.int64) - np.asarray(args[0] < 0, dtype=np.int64)
    if isinstance(e, sympy.Heaviside):
        half = Fraction(1, 2) if len(e.args) < 2 else Fraction(str(e.args[1]))
        u = args[0]
        return np.where(np.asarray(u > 0, dtype=bool), 1,
                        np.where(np.asarray(u < 0, dtype=bool), 0, half)).astype(object)
    if isinstance(e, (sympy.floor, sympy.ceiling)):
        rounding = math.floor if isinstance(e, sympy.floor) else math.ceil
        return np.array([rounding(v) for v in args[0]], dtype=object)
    raise _Unsupported(str(e))
