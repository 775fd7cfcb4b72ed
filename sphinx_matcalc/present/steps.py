"""Write a derivation's steps (the engine's data) as LaTeX: the one place this happens."""

from __future__ import annotations


from ..engine.engine import Line, PartialSum
from ..nodes import partial
from ..results import Step
from .latex import Printer


def steps(lines: list[Line], printer: Printer, name: str) -> list[Step]:
    """The shown steps of one derivation; ``name`` is the function's (f, a, C)."""
    return [step(line, printer, name) for line in lines]


def step(line: Line, printer: Printer, name: str) -> Step:
    """One line as text: its left-hand side, its parts (repeats dropped), rule and shape."""
    show = printer.doprint
    shape = printer.shape(line.shape) if line.shape is not None else ""
    if line.kind == "let":
        return Step(show(line.of), [show(line.parts[0])], line.rule, kind="let", shape=shape)
    if line.kind == "local":
        lhs = rf"\frac{{\partial}}{{\partial {show(line.by)}}}{show(line.of)}"
        return Step(lhs, [show(line.parts[0])], line.rule, shape=shape)
    if line.kind == "denominator":
        result, final = line.parts
        lhs = (rf"\left(\frac{{\partial {name}}}{{\partial {show(line.by)}}}"
               rf"\right)_{{\text{{denominator}}}}")
        return Step(lhs, [rf"\left({show(result)}\right)^T", show(final)], line.rule,
                    shape=shape, simplified=line.simplified)
    shown: list[str] = []
    for part in line.parts:
        text = _partial_sum(part, printer) if isinstance(part, PartialSum) else show(part)
        if not shown or shown[-1] != text:
            shown.append(text)
    return Step(show(partial(line.of, line.by)), shown, line.rule, shape=shape,
                simplified=line.simplified)


def _partial_sum(part: PartialSum, printer: Printer) -> str:
    return " + ".join(printer.doprint(partial(t, part.by)) for t in part.terms)



