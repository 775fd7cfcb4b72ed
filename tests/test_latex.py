"""The latex builder's output compiles, where a TeX installation is present.

The example project is built with ``-b latex`` and compiled with latexmk and
pdflatex (Sphinx's default engine). Without a TeX installation the test is
skipped; with MATCALC_REQUIRE_TEX set it fails instead.
"""

from __future__ import annotations

import os
import re
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


def has_tex_file(name: str) -> bool:
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True)
    return bool(found.stdout.strip())


def test_example_project_latex_compiles_to_pdf(tmp_path, report):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    code, output = build(root, "-W", builder="latex")
    assert code == 0, output
    latex = root / "_build" / "latex"
    (tex,) = latex.glob("*.tex")
    out = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                          tex.name], cwd=latex, capture_output=True, timeout=600)
    log = out.stdout.decode("utf-8", "replace")[-4000:]
    assert out.returncode == 0, log
    assert tex.with_suffix(".pdf").exists()
    source = tex.read_text()
    tex_log = tex.with_suffix(".log").read_bytes().decode("latin-1")
    # the indicator: the page keeps \mathbb{1} (MathJax reads it), our package prints it
    assert r"\mathbb{1}" in source and r"\usepackage{sphinxmatcalc}" in source
    assert "sphinxmatcalc.sty" in tex_log
    if has_tex_file("dsfont.sty"):
        assert re.search(r"dsfont\.sty", tex_log)
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", tex.with_suffix(".pdf").name], cwd=latex,
                                   capture_output=True, text=True).stdout
            assert "dsrom" in fonts, fonts  # dsfont's double-struck one is in the PDF
    # every table fits the page: nothing is too wide, in derivations or anywhere else
    overfull = re.findall(r"Overfull \\hbox.*", tex_log)
    assert overfull == [], overfull
    report(f"LaTeX: {len(re.findall('Underfull', tex_log))} underfull and no overfull boxes; "
           f"indicator from {'dsfont' if 'dsfont.sty' in tex_log else 'a fallback'}")
