"""Read ``:where:`` and ``matcalc_symbols``: which symbols are scalars, vectors, matrices.

``W \\in \\mathbb{R}^{m \\times n}; \\mathbf{x}, b \\in \\mathbb{R}`` gives each name
its kind and dimensions (symbols, integers, or powers such as 10^{9}); a structure
too: ``A \\in \\mathbb{S}^{n}`` (symmetric n×n), ``\\Sigma \\in \\mathbb{S}^{n}_{++}``
(symmetric positive definite), ``\\mathbf{y} \\in \\Delta^{q}`` (a probability vector: q
entries, each at least 0, summing to 1), ``k \\in \\mathbb{Z}`` (a whole number;
``\\mathbb{N}``: 0, 1, 2, ...), as the exponent of a matrix power must be. The judge draws
such symbols only with their structure (docs/notation.rst says what a derivative with respect to one means).
"""

from __future__ import annotations

import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import dimension
from .grammar import Parser
from .notation import (ACCENTS, GREEK_LOWER, GREEK_UPPER, INTEGER, MATRIX, MAX_DIGITS, NATURAL,
                       SCALAR, SIMPLEX, SPD, SYMMETRIC, VECTOR, VECTOR_STYLES, Declaration,
                       Notation)


#: The largest whole number in a dimension that is an expression (the 1 of p+1, the 2 of 2n).
SMALL_PART = 100


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
            kind, rows, cols, structure = _read_space(parser)
            for name, span in pending:
                decls.append(Declaration(name, kind, rows, cols, span, structure))
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
    sizes = {str(s) for d in decls for dim in (d.rows, d.cols) if dim is not None
             for s in sympy.sympify(dim).free_symbols}
    for d in decls:
        if d.structure in (INTEGER, NATURAL) and d.name in sizes:
            raise MatcalcError(f"{d.name} is declared a whole number and is also a size; give "
                               "the two different names.", Subtype.DECLARATION, d.span[0],
                               d.span[1], text)
    seen: dict[str, Declaration] = {}
    for d in decls:
        if d.name in seen and (seen[d.name].kind, seen[d.name].rows, seen[d.name].cols,
                               seen[d.name].structure) != (d.kind, d.rows, d.cols, d.structure):
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


def _read_space(parser: Parser) -> tuple[str, sympy.Expr | None, sympy.Expr | None, str]:
    r"""\mathbb{R}, \mathbb{R}^{n}, \mathbb{R}^{m \times n}, \mathbb{S}^{n}, \mathbb{S}^{n}_{++},
    \Delta^{q} → (kind, rows, cols, structure)."""
    tok = parser.peek()
    if tok.text == r"\Delta":
        return _read_simplex(parser)
    if tok.text != r"\mathbb":
        raise parser.error("Expected \\mathbb{R} after \\in.", tok, Subtype.DECLARATION)
    parser.next()
    parser.expect("{", "after \\mathbb")
    field_tok = parser.next()
    if field_tok.text == "S":
        parser.expect("}", "after \\mathbb{S")
        return _read_symmetric(parser, tok)
    if field_tok.text in ("Z", "N"):
        parser.expect("}", f"after \\mathbb{{{field_tok.text}")
        if parser.at("^", "_"):
            raise parser.error(f"Only whole numbers are read in \\mathbb{{{field_tok.text}}}, "
                               "not vectors or matrices of them: write k \\in "
                               f"\\mathbb{{{field_tok.text}}}.", parser.peek(), Subtype.DECLARATION)
        return SCALAR, None, None, INTEGER if field_tok.text == "Z" else NATURAL
    if field_tok.text != "R":
        raise parser.error(f"Only real spaces (\\mathbb{{R}}) and whole numbers (\\mathbb{{Z}}, "
                           f"\\mathbb{{N}}) are supported, not "
                           f"\\mathbb{{{field_tok.text}}}.", field_tok, Subtype.DECLARATION)
    parser.expect("}", "after \\mathbb{R")
    if not parser.at("^"):
        return SCALAR, None, None, ""
    parser.next()
    braced = parser.at("{")
    if braced:
        parser.next()
    dims = [_read_dimension(parser, braced)]
    if parser.at(r"\times", "x", "*"):
        parser.next()
        dims.append(_read_dimension(parser, braced))
    if braced:
        parser.expect("}", "to close the dimensions")
    if len(dims) == 1:
        return VECTOR, dims[0], sympy.Integer(1), ""
    return MATRIX, dims[0], dims[1], ""


