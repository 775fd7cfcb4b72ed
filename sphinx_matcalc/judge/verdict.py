"""Claim against truth: where they differ, decided in high precision and proven by enclosures.

``compare`` looks at the draws of ``draws.py`` and at points either side of every branch
quantity (``search.py``), then where claim − truth itself points (``targeted.py``). A point
counts only where the function and the derivative are defined and real; the claim must be
defined and equal there. Floats screen every point; ``precise.py`` decides a fixed schedule
of points and every difference floats report, and a refusal needs a proof (``proof.py``).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from .draws import draw, honours, on_structure
from .numeric import Point
from .floats import _Floats, _as_float, _close, _float, _shaped
from .points import Setting, Symbols
from .counterexample import Counterexample, _counterexample
from .sizes import size_draws
from .targeted import bumps, conjunctions, root_sides, size_sides
from .proof import difference
from .search import crossings, pairs
from .sample_thin import thin_anywhere, undefined_anywhere
from .thin import KINK, derivative_at, zero_powers
from .offgrid import off_grid
from .at_point import (CHECK_DIGITS, DIGITS, EQUAL, FINAL_DIGITS, LAST_DIGITS,  # noqa: F401
                       Decider, UNSETTLED, _decide, _disagreement, _proven,
                       differs_at)

DRAWS = 48  # random draws screened in floats
MORE_DRAWS = 160  # when the domain is hard to hit
PRECISE, OFF_GRID = 14, 3  # points decided in high precision (at least); off the binary grid
PRECISE_CROSSINGS = 16  # points next to a branch boundary decided in high precision
MIN_POINTS = 6  # points of the domain needed before a claim can be accepted
CONFIRM = 24  # float differences confirmed at most
REGION_STARTS = 4  # draws of regions of sizes the conjunction search also starts from


def compare(claim: sympy.Basic, truth: sympy.Basic, setting: Setting, domain: tuple = (),
            seed: int = 1) -> Counterexample | None:
    """None when ``claim`` equals ``truth`` on the domain; else where they differ (smallest sizes
    first). Raises an UNCHECKED error when too few points of the domain were found."""
    claim, truth = zero_powers(claim), zero_powers(truth)  # 0^{(x − 3)²} is 𝟙[x = 3]
    if claim == truth:
        return None
    symbols = Symbols.of(exprs := (claim, truth, *domain))
    rng = np.random.default_rng(seed)
    structure = dict(setting.structure)
    floats = _Floats(exprs)
    candidates = [p for p in (draw(symbols, setting.per_sample, k, rng, structure=structure)
                              for k in range(DRAWS)) if floats.smooth(p)]
    draws, past_scan = size_draws(claim, truth, symbols)  # past_scan: raised before an accept
    sized = [(draw(symbols, setting.per_sample, k, rng, structure=structure, sizes=sizes,
                   counts=counts), decide) for k, sizes, counts, decide in
             draws]  # regions: decided, floats see 10⁻⁶ only
    candidates += [p for p, _ in sized if floats.smooth(p)]
    valid = [p for p in candidates if floats.in_domain(p)]
    if len(valid) < MIN_POINTS:
        extra = [p for p in (draw(symbols, setting.per_sample, k, rng, structure=structure)
                             for k in range(DRAWS, DRAWS + MORE_DRAWS)) if floats.smooth(p)]
        candidates += extra
        valid += [p for p in extra if floats.in_domain(p)]
    ok = {id(p) for p in valid}
    near: list[Point] = []
    if any(floats.pattern(p) for p in candidates):  # a branch met at any draw (Σ from 5 too)
        starts = _starts(valid or candidates)
        for p in starts:
            near += crossings(exprs, p, symbols, rng, structure=structure)
        near += pairs(exprs, near[::max(1, len(near) // 4)], symbols, rng, structure)
        near = [p for p in near if floats.smooth(p) and honours(p, structure)]
    # floats screen everything; their differences are confirmed in high precision
    near_ids = {id(p) for p in near}
    suspects = []
    seen: set = set()
    distinct: list[Point] = []
    for p in candidates + near:
        _, values = floats(p)
        want = _as_float(values[1]) if id(p) in ok or id(p) in near_ids else None
        got = _as_float(values[0]) if want is not None else None
        if want is not None and got is not None and np.all(np.isfinite(want)):
            got = _shaped(got, want) if got.size in (1, want.size) else got
            if got.shape == want.shape and not _close(got, want):
                suspects.append(p)
        if near:
            key = floats.pattern(p)
            if key not in seen:
                seen.add(key)
                distinct.append(p)
    suspects.sort(key=lambda p: sum(p.dims.values()))
    for p in suspects[:CONFIRM]:
        verdict = _decide(claim, truth, domain, p)
        if verdict is not None:
            return verdict
    # and every draw where floats could not tell (overflow), wherever it came in the draws
    schedule = valid[:PRECISE] + [p for p in candidates if id(p) not in ok][:PRECISE]
    schedule += off_grid(valid[:OFF_GRID], structure, exprs)  # sin(2⁵²πx) is 0 at floats
    schedule += near[:: max(1, len(near) // PRECISE_CROSSINGS)][:PRECISE_CROSSINGS]
    schedule += distinct[:PRECISE_CROSSINGS] + [p for p, d in sized if d and id(p) in ok]
    schedule += [p for p in candidates + near if floats.tied(p)][:PRECISE_CROSSINGS]
    schedule = [on_structure(p, structure) for p in schedule]  # moved along lines: snapped
    found, checked = _decide_at(claim, truth, domain, schedule, wrt=setting.wrt)
    if found is not None:
        return found
    if checked < MIN_POINTS:  # floats may overflow where the domain is
        scheduled = {id(p) for p in schedule}
        more = [p for p in near + candidates[PRECISE:] if id(p) not in scheduled]
        found, more_checked = _decide_at(claim, truth, domain, more, MIN_POINTS - checked, checked,
                                         setting.wrt)
        if found is not None:
            return found
        checked += more_checked
    if checked < MIN_POINTS:
        why = "no point" if checked == 0 else f"only {checked} points"
        unresolved = "" if len(valid) <= checked else (
            f" (floats put {len(valid)} there, but at the others claim and derivative cancel "
            "to within rounding of 0, or seem undefined, even at 6000 digits)")
        raise MatcalcError(f"The claim could not be checked: {why} of the function's domain (where "
                           "it and its derivative are defined and real) gave a verdict among "
                           f"{len(candidates) + len(near)} points tried{unresolved}, so it is "
                           "not accepted.", Subtype.UNCHECKED)
    found = _final(claim, truth, domain, valid[:FINAL_POINTS])
    if found is not None:
        return found
    patterns = sorted(distinct, key=lambda p: sum(p.dims.values()))[:PATTERN_PROOFS]
    ids = {id(p) for p in patterns}
    for p in _proof_points(valid) + patterns:  # a term 10⁻¹⁰⁰𝟙[x > 5] is 0 elsewhere
        found = _proven(claim, truth, domain, p, FINAL_DIGITS if id(p) in ids else CHECK_DIGITS)
        if found is not None:
            return found
    for p in valid[:FINAL_POINTS]:  # at 300 digits: a difference 10⁻²⁹⁰ of the values
        found = _proven(claim, truth, domain, p, FINAL_DIGITS)
        if found is not None:
            return found
    decide = Decider(claim, truth, domain, structure, setting.wrt)  # says if it decided
    starts = _starts(valid)  # and a draw of each region of sizes (𝟙[n = 5]·𝟙[|e^s − 5| < ε])
    regions = [p for p, decided in sized if decided and id(p) in ok]
    # where the claim's cases switch or meet, each case decided there (𝟙[x² ≤ 0] at x = 0)
    free: list[Point] = []  # points where the function has no derivative: the claim is free
    found = thin_anywhere(claim, truth, domain, valid, structure, lambda c, q, *a: decide(q, c, *a),
                          free, decide.points, setting.wrt)
    if found is None:
        found = root_sides(claim, truth, valid, decide, structure)  # exact roots: cheapest first
    if found is None:
        found = size_sides(claim, truth, symbols, setting.per_sample, rng, structure, decide)
    unreached = None
    if found is None:
        found, unreached = conjunctions(  # from draws outside floats' domain if none is in
            claim, truth, (starts or _starts(candidates)) + regions[:REGION_STARTS], symbols,
            rng, structure, decide, free)
    if found is None:
        found = bumps(claim, truth, domain, starts, symbols, rng, structure, decide)
    if found is None and valid and _irrational(claim, truth):  # x(log 6 − log 2 − log 3 +
        found = _proven(claim, truth, domain, valid[0], LAST_DIGITS)  # 10⁻⁴⁰⁰), 2x·e^{10⁻⁴⁰⁰}
    if found is None and valid:
        found = undefined_anywhere(claim, truth, domain, valid, structure)  # removable
    if found is None and past_scan is not None:  # right where the judge can look: unchecked
        raise past_scan
    if found is None and unreached is not None:
        held = " and ".join(f"${sympy.latex(c)}$" for c in unreached)
        many = len(unreached) > 1
        raise Unreached(
            "The claim could not be checked: claim − derivative has a term that is not 0 only "
            f"where {held} {'hold together' if many else 'holds'}, and no point where "
            f"{'they do' if many else 'it does'} was found and decided (none turned up, or no "
            "precision resolved the values there), so it is not accepted.", Subtype.UNCHECKED)
    return found


class Unreached(MatcalcError):
    """UNCHECKED: a term's conditions met at no decided point (``targeted.conjunctions``)."""


