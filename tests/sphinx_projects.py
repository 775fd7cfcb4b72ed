"""Helpers for tests that build small Sphinx projects.

``build`` runs Sphinx in this process through ``sphinx.testing``'s
SphinxTestApp, with the command line's flags (-W, -j N, -v) mapped onto it;
``build_cli`` runs ``python -m sphinx`` where the command itself is the point.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

CONF = 'extensions = ["sphinx_matcalc", "myst_parser"]\nmyst_enable_extensions = ["colon_fence"]\n'

def project(root: Path, pages: dict[str, str], conf: str = CONF) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf)
    names = [name.rsplit(".", 1)[0] for name in pages]
    toctree = "\n".join(f"   {n}" for n in names)
    (root / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}\n")
    for name, text in pages.items():
        (root / name).write_text(text)
    return root


def build(root: Path, *args: str, builder: str = "html") -> tuple[int, str]:
    """Build ``root`` in-process; (the exit status sphinx-build would give, all its output)."""
    from sphinx.errors import SphinxWarning
    from sphinx.testing.util import SphinxTestApp

    parallel = int(args[args.index("-j") + 1]) if "-j" in args else 0
    verbosity = sum(a.count("v") for a in args if a.startswith("-v"))
    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp(builder, srcdir=root, builddir=root / "_build", status=status,
                        warning=warning, parallel=parallel, verbosity=verbosity,
                        warningiserror="-W" in args, confoverrides=SHOW_TYPES)
    try:
        app.build()
        code = app.statuscode
    except SphinxWarning as stopped:  # Sphinx 7's -W stops at the first warning (status 2)
        code = 2
        warning.write(f"{stopped}\n")
    finally:
        app.cleanup()
    return code, ANSI.sub("", status.getvalue() + warning.getvalue())


ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Messages end in [matcalc.subtype] (Sphinx 8's default; Sphinx 7.3+ has the option too).
SHOW_TYPES = {"show_warning_types": True}


def build_cli(root: Path, *args: str, builder: str = "html") -> tuple[int, str]:
    """Build ``root`` with ``python -m sphinx``; (its exit status, its output)."""
    out = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-D", "show_warning_types=1",
                          "-b", builder, *args, str(root),
                          str(root / "_build" / builder)], capture_output=True, text=True,
                         timeout=300)
    return out.returncode, out.stdout + out.stderr


def messages(output: str) -> list[str]:
    """'file:line: text [type.subtype]' for each matcalc warning, file name only."""
    found = re.findall(r"([\w.]+):(\d+): WARNING: (.*?) \[matcalc\.(\w+)\]", output, re.S)
    return [f"{f}:{line}:{sub}" for f, line, _, sub in found]
