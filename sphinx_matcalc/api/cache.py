"""Derivations cached by what determines them: the request and the engine's version.

One key for the build and the command line. The build keeps its cache in the
Sphinx environment (pickled between builds, merged from parallel readers);
``matcalc check`` keeps the same entries in a JSON file in a cache directory
(``DiskCache``). Errors that depend on the machine (time-outs, internal errors)
are never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, astuple
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Field, MatcalcError, Subtype
from ..results import Outcome, Request, Result, Step

LIMIT = 5000  # entries kept; the oldest go first
UNCACHED = {Subtype.TIMEOUT, Subtype.INTERNAL}
FILE = "derivations.json"


@lru_cache(maxsize=None)
def engine_version() -> str:
    """A hash of the package's own source: any change to the engine invalidates the cache."""
    root = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root).as_posix()).encode())
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
    raise MatcalcError.of_fields(entry)


def store(cache: dict[str, Any], request: Request, outcome: Outcome | None = None,
          error: MatcalcError | None = None) -> None:
    """Remember an outcome or an input error (not a time-out or an internal error)."""
    if error is not None and error.subtype in UNCACHED:
        return
    cache[key(request)] = outcome if outcome is not None else error.fields()
    while len(cache) > LIMIT:
        cache.pop(next(iter(cache)))


def default_directory() -> Path:
    """The user's cache directory: $MATCALC_CACHE_DIR, else $XDG_CACHE_HOME/sphinx_matcalc,
    else ~/.cache/sphinx_matcalc (%LOCALAPPDATA% on Windows)."""
    if os.environ.get("MATCALC_CACHE_DIR"):
        return Path(os.environ["MATCALC_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    return Path(base or Path.home() / ".cache") / "sphinx_matcalc"


class DiskCache(dict):
    """The cache as a JSON file in ``directory`` (plain data: nothing in it is executed).

    A missing, unreadable or foreign file is an empty cache; saving writes a new file and
    renames it over the old one, so a run that is stopped never leaves half a file.
    """

    def __init__(self, directory: Path | str | None):
        super().__init__()
        self.path = Path(directory) / FILE if directory is not None else None
        if self.path is None:
            return
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
            for name, entry in entries.get("entries", {}).items():
                self[name] = _decoded(entry)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.clear()

    def save(self) -> None:
        if self.path is None:
            return
        entries = {name: _encoded(entry) for name, entry in self.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.path.parent, delete=False,
                                             suffix=".tmp", encoding="utf-8") as out:
                json.dump({"format": 1, "entries": entries}, out)
            os.replace(out.name, self.path)
        except OSError:
            pass  # a cache that cannot be written is a slower next run, not a failure


def _encoded(entry: Any) -> dict[str, Any]:
    if isinstance(entry, Outcome):
        return {"outcome": asdict(entry)}
    message, subtype, start, end, source, where = entry
    return {"error": [message, subtype, start, end, source, asdict(where)]}


def _decoded(entry: dict[str, Any]) -> Any:
    if "outcome" in entry:
        results = [Result(**{**r, "steps": [Step(**s) for s in r["steps"]]})
                   for r in entry["outcome"]["results"]]
        return Outcome(results)
    message, subtype, start, end, source, where = entry["error"]
    return (message, subtype, start, end, source, Field(**where))
