"""The Python API: derive one expression, or check every derivation under some paths.

``derive`` and ``check`` are what the ``matcalc`` command runs, and
``derive_request`` is what the ``derive`` directive runs; none of them imports
Sphinx. ``sphinx_matcalc.derive`` and ``sphinx_matcalc.check`` are these.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..errors import MatcalcError
from ..results import DEFAULT_HADAMARD, Outcome, Request
from .settings import Settings, symbols_text
from .written import Written

if TYPE_CHECKING:
    from .checking import Report

__all__ = ["Failure", "MatcalcError", "Report", "check", "derive", "derive_request"]


def __getattr__(name: str) -> Any:
    """``Failure`` and ``Report`` (``check``'s results), imported when first asked for: a
    Sphinx build, which never runs ``check``, does not load what finding files needs."""
    if name in ("Failure", "Report"):
        from . import checking
        return getattr(checking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def derive_request(request: Request, cache: dict[str, Any] | None = None,
                   timeout: float | None = 10.0) -> Outcome:
    """The outcome of ``request``, from ``cache`` when it is there (and stored there after).

    Raises ``MatcalcError`` (also a cached one) for input that cannot be derived or a claim
    that is wrong.
    """
    from ..pipeline import run
    from .cache import lookup, store
    if cache is not None:
        outcome = lookup(cache, request)
        if outcome is not None:
            return outcome
    try:
        outcome = run(request, timeout=timeout)
    except MatcalcError as error:
        if cache is not None:
            store(cache, request, error=error)
        raise
    if cache is not None:
        store(cache, request, outcome)
    return outcome


def derive(function: str, wrt: str, *, where: str = "", expect: str = "",
           layout: str = "numerator", steps: Iterable[str] = (), let: str = "",
           symbols: str | dict[str, str] = "", hadamard: Iterable[str] = DEFAULT_HADAMARD,
           check: bool = True, code: str = "", timeout: float | None = 10.0) -> Outcome:
    r"""Derive ``function`` (LaTeX) with respect to each variable of ``wrt``, as the directive.

    The keywords are the directive's options (``where`` for ``:where:`` and so on) and the
    configuration values (``symbols`` for ``matcalc_symbols``); ``steps`` are the body's
    lines without their ``=``; ``code="numpy"`` also generates a checked numpy function
    (``Result.code``). Returns an ``Outcome`` (one ``Result`` per variable, strings only:
    the steps, the result in LaTeX, its shape); raises ``MatcalcError`` with a message, a
    subtype and a position when the input cannot be read or derived, or a claim
    (``expect`` or a step) is wrong.

    >>> derive(r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}").results[0].result
    '\\mathbf{x}^T'
    """
    options = {"wrt": wrt, "where": where, "layout": layout, "let": let,
               "check": "on" if check else "off"}
    if expect:  # no claim (an :expect: written empty on a page is an error)
        options["expect"] = expect
    if code:
        options["code"] = code
    written = Written(function, options, 1, body=[(1, f"= {s}") for s in steps])
    settings = Settings(symbols=symbols_text(symbols), hadamard=tuple(hadamard))
    return derive_request(written.request(settings), None, timeout)


def check(*paths: str | os.PathLike, conf: bool = True, jobs: int = 1,
          cache_dir: str | os.PathLike | None = None, cache: bool = True,
          shard: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> Report:
    """Check every ``derive`` directive in the .rst and .md files under ``paths``.

    Each file takes its ``matcalc_*`` settings from the nearest conf.py above it, run as
    Sphinx runs it (``conf=False``: only its literal assignments are read, nothing is
    run). ``jobs`` processes derive in parallel (0: one per CPU when there are many
    derivations to make); outcomes are cached between runs in
    ``cache_dir`` (default ``~/.cache/sphinx_matcalc``, or ``$MATCALC_CACHE_DIR``) unless
    ``cache`` is false; ``shard="K/N"`` checks the K-th of N deterministic shards of the
    files; ``progress(done, total)`` is called as derivations finish. Returns a ``Report``: ``report.ok`` is false when a derivation failed, and each
    ``Failure`` gives the file and line the Sphinx build reports it at.
    """
    from .checking import check as run_check
    return run_check(paths, run_conf=conf, jobs=jobs, cache_dir=cache_dir, use_cache=cache,
                     shard_spec=shard, progress=progress)
