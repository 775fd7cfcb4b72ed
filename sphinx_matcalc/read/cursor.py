"""Walking a text's tokens: look ahead, consume, expect, and say where something went wrong.

Also the one place that scans text for what lies outside brackets (the '='
of a named function, the commas of a list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import sympy

from ..errors import MatcalcError, Subtype
from .lexer import Token

OPENING, CLOSING = "({[", ")}]"


def quoted(text: str) -> str:
    r"""LaTeX in quotes for a message, as the author wrote it: repr() would double every
    backslash ('\\rVert' for \rVert)."""
    return f"'{text}'"


def top_level(text: str) -> Iterator[tuple[int, str]]:
    """The characters of ``text`` that stand outside every bracket, with their offsets."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth -= 1
        elif depth == 0:
            yield k, ch


def split_top_level(text: str, separator: str = ",") -> list[tuple[int, int]]:
    """The spans of the non-blank pieces of ``text`` between top-level separators."""
    spans, start = [], 0
    for k, ch in top_level(text):
        if ch == separator:
            spans.append((start, k))
            start = k + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@dataclass
class Parsed:
    """An expression with the span of text it was read from."""

    expr: sympy.Basic
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class Cursor:
    """Token helpers for a reader with ``tokens``, an index ``i`` and its ``text``."""

    tokens: list[Token]
    i: int
    text: str

    def peek(self, k: int = 0) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind != "eof" and tok.text in texts

    def expect(self, text: str, what: str) -> Token:
        tok = self.peek()
        if tok.text != text or tok.kind == "eof":
            raise self.error(f"Expected {quoted(text)} {what}, found {self.found(tok)}.", tok)
        return self.next()

    def found(self, tok: Token) -> str:
        return "the end of the expression" if tok.kind == "eof" else quoted(tok.text)

    def error(self, message: str, tok: Token | tuple[int, int],
              subtype: Subtype = Subtype.SYNTAX) -> MatcalcError:
        start, end = (tok.start, tok.end) if isinstance(tok, Token) else tok
        if end <= start:
            end = start + 1
        return MatcalcError(message, subtype, start, end, self.text)

    def token(self, k: int) -> Token:
        """The k-th token, or the end (eof) for any k past it: lookahead never runs off."""
        return self.tokens[min(k, len(self.tokens) - 1)]

    def _skip_group(self, j: int) -> int:
        """Index after the token or brace group starting at j (the end's index at the end)."""
        if self.tokens[j].kind == "eof":
            return j
        if self.tokens[j].text != "{":
            return j + 1
        depth = 0
        while self.tokens[j].kind != "eof":
            depth += {"{": 1, "}": -1}.get(self.tokens[j].text, 0)
            j += 1
            if depth == 0:
                break
        return j

    def scripts_in_order(self) -> None:
        """Read x^2_2 as x_2^2: a superscript written before the subscript is moved after it
        (the tokens keep their offsets, so messages still point at what the author typed)."""
        if not self.at("^"):
            return
        toks = self.tokens
        sub = self._skip_group(self.i + 1)
        if toks[sub].text != "_" or self.token(sub + 1).kind == "eof":
            return
        after = self._skip_group(sub + 1)
        toks[self.i:after] = toks[sub:after] + toks[self.i:sub]

    # -- grammar -----------------------------------------------------------