def _read_symmetric(parser: Parser, start) -> tuple[str, sympy.Expr, sympy.Expr, str]:
    r"""After \mathbb{S}: ^{n}, and _{++} before or after it (positive definite)."""
    size, definite = None, False
    for _ in range(2):
        if parser.at("^") and size is None:
            parser.next()
            size = _one_dimension(parser)
        elif parser.at("_") and not definite:
            here = parser.next()
            braced = parser.at("{")
            if braced:
                parser.next()
            signs = 0
            while parser.at("+"):
                parser.next()
                signs += 1
            if braced:
                parser.expect("}", "to close _{++}")
            if signs != 2:
                raise parser.error("Write \\mathbb{S}^{n}_{++} for symmetric positive definite "
                                   "matrices or \\mathbb{S}^{n} for symmetric ones (semidefinite "
                                   "\\mathbb{S}^{n}_{+} is not supported).", here,
                                   Subtype.DECLARATION)
            definite = True
    if size is None:
        raise parser.error("Write the size of the symmetric matrices: \\mathbb{S}^{n}.", start,
                           Subtype.DECLARATION)
    return MATRIX, size, size, SPD if definite else SYMMETRIC


def _read_simplex(parser: Parser) -> tuple[str, sympy.Expr, sympy.Expr, str]:
    r"""\Delta^{q}: probability vectors with q entries."""
    tok = parser.next()
    if not parser.at("^"):
        raise parser.error("Write the number of entries of the probability vectors: "
                           "\\Delta^{q}.", tok, Subtype.DECLARATION)
    parser.next()
    return VECTOR, _one_dimension(parser), sympy.Integer(1), SIMPLEX


def _one_dimension(parser: Parser) -> sympy.Expr:
    """One dimension, braced or not: {n}, n, {3}."""
    braced = parser.at("{")
    if braced:
        parser.next()
    dim = _read_dimension(parser, braced)
    if braced:
        parser.expect("}", "to close the dimension")
    return dim


def _read_dimension(parser: Parser, braced: bool = True) -> sympy.Expr:
    """A dimension; in braces also a sum of products of them (p+1, 2n, N(p+1)), else one atom."""
    if not braced:
        value = _dimension_atom(parser)
        if parser.at("+", "-"):
            raise parser.error("A dimension written as a sum goes in braces: \\mathbb{R}^{p+1}.",
                               parser.peek(), Subtype.DECLARATION)
        return value
    first = parser.peek()
    value = _dimension_product(parser)
    while parser.at("+", "-"):
        op = parser.next()
        if op.text == "-":
            raise parser.error("A dimension written with '-' (n-1) could be 0 or less; write it "
                               "as a symbol of its own, or as a sum (p+1).", op,
                               Subtype.DECLARATION)
        value = value + _dimension_product(parser)
    if not value.is_Integer and any(abs(n) > SMALL_PART for n in value.atoms(sympy.Integer)):
        raise parser.error(f"In a dimension written as an expression, whole numbers go up to "
                           f"{SMALL_PART} (sizes are checked at small values of its symbols).",
                           first, Subtype.DECLARATION)
    return value


def _dimension_product(parser: Parser) -> sympy.Expr:
    """Factors side by side or with \\cdot (2n, N(p+1), m \\cdot n), of degree 2 at most.

    Two letters side by side (mn) are refused: they are as likely a misspelt \\times; the
    letter x stays the separator of m x n."""
    first = parser.peek()
    value, letter = _dimension_factor(parser), first.kind == "letter"
    while parser.at("(", r"\cdot") or parser.peek().kind == "num" or (
            parser.peek().kind == "letter" and parser.peek().text != "x"):
        if parser.at(r"\cdot"):
            parser.next()
        elif letter and parser.peek().kind == "letter":
            tok = parser.peek()
            raise parser.error(f"Two sizes side by side ({parser.tokens[parser.i - 1].text}"
                               f"{tok.text}) are not read as a product; write "
                               f"{parser.tokens[parser.i - 1].text} \\cdot {tok.text}, or "
                               "\\times between the rows and the columns.", tok,
                               Subtype.DECLARATION)
        letter = parser.peek().kind == "letter"
        value = value * _dimension_factor(parser)
    symbols = sympy.sympify(value).free_symbols
    if symbols and sympy.Poly(value, *symbols).total_degree() > 2:
        raise parser.error("A dimension may be a product of two sizes at most.",
                           (first.start, parser.tokens[parser.i - 1].end), Subtype.DECLARATION)
    return value


def _dimension_factor(parser: Parser) -> sympy.Expr:
    """A dimension atom, or a parenthesised dimension: the (p+1) of N \\times (p+1)."""
    if not parser.at("("):
        return _dimension_atom(parser)
    open_ = parser.next()
    value = _read_dimension(parser)
    if not parser.at(")"):
        raise parser.error(f"Expected ')' to close the '(' at character {open_.start + 1} of the "
                           f"dimension, found {parser.found(parser.peek())}.", parser.peek(),
                           Subtype.DECLARATION)
    parser.next()
    return value


def _dimension_atom(parser: Parser) -> sympy.Expr:
    """An integer, a power such as 10^{9}, or a symbol (n, N, n_1)."""
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
