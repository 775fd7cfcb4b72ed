"""An undeclared uppercase letter used only as a number would be is not silently a matrix.

An undeclared uppercase letter is a matrix (SPEC §2). Where the function only scales it by
numbers and adds numbers to it (N/2 · log x, x² + N), it would read as well as a number,
and a matrix there makes the whole function matrix-valued without a word: that is refused,
at the letter, asking for a declaration. A letter that meets a matrix operation anywhere (a
product with a vector or matrix, ᵀ, tr, det, an inverse, an entry) is a matrix as written.
"""

from __future__ import annotations

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
