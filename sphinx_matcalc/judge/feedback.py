"""How a wrong claim is wrong, said as a teacher would.

Each diagnosis is itself a claim checked by the judge: "off by a factor of c"
only when c × claim equals the truth, "holds only when A is symmetric" only
when the judge accepts the claim once the fewest square matrices that suffice (of
those not declared with a structure) are declared symmetric, "holds only when y is a
probability vector" likewise with y declared in Δ^q (both say which declaration to add), "missing
d" only when d = truth − claim is short to print.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from itertools import combinations
from typing import Any

import mpmath
import sympy
from sympy.matrices.expressions import MatrixSymbol, Transpose

from ..errors import MatcalcError
from ..nodes import is_matrix
from .draws import SIMPLEX, SPD, SYMMETRIC
from .budget import within
from .counterexample import Counterexample

SHORT = 40  # characters of LaTeX a difference may take to be shown


def _equal(compare: Any, claim: sympy.Basic, truth: sympy.Basic, setting: Any) -> bool:
    try:
        return compare(claim, truth, setting) is None
    except MatcalcError:
        return False


def diagnosis(claim: sympy.Basic, truth: sympy.Basic, setting: Any, printer: Any,
              counterexample: Counterexample, compare: Any) -> str:
    """One short sentence on how ``claim`` differs from ``truth``, or ''."""
    ratio = _ratio(counterexample)
    if ratio is not None and ratio not in (0, 1):
        c = sympy.Rational(ratio.numerator, ratio.denominator)
        if _equal(compare, claim, c * truth, setting):
            return f"It is off by a factor of {printer.doprint(c)}: it is {printer.doprint(c)} " \
                   "times the right result."
    convention = _symmetric_convention(claim, truth, setting, compare)
    if convention:
        return convention
    assumption = _assumption(claim, truth, setting, printer, compare)
    if assumption:
        return assumption
    if is_matrix(truth) and truth.shape[0] == truth.shape[1] and truth.shape[0] != 1 and \
            _equal(compare, Transpose(claim), truth, setting):
        return "It is the transpose of the right result."
    shown = _shown_difference(truth, claim, printer)
    if shown is None:
        return ""
    if shown.startswith("-"):
        extra = _shown_difference(claim, truth, printer)
        if extra is None:
            return ""
        if len(extra) <= SHORT and not extra.startswith("-"):
            return f"It has {extra} too many (claim minus right result)."
        return ""
    if len(shown) <= SHORT and shown not in ("0", printer.doprint(truth)):
        return f"It is missing {shown} (right result minus claim)."
    return ""


def _shown_difference(a: sympy.Basic, b: sympy.Basic, printer: Any) -> str | None:
    """a − b simplified and written, within DIFFERENCE_SECONDS (at a declared size of 2·10⁶
    SymPy's doit writes out sums of two million terms); None where it fails or takes long."""
    def written() -> str:
        return printer.doprint((a - b).doit() if is_matrix(a) else sympy.expand(a - b))
    return within(DIFFERENCE_SECONDS, written)


DIFFERENCE_SECONDS = 1.0


def _assumption(claim: sympy.Basic, truth: sympy.Basic, setting: Any, printer: Any,
                compare: Any) -> str:
    """The structure the claim needs and the declarations do not give, when declaring it
    makes the judge accept the claim: symmetric square matrices, or a probability vector."""
    declared = {name for name, _ in getattr(setting, "structure", ())}
    leaves = sorted(truth.atoms(MatrixSymbol) | claim.atoms(MatrixSymbol), key=str)
    squares = [m for m in leaves if m.shape[0] == m.shape[1] and m.shape[0] != 1
               and m.name not in declared and m.name not in setting.per_sample]
    if squares and _equal(compare, claim, truth, _symmetric(setting, squares)):
        squares = _fewest(squares, lambda some: _equal(compare, claim, truth,
                                                       _symmetric(setting, some)))
        names = ", ".join(printer.doprint(m) for m in squares)
        spaces = "; ".join(rf"{printer.doprint(m)} \in \mathbb{{S}}^{{"
                           rf"{printer.doprint(m.shape[0])}}}" for m in squares)
        return (f"It holds only when {names} {'is' if len(squares) == 1 else 'are'} "
                f"symmetric: if so, declare {spaces} in :where:.")
    vectors = [m for m in leaves if m.shape[1] == 1 and m.shape[0] != 1
               and m.name not in declared and m.name not in setting.per_sample]
    for v in vectors[:3]:
        assumed = replace(setting, structure=tuple(sorted((*setting.structure, (v.name, SIMPLEX)))))
        if _equal(compare, claim, truth, assumed):
            name = printer.doprint(v)
            return (f"It holds only when {name} is a probability vector (entries at least 0, "
                    f"summing to 1): if so, declare {name} \\in \\Delta^{{"
                    f"{printer.doprint(v.shape[0])}}} in :where:.")
    return ""


def _symmetric_convention(claim: sympy.Basic, truth: sympy.Basic, setting: Any,
                          compare: Any) -> str:
    """With respect to a matrix declared symmetric, the two other conventions in use: sym(G)
    (the gradient for the inner product on symmetric matrices) and the Matrix Cookbook's
    G + Gᵀ − G ∘ I, where the page shows G (entries treated as independent)."""
    if not (is_matrix(truth) and truth.shape[0] == truth.shape[1] != 1 and any(
            kind in (SYMMETRIC, SPD) for _, kind in getattr(setting, "structure", ()))):
        return ""
    g, gt = truth, Transpose(truth)
    named = {"sym(G) = (G + Gᵀ)/2 of the right result G (the gradient for the inner product "
             "on symmetric matrices)": sympy.MatMul(sympy.Rational(1, 2), sympy.MatAdd(g, gt)),
             "G + Gᵀ − G ∘ I of the right result G (the Matrix Cookbook's symmetric "
             "derivative)":
             sympy.MatAdd(g, gt, -sympy.HadamardProduct(g, sympy.Identity(g.shape[0])))}
    for name, other in named.items():
        if _equal(compare, claim, other, setting):
            return (f"It is {name}; this page shows, and judges against, G itself: the "
                    "derivative with the symmetric matrix's entries treated as independent (see "
                    "the notation page).")
    return ""


def _symmetric(setting: Any, squares: list) -> Any:
    """``setting`` with each of ``squares`` declared symmetric."""
    return replace(setting, structure=tuple(sorted(
        (*setting.structure, *((m.name, SYMMETRIC) for m in squares)))))


FEWEST_FROM = 4  # square matrices up to which the fewest that suffice are looked for


def _fewest(squares: list, enough: Any) -> list:
    """The fewest of ``squares`` (all of which suffice) for which ``enough`` holds: tr(XᵀAX)
    needs only A symmetric, not X too."""
    if len(squares) > FEWEST_FROM:
        return squares
    for count in range(1, len(squares)):
        for some in combinations(squares, count):
            if enough(list(some)):
                return list(some)
    return squares


def _ratio(cx: Counterexample) -> Fraction | None:
    """claim / truth at the counterexample, when it is a small fraction."""
    got, want = cx.got, cx.want
    if not isinstance(got, mpmath.mpf) or not isinstance(want, mpmath.mpf) or got == 0 or want == 0:
        return None
    r = Fraction(float(got / want)).limit_denominator(12)
    if abs(float(r) - float(got / want)) > 1e-9 * abs(float(r)) or abs(r.numerator) > 100:
        return None
    return r
