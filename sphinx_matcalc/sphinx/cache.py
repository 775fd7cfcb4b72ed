"""Derivations cached by what determines them: the request and the engine's version.

The cache lives in the Sphinx environment (so it is pickled between builds
and merged from parallel readers). A page that is re-read but whose
derivations did not change, or a derivation repeated on many pages, costs a
dictionary look-up. Errors that depend on the machine (time-outs, internal
errors) are never cached.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import MatcalcError, Subtype
from ..results import Outcome, Request

LIMIT = 5000  # entries kept; the oldest go first
UNCACHED = {Subtype.TIMEOUT, Subtype.INTERNAL}


@lru_cache(maxsize=None)
def engine_version() -> str:
    """A hash of the package's own source: any change to the engine invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(str(path.relative_to(Path(__file__).parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(request: Request) -> str:
    """The cache key of a request (every field counts, and the engine's version)."""
    return hashlib.sha256(repr((engine_version(), astuple(request))).encode()).hexdigest()


def lookup(cache: dict[str, Any], request: Request) -> Outcome | None:
    """The cached outcome, or raise the cached error, or None when not cached."""
    entry = cache.get(key(request))
    if entry is None:
        return None
    if isinstance(entry, Outcome):
        return entry
    message, subtype, start, end, source, field = entry
    raise MatcalcError(message, Subtype(subtype), start, end, source, field)


def store(cache: dict[str, Any], request: Request, outcome: Outcome | None = None,
          error: MatcalcError | None = None) -> None:
    """Remember an outcome or an input error (not a time-out or an internal error)."""
    if error is not None and error.subtype in UNCACHED:
        return
    cache[key(request)] = outcome if outcome is not None else (
        error.message, error.subtype.value, error.start, error.end, error.source, error.field)
    while len(cache) > LIMIT:
        cache.pop(next(iter(cache)))
