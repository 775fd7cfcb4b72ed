"""The names a page gives: its function's own name and arguments, and :let: names.

``C(\\mathbf{w}, b) = ...`` names the function C of the arguments w and b; a
step that writes C(\\mathbf{w}, 0) means the function at those arguments. A
:let: name (``z = \\mathbf{w} \\cdot \\mathbf{x} + b``) stands for the
expression it names, in steps and claims alike, and is a variable of its own
where a derivative is taken with respect to it (``engine.evaluate_operators``).
A name that is already something else (a symbol, a size, a constant, a
function of the notation, the function's own name) is refused, never read two
ways.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from ..errors import Field, MatcalcError, Subtype, located
from ..nodes import is_matrix, occurs_in
from ..vocabulary import BY_NAME
from .grammar import parse_expression, split_name
from .notation import Notation
from .cursor import split_top_level

LET = Field.option(":let:")


def unused_name(notation: Notation) -> str:
    """The name an unnamed function is shown with: f, unless the function uses f itself."""
    used = set(notation.symbols) | set(notation.declarations)
    free = [n for n in ("f", "g", "h", "F", "G", "H", r"\phi", r"\psi", r"\ell") if n not in used]
    return free[0] if free else "f"


def own_name(name: str, function: sympy.Basic) -> sympy.Basic | None:
    """The symbol a step uses for the function itself (a, C, \\mathbf{y}, f), or None."""
    read = _symbol(name)
    if read is None:
        return None
    if is_matrix(function):
        return sympy.MatrixSymbol(name, *function.shape)
    return sympy.Symbol(name, real=True)


def _symbol(name: str) -> sympy.Basic | None:
    """``name`` read on its own, if it reads as a symbol of that very name."""
    try:
        read = parse_expression(name, Notation()).expr
    except MatcalcError:
        return None
    if not isinstance(read, (sympy.Symbol, sympy.MatrixSymbol)) or read.name != name:
        return None
    return read


def parameters(written: str | None, notation: Notation,
               function: sympy.Basic) -> tuple[str, tuple[sympy.Basic, ...] | None]:
    """The arguments the function's name is written with (C(\\mathbf{w}, b): their text, and
    the symbols they are, or None when they are not all symbols of the function)."""
    if not written or "(" not in written or not written.rstrip().endswith(")"):
        return "", None
    inside = written[written.index("(") + 1:written.rstrip().rindex(")")]
    scratch = replace(notation, symbols=dict(notation.symbols))  # reading adds no symbol
    found = []
    for start, end in split_top_level(inside):
        try:
            read = parse_expression(inside[start:end], scratch).expr
        except MatcalcError:
            return inside, None
        if read not in function.free_symbols or read in found:
            return inside, None
        found.append(read)
    return inside, tuple(found)


def let_names(text: str, notation: Notation, function: sympy.Basic,
              taken: str) -> dict[sympy.Basic, sympy.Basic]:
    """:let: names, ``z = \\mathbf{w} \\cdot \\mathbf{x} + b; u = \\max(0, z)``: each
    expression the function contains -> the author's name for it (a later definition may use
    an earlier name). ``taken`` is the function's own name."""
    chosen: dict[sympy.Basic, sympy.Basic] = {}
    for start, end in split_top_level(text, ";"):
        piece = text[start:end]
        name, body, offset = located(lambda: split_name(piece), text, LET, start)
        if name is None:
            raise MatcalcError(f"{piece.strip()}: write each :let: definition as name = "
                               "expression.", Subtype.DECLARATION, start, end, text, LET)
        clash = _clash(name, notation, taken, chosen)
        if clash:
            raise MatcalcError(f"{name} {clash}; :let: names new intermediates, so choose "
                               "another name.", Subtype.DECLARATION, start, end, text, LET)
        expr = located(lambda: parse_expression(body, notation), text, LET, start + offset)
        expr = expr.expr.xreplace({n: e for e, n in chosen.items()})
        if expr in chosen:  # u = z, or u and z for one expression: one name would be lost
            raise MatcalcError(f"{name} names what {chosen[expr].name} names already; give "
                               "each intermediate one name.", Subtype.DECLARATION, start, end,
                               text, LET)
        if not occurs_in(function, expr):
            raise MatcalcError(f"{body.strip()} does not occur in the function, so {name} names "
                               "nothing.", Subtype.DECLARATION, start, end, text, LET)
        if is_matrix(expr):
            symbol: sympy.Basic = sympy.MatrixSymbol(name, *expr.shape)
        else:
            symbol = sympy.Symbol(name, real=True)
        chosen[expr] = symbol
    return chosen


def _clash(name: str, notation: Notation, taken: str, chosen: dict) -> str:
    """Why ``name`` cannot be a :let: name here ('' if it can)."""
    if name in notation.symbols or name in notation.declarations:
        return "is already a symbol of this derivation"
    if name == taken.split("(")[0].strip():
        return "is the function's name on this page"
    if name in notation.dimension_names():
        return "is a size or a sample count of this derivation"
    if any(getattr(s, "name", None) == name for s in chosen.values()):
        return "is already a :let: name"
    if _symbol(name) is None or name in BY_NAME or name in notation.functions:
        return "is part of the notation (a constant or a function), not a free name"
    return ""
