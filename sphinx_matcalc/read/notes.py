"""Constructs of the notation as course notes write them: braces as brackets, norm subscripts.

A mixin of the reader (``grammar.Parser``), like ``constructs`` and ``groupings``:
PRML's ``\\{t_n - \\mathbf{w}^T\\phi_n\\}^2`` and ESL's ``\\left\\{ ... \\right\\}`` group an
expression; the Matrix Cookbook's ``\\|X\\|_{\\mathrm{F}}`` names the Frobenius norm.
"""

from __future__ import annotations

from ..errors import Subtype
from ..nodes import is_matrix
from .cursor import Parsed, quoted
from .lexer import Token
from .notation import ACCENTS, GREEK_LOWER, GREEK_UPPER, VECTOR_STYLES

#: What marks braces as a set ({x : x > 0}, {1, 2}, {x \mid ...}) rather than a grouping.
SET_MARKS = {",", ";", r"\mid", r"\colon", r"\in", r"\setminus", r"\cup", r"\cap"}
#: The subscripts of a norm, as written (F, {F}, {\mathrm{F}}, ...), and the norm each names.
NORM_SUBSCRIPTS = {"1": "1", "2": "2", "F": "F"}
#: Upright styles a norm's subscript may be set in: \mathrm{F}, \text{F}, \mathsf{F}.
UPRIGHT = {r"\mathrm", r"\text", r"\textrm", r"\mathsf", r"\rm"}


#: Functions course notes write in plain letters (CS229's tr AB, the paper's sum(x)).
PLAIN_FUNCTIONS = ("tr", "sum")
#: What may begin the argument of a plain tr or sum: a bracket, a letter, a symbol's command.
ARGUMENT_STARTS = {"(", "["} | VECTOR_STYLES | ACCENTS | GREEK_LOWER | GREEK_UPPER


class CourseNotes:
    """Reading methods for the notation of course notes (mixed into ``Parser``)."""

    def brace_group(self, tok: Token) -> Parsed:
        r"""\{ ... \} or \lbrace ... \rbrace: brackets around an expression (PRML's
        \{t_n - y_n\}^2), never a set."""
        self.refuse_set(tok)
        self.next()
        saved, self.awaiting = self.awaiting, ()
        inner = self.expression()
        self.awaiting = saved
        if self.at(r"\rbrace"):  # \lbrace ... \rbrace, or mixed with \{ \}
            close = self.next()
        else:
            close = self.expect(r"\}", f"to close the '{tok.text}' at character {tok.start + 1}")
        return Parsed(inner.expr, tok.start, close.end)

    def refuse_set(self, tok: Token) -> None:
        r"""Refuse \{ ... \} holding a comma, \mid or \in at its top level: a set, not a value."""
        depth, k = 0, self.i + 1
        while self.token(k).kind != "eof":
            text = self.token(k).text
            if text in ("(", "[", "{", r"\{", r"\lbrace"):
                depth += 1
            elif text in (")", "]", "}", r"\}", r"\rbrace"):
                if depth == 0:
                    return
                depth -= 1
            elif depth == 0 and text in SET_MARKS:
                raise self.error(
                    f"\\{{ ... \\}} is read as brackets around an expression; the {quoted(text)} "
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

    def plain_function_word(self) -> str | None:
        """'tr' or 'sum' when the letters here spell it, written together, an argument after."""
        for word in PLAIN_FUNCTIONS:
            toks = [self.peek(k) for k in range(len(word))]
            if "".join(t.text for t in toks) != word or any(t.kind != "letter" for t in toks):
                continue
            if any(a.end != b.start for a, b in zip(toks, toks[1:])):
                continue  # t r: letters apart, not a function's name
            after = self.peek(len(word))
            if after.kind == "letter" or after.text in ARGUMENT_STARTS:
                return word
        return None

    def plain_function(self, word: str) -> Parsed:
        r"""tr AB, trABA^TC, tr(AB), sum(\mathbf{x}): the function, when nothing else can be meant.

        The letters are the function only when none of them is a symbol, size or count here and
        its argument is a matrix or a vector; otherwise the reading is ambiguous and refused."""
        first, last = self.peek(), self.peek(len(word) - 1)
        span = (first.start, last.end)
        product = " \\cdot ".join(word)
        before = self.tokens[self.i - 1] if self.i > 0 else None
        if before is not None and before.kind == "letter" and before.end == first.start:
            raise self.error(
                f"{before.text}{word}: the letters before {word} leave unclear whether it is the "
                f"function {word} or a product of letters; write \\operatorname{{{word}}} for the "
                "function, with a space or \\cdot before it.", (before.start, last.end),
                Subtype.UNSUPPORTED)
        taken = [c for c in word if c in self.n.declarations or c in self.n.dimension_names()
                 or self.n.kind_of(c) is not None or c in self.letters_elsewhere(word)]
        if taken:
            raise self.error(
                f"{word} in plain letters is ambiguous here: {taken[0]} is a symbol or size of "
                f"its own, so it could be the product {' '.join(word)}. Write "
                f"\\operatorname{{{word}}} for the function, or {product} for the product.",
                span, Subtype.UNSUPPORTED)
        self.i += len(word)
        arg = self.argument(word)
        if not is_matrix(arg.expr):
            raise self.error(
                f"{self.text[first.start:arg.end]}: {word} in plain letters is read as the "
                f"function only before a matrix or a vector, and {self.n.shapes.text(arg.span)} "
                f"is a scalar, so it could be the product {' '.join(word)} "
                f"{self.n.shapes.text(arg.span)}. Write "
                f"\\operatorname{{{word}}} for the function, or {product} for the "
                "product.", (first.start, arg.end), Subtype.UNSUPPORTED)
        return self.matrix_function(word, first.start, arg)

    def letters_elsewhere(self, word: str) -> set[str]:
        """The letters of ``word`` written as symbols elsewhere in the text (the t of t + tr A),
        not counting other plain tr/sum words, subscripts, superscripts or styled names."""
        found, k, toks = set(), 0, self.tokens
        while k < len(toks):
            if "".join(t.text for t in toks[k:k + len(word)]) == word:
                k += len(word)
                continue
            before = [t.text for t in toks[max(k - 2, 0):k]]
            styled = before[-1:] in (["_"], ["^"]) or (before[-1:] == ["{"] and before[:1] and (
                before[0] in ("_", "^") or before[0] in VECTOR_STYLES | ACCENTS))
            if toks[k].kind == "letter" and toks[k].text in word and not styled:
                found.add(toks[k].text)
            k += 1
        return found
