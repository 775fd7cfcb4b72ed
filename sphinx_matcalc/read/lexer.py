"""Split LaTeX math into tokens that keep their offsets in the author's text.

Nothing is rewritten before lexing, so every later message can point at the
characters the author typed. An unknown character is an error, not skipped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import MatcalcError, Subtype

#: Spacing commands and characters that carry no meaning in math.
SPACING = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", "~", r"\displaystyle",
           r"\textstyle", r"\left.", r"\right."}
#: Single punctuation characters the grammar knows.
PUNCTUATION = set("+-*/^_()[]{}|,;=<>'!&.")


@dataclass(frozen=True)
class Token:
    """One token: its kind (num, letter, cmd, punct, eof), text and span."""

    kind: str
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokenize ``text``; spacing is dropped, positions are kept."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "\\":
            j = i + 1
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            if j == i + 1:  # control symbol such as \| or \,
                if j >= n:
                    raise MatcalcError("A lone backslash ends the expression.", Subtype.SYNTAX,
                                       i, i + 1, text)
                j += 1
            word = text[i:j]
            if word in (r"\left", r"\right") and j < n and text[j] == ".":
                j += 1  # \left. and \right. are invisible delimiters
                word = text[i:j]
            if word not in SPACING:
                tokens.append(Token("cmd", word, i, j))
            i = j
        elif ch.isascii() and ch.isdigit():
            j = i + 1
            while j < n and _ascii_digit(text[j]):
                j += 1
            if j + 1 < n and text[j] == "." and _ascii_digit(text[j + 1]):
                j += 1
                while j < n and _ascii_digit(text[j]):
                    j += 1
            tokens.append(Token("num", text[i:j], i, j))
            i = j
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, i, i + 1))
            i += 1
        elif ch == "~":
            i += 1
        elif ch in PUNCTUATION:
            tokens.append(Token("punct", ch, i, i + 1))
            i += 1
        else:
            raise MatcalcError(_stray(ch), Subtype.SYNTAX, i, i + 1, text)
    tokens.append(Token("eof", "", n, n))
    return tokens


def _ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _stray(ch: str) -> str:
    """What to say of a character outside the notation: a digit, superscript or letter."""
    name = unicodedata.name(ch, "").lower()
    value = unicodedata.digit(ch, None)
    if value is not None and "superscript" in name:
        return (f"The character {ch!r} is a superscript character; write the power in LaTeX, "
                f"^{value} (x^{value} rather than x{ch}).")
    if value is not None and "subscript" in name:
        return f"The character {ch!r} is a subscript character; write _{value} (x_{value})."
    if value is not None:
        return f"The character {ch!r} is a digit outside ASCII; write it as {value}."
    return (f"The character {ch!r} is not part of the notation; write it as a LaTeX command "
            "(for example \\alpha rather than α).")
