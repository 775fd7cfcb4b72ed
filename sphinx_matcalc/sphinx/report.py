"""The one place a ``MatcalcError`` becomes a located Sphinx message, and the page's error box.

Used by the directive (input that cannot become a request, a derivation made in place) and
by a placeholder resolved before its page is written (``resolve.py``); so both report alike.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..api.written import Written, message
from ..errors import MatcalcError
from .envdata import data, location, record

logger = logging.getLogger(__name__)


def report(env: BuildEnvironment, docname: str, written: Written,
           error: MatcalcError) -> nodes.Node:
    """Record and report the failure (once: not again where this build already has it at
    that line), and return the error box shown where the derivation would have been."""
    text = message(error)
    lineno = written.line(error.field)
    failure = (lineno, text, error.subtype.value)
    state = data(env)
    if failure not in state.failures.get(docname, []):
        record(env, docname, *failure)
        state.reported.add((docname, *failure))
        logger.warning(text, location=location(env, docname, lineno), type="matcalc",
                       subtype=error.subtype.value)
    from .render import error_box
    box = error_box(message(error, pointer=False), error.pointer())
    box.source, box.line = env.doc2path(docname), lineno
    return box