FINAL_POINTS, PATTERN_PROOFS = 2, 8  # accepts confirmed at FINAL_DIGITS; patterns enclosed


def _final(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, points: list[Point]
           ) -> Counterexample | None:
    """Before a claim is accepted, claim and truth must also agree at 300 digits at the
    first points of the domain: where the 50-digit evaluation cancels (1 − σ(330) is 0 below
    144 digits, so 0 and the truth agree there), 300 digits still tell them apart. A
    disagreement refuses only with a proof (an enclosure of claim − truth without 0); one
    made by cancellation beyond 300 digits (10⁴⁰⁰(σ(x) + σ(−x) − 1)) is asked again at
    LAST_DIGITS, and one that stays undecided there leaves the claim unchecked."""
    for p in points:
        if _disagreement(claim, truth, domain, p, FINAL_DIGITS) in (None, UNSETTLED):
            continue  # agreed, or values near 0 no precision resolves: no verdict here
        found = _proven(claim, truth, domain, p, FINAL_DIGITS) or \
            _proven(claim, truth, domain, p, LAST_DIGITS)
        if found is not None:
            return found
        if _disagreement(claim, truth, domain, p, LAST_DIGITS) is not None:
            raise MatcalcError(
                "The claim could not be checked: at one point it and the derivative disagree "
                f"even at {LAST_DIGITS} digits, but no enclosure of their difference excludes 0 "
                "(their evaluation cancels), so it is neither accepted nor refused.",
                Subtype.UNCHECKED)
    return None



