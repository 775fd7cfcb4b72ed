"""Points aimed at what claim − truth names: several conditions at once, bumps, roots.

Random draws and line searches look everywhere alike; these look where the difference
itself says it can be non-zero: where all conditions of one of its terms hold
(``conjunctions``), where a saturating function in it peaks or switches (every such
argument traced), and in every sign region of each polynomial condition (``roots``).
Each point is decided by the caller's ``decide`` (in high precision, with a proof).
"""

from __future__ import annotations

from itertools import combinations, islice, product
from typing import Callable, Iterator

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from .conjunctions import margins_of, reach
from .margins import closed_margins
from .coordinates import one_sample
from .nowhere import never, nowhere, under_structure
from .switches import targets
from .thin import points_on
from .counterexample import Counterexample
from .draws import draw, honours
from .feasible import BUDGET, feasible
from .floats import _float
from .exact_zero import exactly_zero
from .numeric import SATURATING, SMOOTH, EvaluationError, Point
from .precise import Undefined, evaluate_interval
from .points import Symbols
from .proof import difference
from .roots import entry_sides, extremum_points, meeting, sides
from .search import crossings

Decide = Callable[[Point], "Counterexample | None"]


def root_sides(claim: sympy.Basic, truth: sympy.Basic, valid: list[Point], decide: Decide,
               structure: dict | None = None) -> Counterexample | None:
    """Each polynomial condition of claim and truth put, one scalar at a time, in each of its
    sign regions from its exact roots (a slice 10⁻¹¹ wide, a threshold at 10¹³), decided."""
    margins = list(dict.fromkeys(margins_of(claim) + margins_of(truth)))
    if not margins or not valid:
        return None
    largest = max(valid, key=lambda p: sum(p.dims.values()))  # a probability vector's q ≥ 7
    entries = entry_sides(margins, valid[0], ENTRY_POINTS, structure)
    if largest is not valid[0]:
        entries += entry_sides(margins, largest, ENTRY_POINTS, structure, simplex_only=True)
    for p in sides(margins, valid[0], ROOT_POINTS) + entries + \
            extremum_points(margins, valid[0], 8):
        found = decide(p)
        if found is not None:
            return found
    return None


ROOT_POINTS = 48  # points from exact roots decided at most
ENTRY_POINTS = 16  # points from exact roots in one matrix entry, per start


def size_sides(claim: sympy.Basic, truth: sympy.Basic, symbols: Symbols, per_sample: frozenset,
               rng: np.random.Generator, structure: dict, decide: Decide
               ) -> Counterexample | None:
    """Where a term of claim − truth needs a condition on a quantity that only the sizes set,
    written through entries (1ᵀσ(x) + 1ᵀσ(−x) is n, Σᵢ(σ(yᵢ) + σ(−yᵢ)) is N): such a margin
    takes one value at two draws of one size; the term's conditions are then tried at every
    size and count 1..64 (all at once, and each alone with the others at 1), and at every
    tuple of 1..8 and the whole numbers next to those claim and truth write (n = 20, m = 30);
    the first size where they all hold is decided there. Where they hold only past 64 (at
    100 or 1000), the claim is unchecked, as for a condition written on the sizes."""
    sizes = [*symbols.dims, *sorted(symbols.counts, key=str)]
    if not sizes:
        return None
    d = difference(claim, truth)
    for margins in targets(d if d is not None else claim):
        if not any(_set_by_sizes(m, symbols, per_sample, rng, structure) for m in margins):
            continue
        for at in _size_tuples(sizes, claim, truth):
            p = _sized(symbols, per_sample, rng, structure, at)
            if all(v is not None and v > 0 for v in (_scalar(m, p) for m in margins)):
                found = decide(p) if honours(p, structure) else None
                if found is not None:
                    return found
                break
        else:
            square = any(isinstance(v, sympy.MatrixSymbol) and 1 not in v.shape
                         for v in symbols.values)
            near = _past_roots(margins, lambda t: _sized(symbols, per_sample, rng, structure,
                                                         {s: t for s in sizes}))
            for size in near + list(FAR[:2] if square else FAR):  # (10⁴ × 10⁴ is too large)
                p = _sized(symbols, per_sample, rng, structure, {s: size for s in sizes})
                if all(v is not None and v > 0 for v in (_scalar(m, p) for m in margins)):
                    raise PastScan(
                        "The claim could not be checked: it has a condition on a quantity "
                        "that only the sizes set, which holds only past 64 (at "
                        f"{', '.join(f'{s} = {size}' for s in sizes)}), where it is not "
                        "evaluated.", Subtype.UNCHECKED)
    return None


