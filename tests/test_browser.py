"""The example project's pages, opened in headless Chromium with a local MathJax.

No CDN (there is no network): the build points ``mathjax_path`` at MathJax's
single-file SVG bundle from ``tests/mathjax``. After the scripts run, every
page must contain typeset math and no MathJax error node. CI installs
Debian's chromium and sets MATCALC_REQUIRE_BROWSER, so there it cannot skip.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
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


# --- No page is wider than a 1200 px window -------------------------------------------------

WINDOW = 1200
#: Runs after MathJax has typeset the page; writes what it measured into the DOM as JSON.
PROBE = r"""
window.addEventListener('load', function () {
  function describe(e) {
    var cls = typeof e.className === 'string' ? e.className.split(' ').slice(0, 2).join('.') : '';
    return e.tagName.toLowerCase() + (cls ? '.' + cls : '');
  }
  function measure() {
    var column = document.querySelector('div.body') || document.querySelector('article[role="main"]')
      || document.body;
    var edge = column.getBoundingClientRect().right + 1;
    var spill = [], scrolling = [], mathScrolls = [];
    column.querySelectorAll('*').forEach(function (e) {
      var inMath = e.tagName !== 'MJX-CONTAINER' && e.closest('mjx-container');
      var inScroller = e.parentElement && e.parentElement.closest('pre, div.highlight, mjx-container, div.table-wrapper');
      var ours = e.closest('.matcalc-derivation, .matcalc-rules, .matcalc-error');
      if (inMath || /visually-hidden|headerlink/.test(e.className)) return;
      var box = e.getBoundingClientRect();
      // a theme's own few pixels (furo's padded table wrapper and headings) are not ours
      var slack = ours ? 0 : 16;
      if (!inScroller && box.width > 0 && box.right > edge + slack) spill.push(describe(e) + ' ends at ' + Math.round(box.right) + ' > ' + Math.round(edge));
      if (ours && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
        if (e.tagName === 'MJX-CONTAINER') mathScrolls.push(e.scrollWidth + '/' + e.clientWidth);
        else scrolling.push(describe(e) + ' ' + e.scrollWidth + '/' + e.clientWidth);
      }
    });
    document.documentElement.setAttribute('data-matcalc-measure', JSON.stringify({
      page: document.documentElement.scrollWidth, column: Math.round(column.clientWidth),
      spill: spill.slice(0, 5), scrolling: scrolling.slice(0, 5), mathScrolls: mathScrolls,
      math: document.querySelectorAll('mjx-container').length}));
  }
  var ready = window.MathJax && MathJax.startup && MathJax.startup.promise;
  if (ready) { ready.then(measure); } else { measure(); }
});
"""
THEMES = ["alabaster", "furo"]
DOCS = Path(__file__).parent.parent / "docs"


def measure(page: Path, profile: Path) -> dict:
    """What PROBE found on ``page`` in a WINDOW px wide window."""
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", f"--window-size={WINDOW},900",
         f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    found = re.search(r'data-matcalc-measure="([^"]*)"', out.stdout)
    assert found, f"{page.name}: the probe did not run"
    return json.loads(html.unescape(found.group(1)))


def built_with_theme(source: Path, root: Path, theme: str) -> Path:
    """``source`` built with ``theme``, the local MathJax and PROBE; its html folder."""
    if theme == "furo" and not os.environ.get("MATCALC_REQUIRE_BROWSER"):
        pytest.importorskip("furo")  # the [test] extra installs it; CI requires it
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("_build"))
    (root / "_matcalc_test").mkdir()
    shutil.copy(BUNDLE, root / "_matcalc_test" / BUNDLE.name)
    (root / "_matcalc_test" / "probe.js").write_text(PROBE)
    with (root / "conf.py").open("a") as conf:
        conf.write(f'\nhtml_theme = "{theme}"\nhtml_static_path = ["_matcalc_test"]\n'
                   'mathjax_path = "tex-svg-full.js"\nhtml_js_files = ["probe.js"]\n')
    code, output = build(root, "-W")
    assert code == 0, output
    return root / "_build" / "html"


@pytest.mark.parametrize("source", [EXAMPLE, DOCS], ids=["example_project", "docs"])
@pytest.mark.parametrize("theme", THEMES)
def test_no_page_is_wider_than_a_1200px_window(tmp_path, theme, source, report):
    """Every page fits: the page does not scroll sideways, nothing sticks out of the text
    column, and no derivation table scrolls inside its column (furo's table wrapper)."""
    html_dir = built_with_theme(source, tmp_path / "project", theme)
    pages = sorted(p for p in html_dir.glob("*.html") if p.stem not in ("genindex", "search"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(zip(pages, pool.map(lambda p: measure(p, tmp_path / f"profile-{p.stem}"),
                                         pages)))
    for page, seen in found.items():
        assert seen["page"] <= WINDOW, f"{page.name}: {seen}"
        assert seen["spill"] == [], f"{page.name}: {seen}"
        assert seen["scrolling"] == [], f"{page.name}: {seen}"
    widest = max(found.values(), key=lambda seen: seen["page"])
    report(f"{source.name}, {theme}: widest page {widest['page']} px in a {WINDOW} px window; "
           f"text column {widest['column']} px; formulas scrolling inside their cell: "
           f"{sum(len(seen['mathScrolls']) for seen in found.values())}")
    if source == EXAMPLE:
        assert {page.name: seen["mathScrolls"] for page, seen in found.items()
                if seen["mathScrolls"]} == {}
