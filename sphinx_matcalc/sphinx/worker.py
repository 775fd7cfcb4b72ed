"""The worker process of a serial build: derive and render each request it is sent, in order.

Run by ``background.py`` as ``python -c`` with the parent's copy of the package first on
the path, so it derives with the same code the cache key names. It reads pickled tasks
from stdin and writes pickled answers to stdout (the engine's own output, if any, goes to
stderr); stdin closed is the end. Each answer is what deriving in place would have given:
the same ``derive_request`` and the same ``render``.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from typing import Any, BinaryIO

#: One task: (key, request, timeout, render arguments (show, docname, label, number)).
Task = tuple[str, Any, float, tuple]


def serve() -> None:
    """Answer tasks from stdin on stdout until stdin closes.

    One process: a helper forked once warm was measured slower (each process pays its
    own first-time costs, and the build's writing needs one of the two cores)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it stops us
    tasks, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    sys.stdout = sys.stderr
    from ..pipeline import warm_up
    from . import render  # noqa: F401  (paid once, before the first task)
    warm_up()
    gc.freeze()
    while True:
        try:
            task = pickle.load(tasks)
        except (EOFError, pickle.UnpicklingError):
            return
        _answer(answers, task)


def _answer(answers: BinaryIO, task: Task) -> None:
    """Derive one task and write its answer: (key, ("outcome", outcome, nodes) or ("error",
    error's fields, None))."""
    from ..api import derive_request
    from ..errors import MatcalcError
    from .resolve import unchecked
    from .render import render
    key, request, timeout, (show, docname, label, number) = task
    try:
        outcome = derive_request(request, None, timeout)
    except MatcalcError as error:
        answer = ("error", error.fields(), None)
    else:  # the outcome as derived (the cache keeps that), the nodes as the page shows it
        shown = outcome if request.check else unchecked(outcome, request)
        answer = ("outcome", outcome, render(shown, show, docname, label, number))
    pickle.dump((key, answer), answers, pickle.HIGHEST_PROTOCOL)
    answers.flush()