def _past_roots(margins: tuple, at: Callable[[int], Point]) -> list[int]:
    """Sizes past SCAN beside a real root of a margin whose values at sizes 1..SCAN (all
    sizes equal, ``at(size)`` a draw there) are a polynomial of degree FIT or less in the
    size ((2(‖cos x‖² + ‖sin x‖²) − 171)² − 2 is (2n − 171)² − 2): its sign changes only
    there, so a condition that holds only at n = 85, 86 is met there."""
    sizes = np.arange(1, SCAN + 1, dtype=float)
    out: list[int] = []
    for m in margins:
        values = [_scalar(m, at(int(t))) for t in sizes]
        if any(v is None for v in values):
            continue
        values = np.asarray(values)
        for degree in range(FIT + 1):
            fit = np.polynomial.Polynomial.fit(sizes, values, degree).convert()
            if np.max(np.abs(fit(sizes) - values)) <= 1e-9 * (1 + np.max(np.abs(values))):
                out += [int(np.floor(r.real)) + k for r in fit.roots()
                        if abs(r.imag) < 1e-6 * (1 + abs(r.real)) and SCAN - 1 < r.real < 1e6
                        for k in (-1, 0, 1, 2)]
                break
    return sorted(set(out))[:PAST_ROOTS]


FIT, PAST_ROOTS = 6, 24  # degree of a margin's polynomial in the size; sizes tried past SCAN


class PastScan(MatcalcError):
    """A condition set by sizes alone met only past the scan: unchecked, unless the sizes
    were stand-ins for declared ones, which are then asked instead (``claims.compare``)."""


FAR = (100, 1000, 10 ** 4)  # sizes past the scan where a condition set by sizes is looked for


def _size_tuples(sizes: list, claim: sympy.Basic, truth: sympy.Basic) -> Iterator[dict]:
    """Every size and count at 1..64 together, each alone (the others at 1), then every tuple
    of 1..8 and of the whole numbers (±1) claim and truth write, up to TUPLES."""
    for size in range(1, SCAN + 1):
        yield {s: size for s in sizes}
    for alone in sizes:
        for size in range(1, SCAN + 1):
            yield {s: size if s == alone else 1 for s in sizes}
    written = {int(abs(a)) + k for e in (claim, truth) for a in e.atoms(sympy.Number)
               if a.is_finite and abs(a) <= SCAN for k in (-1, 0, 1)}
    values = sorted(set(range(1, 9)) | (written & set(range(1, SCAN + 1))))
    for at in islice(product(values, repeat=len(sizes)), TUPLES):
        yield dict(zip(sizes, at))


TUPLES = 4096  # tuples of several sizes tried at most
SCAN = 64  # sizes and counts a margin set by sizes alone is scanned over


def _sized(symbols: Symbols, per_sample: frozenset, rng: np.random.Generator, structure: dict,
           at: dict, k: int = 0) -> Point:
    """The k-th draw with the sizes and counts ``at``."""
    return draw(symbols, per_sample, k, rng, structure=structure,
                sizes={d: at[d] for d in symbols.dims}, counts={c: at[c] for c in symbols.counts})


def _set_by_sizes(m: sympy.Basic, symbols: Symbols, per_sample: frozenset,
                  rng: np.random.Generator, structure: dict) -> bool:
    """Does the scalar margin ``m``, which reads entries, take one value at two draws of one
    size, at each of two sizes (relu(n − 7.5) is 0 at both)?"""
    if isinstance(m, sympy.MatrixExpr) or not (m.atoms(sympy.MatrixSymbol) or m.has(sympy.Sum)):
        return False
    for size in (3, 5):
        at = {s: size for s in (*symbols.dims, *symbols.counts)}
        a, b = (_scalar(m, _sized(symbols, per_sample, rng, structure, at, k)) for k in (1, 2))
        if a is None or b is None or abs(a - b) > 1e-9 * (1 + abs(a)):
            return False
    return True


def _scalar(m: sympy.Basic, p: Point) -> float | None:
    """A scalar quantity's finite value at ``p``, or None."""
    v = _float(m, p)
    if v is None or v.size != 1 or not np.isfinite(v.reshape(-1)[0]):
        return None
    return float(v.reshape(-1)[0])


