"""The ``derive`` directive: options into a Request, the outcome into nodes (in a serial build
a placeholder, resolved before the page is written: ``resolve.py``), errors into located
messages (``report.py``), recorded in the environment (``envdata``)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..api import derive_request
from ..api.written import Written
from ..errors import MatcalcError
from ..results import Outcome, Request
from .envdata import data
from .report import report
from .resolve import Pending, leave, unchecked

logger = logging.getLogger(__name__)


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
        "code": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        self.written = self.as_written()
        self.note_places()
        try:
            request = self.written.request(self.settings())
            self.options["show"] = self.written.chosen().get("show", "steps")
        except MatcalcError as error:  # no request: nothing to label
            return [self.report(error)]
        label, show = self.options.get("label"), self.options.get("show", "steps")
        number = self.note_label(label)
        numbered = label and self.numbered_by_section()
        targets = [] if not label or numbered else [self.target(label)]
        if self.later(request) and not numbered:
            from .cache import key
            return targets + [leave(self.env, Pending(
                key(request), request, self.written, self.env.docname, show, label, number,
                float(self.config.matcalc_timeout)))]
        try:
            outcome = self.derive(request)
        except MatcalcError as error:  # its label points at the message, as when resolved
            return (targets or [self.target(label)] if label else []) + [self.report(error)]
        if not request.check:
            outcome = unchecked(outcome, request)
        from .render import render  # the engine loads only when a derivation is rendered
        made = render(outcome, show, self.env.docname, label, number)
        if numbered:
            self.number_result(made, label)
        return targets + made

    def note_label(self, label: str | None) -> int | None:
        """The equation number of ``label``, noted in the math domain (None: no label)."""
        if not label:
            return None
        domain = self.env.get_domain("math")
        domain.note_equation(self.env.docname, label, location=self.get_location())
        return domain.get_equation_number_for(label)

    def target(self, label: str) -> nodes.target:
        """The target of ``label``'s references, before the derivation."""
        target = nodes.target("", "", ids=[f"equation-{nodes.make_id(label)}"])
        self.state.document.note_explicit_target(target)
        return target

    def numbered_by_section(self) -> bool:
        """Are equations numbered as figures are (numfig and math_numfig)? Then the labelled
        result is the target and carries the id, as Sphinx numbers it while the page is read
        (derived in place, never left for later)."""
        return bool(self.config.numfig and self.config.math_numfig)

    def number_result(self, made: list[nodes.Node], label: str) -> None:
        """Give the labelled result the id its number and references are found by."""
        for block in (b for node in made for b in node.findall(nodes.math_block)):
            if block.get("label") == label:
                block["ids"] = [f"equation-{nodes.make_id(label)}"]
                self.state.document.note_explicit_target(block)
                return

    def later(self, request: Request) -> bool:
        """Is ``request`` derived in the background (a serial build), its placeholder resolved
        before the page is written? Not with ``:code:``: a captioned code block is numbered
        and given its id while the page is read."""
        return data(self.env).later and not request.code

    def settings(self):
        """The configuration values (checked once, at config-inited) this request takes."""
        from ..api.settings import Settings
        return Settings.of({name: self.config[name] for name in
                            ("matcalc_layout", "matcalc_symbols", "matcalc_hadamard",
                             "matcalc_functions")})

    def derive(self, request: Request) -> Outcome:
        """The outcome of ``request``, from the environment's cache when it is there."""
        from ..api.cache import key
        store = data(self.env).cache
        if key(request) not in store:
            logger.debug("[matcalc] deriving %s:%s", self.env.docname, self.lineno)
        return derive_request(request, store, float(self.config.matcalc_timeout))

    def as_written(self) -> Written:
        """The directive's texts and the line of each: the one input ``api.written`` takes."""
        body = []
        for k, line in enumerate(self.content):
            offset = self.content.items[k][1] if self.content.items else None
            body.append((self.content_line(k, offset), line))
        return Written(self.arguments[0], {k: v for k, v in self.options.items()
                                           if isinstance(v, str)},
                       self.lineno, self.block_lines(), body)

    def note_places(self) -> None:
        """Where each line of the directive was written, where that is not the page's own
        line (an included file; after rst_prolog): its messages are located there."""
        own = os.path.realpath(self.env.doc2path(self.env.docname))
        places = {}
        for line in range(self.lineno, self.lineno + len(self.written.block) + 1):
            source, local = self.state_machine.get_source_and_line(line)
            if local is None or source is None:
                continue
            elsewhere = os.path.realpath(source) != own
            if elsewhere or local != line:
                named = os.path.abspath(source) if os.path.exists(source) else source
                places[line] = (named if elsewhere else None, local)  # <rst_epilogue>: as is
        if places:
            data(self.env).places.setdefault(self.env.docname, {}).update(places)

    def block_lines(self) -> list[str]:
        """The directive's text from its first line: docutils' block_text, or (myst-parser 4
        gives none) the lines of the source file, from the fence to the end of the body."""
        if self.block_text.strip():
            return self.block_text.splitlines()
        source, _ = self.get_source_info()
        start = self.lineno - 1
        return source_lines(source)[start:start + self.content_offset + len(self.content) + 2]

    def content_line(self, k: int, offset: int | None) -> int:
        """The absolute line of content line k.

        RST: the line in the whole input (includes, rst_prolog), as ``self.lineno`` is;
        ``note_places`` says where it was written. MyST gives offsets relative to the
        body, whose first line is ``content_offset + 1`` lines below the directive.
        """
        if offset is None:
            return self.lineno + 1 + k
        if type(self.state).__module__.startswith("myst_parser"):
            return self.lineno + self.content_offset + 1 + offset
        return self.content_offset + 1 + k  # in the whole input, as self.lineno is

    def report(self, error: MatcalcError) -> nodes.Node:
        """The located message and the error box, where the derivation would have been."""
        return report(self.env, self.env.docname, self.written, error)


@lru_cache(maxsize=64)
def source_lines(source: str) -> list[str]:
    """A source file's lines ([] where there is no such file)."""
    try:
        return Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return []
