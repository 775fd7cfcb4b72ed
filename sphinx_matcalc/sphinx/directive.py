"""The ``derive`` directive, located messages, and the build's failure status.

Failures live in the environment (``env.matcalc_failures``, purged and
merged like sphinx.ext.todo's data), and the exit status is decided once at
``build-finished``: so a wrong derivation fails every build, also an
incremental one that does not re-read the page, and also under ``-j N``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..errors import MatcalcError, Subtype
from ..results import DENOMINATOR, NUMERATOR, RULE_LABEL_PREFIX, Outcome, Request

logger = logging.getLogger(__name__)

#: (line, message, subtype) per document.
Failure = tuple[int, str, str]


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
            )
            outcome = self.derive(request)
        except MatcalcError as error:
            self.report(error)
            return []
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
        store: dict = getattr(self.env, "matcalc_cache", {})
        self.env.matcalc_cache = store
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
                                   Subtype.DECLARATION, field=field)
            if value is not None:
                self.options[field.strip(":")] = value.strip()
        if self.config.matcalc_layout not in CHOICES[":layout:"]:
            raise MatcalcError(f"matcalc_layout in conf.py must be numerator or denominator, not "
                               f"{self.config.matcalc_layout!r}.", Subtype.DECLARATION,
                               field="matcalc_layout")

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
                                   "with '='.", Subtype.SYNTAX, field=f"line {lineno}")
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

    def field_line(self, field: str) -> int:
        """The line where ``field`` (argument, an option, a step, a line) was written."""
        kind, _, number = field.partition(" ")
        if kind == "step" and 0 < int(number) <= len(self.step_lines):
            return self.step_lines[int(number) - 1]
        if kind == "line":
            return int(number)
        if field.startswith(":"):
            for k, line in enumerate(self.block_text.splitlines()):
                if line.strip().startswith(field):
                    return self.lineno + k
        return self.lineno

    def report(self, error: MatcalcError) -> None:
        """The one place a MatcalcError becomes a located Sphinx message."""
        field = error.field or "argument"
        lineno = self.field_line(field)
        where = "" if field in ("argument", "") or field.startswith("line") else f" (in {field})"
        if field.startswith("matcalc_"):
            where = f" (in conf.py's {field})"
        pointer = error.pointer()
        message = f"{error.message}{where}" + (f"\n{pointer}" if pointer else "")
        record(self.env, self.env.docname, lineno, message, error.subtype.value)
        logger.warning(message, location=(self.env.docname, lineno), type="matcalc",
                       subtype=error.subtype.value)


class RulesDirective(SphinxDirective):
    """``.. matcalc-rules::`` renders the engine's rule catalogue from its registry."""

    option_spec = {"kind": lambda arg: directives.choice(
        (arg or "").strip(), ("derivative", "simplification", "adjoint", "all"))}

    def run(self) -> list[nodes.Node]:
        from .render import catalogue_table  # loads the engine, whose rules fill the catalogue
        kind = self.options.get("kind", "all")
        kinds = ("derivative", "citation", "simplification", "adjoint") if kind == "all" else (
            (kind, "citation") if kind == "derivative" else (kind,))
        content, targets = catalogue_table(kinds)
        for target in targets:
            self.state.document.note_explicit_target(target)
        return content


class ConfigDirective(SphinxDirective):
    """``.. matcalc-config::`` renders the configuration values from their definitions."""

    def run(self) -> list[nodes.Node]:
        from .config import CONFIG
        items = nodes.definition_list()
        for value in CONFIG:
            item = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.literal(text=value.name)
            term += nodes.Text(f" (default {value.default!r})")
            item += term
            definition = nodes.definition()
            self.state.nested_parse(StringList([value.help], source="sphinx_matcalc.config"),
                                    0, definition)
            item += definition
            items += item
        return [items]


def unresolved_rule_link(app: Sphinx, env: BuildEnvironment, node: nodes.Element,
                         contnode: nodes.Element) -> nodes.Node | None:
    """Without a catalogue page, a step's rule name stays plain text (and warns nothing)."""
    if node.get("reftarget", "").startswith(RULE_LABEL_PREFIX):
        return contnode
    return None


def symbols_text(value: Any) -> str:
    """matcalc_symbols as :where: text: a string, or a dict symbol → space."""
    if isinstance(value, str):
        return value
    return "; ".join(f"{name} \\in {space}" for name, space in dict(value).items())


# -- failures in the environment --------------------------------------------------
def record(env: BuildEnvironment, docname: str, lineno: int, message: str, subtype: str) -> None:
    failures: dict[str, list[Failure]] = getattr(env, "matcalc_failures", {})
    failures.setdefault(docname, []).append((lineno, message, subtype))
    env.matcalc_failures = failures


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "matcalc_failures", {}).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.matcalc_cache = {**getattr(env, "matcalc_cache", {}),
                         **getattr(other, "matcalc_cache", {})}
    failures = getattr(env, "matcalc_failures", {})
    for docname, items in getattr(other, "matcalc_failures", {}).items():
        if docname in docnames:
            failures[docname] = items
    env.matcalc_failures = failures


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which documents this build reads; warm the engine up if there are any.

    Warming up here, in the main process before parallel readers are forked,
    makes them inherit the imported engine and latex2sympy2's parser instead of
    each paying for it; a build that reads nothing never loads the engine.
    """
    app.matcalc_read = set(docnames)  # type: ignore[attr-defined]
    if docnames:
        from ..pipeline import warm_up
        warm_up()


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Repeat the messages of pages not re-read, and set the exit status."""
    if exception is not None or app.env is None:
        return
    from sphinx.util.logging import is_suppressed_warning
    failures = getattr(app.env, "matcalc_failures", {})
    read = getattr(app, "matcalc_read", set())
    counted = 0
    for docname in sorted(failures):
        for lineno, message, subtype in failures[docname]:
            if is_suppressed_warning("matcalc", subtype, app.config.suppress_warnings):
                continue
            counted += 1
            if docname not in read:
                logger.warning(message, location=(docname, lineno), type="matcalc",
                               subtype=subtype)
    if counted and app.config.matcalc_fail_on_error:
        app.statuscode = 1
        logger.error(f"sphinx_matcalc: {counted} derivation(s) failed (see the messages above); "
                     "set matcalc_fail_on_error = False to report them as warnings only.")