def _irrational(claim: sympy.Basic, truth: sympy.Basic) -> bool:
    """Does claim − truth have a constant that is not a rational number (log 6, e^{10⁻⁴⁰⁰})?
    One that is 0 only by an identity hides a tiny term from 300 digits."""
    d = difference(claim, truth)
    return d is not None and any(getattr(node, "is_number", False) and not node.is_Rational
                                 and not getattr(node, "is_Matrix", False)
                                 for node in sympy.preorder_traversal(d))


def _proof_points(points: list[Point]) -> list[Point]:
    """Where claim − truth is enclosed before an accept: the smallest point with every size
    at least 1, 2 and 3 (enclosures are dear at size 7; A − Aᵀ vanishes at size 1)."""
    chosen: list[Point] = []
    by_size = sorted(points, key=lambda p: sum(p.dims.values()))
    for least in (1, 2, 3):
        p = next((p for p in by_size if min(p.dims.values(), default=least) >= least), None)
        if p is not None and all(p is not q for q in chosen):
            chosen.append(p)
    return chosen


def _starts(points: list[Point]) -> list[Point]:
    """Where the line searches start: the first draw, and the one with the most samples and
    the largest sizes (a branch in samples 3..N is only met where there are such samples)."""
    if not points:
        return []
    biggest = max(points, key=lambda p: (sum(v for k, v in p.values.items()
                                             if getattr(k, "is_integer", False)),
                                         sum(p.dims.values())))
    return [points[0]] + ([biggest] if biggest is not points[0] else points[1:2])


