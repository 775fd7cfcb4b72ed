"""Constructs of the notation as course notes write them: braces as brackets, norm subscripts.

A mixin of the reader (``grammar.Parser``), like ``constructs`` and ``groupings``:
PRML's ``\\{t_n - \\mathbf{w}^T\\phi_n\\}^2`` and ESL's ``\\left\\{ ... \\right\\}`` group an
expression; the Matrix Cookbook's ``\\|X\\|_{\\mathrm{F}}`` names the Frobenius norm.
"""

from __future__ import annotations

from ..errors import Subtype
from .cursor import Parsed
from .lexer import Token

#: What marks braces as a set ({x : x > 0}, {1, 2}, {x \mid ...}) rather than a grouping.
SET_MARKS = {",", ";", r"\mid", r"\colon", r"\in", r"\setminus", r"\cup", r"\cap"}
#: The subscripts of a norm, as written (F, {F}, {\mathrm{F}}, ...), and the norm each names.
NORM_SUBSCRIPTS = {"1": "1", "2": "2", "F": "F"}
#: Upright styles a norm's subscript may be set in: \mathrm{F}, \text{F}, \mathsf{F}.
UPRIGHT = {r"\mathrm", r"\text", r"\textrm", r"\mathsf", r"\rm"}


class CourseNotes:
    """Reading methods for the notation of course notes (mixed into ``Parser``)."""

    def brace_group(self, tok: Token) -> Parsed:
        r"""\{ ... \}: brackets around an expression (PRML's \{t_n - y_n\}^2), never a set."""
        self.refuse_set(tok)
        self.next()
        saved, self.awaiting = self.awaiting, ()
        inner = self.expression()
        self.awaiting = saved
        close = self.expect(r"\}", f"to close the '\\{{' at character {tok.start + 1}")
        return Parsed(inner.expr, tok.start, close.end)

    def refuse_set(self, tok: Token) -> None:
        r"""Refuse \{ ... \} holding a comma, \mid or \in at its top level: a set, not a value."""
        depth, k = 0, self.i + 1
        while self.token(k).kind != "eof":
            text = self.token(k).text
            if text in ("(", "[", "{", r"\{"):
                depth += 1
            elif text in (")", "]", "}", r"\}"):
                if depth == 0:
                    return
                depth -= 1
            elif depth == 0 and text in SET_MARKS:
                raise self.error(
                    f"\\{{ ... \\}} is read as brackets around an expression; the {text!r} "
                    "inside makes it a set, which is not an expression here.", self.token(k),
                    Subtype.UNSUPPORTED)
            k += 1

    def norm_subscript(self, start: int) -> str:
        r"""The subscript after a norm's bars: 1, 2 or F, also {F}, \mathrm{F}, {\mathrm{F}}."""
        first = self.peek()
        braced = self.at("{")
        if braced:
            self.next()
        styled = self.at(*UPRIGHT)
        if styled:
            self.next()
            self.expect("{", f"after {self.tokens[self.i - 1].text} in the norm's subscript")
        parts = []
        while not self.at("}") and self.peek().kind != "eof" and (braced or styled or not parts):
            parts.append(self.next().text)
        if styled:
            self.expect("}", "to close the norm's subscript")
        if braced:
            self.expect("}", "to close the norm's subscript")
        sub = "".join(parts)
        end = self.tokens[self.i - 1].end
        if sub not in NORM_SUBSCRIPTS:
            shown = self.text[first.start:end]
            raise self.error(f"Unknown norm \\|\\cdot\\|_{shown}: use _1, _2 or _F "
                             "(also _{\\mathrm{F}}).", (start, end), Subtype.UNSUPPORTED)
        return NORM_SUBSCRIPTS[sub]