def bumps(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, starts: list[Point],
          symbols: Symbols, rng: np.random.Generator, structure: dict, decide: Decide
          ) -> Counterexample | None:
    """Where claim − truth has e^u, σ(u) or tanh(u): a difference large only where u is near
    its extremum or switch (2x e^{e^{−100(x−5)²}}, e times the truth at 5 and 10⁻¹⁰⁸⁶ of it at
    0) is met by the line searches with each such u traced as a quantity (its dips and
    crossings), and decided there."""
    d = difference(claim, truth)
    if d is None or not d.has(*SATURATING):
        return None
    exprs = (claim, truth, *domain)
    SMOOTH[0] = True
    try:
        near = [p for start in starts
                for p in crossings(exprs, start, symbols, rng, structure=structure)]
    finally:
        SMOOTH[0] = False
    near = [p for p in near if honours(p, structure)]
    for p in near[:: max(1, len(near) // BUMP_POINTS)][:BUMP_POINTS]:
        found = decide(p)
        if found is not None:
            return found
    return None


BUMP_POINTS = 24  # points of the bump search decided in high precision


def _thin(margins: tuple) -> bool:
    """Do two margins sum to 0 (u ≥ 0 and −u ≥ 0: only where u = 0)? Such a point can be a
    kink of the function (relu(w − xᵢ) at w = xᵢ), where no derivative exists."""
    return any(_opposite(a, b) for a, b in combinations(margins, 2))


def _apart(margins: tuple, closed: frozenset) -> bool:
    """Do two margins sum to 0 with one of them strict (u > 0 and −u ≥ 0; n − 7/2 > 0 and
    7/2 − n > 0 of whole numbers)? Then they hold together nowhere."""
    return any(_opposite(a, b) and not (a in closed and b in closed)
               for a, b in combinations(margins, 2))


def _opposite(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Is a + b 0 (a scalar margin beside an entry-wise one of a vector is not)?"""
    if isinstance(a, sympy.MatrixExpr) != isinstance(b, sympy.MatrixExpr):
        return False
    try:
        return sympy.expand(a + b) == 0
    except (TypeError, sympy.ShapeError):
        return False


def conjunctions(claim: sympy.Basic, truth: sympy.Basic, starts: list[Point], symbols: Symbols,
                 rng: np.random.Generator, structure: dict, decide: Decide,
                 free: list[Point] = ()) -> tuple[Counterexample | None, tuple | None]:
    """Where a term of claim − truth needs conditions to hold at once: points where they all
    hold (exactly where polynomial, else ``feasible``, else ``conjunctions.reach``), each
    decided there, from every start. With the counterexample, the first conditions no point
    was decided for, not shown to hold nowhere (``nowhere``, with what a declared structure
    certainly says): points met them but none was decided (values no precision resolves),
    or none met them (sin x sin(√2x) > 1 − 10⁻⁶ with x > 50 holds near x = 1547, where no
    search goes; eˣ = 3x, a thin set whose points no solver states). The term is unchecked
    there, so the claim is not accepted. A point counts only where the conditions certainly
    hold there (``held``), among the points searched here (on a thin set: put on it,
    ``_on_thin``), those ``decide`` reached a verdict at before, and the ``free`` ones (no
    derivative there)."""
    d = difference(claim, truth)
    budget = [BUDGET]
    unchecked = None
    closed = closed_margins(d if d is not None else claim)
    for found in targets(d if d is not None else claim):
        margins, shut = under_structure(found, closed, structure)  # Σᵀ as Σ, 1ᵀy as 1
        if _apart(margins, shut) or never(margins, shut):  # nowhere, by the pair's sign
            continue  # or the structure
        earlier = [*getattr(decide, "points", ()), *free]
        settled = _everywhere(margins, shut) or any(held(margins, q, shut) for q in earlier)
        if _thin(margins):  # on a switch of both ways (u ≥ 0 and u ≤ 0): the thin sets'
            settled = settled or _on_thin(margins, starts, structure, decide, shut)
            if isinstance(settled, Counterexample):  # search put points there (``thin.py``)
                return settled, None
        for start in starts if not _thin(margins) else ():
            exact = meeting(found, start)
            points = [exact] if exact is not None else feasible(found, start, symbols, rng,
                                                                 structure, budget)
            reached = False
            for p in points:
                reached = True
                found_here = decide(p) if honours(p, structure) else None
                if found_here is not None:
                    return found_here, None
                settled = settled or (honours(p, structure) and decided(decide) and
                                      held(margins, p, shut))
            if not reached:  # the descent of old, where the programs found nothing
                p = reach(found, start, symbols, rng, structure)
                found_here = decide(p) if p is not None and honours(p, structure) else None
                if found_here is not None:
                    return found_here, None
                if p is not None and honours(p, structure):
                    settled = settled or (decided(decide) and held(margins, p, shut))
        if not settled and unchecked is None and not nowhere(margins, shut, structure):
            unchecked = _held_as(margins, shut)  # (of whole numbers, n − 7/2 > 0 and
            # 7/2 − n > 0 hold nowhere)
    return None, unchecked


def _everywhere(margins: tuple, closed: frozenset) -> bool:
    """Are the margins numbers that hold (0 ≥ 0: 1ᵀy − 1 of a probability vector)? Then the
    term's conditions hold at every point of the structure, the decided draws among them."""
    return all(not isinstance(m, sympy.MatrixExpr) and m.is_number for m in margins) and \
        all(_holds(m, Point({}, {}), closed) for m in margins)


def _held_as(margins: tuple, closed: frozenset) -> tuple:
    """The conditions the margins stand for, as they hold (u ≥ 0 where u is closed)."""
    return tuple((sympy.GreaterThan if m in closed else sympy.StrictGreaterThan)(
        m, 0, evaluate=False) for m in margins)


def _on_thin(margins: tuple, starts: list[Point], structure: dict, decide: Decide,
             closed: frozenset) -> "Counterexample | bool":
    """Points on the thin set the margins hold on (u = 0 exactly, where the thin sets'
    search of the claim's own cases did not go: sign(u) of the truth), each decided: the
    counterexample, or whether one certainly on the set reached a verdict."""
    on = False
    for start in starts:
        for base, back in _as_one_sample(margins, start):
            for q in points_on(margins, [base], structure):
                q = back(q)
                found = decide(q)
                if found is not None:
                    return found
                on = on or decided(decide) and held(margins, q, closed)
    return on


def _as_one_sample(margins: tuple, p: Point) -> list[tuple[Point, Callable]]:
    """(a point where the margins' per-sample data are one sample's, plain symbols as inside
    Σᵢ; how a point moved from it is per-sample data again), for the first samples; ``p``
    itself where the margins read no per-sample datum."""
    sampled = {k[0] for k in p.values if isinstance(k, tuple)}
    read = set().union(*(m.free_symbols for m in margins)) & sampled
    if not read:
        return [(p, lambda q: q)]
    samples = sorted({k[1] for k in p.values if isinstance(k, tuple)})[:SAMPLES_MOVED]

    def back(q: Point, k: int) -> Point:
        values = {key: v for key, v in q.values.items() if key not in sampled}
        values.update({(s, k): q.values[s] for s in read if s in q.values})
        roots = {((c[0], k),) if c[0] in read else c: r for c, r in q.roots.items()}
        return Point(q.dims, values, q.bound, roots)
    return [(one_sample(p, k), lambda q, k=k: back(q, k)) for k in samples]


SAMPLES_MOVED = 2  # samples whose datum a thin set's points are put on, per start


def held(margins: tuple, p: Point, closed: frozenset = frozenset()) -> bool:
    """Do the margins certainly hold at ``p``: each entry enclosed above 0 (at 50 digits), or
    proven exactly 0 where its condition holds at 0? A point that only floats put inside
    (next to the one root of (x eˣ − 1)² ≤ 0) decides nothing about the term there. Margins
    of per-sample data hold where they all hold for one sample (the term's, under its Σᵢ)."""
    sampled = {k[0] for k in p.values if isinstance(k, tuple)}
    plain = [m for m in margins if not m.free_symbols & sampled]
    per_sample = [m for m in margins if m.free_symbols & sampled]
    if not all(_holds(m, p, closed) for m in plain):
        return False
    if not per_sample:
        return True
    samples = sorted({k[1] for k in p.values if isinstance(k, tuple)})
    return any(all(_holds(m, one_sample(p, k), closed) for m in per_sample) for k in samples)


def _holds(m: sympy.Basic, p: Point, closed: frozenset) -> bool:
    """Is margin ``m`` certainly above 0 at ``p`` (or exactly 0, where ``m`` is closed)?"""
    if not isinstance(m, sympy.MatrixExpr) and m.is_number:  # a structure's constant: 0 ≥ 0
        return bool(m > 0 or m == 0 and m in closed)
    try:
        box = np.asarray(evaluate_interval(m, p, HELD_DIGITS), dtype=object).reshape(-1)
    except (Undefined, EvaluationError, ArithmeticError, ValueError, TypeError, KeyError):
        return False
    for v in box:
        if isinstance(v, (bool, np.bool_)):
            return False
        zero = v.a == 0 and v.b == 0 or 0 in v and exactly_zero(m, p)
        if not (v.a > 0 or m in closed and zero):
            return False
    return True


HELD_DIGITS = 50


def decided(decide: Decide) -> bool:
    """Did the last call of ``decide`` reach a verdict at its point (equal there, or not)?
    A ``decide`` that does not say is taken to have."""
    return bool(getattr(decide, "decided", True))