SCREEN_DRAWS = 12  # a printed formula against the expression it came from


def screen(a: sympy.Basic, b: sympy.Basic, setting: Setting, seed: int = 5
           ) -> Counterexample | None | bool:
    """Is ``a`` the same expression as ``b``, up to how it is written? For two expressions of
    our own (a formula read back against the one it was printed from), where a misprint
    changes values grossly: float draws over every size, family and magnitude, a difference
    confirmed in high precision. Only points of the function's domain count: a step's
    ∂f/∂u ∂u/∂x for log(max(0, x)) has no value where the function has none, and means
    nothing there. True when floats found no point where ``b`` and the function are defined."""
    if a == b:
        return None
    domain = tuple(setting.function)
    symbols = Symbols.of((a, b, *domain))
    rng = np.random.default_rng(seed)
    defined = 0
    for k in range(SCREEN_DRAWS):
        p = draw(symbols, setting.per_sample, k, rng, structure=dict(setting.structure))
        want = _float(b, p)
        if want is None or not np.all(np.isfinite(want)) or not _in_domain(domain, p):
            continue
        defined += 1
        got = _float(a, p)
        if got is not None and got.size in (1, want.size):
            got = _shaped(got, want)
            if np.all(np.abs(got - want) <= 1e-6 * (1 + np.abs(want))):
                continue
        verdict = _decide(a, b, domain, p)
        if verdict is not None:
            return verdict
    return None if defined else True


def _in_domain(domain: tuple, p: Point) -> bool:
    """Has each expression of ``domain`` a finite value in floats at ``p``?"""
    for f in domain:
        value = _float(f, p)
        if value is None or not np.all(np.isfinite(value)):
            return False
    return True


def _decide_at(claim: sympy.Basic, truth: sympy.Basic, domain: tuple, points: list[Point],
               enough: int | None = None, counted: int = 0, wrt: frozenset = frozenset()
               ) -> tuple[Counterexample | None, int]:
    """Decide at each point in high precision, in order, until a difference is found or
    ``enough`` points of the domain were checked; (the counterexample, points checked).
    Past MIN_POINTS points of the domain (``counted`` of them checked before), agreement
    elsewhere needs no look at the domain. Exactly on a switch of the derivative's formula,
    its limit is compared with (``thin.derivative_at``), and where it has none, nothing."""
    checked = 0
    for p in points:
        if enough is not None and checked >= enough:
            break
        here = derivative_at(truth, domain, p, wrt)
        if here is None or here is KINK:  # no derivative there, or not known
            continue
        outcome = differs_at(claim, here, domain, p, counted + checked < MIN_POINTS)
        if outcome[0] is None:
            continue
        if outcome[0]:
            return _counterexample(p, *outcome[1:]), checked
        checked += 1
    return None, checked

