"""The author's claims against the engine's result: the whole claim policy and its messages.

A claim is compared with the derivative at random points (every combination
of branch conditions that occurs), in 30-digit arithmetic where both are
scalar; a claim of the wrong shape, or the transpose of the right result, is
said to be so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.matrices.expressions import Transpose

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, is_matrix
from ..results import DENOMINATOR, NUMERATOR
from .numeric import EvaluationError, Point, evaluate
from .points import (ATTEMPTS, KINKS, SCALES, STALE_DRAWS, TOLERANCE, Setting, Symbols, _finite,
                     _sizes, draw_point, kink_arguments, shrink, sign_pattern)

CLAIM_DRAWS = 6

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


EXACT_DIGITS = 30


def exactly_scalar(*exprs: sympy.Basic) -> bool:
    """Scalar expressions without matrices or sums: they can be evaluated exactly."""
    return not any(is_matrix(e) or e.has(sympy.Sum, MatrixSampleSum) or any(
        is_matrix(node) for node in sympy.preorder_traversal(e)) for e in exprs)


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


FITS, TRANSPOSED, MISFIT = "fits", "transposed", "misfit"


def claim_fit(shapes: Any, claim: sympy.Basic, truth: sympy.Basic) -> str:
    """Does the claim's shape fit the derivative's (unifying unknown sizes), or its transpose?

    ``shapes`` is the reader's ShapeContext, asked before its sizes are fixed.
    """
    if claim == 0:  # 0 stands for the zero matrix of any shape, as a page shows it
        return FITS
    claim_shape = shapes.shape(claim) if is_matrix(claim) else (1, 1)
    truth_shape = truth.shape if is_matrix(truth) else (1, 1)
    if shapes.unify(claim_shape[0], truth_shape[0]) and shapes.unify(claim_shape[1],
                                                                        truth_shape[1]):
        return FITS
    if shapes.unify(claim_shape[0], truth_shape[1]) and shapes.unify(claim_shape[1],
                                                                        truth_shape[0]):
        return TRANSPOSED
    return MISFIT


def check_claim(text: str, claim: sympy.Basic, truth: sympy.Basic, fit: str, setting: Setting,
                layout: str, printer: Any) -> None:
    """Raise a WRONG error, saying how, unless the claim ``text`` (read as ``claim``) is right."""
    correct = printer.doprint(truth)
    if fit != FITS and is_matrix(truth) and fit == TRANSPOSED and compare(
            Transpose(claim), truth, setting) is None:
        other = DENOMINATOR if layout == NUMERATOR else NUMERATOR
        raise MatcalcError(
            f"The claim {text.strip()} is the transpose of the right result {correct}: "
            f"this page uses {layout} layout (the result is {printer.shape(truth)}). "
            f"Write the transpose, or set :layout: {other} if you meant that layout.",
            Subtype.WRONG)
    if fit != FITS:
        raise MatcalcError(
            f"The claim {text.strip()} has shape {printer.shape(claim)} but the "
            f"derivative is {printer.shape(truth)}: the right result is {correct}.",
            Subtype.WRONG)
    counterexample = compare(claim, truth, setting)
    if counterexample is not None:
        raise MatcalcError(
            f"The claim {text.strip()} is not the derivative: the right result is {correct}; "
            f"{counterexample}.", Subtype.WRONG)
