"""One ``derive`` directive as written: its texts into a Request, and a Field back to its line.

Shared by the Sphinx directive and the command line, so the two build the same
request (the same cache key) and report every message at the same line: the
directive gives the lines docutils or MyST found, the command's scanner
(``scan.py``) the lines it found in the file; from there on the code is this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ARGUMENT, Field, MatcalcError, Subtype
from ..results import DENOMINATOR, NUMERATOR, Request
from .settings import Settings, layout_name

#: Options with a fixed set of values (``:layout:`` in any case).
CHOICES = {":layout:": (NUMERATOR, DENOMINATOR), ":show:": ("steps", "result"),
           ":check:": ("on", "off"), ":code:": ("numpy",)}
OPTIONS = ("wrt", "where", "expect", "layout", "show", "label", "check", "let", "code")


@dataclass
class Written:
    """What one directive says, and where.

    ``lineno`` is the directive's line (from 1); ``block`` its text from that line on (an
    option is found at the first line of it that starts with the option's name); ``body``
    each content line with its line number.
    """

    argument: str
    options: dict[str, str]
    lineno: int
    block: list[str] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    step_lines: list[int] = field(default_factory=list)

    def chosen(self) -> dict[str, str]:
        """The options, those with fixed values checked and normalised; a wrong one is a
        located failure."""
        options = dict(self.options)
        if "expect" in options and not (options["expect"] or "").strip():
            raise MatcalcError(":expect: is empty: write the claimed result after it, or leave "
                               "the option out (an empty claim checks nothing).",
                               Subtype.DECLARATION, field=Field.option(":expect:"))
        for name, allowed in CHOICES.items():
            value = options.get(name.strip(":"))
            if value is None:
                continue
            normal = (layout_name(value) if name == ":layout:" else value.strip().lower())
            if normal not in allowed:
                raise MatcalcError(f"{name} must be {' or '.join(allowed)}, not "
                                   f"{value.strip()!r}.", Subtype.DECLARATION,
                                   field=Field.option(name))
            options[name.strip(":")] = normal
        return options

    def steps(self) -> list[str]:
        """The body's steps without their '=', remembering each one's line."""
        steps, self.step_lines = [], []
        for lineno, line in self.body:
            text = line.strip()
            if not text:
                continue
            if not text.startswith("="):
                raise MatcalcError("Each line of a derivation's body is one step and must start "
                                   "with '='.", Subtype.SYNTAX, field=Field.line(lineno))
            steps.append(text[1:].strip())
            self.step_lines.append(lineno)
        return steps

    def request(self, settings: Settings) -> Request:
        """The request this directive makes under ``settings`` (raises a located error)."""
        options = self.chosen()
        return Request(
            function=self.argument,
            wrt=options.get("wrt", ""),
            where=options.get("where", ""),
            expect=options.get("expect", ""),
            layout=options.get("layout", settings.layout),
            steps=self.steps(),
            symbols=settings.symbols,
            hadamard=tuple(settings.hadamard),
            check=options.get("check", "on") == "on",
            let=options.get("let", ""),
            code=options.get("code", ""),
            functions=tuple(settings.functions),
        )

    def line(self, where: Field) -> int:
        """The line where ``where`` (the argument, an option, a step, a line) was written."""
        if where.kind == "step" and 0 < where.number <= len(self.step_lines):
            return self.step_lines[where.number - 1]
        if where.kind == "line":
            return where.number
        if where.kind == "option":
            for k, line in enumerate(self.block):
                if line.strip().startswith(where.name):
                    return self.lineno + k
        return self.lineno


def message(error: MatcalcError, pointer: bool = True) -> str:
    """A message as the build and the command print it: the text, where in the directive
    (``(in :where:)``), and (unless ``pointer`` is false) the source with a caret under the
    offending characters."""
    where = error.field or ARGUMENT
    shown = error.pointer() if pointer else ""
    return f"{error.message}{where.describe()}" + (f"\n{shown}" if shown else "")


#: myst-nb numbers a notebook's lines (cell index + 1) × 10000 + the line in the cell (+ 1).
NOTEBOOK_CELL = 10000


def place(path: str, line: int) -> str:
    """How a message names where it is: ``path:line``, or in a notebook read by myst-nb
    ``path:cell C, line L`` (C from 1, L the line in the cell), not myst-nb's encoded number."""
    if str(path).endswith(".ipynb") and line > NOTEBOOK_CELL:
        cell, rest = divmod(line, NOTEBOOK_CELL)
        return f"{path}:cell {cell}, line {max(rest - 1, 1)}"
    return f"{path}:{line}"
