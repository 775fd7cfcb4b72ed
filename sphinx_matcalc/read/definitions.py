"""Definitions in ``:where:``: ``\\hat{\\mathbf{y}} = \\operatorname{softmax}(\\mathbf{z})``.

Course notes name an expression in their prose (ŷ = softmax(z)) and then write with the
name (ŷ_i inside a sum), or define a function of data and parameters and apply it (ESL's
p(x; β), applied as p(x_i; β)). A definition in ``:where:`` says so: the name stands for the
expression in every text of the derivation, its entries too, and an application of a function
for its formula with the parameters standing for the arguments, so a claim written with them is
judged as the expressions they name. A wrong definition makes the claims wrong, never right.
"""

from __future__ import annotations

import re
from typing import Callable

import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import is_matrix
from .cursor import split_top_level, top_level
from .grammar import parse_expression, split_name
from .notation import Notation


def split_definitions(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each definition (a ``;``-separated piece with a top-level ``=``) blanked,
    offsets kept, for the declarations; and the definitions' spans."""
    blanked, spans = list(text), []
    for start, end in split_top_level(text, ";"):
        if any(ch == "=" for _, ch in top_level(text[start:end])):
            spans.append((start, end))
            blanked[start:end] = " " * (end - start)
    return "".join(blanked), spans


def read_definitions(text: str, spans: list[tuple[int, int]], notation: Notation) -> None:
    """Read each definition of ``text`` at ``spans`` into ``notation`` (after every
    declaration, so that the expressions see the declared shapes)."""
    for start, end in spans:
        start += len(text[start:end]) - len(text[start:end].lstrip())
        end -= len(text[start:end]) - len(text[start:end].rstrip())
        piece = text[start:end]
        written, body, offset = split_name(piece)
        name = (written or "").strip()
        def refuse(why: str) -> MatcalcError:
            return MatcalcError(f"{piece.strip()}: {why}.", Subtype.DECLARATION, start, end, text)
        formula = re.fullmatch(r"([A-Za-z])\s*\((.+)\)", name)
        if formula is not None:  # p(x; \beta) = ..., applied as p(x_i; \beta)
            _define_formula(formula.group(1), formula.group(2), body, notation, refuse)
            continue
        try:
            symbol = parse_expression(name, Notation(declarations=dict(notation.declarations)))
        except MatcalcError:
            symbol = None
        if symbol is None or getattr(symbol.expr, "name", None) != name:
            raise refuse("a definition names one symbol, as \\hat{\\mathbf{y}} = "
                         "\\operatorname{softmax}(\\mathbf{z}), and is separated from the "
                         "declarations by ;")
        if name in notation.declarations or name in notation.symbols \
                or name in notation.definitions:
            raise refuse(f"{name} is already a symbol of this derivation; a definition names "
                         "a new one")
        try:
            expr = parse_expression(body, notation).expr
        except MatcalcError as error:
            if error.start is not None:
                shift = start + offset
                error.end = (error.end if error.end is not None else error.start + 1) + shift
                error.start += shift
            error.source = text
            raise
        if name in notation.symbols:
            raise refuse(f"{name} is defined by an expression that uses {name} itself")
        kind = symbol.expr.shape[1] == 1 if is_matrix(symbol.expr) else None
        if kind != (expr.shape[1] == 1 if is_matrix(expr) else None):
            raise refuse(f"{name} is written as a {_kind(symbol.expr)} but defined as a "
                         f"{_kind(expr)}")
        notation.definitions[name] = expr


def _define_formula(letter: str, written: str, body: str, notation: Notation,
                    refuse: Callable[[str], MatcalcError]) -> None:
    """p(x; \\beta) = formula: where the page applies p, the formula is read with each
    parameter standing for its argument (names.py)."""
    params = tuple(p.strip() for p in re.split(r"[;,]", written))
    for param in params:
        try:
            read = parse_expression(param, Notation()).expr
        except MatcalcError:
            read = None
        if getattr(read, "name", None) != param:
            raise refuse(f"{param} is not one symbol; each parameter of {letter}(...) is one")
    if len(set(params)) != len(params):
        raise refuse(f"a parameter of {letter}(...) is named twice")
    if letter in notation.declarations or letter in notation.symbols or letter == "e" \
            or letter in notation.formulas or notation.function(letter) is not None:
        raise refuse(f"{letter} is already a symbol or function of this derivation")
    notation.formulas[letter] = (params, body)


def _kind(expr: sympy.Basic) -> str:
    if not is_matrix(expr):
        return "scalar"
    return "vector" if expr.shape[1] == 1 else "matrix"
