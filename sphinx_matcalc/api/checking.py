"""``check``: every derive directive under some paths, checked as the build checks it.

Files are found (``.rst``, and ``.md`` where the project reads MyST), each
file's project settings taken from its conf.py (``project.py``), its
directives read with their lines (``scan.py``), and each request derived by
the same pipeline as the build, through the same cache key; ``jobs`` > 1 runs
the derivations in worker processes. The result is plain data: one
``Failure`` per message, at the line the build would report.
"""

from __future__ import annotations

import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import Field, MatcalcError, Subtype
from ..results import Outcome, Request
from . import cache as caching
from .project import Project, find
from .scan import directives
from .written import Written, message, place

SUFFIXES = (".rst", ".md", ".ipynb")
#: Directories never searched: builds, environments, caches and hidden ones.
SKIPPED = {"_build", "node_modules", "__pycache__", "site-packages", "venv", ".venv",
           "jupyter_execute"}  # (myst-nb's copies of executed notebooks)


@dataclass
class Failure:
    """One message: the file and line the build reports it at, its text and subtype."""

    path: str
    line: int
    message: str
    subtype: str
    fatal: bool = True  # False where conf.py says matcalc_fail_on_error = False

    def __str__(self) -> str:
        first, *rest = self.message.split("\n")
        more = "".join(f"\n    {r}" for r in rest)
        return f"{place(self.path, self.line)}: {first} [matcalc.{self.subtype}]{more}"


@dataclass
class Report:
    """What ``check`` found: the files and derivations checked, and every failure."""

    files: list[str] = field(default_factory=list)
    derivations: int = 0
    cached: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No failure that fails the build (exit status 0)."""
        return not any(f.fatal for f in self.failures)

    def summary(self) -> str:
        failed = len({(f.path, f.line) for f in self.failures})
        words = (f"{self.derivations} derivation(s) in {len(self.files)} file(s)"
                 f"{f' ({self.cached} from the cache)' if self.cached else ''}")
        if not self.failures:
            return f"matcalc: {words} checked, all correct."
        return f"matcalc: {words} checked, {failed} failed."


def files_under(paths: Iterable[str | os.PathLike], run_conf: bool = True) -> list[Path]:
    """The .rst, .md and .ipynb files the build would read, under ``paths`` or named."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_file():  # a named file: checked if its project's build would read it
            if path.suffix in SUFFIXES and find(path.parent, run_conf).reads(path):
                found.append(path)
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
            for name in sorted(names):
                file = Path(root) / name
                if file.suffix in SUFFIXES and find(file.parent, run_conf).reads(file):
                    found.append(file)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: p.as_posix())


def shard(files: list[Path], spec: str | None) -> list[Path]:
    """The files of shard ``K/N`` (K from 1): each file belongs to exactly one shard, by a
    hash of its path, so the split does not change with the machine or the order given."""
    if not spec:
        return files
    k, n = parse_shard(spec)
    return [f for f in files if zlib.crc32(f.as_posix().encode()) % n == k - 1]


