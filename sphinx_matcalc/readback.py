"""Every formula the page shows is read back, and judged equal to what it stands for.

The printer is the one place that writes LaTeX; this is what keeps it
honest. Each shown text (the result, each step's left-hand side and parts,
each intermediate) is read by the project's own reader with the page's
notation, its derivative operators (the steps' ∂u/∂x) evaluated as the
Jacobians they name, and compared with the expression it was printed from by
the claim checker's judge. A formula that does not read back as itself is an
internal error and is never shown: so every shown result can be pasted back
as ``:expect:``.
"""

from __future__ import annotations

from typing import Iterable

import sympy

from .engine import derive
from .errors import MatcalcError, Subtype
from .judge import Setting, claim_fit, compare
from .judge.claims import FITS
from .nodes import MatrixPartial, MatrixSampleSum, Partial
from .read import Notation, Operators, parse_expression
from .results import NUMERATOR


def read_back(shown: Iterable[tuple[str, sympy.Basic | None]], notation: Notation,
              names: dict[sympy.Basic, sympy.Basic], setting: Setting) -> None:
    """Raise an internal error unless each (text, expression) pair reads back as itself.

    ``names`` maps each intermediate's expression to its name, which the texts use.
    """
    meaning = {name: expr for expr, name in names.items()}
    for text, expr in shown:
        if expr is None or not text:
            continue
        reader = _reader(notation, meaning)
        try:
            parsed = parse_expression(text, reader, Operators(NUMERATOR)).expr
        except MatcalcError as error:
            raise _misprinted(text, f"it does not read back ({error.message})") from None
        if claim_fit(reader.shapes, parsed, expr) != FITS and parsed != 0:
            raise _misprinted(text, "it reads back with another shape")
        (parsed,) = reader.finish(parsed)
        # per-sample data outside a sum (a step on one sample's term) is plain data there
        where = setting if expr.has(sympy.Sum, MatrixSampleSum) else Setting()
        if compare(_value(parsed, meaning), _value(expr, meaning), where) is not None:
            raise _misprinted(text, "it reads back as another value")


def _reader(notation: Notation, meaning: dict[sympy.Basic, sympy.Basic]) -> Notation:
    """A notation that knows the page's symbols and the intermediates' names, and leaves the
    page's own notation untouched."""
    symbols = dict(notation.symbols)
    symbols.update({name.name: name for name in meaning})
    return Notation(declarations=dict(notation.declarations), hadamard=notation.hadamard,
                    symbols=symbols, counts=set(notation.counts),
                    per_sample=dict(notation.per_sample))


def _value(expr: sympy.Basic, meaning: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr`` with every ∂f/∂v evaluated (an intermediate's name standing for its expression,
    unless the derivative is taken with respect to it) and every name replaced."""
    def evaluate(node: sympy.Basic) -> sympy.Basic:
        of = node.of if node.by in meaning else node.of.xreplace(meaning)
        return derive(of, node.by).result

    if expr.has(Partial, MatrixPartial):
        expr = expr.replace(lambda e: isinstance(e, (Partial, MatrixPartial)), evaluate)
    for _ in range(len(meaning) + 1):  # a name's expression may use an earlier name
        if not expr.has(*meaning):
            break
        expr = expr.xreplace(meaning)
    return expr


def _misprinted(text: str, why: str) -> MatcalcError:
    return MatcalcError(f"Internal error: the page would show {text}, but {why}; it is not "
                        "shown. Please report this input.", Subtype.INTERNAL)
