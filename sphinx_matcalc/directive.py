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
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .engine import DENOMINATOR, NUMERATOR
from .errors import MatcalcError, Subtype
from .pipeline import Request, run
from .render import render

logger = logging.getLogger(__name__)

#: (line, message, subtype) per document.
Failure = tuple[int, str, str]


def _choice(*values: str):
    return lambda arg: directives.choice((arg or "").strip(), values)


class DeriveDirective(SphinxDirective):
    """``.. derive:: f`` with ``:wrt:``; optional steps in the body, one per '=' line."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "wrt": directives.unchanged,
        "where": directives.unchanged,
        "expect": directives.unchanged,
        "layout": _choice(NUMERATOR, DENOMINATOR),
        "show": _choice("steps", "result"),
        "label": directives.unchanged,
        "check": _choice("on", "off"),
    }

    def run(self) -> list[nodes.Node]:
        steps, step_lines = self.step_texts()
        request = Request(
            function=self.arguments[0],
            wrt=self.options.get("wrt", ""),
            where=self.options.get("where", ""),
            expect=self.options.get("expect", ""),
            layout=self.options.get("layout", self.config.matcalc_layout),
            steps=steps,
            symbols=symbols_text(self.config.matcalc_symbols),
            hadamard=tuple(self.config.matcalc_hadamard),
            check=self.options.get("check", "on") == "on",
        )
        self._step_lines = step_lines
        try:
            if any(line is None for line in step_lines):
                k = step_lines.index(None)
                raise MatcalcError("Each line of a derivation's body is one step and must start "
                                   "with '='.", Subtype.SYNTAX, field=f"line {k}")
            outcome = run(request)
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
        return targets + render(outcome, self.options.get("show", "steps"), self.env.docname,
                                label, number)

    def step_texts(self) -> tuple[list[str], list[int | None]]:
        """The body's steps without their '=', and each one's line (None if malformed)."""
        steps, lines = [], []
        for k, line in enumerate(self.content):
            text = line.strip()
            if not text:
                continue
            source, offset = self.content.items[k] if self.content.items else (None, None)
            lineno = self.content_line(k, offset)
            if not text.startswith("="):
                lines.append(None)
                steps.append(text)
                self._bad_line = lineno
                continue
            steps.append(text[1:])
            lines.append(lineno)
        return steps, lines

    def content_line(self, k: int, offset: int | None) -> int:
        """The absolute line of content line k (RST offsets are absolute, MyST's relative)."""
        if offset is None:
            return self.lineno + 1 + k
        if offset + 1 >= self.lineno:
            return offset + 1
        return self.lineno + offset + 1 + self._content_gap()

    def _content_gap(self) -> int:
        """Lines between the directive's first line and its body (options, blank line)."""
        lines = self.block_text.splitlines()
        for k, line in enumerate(lines[1:], start=1):
            if self.content and line.strip() == self.content[0].strip():
                return k - 1
        return len(self.options)

    def field_line(self, field: str) -> int:
        """The line where ``field`` (argument, an option, a step) was written."""
        if field.startswith("step "):
            k = int(field.split()[1]) - 1
            known = [line for line in self._step_lines]
            if 0 <= k < len(known) and known[k] is not None:
                return known[k]
        if field.startswith("line "):
            return getattr(self, "_bad_line", self.lineno)
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
        if field == "matcalc_symbols":
            where = " (in conf.py's matcalc_symbols)"
        pointer = error.pointer()
        message = f"{error.message}{where}" + (f"\n{pointer}" if pointer else "")
        record(self.env, self.env.docname, lineno, message, error.subtype.value)
        logger.warning(message, location=(self.env.docname, lineno), type="matcalc",
                       subtype=error.subtype.value)


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
    failures = getattr(env, "matcalc_failures", {})
    for docname, items in getattr(other, "matcalc_failures", {}).items():
        if docname in docnames:
            failures[docname] = items
    env.matcalc_failures = failures


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which documents this build reads (their messages come out while reading)."""
    app.matcalc_read = set(docnames)  # type: ignore[attr-defined]


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