def parse_shard(spec: str) -> tuple[int, int]:
    """``K/N`` with 1 ≤ K ≤ N, else ValueError."""
    try:
        k, n = (int(part) for part in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes K/N such as 1/4, not {spec!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard K/N needs 1 ≤ K ≤ N, not {spec!r}")
    return k, n


@dataclass
class _Item:
    path: str
    written: Written
    project: Project
    request: Request | None = None


#: With ``jobs=0``, derivations are made in one process per CPU from this many on (each
#: process imports the engine, about half a second), else in this one.
AUTO_FROM = 16


def check(paths: Iterable[str | os.PathLike], *, run_conf: bool = True, jobs: int = 1,
          cache_dir: str | os.PathLike | None = None, use_cache: bool = True,
          shard_spec: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> Report:
    """Check every derive directive in the .rst and .md files under ``paths``.

    Settings come from the nearest conf.py above each file (run as Sphinx runs it, or with
    ``run_conf=False`` only its literal assignments read). ``jobs`` worker processes derive
    (0: one per CPU from ``AUTO_FROM`` derivations to make, else one);
    outcomes are cached in ``cache_dir`` (default: the user's cache directory) unless
    ``use_cache`` is false; ``shard_spec`` ``"K/N"`` checks only the K-th of N shards;
    ``progress(done, total)`` is called as derivations finish.
    """
    files = shard(files_under(paths, run_conf), shard_spec)
    report = Report(files=[str(f) for f in files])
    items: list[_Item] = []
    seen_conf: set[Path] = set()
    for file in files:
        project = find(file.parent, run_conf)
        if project.root is not None and project.root not in seen_conf:
            seen_conf.add(project.root)
            conf = _shown(project.root / "conf.py", file)
            report.failures += [Failure(conf, line, text, Subtype.DECLARATION.value)
                                for line, text in project.problems]
        text = file.read_text(encoding="utf-8", errors="replace")
        for written in directives(text, file.suffix):
            report.derivations += 1
            item = _Item(str(file), written, project)
            try:
                item.request = written.request(project.settings)
            except MatcalcError as error:
                report.failures.append(_failure(item, error))
                continue
            items.append(item)
    store = caching.DiskCache((cache_dir or caching.default_directory()) if use_cache else None)
    answers, cached = _derive(items, store, jobs, progress)
    for item in items:
        name = caching.key(item.request)
        answer = answers[name]
        report.cached += name in cached
        if isinstance(answer, MatcalcError):
            report.failures.append(_failure(item, answer))
    store.save()
    report.failures.sort(key=lambda f: (f.path, f.line))
    return report


def _shown(path: Path, near: Path) -> str:
    """``path`` as the user named the files: relative where the file given was relative."""
    if near.is_absolute():
        return str(path)
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _failure(item: _Item, error: MatcalcError) -> Failure:
    return Failure(item.path, item.written.line(error.field or Field()), message(error),
                   error.subtype.value, item.project.settings.fail_on_error)


def _derive(items: list[_Item], store: caching.DiskCache, jobs: int,
            progress: Callable[[int, int], None] | None
            ) -> tuple[dict[str, Outcome | MatcalcError], set[str]]:
    """Each distinct request once: from the cache, else derived (in ``jobs`` processes);
    the answers by key, and the keys answered from the cache."""
    answers: dict[str, Outcome | MatcalcError] = {}
    todo: dict[str, tuple[Request, float]] = {}
    for item in items:
        name = caching.key(item.request)
        if name in answers or name in todo:
            continue
        try:
            outcome = caching.lookup(store, item.request)
        except MatcalcError as error:
            outcome = error
        if outcome is None:
            todo[name] = (item.request, item.project.settings.timeout)
        else:
            answers[name] = outcome
    total, done = len(todo), 0
    cached = set(answers)
    if jobs == 0:  # automatic: processes pay for their imports only when there is work
        jobs = (os.cpu_count() or 1) if total >= AUTO_FROM else 1
    if jobs > 1 and total > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
            results = pool.map(_one, todo.values(), chunksize=max(1, total // (4 * jobs)))
            for name, result in zip(todo, results):
                answers[name] = _answer(todo[name][0], result, store)
                done += 1
                if progress:
                    progress(done, total)
    else:
        for name, job in todo.items():
            answers[name] = _answer(job[0], _one(job), store)
            done += 1
            if progress:
                progress(done, total)
    return answers, cached


def _warm() -> None:
    from ..pipeline import warm_up
    warm_up()


def _one(job: tuple[Request, float]) -> tuple:
    """Derive one request; plain data back (an error as its fields), so it crosses processes."""
    from ..pipeline import run
    request, timeout = job
    try:
        return ("outcome", run(request, timeout=timeout))
    except MatcalcError as error:
        return ("error", *error.fields())


def _answer(request: Request, result: tuple, store: caching.DiskCache) -> Outcome | MatcalcError:
    if result[0] == "outcome":
        caching.store(store, request, result[1])
        return result[1]
    error = MatcalcError.of_fields(result[1:])
    caching.store(store, request, error=error)
    return error
