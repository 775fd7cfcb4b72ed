"""Read ``:where:`` and ``matcalc_symbols``: which symbols are scalars, vectors, matrices.

``W \\in \\mathbb{R}^{m \\times n}; \\mathbf{x}, b \\in \\mathbb{R}`` gives each name
its kind and dimensions (symbols, integers, or powers such as 10^{9}).
"""

from __future__ import annotations

import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import dimension
from .grammar import Parser
from .notation import (ACCENTS, GREEK_LOWER, GREEK_UPPER, MATRIX, MAX_DIGITS, SCALAR, VECTOR,
                       VECTOR_STYLES, Declaration, Notation)


def parse_declarations(text: str, notation: Notation | None = None) -> list[Declaration]:
    r"""Read ':where:' text: 'W \in \mathbb{R}^{m \times n}; \mathbf{x}, b \in \mathbb{R}'."""
    scratch = notation or Notation()
    parser = Parser(Notation(declarations=dict(scratch.declarations)), text)
    decls: list[Declaration] = []
    pending: list[tuple[str, str, tuple[int, int]]] = []
    while parser.peek().kind != "eof":
        tok = parser.peek()
        if tok.text in (";", ","):
            parser.next()
            continue
        if tok.text == r"\in":
            if not pending:
                raise parser.error("\\in needs a symbol before it.", tok, Subtype.DECLARATION)
            parser.next()
            kind, rows, cols = _read_space(parser)
            for name, span in pending:
                decls.append(Declaration(name, kind, rows, cols, span))
            pending = []
            continue
        pending.append(_read_declared_name(parser))
        if parser.peek().kind != "eof" and not parser.at(",", ";", r"\in"):
            raise parser.error(f"Expected ',' or \\in after the symbol, found "
                               f"{parser.found(parser.peek())}.", parser.peek(),
                               Subtype.DECLARATION)
    if pending:
        name, span = pending[-1]
        raise parser.error(f"{name} has no shape: write {name} \\in \\mathbb{{R}}^{{n}} (or "
                           "\\mathbb{R} for a scalar).", span, Subtype.DECLARATION)
    seen: dict[str, Declaration] = {}
    for d in decls:
        if d.name in seen and (seen[d.name].kind, seen[d.name].rows, seen[d.name].cols) != (
                d.kind, d.rows, d.cols):
            raise MatcalcError(f"{d.name} is declared twice with different shapes.",
                               Subtype.DECLARATION, d.span[0], d.span[1], text)
        seen[d.name] = d
    return decls


def _read_declared_name(parser: Parser) -> tuple[str, tuple[int, int]]:
    """A symbol being declared, written as in expressions; (its name, its span)."""
    tok = parser.peek()
    if tok.kind == "letter" or tok.text in GREEK_LOWER or tok.text in GREEK_UPPER:
        name, end = parser.read_name(tok.text, parser.i + 1)
    elif tok.text in VECTOR_STYLES:
        parser.next()
        parser.expect("{", f"after {tok.text}")
        inner = parser.next()
        parser.expect("}", f"to close {tok.text}{{...}}")
        name, end = parser.read_name(f"{tok.text}{{{inner.text}}}", parser.i)
    elif tok.text in ACCENTS:
        name, _, end = parser.accented_name(tok)
    else:
        raise parser.error(f"Expected a symbol to declare, found {parser.found(tok)}.", tok,
                           Subtype.DECLARATION)
    parser.i = end
    return name, (tok.start, parser.tokens[end - 1].end)


def _read_space(parser: Parser) -> tuple[str, sympy.Expr | None, sympy.Expr | None]:
    r"""\mathbb{R}, \mathbb{R}^{n}, \mathbb{R}^{m \times n} → (kind, rows, cols)."""
    tok = parser.peek()
    if tok.text != r"\mathbb":
        raise parser.error("Expected \\mathbb{R} after \\in.", tok, Subtype.DECLARATION)
    parser.next()
    parser.expect("{", "after \\mathbb")
    field_tok = parser.next()
    if field_tok.text != "R":
        raise parser.error(f"Only real spaces (\\mathbb{{R}}) are supported, not "
                           f"\\mathbb{{{field_tok.text}}}.", field_tok, Subtype.DECLARATION)
    parser.expect("}", "after \\mathbb{R")
    if not parser.at("^"):
        return SCALAR, None, None
    parser.next()
    braced = parser.at("{")
    if braced:
        parser.next()
    dims = [_read_dimension(parser)]
    if parser.at(r"\times", "x", "*"):
        parser.next()
        dims.append(_read_dimension(parser))
    if braced:
        parser.expect("}", "to close the dimensions")
    if len(dims) == 1:
        return VECTOR, dims[0], sympy.Integer(1)
    return MATRIX, dims[0], dims[1]


def _read_dimension(parser: Parser) -> sympy.Expr:
    tok = parser.next()
    if tok.kind == "num" and "." not in tok.text and len(tok.text) <= MAX_DIGITS:
        value = int(tok.text)
        if parser.at("^"):  # 10^{9}
            parser.next()
            exponent = parser.group_or_atom_text()
            if not exponent.isdigit() or int(exponent) > 100:
                raise parser.error("Write a dimension as an integer, a power such as 10^{9}, or "
                                   "a symbol.", tok, Subtype.DECLARATION)
            value = value ** int(exponent)
        if value < 1:
            raise parser.error("A dimension must be at least 1.", tok, Subtype.DECLARATION)
        return dimension(value)
    if tok.kind == "letter":
        name, end = parser.read_name(tok.text, parser.i)
        parser.i = end
        return dimension(name)
    raise parser.error(f"Expected a dimension (a symbol such as n, or an integer), found "
                       f"{parser.found(tok)}.", tok, Subtype.DECLARATION)
