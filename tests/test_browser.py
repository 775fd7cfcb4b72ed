"""The example project's pages, opened in headless Chromium with a local MathJax.

No CDN (there is no network): the build points ``mathjax_path`` at MathJax's
single-file SVG bundle from ``tests/mathjax``. After the scripts run, every
page must contain typeset math and no MathJax error node. CI installs
Debian's chromium and sets MATCALC_REQUIRE_BROWSER, so there it cannot skip.
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
BUNDLE = Path(__file__).parent / "mathjax" / "node_modules" / "mathjax-full" / "es5" / "tex-svg-full.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    (CHROMIUM is None or not BUNDLE.is_file()) and not os.environ.get("MATCALC_REQUIRE_BROWSER"),
    reason="needs Debian's chromium and `npm install` in tests/mathjax")


def rendered_dom(page: Path, profile: Path) -> str:
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=20000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180)
    return out.stdout


def test_pages_show_typeset_math_and_no_mathjax_error(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    (root / "_mathjax").mkdir()
    shutil.copy(BUNDLE, root / "_mathjax" / BUNDLE.name)
    with (root / "conf.py").open("a") as conf:
        conf.write('\nhtml_static_path = ["_mathjax"]\nmathjax_path = "tex-svg-full.js"\n')
    code, output = build(root, "-W")
    assert code == 0, output
    html_dir = root / "_build" / "html"
    assert "cdn" not in (html_dir / "neuron.html").read_text().lower()
    for name in ("elementwise", "neuron", "loss", "beyond", "rules"):
        dom = rendered_dom(html_dir / f"{name}.html", tmp_path / f"profile-{name}")
        assert dom.count("<mjx-container") > 5, f"{name}: MathJax did not typeset"
        errors = re.findall(r'<[^>]*data-mml-node="merror"[^>]*>.*?</g>', dom, re.S)
        assert errors == [], f"{name}: MathJax reported an error"
    neuron = rendered_dom(html_dir / "neuron.html", tmp_path / "profile-last")
    assert "Vector chain rule" in neuron and "matcalc-steps" in neuron
