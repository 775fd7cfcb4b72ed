"""The files the extension adds to a build: its style sheet (HTML) and its LaTeX package.

Kept apart from ``render`` so that registering them never loads the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

HERE = Path(__file__).parent
CSS = "matcalc.css"
LATEX_PACKAGE = "sphinxmatcalc"


def copy_css(app: Sphinx) -> list[Any]:
    """At html-collect-pages (before the static files are copied, and before an epub is
    packed): put the style sheet into ``_static``. Adds no pages."""
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    copy_asset_file(str(HERE / CSS), str(static))
    return []


def copy_files(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished: the style sheet for HTML builders that collect no pages
    (singlehtml), and ``sphinxmatcalc.sty`` beside the .tex files of the LaTeX builder
    (``app.add_latex_package`` has made them load it)."""
    if exception is not None or app.builder is None:
        return
    if app.builder.format == "html":
        copy_css(app)
    elif app.builder.format == "latex":
        copy_asset_file(str(HERE / f"{LATEX_PACKAGE}.sty"), str(app.outdir))
