"""The ``derive`` directive: options into a Request, the outcome into nodes, errors into
located messages (the one place that happens), recorded in the environment (``envdata``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..errors import ARGUMENT, Field, MatcalcError, Subtype
from ..results import DENOMINATOR, NUMERATOR, Outcome, Request
from .envdata import data, record

logger = logging.getLogger(__name__)

CHOICES = {":layout:": (NUMERATOR, DENOMINATOR), ":show:": ("steps", "result"),
           ":check:": ("on", "off")}


class DeriveDirective(SphinxDirective):
    """``.. derive:: f`` with ``:wrt:``; optional steps in the body, one per '=' line."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "wrt": directives.unchanged,
        "where": directives.unchanged,
        "expect": directives.unchanged,
        "layout": directives.unchanged,
        "show": directives.unchanged,
        "label": directives.unchanged,
        "check": directives.unchanged,
        "let": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        self.step_lines: list[int] = []
        try:
            self.validate_choices()
            request = Request(
                function=self.arguments[0],
                wrt=self.options.get("wrt", ""),
                where=self.options.get("where", ""),
                expect=self.options.get("expect", ""),
                layout=self.options.get("layout", self.config.matcalc_layout),
                steps=self.read_steps(),
                symbols=symbols_text(self.config.matcalc_symbols),
                hadamard=tuple(self.config.matcalc_hadamard),
                check=self.options.get("check", "on") == "on",
                let=self.options.get("let", ""),
                functions=tuple(sorted(dict(self.config.matcalc_functions).items())),
            )
            outcome = self.derive(request)
        except MatcalcError as error:
            return [self.report(error)]
        if not request.check:
            outcome = unchecked(outcome, request)
        label = self.options.get("label")
        number, targets = None, []
        if label:
            domain = self.env.get_domain("math")
            domain.note_equation(self.env.docname, label, location=self.get_location())
            number = domain.get_equation_number_for(label)
            target = nodes.target("", "", ids=[f"equation-{nodes.make_id(label)}"])
            self.state.document.note_explicit_target(target)
            targets.append(target)
        from .render import render  # the engine loads only when a derivation is rendered
        return targets + render(outcome, self.options.get("show", "steps"), self.env.docname,
                                label, number)

    def derive(self, request: Request) -> Outcome:
        """The outcome of ``request``, from the environment's cache when it is there."""
        from . import cache
        from ..pipeline import run
        store = data(self.env).cache
        outcome = cache.lookup(store, request)
        if outcome is not None:
            return outcome
        logger.debug("[matcalc] deriving %s:%s", self.env.docname, self.lineno)
        try:
            outcome = run(request, timeout=float(self.config.matcalc_timeout))
        except MatcalcError as error:
            cache.store(store, request, error=error)
            raise
        cache.store(store, request, outcome)
        return outcome

    def validate_choices(self) -> None:
        """Options with a fixed set of values; a wrong value is a located failure."""
        for field, allowed in CHOICES.items():
            value = self.options.get(field.strip(":"))
            if value is not None and value.strip() not in allowed:
                raise MatcalcError(f"{field} must be {' or '.join(allowed)}, not {value.strip()!r}.",
                                   Subtype.DECLARATION, field=Field.option(field))
            if value is not None:
                self.options[field.strip(":")] = value.strip()

    def read_steps(self) -> list[str]:
        """The body's steps without their '=', remembering each one's line."""
        steps = []
        for k, line in enumerate(self.content):
            text = line.strip()
            if not text:
                continue
            offset = self.content.items[k][1] if self.content.items else None
            lineno = self.content_line(k, offset)
            if not text.startswith("="):
                raise MatcalcError("Each line of a derivation's body is one step and must start "
                                   "with '='.", Subtype.SYNTAX, field=Field.line(lineno))
            steps.append(text[1:].strip())
            self.step_lines.append(lineno)
        return steps

    def content_line(self, k: int, offset: int | None) -> int:
        """The absolute line of content line k.

        RST gives absolute 0-based offsets; MyST gives offsets relative to the
        body, whose first line is ``content_offset + 1`` lines below the directive.
        """
        if offset is None:
            return self.lineno + 1 + k
        if type(self.state).__module__.startswith("myst_parser"):
            return self.lineno + self.content_offset + 1 + offset
        return offset + 1

    def field_line(self, field: Field) -> int:
        """The line where ``field`` (argument, an option, a step, a line) was written."""
        if field.kind == "step" and 0 < field.number <= len(self.step_lines):
            return self.step_lines[field.number - 1]
        if field.kind == "line":
            return field.number
        if field.kind == "option":
            for k, line in enumerate(self.block_text.splitlines()):
                if line.strip().startswith(field.name):
                    return self.lineno + k
        return self.lineno

    def report(self, error: MatcalcError) -> nodes.Node:
        """The one place a MatcalcError becomes a located Sphinx message; the page gets the
        same message in an error box, where the derivation would have been."""
        field = error.field or ARGUMENT
        pointer = error.pointer()
        message = f"{error.message}{field.describe()}" + (f"\n{pointer}" if pointer else "")
        lineno = self.field_line(field)
        record(self.env, self.env.docname, lineno, message, error.subtype.value)
        logger.warning(message, location=(self.env.docname, lineno), type="matcalc",
                       subtype=error.subtype.value)
        from .render import error_box
        box = error_box(f"{error.message}{field.describe()}", pointer)
        box.source, box.line = self.env.doc2path(self.env.docname), lineno
        return box


def unchecked(outcome: Outcome, request: Request) -> Outcome:
    """Under ``:check: off``, each result shows the author's steps and claim, not checked."""
    claims = [*request.steps, *([request.expect] if request.expect.strip() else [])]
    if not claims:
        return outcome
    return replace(outcome, results=[
        result if result.checked or result.unchecked else replace(result, unchecked=list(claims))
        for result in outcome.results])


def symbols_text(value: Any) -> str:
    """matcalc_symbols as :where: text: a string, or a dict symbol → space."""
    if isinstance(value, str):
        return value
    return "; ".join(f"{name} \\in {space}" for name, space in dict(value).items())
