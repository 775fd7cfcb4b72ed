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

from dataclasses import replace
from typing import Iterable

import sympy

from .engine import evaluate_operators
from .errors import MatcalcError, Subtype
from .judge import Setting, claim_fit, distinct_cases, same
from .judge.claims import FITS
from .nodes import MatrixSampleSum
from .read import Notation, Operators, parse_expression
from .results import NUMERATOR


Row = list[tuple[str, sympy.Basic | None]]


def read_back(rows: Iterable[Row], notation: Notation, names: dict[sympy.Basic, sympy.Basic],
              setting: Setting) -> None:
    """Raise an internal error unless each (text, expression) pair reads back as itself, and
    each formula of a row (a step: its left-hand side = part = part ...) equals the first.

    ``names`` maps each intermediate's expression to its name, which the texts use.
    """
    meaning = {name: expr for expr, name in names.items()}
    done: dict = {}  # a formula shown twice (a step's ∂u/∂x, used again) is read back once
    for k, row in enumerate(rows):
        first = None
        for text, expr in row:
            if expr is None or not text:
                continue
            # the result (the first row) can be pasted as :expect:, so it is also read by
            # latex2sympy2 as an author's text is; step formulas need only mean themselves
            key = (text, expr, k == 0)
            if key not in done:
                done[key] = _read_back_one(text, expr, notation, meaning, setting, k == 0)
            value = done[key]
            if first is None:
                first = value
            elif same(value, first, _where(expr, setting)) is not None:
                raise MatcalcError(f"Internal error: a step would show {text}, which is not "
                                   f"equal to what it continues ({row[0][0]}); it is not shown. "
                                   "Please report this input.", Subtype.INTERNAL)


def _where(expr: sympy.Basic, setting: Setting) -> Setting:
    """The judge's setting for a formula of our own: any names (they come from the page), the
    function's domain, and per-sample data outside a sum (a step on one sample's term) plain."""
    inside = expr.has(sympy.Sum, MatrixSampleSum)
    return replace(setting, allowed=None,
                   per_sample=setting.per_sample if inside else frozenset())


def _read_back_one(text: str, expr: sympy.Basic, notation: Notation,
                   meaning: dict[sympy.Basic, sympy.Basic], setting: Setting,
                   pasteable: bool) -> sympy.Basic:
    """Raise unless ``text`` reads back, with the page's notation, as ``expr``; return the
    value ``expr`` stands for."""
    reader = _reader(notation, meaning)
    try:
        parsed = parse_expression(text, reader, Operators(NUMERATOR), pasteable).expr
    except MatcalcError as error:
        raise _misprinted(text, f"it does not read back ({error.message})") from None
    if claim_fit(reader.shapes, parsed, expr) != FITS and parsed != 0:
        raise _misprinted(text, "it reads back with another shape")
    (parsed,) = reader.finish(parsed)
    value = _value(expr, meaning)
    overlaps = [(_value(a, meaning), _value(b, meaning), _value(both, meaning), *rest)
                for a, b, both, *rest in reader.take_overlaps()]
    try:  # cases shown with conditions that overlap must agree there (a reader takes either)
        distinct_cases(overlaps, _where(expr, setting))
    except MatcalcError as error:
        raise _misprinted(text, f"its cases overlap ({error.message})") from None
    if parsed != expr and same(_value(parsed, meaning), value, _where(expr, setting)) is not None:
        raise _misprinted(text, "it reads back as another value")
    return value


def _reader(notation: Notation, meaning: dict[sympy.Basic, sympy.Basic]) -> Notation:
    """A notation that knows the page's symbols and the intermediates' names, and leaves the
    page's own notation untouched."""
    symbols = dict(notation.symbols)
    symbols.update({name.name: name for name in meaning})
    return Notation(declarations=dict(notation.declarations), hadamard=notation.hadamard,
                    symbols=symbols, counts=set(notation.counts),
                    per_sample=dict(notation.per_sample), functions=dict(notation.functions))


def _value(expr: sympy.Basic, meaning: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr`` with every ∂f/∂v evaluated (as the engine wrote the page's steps, in terms of
    its intermediates) and every name replaced."""
    return evaluate_operators(expr, None, NUMERATOR, meaning)


def _misprinted(text: str, why: str) -> MatcalcError:
    return MatcalcError(f"Internal error: the page would show {text}, but {why}; it is not "
                        "shown. Please report this input.", Subtype.INTERNAL)
