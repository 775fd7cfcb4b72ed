"""The extension's state in the Sphinx environment: one object, purged and merged.

Failures live here (like sphinx.ext.todo's data) and the exit status is
decided once, at ``build-finished``: so a wrong derivation fails every build,
also an incremental one that does not re-read the page, and also under
``-j N``. The derivation cache lives here too, so it is pickled between builds
and merged from parallel readers.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

logger = logging.getLogger(__name__)

#: (line, message, subtype) of one failed derivation.
Failure = tuple[int, str, str]


#: What the environment keeps of ``MatcalcData`` between builds.
KEPT = ("cache", "failures", "pending", "places")


@dataclass
class MatcalcData:
    """Everything the extension keeps between documents and builds."""

    cache: dict[str, Any] = field(default_factory=dict)  # request key -> outcome or error
    failures: dict[str, list[Failure]] = field(default_factory=dict)  # by document
    #: by document, the derivations left as placeholders (``resolve.Pending``)
    pending: dict[str, list[Any]] = field(default_factory=dict)
    #: by document, line in the whole input -> (the file, when another, and its line there)
    places: dict[str, dict[int, tuple[str | None, int]]] = field(default_factory=dict)
    # not pickled: what this build read, whether it derives in the background (a serial
    # build), what it asked of the worker, the placeholders it resolved and the failures it
    # reported after reading
    read: set[str] = field(default_factory=set)
    later: bool = False
    asked: set[str] = field(default_factory=set)
    resolved: set[tuple] = field(default_factory=set)
    reported: set[tuple] = field(default_factory=set)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in KEPT}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """What was kept; the rest as a new build starts it."""
        self.__init__(**{k: v for k, v in state.items() if k in KEPT})


def data(env: BuildEnvironment) -> MatcalcData:
    """The environment's MatcalcData (an environment from before it existed gets one)."""
    if not isinstance(getattr(env, "matcalc", None), MatcalcData):
        env.matcalc = MatcalcData()  # type: ignore[attr-defined]
    return env.matcalc  # type: ignore[attr-defined]


def location(env: BuildEnvironment, docname: str, lineno: int) -> tuple[str, int] | str:
    """A message's location: (docname, line), ``file:line`` for a line of an included file,
    or in a notebook read by myst-nb the cell and its line (``nb.ipynb:cell 3, line 5``), as
    ``matcalc check`` names it."""
    from ..api.written import NOTEBOOK_CELL, place
    path = str(env.doc2path(docname))
    if path.endswith(".ipynb") and lineno > NOTEBOOK_CELL:
        return place(path, lineno)
    source, line = data(env).places.get(docname, {}).get(lineno, (None, lineno))
    return f"{source}:{line}" if source else (docname, line)


def record(env: BuildEnvironment, docname: str, lineno: int, message: str, subtype: str) -> None:
    """Remember a failure of ``docname`` at ``lineno``."""
    data(env).failures.setdefault(docname, []).append((lineno, message, subtype))


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    data(env).failures.pop(docname, None)
    data(env).pending.pop(docname, None)
    data(env).places.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine, theirs = data(env), data(other)
    mine.cache.update(theirs.cache)
    for docname, items in theirs.failures.items():
        if docname in docnames:
            mine.failures[docname] = items
    for name in ("pending", "places"):
        for docname, items in getattr(theirs, name).items():
            if docname in docnames:
                getattr(mine, name)[docname] = items


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which documents this build reads; if there are any, start the worker of a
    serial build (``background.py``), or warm the engine up for parallel readers.

    Warming up here, in the main process before parallel readers are forked,
    makes them inherit the imported engine and latex2sympy2's parser instead of
    each paying for it; a build that reads nothing never loads the engine.
    """
    state = data(env)
    state.read, state.later = set(docnames), app.parallel <= 1
    state.asked, state.resolved, state.reported = set(), set(), set()
    if docnames and state.later:  # a serial build: the worker derives, and warms up itself
        from .background import worker
        worker()
    elif docnames:
        from ..pipeline import warm_up
        from . import render  # noqa: F401  (rendering is part of every derivation's cost)
        warm_up()
        _freeze_once()


def _freeze_once() -> None:
    """SymPy's and ANTLR's objects, loaded by the first warm-up, live as long as the process:
    the garbage collector need not walk them again at every collection. Once per process, so
    that a process running many builds (tests) never freezes an earlier build's garbage."""
    global _FROZEN
    if not _FROZEN:
        _FROZEN = True
        gc.freeze()


_FROZEN = False


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Repeat the messages of pages not re-read, and set the exit status."""
    if exception is not None or app.env is None:
        return
    state = data(app.env)
    counted = getattr(app, "matcalc_config_errors", 0)
    for docname in sorted(state.failures):
        for lineno, message, subtype in state.failures[docname]:
            if is_suppressed_warning("matcalc", subtype, app.config.suppress_warnings):
                continue
            counted += 1
            if docname not in state.read and (docname, lineno, message, subtype) not in (
                    state.reported):
                logger.warning(message, location=location(app.env, docname, lineno),
                               type="matcalc", subtype=subtype)
    if counted and app.config.matcalc_fail_on_error:
        app.statuscode = 1
        logger.error(f"sphinx_matcalc: {counted} derivation(s) failed (see the messages above); "
                     "set matcalc_fail_on_error = False to report them as warnings only.")
