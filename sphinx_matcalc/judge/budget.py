"""Work within a time: SymPy's solvers and simplifications can take minutes on some input.

The judge gives each such call a budget and takes no answer past it: a solve that takes too
long states nothing (no zero, no switch), never a verdict.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any, Callable


class _Spent(BaseException):
    """The budget of one solveset call ran out (a BaseException: SymPy's ``except
    Exception`` must not swallow it)."""


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """``work()``, or None where it fails or takes more than ``seconds`` (solveset can take
    minutes: sin x + sin 2x + sin 3x + cos 5x). Outside the main thread no timer can be set,
    and nothing is solved. A timer of the caller (the derivation's time limit) is re-armed
    with what is left of it; if it would run out first, it is left to stop the work."""
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        return None
    outer, interval = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:
        try:
            return work()
        except Exception:  # noqa: BLE001  (solveset raises what it likes: no zero)
            return None

    done: list[bool] = []

    def spent(signum: int, frame: Any) -> None:
        if not done:
            raise _Spent

    hook = sys.unraisablehook

    def swallowed(unraisable: Any) -> None:  # raised again at the next tick, as the time
        if not isinstance(unraisable.exc_value, _Spent):  # limit's is (pipeline.time_limit)
            hook(unraisable)

    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, spent)
    sys.unraisablehook = swallowed
    # again every 50 ms: a raise that lands in a gc callback or a __del__ is swallowed there
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        return work()
    except (Exception, _Spent):  # noqa: BLE001
        return None
    finally:
        done.append(True)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3),
                             interval)
