"""The one error type of sphinx_matcalc: a message, a subtype and a position.

The directive turns it into a located Sphinx warning in exactly one place
(``directive.report``). Positions are character offsets into the author's
own text, never into a rewritten string, and the ``Field`` that text lives in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable, TypeVar

T = TypeVar("T")


class Subtype(str, enum.Enum):
    """Warning subtypes (``suppress_warnings = ["matcalc.<subtype>"]``)."""

    SYNTAX = "syntax"  # LaTeX that does not parse
    SHAPE = "shape"  # shapes that do not conform
    UNSUPPORTED = "unsupported"  # a construct, function or symbol with no rule
    DECLARATION = "declaration"  # a :where: or option that cannot be read
    WRONG = "wrong"  # an author's claim that is not the derivative
    TIMEOUT = "timeout"  # a derivation that ran past matcalc_timeout
    UNCHECKED = "unchecked"  # a claim that could not be checked (no point of the domain found)
    INTERNAL = "internal"  # the engine disagreed with the numeric judge


@dataclass(frozen=True)
class Field:
    """Where a text lives: the directive's argument, an option, a step, a body line, conf.py."""

    kind: str = "argument"  # "argument", "option", "step", "line" or "config"
    name: str = ""  # the option (":where:") or the configuration value (matcalc_symbols)
    number: int = 0  # the step (from 1) or the line

    @classmethod
    def option(cls, name: str) -> "Field":
        return cls("option", name)

    @classmethod
    def step(cls, number: int) -> "Field":
        return cls("step", number=number)

    @classmethod
    def line(cls, number: int) -> "Field":
        return cls("line", number=number)

    @classmethod
    def config(cls, name: str) -> "Field":
        return cls("config", name)

    def describe(self) -> str:
        """How a message names it: '' for the argument and body lines, else ' (in ...)'."""
        if self.kind in ("argument", "line"):
            return ""
        if self.kind == "config":
            return f" (in conf.py's {self.name})"
        return f" (in {self})"

    def __str__(self) -> str:
        return f"step {self.number}" if self.kind == "step" else self.name or self.kind


ARGUMENT = Field()


@dataclass
class MatcalcError(Exception):
    """A problem with an author's input, located in the text it came from.

    ``source`` is the text the offsets refer to (an argument, an option value
    or a step line); ``field`` says where that text lives, so the directive can
    find its line.
    """

    message: str
    subtype: Subtype = Subtype.SYNTAX
    start: int | None = None
    end: int | None = None
    source: str = ""
    field: Field = ARGUMENT

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def fields(self) -> tuple:
        """The error as plain data (a cache's entry, an answer from another process)."""
        return (self.message, self.subtype.value, self.start, self.end, self.source, self.field)

    @classmethod
    def of_fields(cls, fields: tuple) -> MatcalcError:
        """The error ``fields`` gave."""
        message, subtype, *rest = fields
        return cls(message, Subtype(subtype), *rest)

    def pointer(self) -> str:
        """The source text with a caret under the offending characters, or ''."""
        if self.start is None or not self.source:
            return ""
        start = max(0, min(self.start, len(self.source)))
        end = max(start + 1, min(self.end or start + 1, len(self.source)))
        return f"{self.source}\n{' ' * start}{'^' * (end - start)}"


def located(thunk: Callable[[], T], text: str, where: Field, offset: int = 0) -> T:
    """Run ``thunk``, which reads ``text[offset:]``; tie its errors to ``text`` at ``where``."""
    try:
        return thunk()
    except MatcalcError as error:
        if error.start is not None:
            end = error.end if error.end is not None else error.start + 1
            error.start, error.end = error.start + offset, end + offset
        error.source, error.field = text, where
        raise
