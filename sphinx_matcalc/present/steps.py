"""Write a derivation's steps (the engine's data) as LaTeX: the one place this happens."""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import Transpose

from ..engine.engine import Line, PartialSum
from ..results import Step
from .latex import Printer


Shown = list[tuple[str, sympy.Basic | None]]


def steps(lines: list[Line], printer: Printer, name: str) -> tuple[list[Step], list[Shown]]:
    """The shown steps of one derivation (``name`` is the function's: f, a, C), and for each
    step every formula it shows with the expression it stands for."""
    shown: list[Shown] = []
    rows = []
    for line in lines:
        texts = formulas(line, printer)
        shown.append(texts)
        rows.append(step(line, texts, printer, name))
    return rows, shown


def step(line: Line, texts: Shown, printer: Printer, name: str) -> Step:
    """One line as text: its left-hand side, its parts (repeats dropped), rule and shape."""
    shape = printer.shape(line.shape) if line.shape is not None else ""
    (lhs, _), *parts = texts
    shown: list[str] = []
    for text, _ in parts:
        if not shown or shown[-1] != text:
            shown.append(text)
    if line.kind == "let":
        return Step(lhs, shown, line.rule, kind="let", shape=shape)
    if line.kind == "denominator":
        lhs = (rf"\left(\frac{{\partial {name}}}{{\partial {printer.doprint(line.by)}}}"
               rf"\right)_{{\text{{denominator}}}}")
    return Step(lhs, shown, line.rule, shape=shape, simplified=line.simplified)


def formulas(line: Line, printer: Printer) -> Shown:
    """Each formula a line shows, its left-hand side first, with the expression it stands for
    (None for the denominator row's left-hand side, which is a label)."""
    show = printer.doprint
    lhs = (show(line.lhs), line.lhs) if line.lhs is not None else ("", None)
    if line.kind == "denominator":
        result, final = line.parts
        return [lhs, (rf"\left({show(result)}\right)^T", Transpose(result)), (show(final), final)]
    parts = []
    for part in line.parts:
        if isinstance(part, PartialSum):
            parts.append((" + ".join(show(t) for t in _in_written_order(part, printer)),
                          part.value()))
        else:
            parts.append((show(part), part))
    return [lhs, *parts]


def _in_written_order(part: PartialSum, printer: Printer) -> tuple[sympy.Basic, ...]:
    """The sum rule's terms in the order the author wrote the sum, where they did."""
    derivative = dict(zip(part.of, part.terms))
    for written in printer.written.values():
        if len(written) == len(part.of) and set(written) == set(part.of):
            return tuple(derivative[t] for t in written)
    return part.terms
