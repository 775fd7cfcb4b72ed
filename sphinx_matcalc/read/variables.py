"""Checks of a ``:wrt:`` variable against the function: what the derivative would silently miss.

A derivative by a variable the reader has hidden inside something else would be a silent
zero: scalars x_1, x_2 of a literal are not entries of \\mathbf{x}, and a function of a
sample, \\boldsymbol{\\phi}(\\mathbf{x}_n), is read as data, not as a function of \\mathbf{x}_n.
"""

from __future__ import annotations

import re

import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, sample_parts
from .notation import Notation


def refuse_hidden(variable: sympy.Basic, function: sympy.Basic, notation: Notation,
                  written: str, span: tuple[int, int]) -> None:
    """Refuse a variable the derivative would miss, at ``span`` of :wrt:."""
    _refuse_applied(variable, notation, written, span)
    _refuse_entries_by_name(variable, function, written, span)
    _refuse_summed(variable, function, notation, written, span)


def _refuse_summed(variable: sympy.Basic, function: sympy.Basic, notation: Notation,
                   written: str, span: tuple[int, int]) -> None:
    """Refuse :wrt: x_i, one sample's datum, where a sum over the samples holds it (x_i in
    Σᵢ x_i²): that derivative is one sample's term, which the engine does not derive (it was
    an internal error, and its reading Σᵢ 2x_i is not that derivative)."""
    if getattr(variable, "name", None) not in notation.per_sample:
        return
    if any(isinstance(node, (sympy.Sum, MatrixSampleSum)) and node.function.has(variable)
           for node in sympy.preorder_traversal(function)):
        raise MatcalcError(f"{written} is one sample's datum inside a sum over the samples: a "
                           "derivative with respect to it is not supported. Differentiate that "
                           "sample's term (the summand, without the sum), or collect the "
                           "samples in a vector.", Subtype.UNSUPPORTED, span[0], span[1])


def _refuse_applied(variable: sympy.Basic, notation: Notation, written: str,
                    span: tuple[int, int]) -> None:
    """Refuse :wrt: \\mathbf{x}_n (or \\mathbf{x}) when \\boldsymbol{\\phi}(\\mathbf{x}_n), read
    as data, holds it."""
    name = str(getattr(variable, "name", ""))
    holding = sorted(f for f, argument in notation.applied.items()
                     if name in (argument, sample_parts(argument)[0]))
    if holding:
        raise MatcalcError(
            f"{holding[0]} is read as data, a value of each sample that does not depend on "
            f"{written}, so the derivative by {written} would miss it: write the function "
            f"out, or differentiate by another variable.", Subtype.UNSUPPORTED, span[0], span[1])


def _refuse_entries_by_name(variable: sympy.Basic, function: sympy.Basic, written: str,
                            span: tuple[int, int]) -> None:
    """Refuse :wrt: \\mathbf{x} when a literal holds scalars x_1, x_2 (outside a sum they are
    symbols of their own, not its entries): the derivative would silently miss them."""
    style = re.fullmatch(r"\\(?:mathbf|vec|boldsymbol|bm)\{(.+)\}", getattr(variable, "name", ""))
    if style is None or not isinstance(variable, sympy.MatrixSymbol):
        return
    literals = [m for m in sympy.preorder_traversal(function)
                if isinstance(m, sympy.ImmutableDenseMatrix)]
    named = sorted({s.name for m in literals for s in m.free_symbols
                    if isinstance(s, sympy.Symbol) and s.name.startswith(style.group(1) + "_")})
    if named:
        listed = ", ".join(named)
        raise MatcalcError(
            f"{listed} in the literal {'is a scalar' if len(named) == 1 else 'are scalars'} of "
            f"{'its' if len(named) == 1 else 'their'} own, not entries of {written} (outside "
            f"\\sum_i they are not read as its entries), so the derivative by {written} would "
            f"miss {'it' if len(named) == 1 else 'them'}: differentiate by {listed} (:wrt: "
            f"{listed}), or write the function of {written} itself.", Subtype.DECLARATION,
            span[0], span[1])
