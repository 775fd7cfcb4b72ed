"""The one error type of sphinx_matcalc: a message, a subtype and a position.

The directive turns it into a located Sphinx warning in exactly one place
(``directive.report``). Positions are character offsets into the author's
own text, never into a rewritten string.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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


@dataclass
class MatcalcError(Exception):
    """A problem with an author's input, located in the text it came from.

    ``source`` is the text the offsets refer to (an argument, an option value
    or a step line); ``field`` names where that text lives (``"argument"``,
    ``":where:"``, ``"step 2"``) so the directive can find its line.
    """

    message: str
    subtype: Subtype = Subtype.SYNTAX
    start: int | None = None
    end: int | None = None
    source: str = ""
    field: str = ""

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def pointer(self) -> str:
        """The source text with a caret under the offending characters, or ''."""
        if self.start is None or not self.source:
            return ""
        start = max(0, min(self.start, len(self.source)))
        end = max(start + 1, min(self.end or start + 1, len(self.source)))
        return f"{self.source}\n{' ' * start}{'^' * (end - start)}"
