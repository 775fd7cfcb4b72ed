"""One worker process that derives while a serial build reads and writes its pages.

A serial build reads every page, then writes them. Deriving inside the directive made
reading wait for the engine, and the second core sat idle. Instead, in a serial build, the
directive hands its request here and leaves a placeholder (``resolve.py``). The worker
(``worker.py``) derives and renders the requests in page order, while Sphinx goes on
reading and then writing. Each placeholder takes its answer just before its page is
written.

The worker is started once per process and kept for later builds (tests run many). If it
cannot start, or dies, ``answer`` returns None and the page derives in place, as a
parallel build does.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

#: What the worker is started with: this copy of the package first on the path.
_START = ("import sys; sys.path.insert(0, {root!r}); "
          "from sphinx_matcalc.sphinx.worker import serve; serve()")

#: Thread pools of numeric libraries, kept to one thread in the worker.
_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class Background:
    """The worker process, the tasks sent to it and the answers it gave."""

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parents[2])
        single = {name: "1" for name in _THREADS}  # the build's writing has the other core
        self.process = subprocess.Popen([sys.executable, "-c", _START.format(root=root)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env={**os.environ, **single})
        self.patience = 30.0  # seconds without an answer before the worker is given up
        self.last = time.monotonic()
        self.asked: set[str] = set()
        self.made_for: dict[str, tuple] = {}  # key -> the render arguments it was asked with
        self.answers: dict[str, tuple] = {}
        self.arrived = threading.Condition()
        self.alive = True
        self.queue: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()

    def ask(self, key: str, request: Any, timeout: float, render_args: tuple) -> None:
        """Have the worker derive ``request`` (once per key and build)."""
        if key in self.asked or not self.alive:
            return
        # a derivation stops at its time limit; with none (0), the worker is never given up
        self.patience = max(self.patience, timeout + 30.0 if timeout > 0 else float("inf"))
        with self.arrived:
            if self.asked <= set(self.answers):  # idle until now: the wait starts here
                self.last = time.monotonic()
            self.asked.add(key)
            self.made_for[key] = render_args
            self.queue.append(pickle.dumps((key, request, timeout, render_args),
                                           pickle.HIGHEST_PROTOCOL))
            self.arrived.notify_all()

    def answer(self, key: str) -> tuple | None:
        """The worker's answer for ``key`` (waiting for it), or None if it was not asked or
        the worker is gone."""
        with self.arrived:
            while key not in self.answers:
                if key not in self.asked or not self.alive:
                    return None
                if time.monotonic() - self.last > self.patience:  # stuck: derive in place
                    self.alive = False
                    self.process.kill()
                    return None
                self.arrived.wait(1.0)
            return self.answers[key]

    def take_nodes(self, key: str) -> list | None:
        """The nodes the worker made for ``key``, once (a second placeholder renders its own:
        nodes have one parent)."""
        with self.arrived:
            kind, payload, made = self.answers[key]
            self.answers[key] = (kind, payload, None)
            return made

    def forget(self) -> None:
        """A build ended: its answers are in the environment now."""
        with self.arrived:
            self.asked -= set(self.answers)  # those still on their way stay asked
            self.answers.clear()

    def close(self) -> None:
        """Stop the worker at once (it keeps nothing: what it answered is in the build's
        environment) and wait for it."""
        with self.arrived:
            self.alive = False
            self.arrived.notify_all()
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def _write(self) -> None:
        """Send the tasks in the order asked (a thread: a full pipe never blocks a build)."""
        while True:
            with self.arrived:
                while not self.queue and self.alive:
                    self.arrived.wait()
                if not self.alive:
                    return
                task = self.queue.pop(0)
            try:
                self.process.stdin.write(task)
                self.process.stdin.flush()
            except (OSError, ValueError):
                self._gone()
                return

    def _read(self) -> None:
        """Collect the answers as they come."""
        while True:
            try:
                key, answer = pickle.load(self.process.stdout)
            except Exception:  # noqa: BLE001  (EOF, a broken pipe: the worker is gone)
                self._gone()
                return
            with self.arrived:
                self.answers[key] = answer
                self.last = time.monotonic()
                self.arrived.notify_all()

    def _gone(self) -> None:
        with self.arrived:
            self.alive = False
            self.arrived.notify_all()


_WORKER: list[Background] = []


def worker() -> Background | None:
    """The process's worker, started on first use; None where it cannot be started."""
    if _WORKER and not _WORKER[0].alive:
        _WORKER.clear()
    if not _WORKER:
        try:
            _WORKER.append(Background())
        except OSError:
            return None
        atexit.register(shutdown)
    return _WORKER[0]


def running() -> Background | None:
    """The worker if one is running (never starts one)."""
    return _WORKER[0] if _WORKER and _WORKER[0].alive else None


def shutdown() -> None:
    """Stop the worker, if there is one (at exit; the benchmark, to count its memory)."""
    while _WORKER:
        _WORKER.pop().close()
