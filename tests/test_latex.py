"""The latex builder's output compiles, where a TeX installation is present.

The example project is built with ``-b latex`` and compiled with latexmk and
pdflatex (Sphinx's default engine). Without a TeX installation the test is
skipped; with MATCALC_REQUIRE_TEX set it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinx_projects import build

EXAMPLE = Path(__file__).parent.parent / "example_project"

pytestmark = pytest.mark.skipif(
    not (shutil.which("latexmk") and shutil.which("pdflatex"))
    and not os.environ.get("MATCALC_REQUIRE_TEX"),
    reason="needs a TeX installation (latexmk and pdflatex)")


def test_example_project_latex_compiles_to_pdf(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    code, output = build(root, "-W", builder="latex")
    assert code == 0, output
    latex = root / "_build" / "latex"
    (tex,) = latex.glob("*.tex")
    out = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                          tex.name], cwd=latex, capture_output=True, text=True, timeout=600)
    log = out.stdout[-4000:]
    assert out.returncode == 0, log
    assert tex.with_suffix(".pdf").exists()
