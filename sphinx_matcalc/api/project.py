"""A file's Sphinx project: the nearest conf.py above it, its ``matcalc_*`` values, what it reads.

``matcalc check`` takes a project's settings from conf.py as the build does:
by running it (in its own directory, with ``__file__`` and ``tags`` as Sphinx
gives them), since a conf.py may compute its values. With ``run=False``
(``--no-conf``) nothing is run: the file is parsed and only top-level
assignments of literals (``matcalc_layout = "denominator"``, dicts, lists,
``extensions``, ``exclude_patterns``) are read; a ``matcalc_*`` value that is
not a literal is reported, since it cannot be known without running the file.
"""

from __future__ import annotations

import ast
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .settings import BY_NAME, Settings, problems

#: The conf.py names the command reads besides matcalc_* values.
READ = ("extensions", "exclude_patterns", "source_suffix", "suppress_warnings")
MYST = ("myst_parser", "myst_nb")


@dataclass
class Project:
    """One Sphinx source directory (or none: ``root`` None, defaults everywhere)."""

    root: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (conf.py line, message)

    @property
    def settings(self) -> Settings:
        return Settings.of(self.values)

    def reads(self, path: Path) -> bool:
        """Would the build read ``path``: a .md only with MyST, nothing excluded."""
        if self.root is None:
            return True
        if path.suffix == ".md" and not self._myst():
            return False
        if path.suffix == ".ipynb" and not self._notebooks():
            return False
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return True
        patterns = self.values.get("exclude_patterns") or []
        return not any(_glob(p).match(relative) or relative.startswith(p.rstrip("/") + "/")
                       for p in patterns if isinstance(p, str))

    def _myst(self) -> bool:
        extensions = self.values.get("extensions") or []
        suffixes = self.values.get("source_suffix") or {}
        return any(e in MYST for e in extensions if isinstance(e, str)) or ".md" in suffixes

    def _notebooks(self) -> bool:
        extensions = self.values.get("extensions") or []
        return "myst_nb" in extensions

    def suppressed(self, subtype: str) -> bool:
        """Does conf.py's suppress_warnings silence matcalc.<subtype>, as in the build?"""
        silenced = self.values.get("suppress_warnings") or []
        return "matcalc" in silenced or f"matcalc.{subtype}" in silenced


def _glob(pattern: str) -> re.Pattern:
    """Sphinx's exclude_patterns: ``**`` any path, ``*`` and ``?`` within one name."""
    parts = re.split(r"(\*\*|\*|\?)", pattern)
    out = "".join({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(p, re.escape(p)) for p in parts)
    return re.compile(f"^{out}$")


def find(path: Path, run: bool = True) -> Project:
    """The project of ``path``: the nearest directory above it that holds a conf.py."""
    for directory in [path.resolve(), *path.resolve().parents]:
        conf = directory / "conf.py"
        if conf.is_file():
            return load(directory, run, conf.stat().st_mtime_ns)
    return Project(None)


@lru_cache(maxsize=None)
def load(root: Path, run: bool = True, version: int = 0) -> Project:
    """The project whose conf.py is in ``root``: its values read or run, its problems listed
    (once per ``version`` of the file: its modification time)."""
    conf = root / "conf.py"
    source = conf.read_text(encoding="utf-8")
    lines = _assignment_lines(source)
    project = Project(root)
    try:
        values = _run(conf, source) if run else _literals(source, project)
    except (Exception, SystemExit) as exc:  # noqa: BLE001  (reported, as Sphinx reports it)
        line = _error_line(exc, conf)
        project.problems.append((line, f"conf.py could not be run ({type(exc).__name__}: "
                                       f"{exc}); its matcalc_* settings are not known."))
        return project
    project.values = {k: v for k, v in values.items() if k in BY_NAME or k in READ}
    for name, text in problems({k: v for k, v in project.values.items() if k in BY_NAME}):
        project.problems.append((lines.get(name, 1), text))
    return project


class _Tags(set):
    """The ``tags`` object conf.py may use (``tags.has("html")``); no tags are set."""

    def has(self, tag: str) -> bool:
        return tag in self

    def add(self, tag: str) -> None:
        set.add(self, tag)

    def remove(self, tag: str) -> None:
        self.discard(tag)


@contextmanager
def _inside(directory: Path):
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def _run(conf: Path, source: str) -> dict[str, Any]:
    """conf.py run as Sphinx runs it: in its directory, with ``__file__`` and ``tags``."""
    namespace: dict[str, Any] = {"__file__": str(conf), "__name__": "conf", "tags": _Tags()}
    code = compile(source, str(conf), "exec")  # the project's own configuration, as Sphinx runs it
    with _inside(conf.parent):
        exec(code, namespace)  # noqa: S102
    return namespace


def _literals(source: str, project: Project) -> dict[str, Any]:
    """Top-level ``name = literal`` assignments, without running anything."""
    values: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if not isinstance(target, ast.Name) or not (target.id in BY_NAME or target.id in READ):
                continue
            try:
                values[target.id] = ast.literal_eval(node.value)
            except ValueError:
                if target.id in BY_NAME:
                    project.problems.append((node.lineno, f"{target.id} in conf.py is not a "
                                             "literal, so --no-conf cannot read it; run without "
                                             "--no-conf."))
    return values


def _assignment_lines(source: str) -> dict[str, int]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {t.id: node.lineno for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)}


def _error_line(exc: BaseException, conf: Path) -> int:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(conf):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
