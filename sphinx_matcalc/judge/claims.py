"""The author's claims against the engine's result: the whole claim policy and its messages.

A claim is compared with the derivative at random points (every combination
of branch conditions that occurs), in 30-digit arithmetic where both are
scalar; a claim of the wrong shape, or the transpose of the right result, is
said to be so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy.matrices.expressions import Inverse, MatPow, Transpose

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, is_matrix, sample_parts
from ..results import DENOMINATOR, NUMERATOR
from .numeric import EvaluationError
from . import verdict
from .points import Setting, dimensions, shrink, sum_bounds
from .feedback import diagnosis
from .counterexample import Counterexample
from .draws import SPD, SYMMETRIC
from .identity import identical
from .integers import first_difference
from .targeted import PastScan
from .written import divisor, is_division, undefined_as_written


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


def prepared(claim: sympy.Basic, truth: sympy.Basic, setting: Setting
             ) -> tuple[sympy.Basic, sympy.Basic, tuple]:
    """Claim, truth and function as the judge evaluates them: huge declared sizes get stand-ins
    (and literals equal to them follow), and a dimension written as a value (the n of 1/n)
    is that dimension."""
    *function, = shrink(setting.function)
    claim, truth = shrink((claim, truth), literals=True)
    dims = {str(d): d for d in dimensions(claim, truth, *function)}
    rename = {s: dims[s.name] for e in (claim, truth, *function) for s in e.free_symbols
              if isinstance(s, sympy.Symbol) and s.name in dims and s != dims[s.name]}
    if rename:
        claim, truth = claim.xreplace(rename), truth.xreplace(rename)
        function = [f.xreplace(rename) for f in function]
    return claim, truth, tuple(function)


def symmetric_plain(e: sympy.Basic, setting: Setting) -> sympy.Basic:
    """``e`` with the transpose of each matrix declared symmetric (and of its inverse and
    powers) written as the matrix itself: Σ⁻ᵀ is Σ⁻¹ for Σ ∈ 𝕊ⁿ, so the algebra sees the
    textbook ∂ log det Σ/∂Σ = Σ⁻¹ as the truth Σ⁻ᵀ."""
    names = {name for name, kind in setting.structure if kind in (SYMMETRIC, SPD)}
    if not names:
        return e

    def symmetric(n: sympy.Basic) -> bool:
        if isinstance(n, (Inverse, MatPow)):
            return symmetric(n.args[0])
        return isinstance(n, sympy.MatrixSymbol) and n.name in names

    return e.replace(lambda n: isinstance(n, Transpose) and symmetric(n.arg), lambda n: n.arg)


def compare(claim: sympy.Basic, truth: sympy.Basic, setting: Setting,
            seed: int = 1) -> Counterexample | None:
    """None when ``claim`` equals ``truth`` on the function's domain; else where they differ.

    Raises an UNCHECKED error when too few points of the domain turn up.
    """
    if claim == truth:  # identical expressions; anything else by algebra or at points
        return None
    whole, found = first_difference(compare, claim, truth, setting, seed)
    if whole:  # a declared whole number k: at each of its values
        return found
    small_claim, small_truth, function = prepared(claim, truth, setting)
    if identical(*(symmetric_plain(e, setting) for e in (small_claim, small_truth))):
        return None  # by algebra, wherever the derivative is defined
    try:
        found = verdict.compare(small_claim, small_truth, setting, function, seed=seed)
    except EvaluationError as exc:
        raise MatcalcError(f"The claim could not be checked: {exc}.", Subtype.UNCHECKED) from exc
    except PastScan:  # past 64 at stand-in sizes: the declared sizes are asked below
        if (small_claim, small_truth) == (claim, truth):
            raise
        found = None
    if (small_claim, small_truth) == (claim, truth):
        return found
    # stand-in sizes: a claim that computes its size from its entries (𝟙[1ᵀ(σ(a) + σ(−a)) >
    # 64]) can be right there and wrong as declared, or the other way round
    declared = _differs_as_declared(claim, truth, setting)
    if declared is TOO_LARGE:  # the stand-in sizes decide, unless the claim adds conditions
        if found is None and _own_conditions(claim, truth):
            raise MatcalcError(
                "The claim could not be checked: it has conditions the derivative does not "
                "have, on quantities of the declared sizes, which are too large to evaluate, "
                "and small sizes that stand in for them do not decide such conditions.",
                Subtype.UNCHECKED)
        if found is not None and _own_reductions(claim, truth):  # ‖cos x‖² + ‖sin x‖² is n
            raise MatcalcError(
                "The claim could not be checked: it differs from the derivative at the small "
                f"sizes that stand in for the declared ones ({found.sizes}), but it reduces "
                "vectors or matrices to numbers the derivative does not, which may depend on "
                "the size, and the declared sizes are too large to evaluate, so it is neither "
                "accepted nor refused.", Subtype.UNCHECKED)
        return found
    if found is None and declared is not None:
        return verdict._decide(claim, truth, tuple(setting.function), declared)
    if found is None:  # floats agree as declared: claim − truth enclosed there too (10⁻³⁰)
        return _proven_as_declared(claim, truth, setting)
    if found is not None and declared is None:
        raise MatcalcError(  # a refusal must be right: at the declared sizes it may be
            "The claim could not be checked: it differs from the derivative at the small sizes "
            f"that stand in for the declared ones ({found.sizes}), but not at the declared "
            "sizes in floats, so it is neither accepted nor refused.", Subtype.UNCHECKED)
    return found


DECLARED_ENTRIES = 10 ** 6  # a matrix this large is not evaluated at its declared size
TOO_LARGE = object()  # what _differs_as_declared says when it cannot look


def _differs_as_declared(claim: sympy.Basic, truth: sympy.Basic, setting: Setting
                         ) -> verdict.Point | None:
    """A draw at the declared (large) sizes where claim and truth differ in floats, None
    where they agree at every draw, or TOO_LARGE where a matrix is too large to evaluate."""
    from .draws import draw
    from .points import Symbols
    exprs = (claim, truth, *setting.function)
    leaves = [a for e in exprs for a in e.atoms(sympy.MatrixSymbol)]
    if any(not (r.is_Integer and c.is_Integer) or int(r) * int(c) > DECLARED_ENTRIES
           for r, c in (leaf.shape for leaf in leaves)):
        return TOO_LARGE
    symbols = Symbols.of(exprs)
    rng = np.random.default_rng(11)
    for k in range(6):
        p = draw(symbols, setting.per_sample, k, rng, structure=dict(setting.structure))
        got, want = verdict._float(claim, p), verdict._float(truth, p)
        if got is None or want is None or not np.all(np.isfinite(want)):
            continue
        if got.size in (1, want.size) and not verdict._close(verdict._shaped(got, want), want):
            return p
    return None


PROVEN_ENTRIES = 4096  # the largest matrix enclosed at its declared size


def _proven_as_declared(claim: sympy.Basic, truth: sympy.Basic, setting: Setting
                        ) -> Counterexample | None:
    """Where an enclosure of claim − truth excludes 0 at one of two draws at the declared
    sizes (a difference below floats, 10⁻³⁰𝟙[1ᵀ(σ(a) + σ(−a)) > 64.5] at n = 100)."""
    from .draws import draw
    from .points import Symbols
    exprs = (claim, truth, *setting.function)
    if any(int(r) * int(c) > PROVEN_ENTRIES for e in exprs
           for r, c in (leaf.shape for leaf in e.atoms(sympy.MatrixSymbol))):
        return None
    symbols, rng = Symbols.of(exprs), np.random.default_rng(13)
    for k in range(2):
        p = draw(symbols, setting.per_sample, k, rng, structure=dict(setting.structure))
        found = verdict._proven(claim, truth, tuple(setting.function), p)
        if found is not None:
            return found
    return None


def _own_conditions(claim: sympy.Basic, truth: sympy.Basic) -> bool:
    """Does the claim have a condition on matrices that the derivative does not have?"""
    from .conjunctions import switches_of
    own = set(switches_of(claim)) - set(switches_of(truth))
    return any(m.atoms(sympy.MatrixSymbol) for m in own)


def _own_reductions(claim: sympy.Basic, truth: sympy.Basic) -> bool:
    """Does the claim reduce vectors or matrices to a number (a norm, a trace, 1ᵀx) that the
    derivative does not? Such a number can depend on the size alone."""
    def reductions(e: sympy.Basic) -> set:
        return {n for n in sympy.preorder_traversal(e) if n.atoms(sympy.MatrixSymbol) and (
            not isinstance(n, sympy.MatrixExpr) or n.shape == (1, 1))}
    return bool(reductions(claim) - reductions(truth))


def same(a: sympy.Basic, b: sympy.Basic, setting: Setting) -> Counterexample | None:
    """None when ``a`` and ``b``, two expressions of our own, are the same; else where not.

    A quick screen (``verdict.screen``); where floats find no point of ``b``'s domain, the
    whole judge decides.
    """
    if a == b:
        return None
    whole, found = first_difference(same, a, b, setting)
    if whole:  # a declared whole number k: at each of its values
        return found
    a, b, _ = prepared(a, b, setting)
    if identical(a, b):  # by algebra, wherever b is defined (a read-back text, most often)
        return None
    try:
        outcome = verdict.screen(a, b, setting)
        return compare(a, b, setting) if outcome is True else outcome
    except EvaluationError as exc:
        raise MatcalcError(f"The formula could not be checked: {exc}.", Subtype.INTERNAL) from exc


def unknown_symbols(claim: sympy.Basic, setting: Setting) -> list[str]:
    """Names in the claim that belong to nothing: not in the function, not declared."""
    if setting.allowed is None:
        return []
    bases = {sample_parts(n)[0] for n in setting.allowed if n in setting.per_sample}
    indices, _ = sum_bounds(claim)
    out = []
    for s in sorted(claim.free_symbols - indices, key=str):
        name = getattr(s, "name", str(s))
        if isinstance(s, sympy.Dummy) or name in setting.allowed:
            continue
        if name in setting.per_sample and sample_parts(name)[0] in bases:
            continue  # x_j for the data x_i, under a sum over j
        out.append(name)
    return out


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
                layout: str, printer: Any, restrictions: tuple[sympy.Expr, ...] = (),
                read: sympy.Basic | None = None) -> None:
    """Raise a WRONG error, saying how, unless the claim ``text`` (read as ``claim``) is right;
    an UNCHECKED error when it cannot be checked (a symbol that belongs to nothing, no point
    of the function's domain). ``restrictions``: logarithms and fractional powers the text
    writes and the reading lost (``read.lost_restrictions``), which must have values too;
    ``read``: the claim as written, its derivative operators unevaluated (a name inside one
    must belong to something too, though its derivative is 0)."""
    written = claim if read is None else read
    unknown = unknown_symbols(written, setting)
    sizes = {str(d) for d in dimensions(written)}
    if unknown and set(unknown) <= sizes:
        raise MatcalcError(
            f"The claim {text.strip()} has a size ({', '.join(unknown)}) that nothing in the "
            "function fixes, so it cannot be checked; write the number it stands for.",
            Subtype.UNCHECKED)
    if unknown:
        raise MatcalcError(
            f"The claim {text.strip()} uses {', '.join(unknown)}, which "
            f"{'occurs' if len(unknown) == 1 else 'occur'} neither in the function nor in the "
            "declarations, so it cannot be checked; declare it in :where: or remove it.",
            Subtype.UNCHECKED)
    correct = printer.doprint(truth)
    if fit != FITS and is_matrix(truth) and fit == TRANSPOSED and _equal(
            Transpose(claim), truth, setting):
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
        try:
            how = diagnosis(claim, truth, setting, printer, counterexample, compare)
        except Exception:  # noqa: BLE001  (a diagnosis is optional: a failed one is left out)
            how = ""
        raise MatcalcError(
            f"The claim {text.strip()} is not the derivative: the right result is {correct}; "
            f"{counterexample}.{' ' + how if how else ''}", Subtype.WRONG)
    undefined = undefined_as_written(restrictions, truth, setting)
    if undefined is not None:
        lost = ", ".join(f"a division by {printer.doprint(divisor(r))}" if is_division(r)
                         else printer.doprint(r) for r in restrictions)
        raise MatcalcError(
            f"The claim {text.strip()} is not the derivative as written: read, it simplifies "
            f"to the right result, but it writes {lost}, which "
            f"{'has' if len(restrictions) == 1 else 'have'} no real value everywhere the "
            f"derivative has one; {undefined}.", Subtype.WRONG)


def _equal(claim: sympy.Basic, truth: sympy.Basic, setting: Setting) -> bool:
    try:
        return compare(claim, truth, setting) is None
    except MatcalcError:
        return False
