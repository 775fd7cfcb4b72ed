"""Placeholders for derivations made in the background, resolved before their page is written.

In a serial build the directive records its request and leaves a ``pending_derivation``
node, while ``background.py`` derives. Just before a page is written, a post-transform
replaces each placeholder with the derivation's nodes, or with its error box and located
message. At the end of the build every placeholder has been resolved, also on pages no
builder writes, so every failure counts. Sphinx pickles the environment before pages are
written (with what is pending, so that a build stopped before the end leaves it to the
next), so it is saved again here with the answers: the next build knows them.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from docutils.utils import new_document
from sphinx.transforms import SphinxSmartQuotes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..results import Outcome, Request
from . import background
from .envdata import data
from .report import report

logger = logging.getLogger(__name__)


class pending_derivation(nodes.General, nodes.Element):  # noqa: N801  (docutils' node names)
    """A derivation whose nodes are made before its page is written."""


@dataclass
class Pending:
    """What a placeholder needs to become the derivation: the request and how it is shown."""

    key: str
    request: Request
    written: object  # the directive's api.written.Written, for the line of a message
    docname: str
    show: str
    label: str | None
    number: int | None
    timeout: float

    @property
    def ident(self) -> tuple[str, int, str]:
        return self.docname, self.written.lineno, self.key


def leave(env: BuildEnvironment, pending: Pending) -> nodes.Node:
    """The placeholder of ``pending``; the worker is asked for it unless it is cached."""
    state = data(env)
    state.pending.setdefault(pending.docname, []).append(pending)
    if pending.key not in state.cache and pending.key not in state.asked:
        state.asked.add(pending.key)
        logger.debug("[matcalc] deriving %s:%s", pending.docname, pending.written.lineno)
        worker = background.worker()
        if worker is not None:
            worker.ask(pending.key, pending.request, pending.timeout,
                       (pending.show, pending.docname, pending.label, pending.number))
    node = pending_derivation()
    node["pending"] = pending
    return node


#: What the smart-quotes transform changes (quotes, and by default -- and ... too).
QUOTES = ("'", '"', "`", "--", "...")


class ResolveDerivations(SphinxPostTransform):
    """Each placeholder becomes its derivation (before references: it holds rule links)."""

    default_priority = 5

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(pending_derivation)):
            node.replace_self(self.educated(resolved(self.env, node["pending"])))

    def educated(self, made: list[nodes.Node]) -> list[nodes.Node]:
        """``made`` with the typographic quotes the page's own text got when it was read
        (Sphinx's smart-quotes transform, on a document holding only these nodes)."""
        if not any(quote in text for node in made for text in _prose(node) for quote in QUOTES):
            return made
        holder = new_document(self.document.get("source", ""), self.document.settings)
        holder.extend(made)
        SphinxSmartQuotes(holder, startnode=None).apply()
        educated = list(holder.children)
        holder.clear()
        return educated


def _prose(node: nodes.Node):
    """The text of ``node`` that smart quotes apply to (not math, not code)."""
    for text in node.findall(nodes.Text):
        if not isinstance(text.parent, (nodes.math, nodes.math_block, nodes.FixedTextElement,
                                        nodes.literal, nodes.raw)):
            yield text


def resolved(env: BuildEnvironment, pending: Pending) -> list[nodes.Node]:
    """The nodes of a derivation, or its error box (the message reported once)."""
    from ..errors import MatcalcError
    state = data(env)
    state.resolved.add(pending.ident)
    try:
        outcome, made = _answer(env, pending)
    except MatcalcError as error:
        return [report(env, pending.docname, pending.written, error)]
    if made is not None:
        return made
    from .render import render
    shown = outcome if pending.request.check else unchecked(outcome, pending.request)
    return render(shown, pending.show, pending.docname, pending.label, pending.number)


def _answer(env: BuildEnvironment, pending: Pending) -> tuple[object, list | None]:
    """(outcome, nodes made by the worker or None); raises the derivation's error."""
    from ..api import derive_request
    from ..errors import MatcalcError
    from .cache import lookup, store
    cache = data(env).cache
    cached = lookup(cache, pending.request)
    if cached is not None:
        return cached, None
    worker = background.running()
    got = worker.answer(pending.key) if worker is not None else None
    if got is None:  # no worker, or it is gone: derive here, as a parallel build does
        return derive_request(pending.request, cache, pending.timeout), None
    kind, payload, made = got
    if kind == "error":
        error = MatcalcError.of_fields(payload)
        store(cache, pending.request, error=error)
        raise error
    store(cache, pending.request, payload)
    same = (pending.show, pending.docname, pending.label, pending.number)
    return payload, worker.take_nodes(pending.key) if worker.made_for.get(pending.key) == same \
        else None


def note_equations(app: Sphinx, doctree: nodes.document) -> None:
    """A page whose derivations are still placeholders has equations (Sphinx 7 adds MathJax
    to a page by what it saw when reading)."""
    if next(iter(doctree.findall(pending_derivation)), None) is None:
        return
    equations = app.env.get_domain("math").data.get("has_equations")
    if isinstance(equations, dict):
        equations[app.env.docname] = True


def complete(app: Sphinx, exception: Exception | None) -> None:
    """Resolve what no page written resolved, then save the environment with the answers."""
    if exception is not None or app.env is None:
        return
    state = data(app.env)
    # every placeholder of a page read now, and every one an earlier build left pending (it
    # stopped after Sphinx saved the environment, before the end saved the answers: its
    # failures may be lost, cached or not); an answered one is reported once, as it is known
    for items in list(state.pending.values()):
        for pending in items:
            if pending.ident not in state.resolved:
                resolved(app.env, pending)
    if state.resolved:  # all answered, cached or failed: none is pending for the next build
        state.pending = {}
        _save_answers(app, state)
    worker = background.running()
    if worker is not None:
        worker.forget()


def _save_answers(app: Sphinx, state) -> None:
    """Put the answers into the environment Sphinx saved before writing (not the one in
    memory, which the writers have added to since: a larger file to load every build)."""
    from sphinx.application import ENV_PICKLE_FILENAME
    path = app.doctreedir / ENV_PICKLE_FILENAME
    try:
        with open(path, "rb") as saved:
            env = pickle.load(saved)
        env.matcalc = state
        with open(path, "wb") as out:
            pickle.dump(env, out, pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass  # the next build derives again what it cannot find: slower, not wrong


def unchecked(outcome: Outcome, request: Request) -> Outcome:
    """Under ``:check: off``, each result shows the author's steps and claim, not checked."""
    claims = [*request.steps, *([request.expect] if request.expect.strip() else [])]
    if not claims:
        return outcome
    return replace(outcome, results=[
        result if result.checked or result.unchecked else replace(result, unchecked=list(claims))
        for result in outcome.results])
