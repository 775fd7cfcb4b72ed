"""An undeclared uppercase letter used only as a number would be is not silently a matrix,
and a numbered name beside a vector of its letter is not silently a scalar of its own.

An undeclared uppercase letter is a matrix (SPEC §2). Where the function only scales it by
numbers and adds numbers to it (N/2 · log x, x² + N), it would read as well as a number,
and a matrix there makes the whole function matrix-valued without a word: that is refused,
at the letter, asking for a declaration. A letter that meets a matrix operation anywhere (a
product with a vector or matrix, ᵀ, tr, det, an inverse, an entry) is a matrix as written.
"""

from __future__ import annotations

import re

import sympy
from sympy.matrices.expressions import MatAdd, MatMul

from ..errors import MatcalcError, Subtype
from ..nodes import is_matrix
from .lexer import tokenize
from .notation import MATRIX, Notation


def refuse_scalar_matrices(function: sympy.Basic, notation: Notation, text: str) -> None:
    """Raise at the first undeclared uppercase letter of ``text`` that ``function`` only
    scales and adds to."""
    for letter in sorted(function.atoms(sympy.MatrixSymbol), key=str):
        name = letter.name
        if name in notation.declarations or notation.kind_of(name) != MATRIX or \
                not (len(name) == 1 and name.isupper()):
            continue
        if all(_as_a_number(parent, letter) for parent in _parents(function, letter)):
            start, end = _span(text, name)
            raise MatcalcError(
                f"{name} is read as a matrix (an undeclared uppercase letter), but the function "
                f"only scales it and adds to it, as it would a number, so the result would be a "
                f"matrix without a word. If {name} is a number, declare it ({name} \\in "
                f"\\mathbb{{R}}) or use it as a size or a sum's bound; if it is a matrix, declare "
                f"its shape ({name} \\in \\mathbb{{R}}^{{m \\times n}}).", Subtype.SHAPE,
                start, end, text)


def _parents(e: sympy.Basic, letter: sympy.Basic) -> list[sympy.Basic]:
    """Every node that has ``letter`` as a direct argument."""
    return [node for node in sympy.preorder_traversal(e) if letter in node.args]


def _as_a_number(parent: sympy.Basic, letter: sympy.Basic) -> bool:
    """Is ``letter`` used here as a number would be: scaled by numbers, or added to?"""
    if isinstance(parent, MatMul):
        return all(not is_matrix(a) for a in parent.args if a is not letter)
    return isinstance(parent, MatAdd)


def _span(text: str, name: str) -> tuple[int | None, int | None]:
    for token in tokenize(text):
        if token.kind == "letter" and token.text == name:
            return token.start, token.end
    return None, None


def refuse_numbered_entries(function: sympy.Basic, notation: Notation, text: str) -> None:
    """Raise at an undeclared x_1 of ``text`` when ``function`` also has the vector x: an
    author writing Σᵢ xᵢ² + x_1 means entry 1 of x, which the notation does not read (x_1 is a
    scalar of its own), so the derivative by x would silently leave it out."""
    vectors = {_letter(v.name): v.name for v in function.atoms(sympy.MatrixSymbol) if 1 in v.shape}
    for s in sorted(function.free_symbols, key=str):
        name = getattr(s, "name", "")
        found = _NUMBERED.match(name) if isinstance(s, sympy.Symbol) else None
        if found is None or found.group(1) not in vectors or name in notation.declarations:
            continue
        letter, number = found.groups()
        where = re.search(rf"(?<![A-Za-z\\]){letter}_\{{?{number}\}}?", text)
        start, end = (where.start(), where.end()) if where else (None, None)
        raise MatcalcError(
            f"{name} is read as a scalar of its own, not as entry {number} of the vector "
            f"{vectors[letter]} that the function also has: entries are read only with an index a sum "
            f"or :wrt: binds ({letter}_i). If {name} is a scalar of its own, declare it "
            f"({name} \\in \\mathbb{{R}}); for the entry, write it with an index.",
            Subtype.DECLARATION, start, end, text)


_NUMBERED = re.compile(r"^([A-Za-z])_(\d+)$")


def _letter(name: str) -> str:
    """The letter of a vector's name: x for \\mathbf{x}, \\boldsymbol{x} and x."""
    found = re.fullmatch(r"\\(?:mathbf|boldsymbol|vec|bm)\{([A-Za-z])\}|([A-Za-z])", name)
    return (found.group(1) or found.group(2)) if found else ""
