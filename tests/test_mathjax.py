"""The LaTeX we emit is valid: MathJax's own TeX input typesets every string.

Every math string of the example project's HTML and every formula of the
rule catalogue goes through MathJax (the ``mathjax-full`` npm package under
Node, in ``tests/mathjax``). CI installs it and sets MATCALC_REQUIRE_MATHJAX,
so there a missing MathJax is a failure, not a skip.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinx_projects import build

HERE = Path(__file__).parent / "mathjax"
EXAMPLE = Path(__file__).parent.parent / "example_project"


def mathjax_available() -> bool:
    return shutil.which("node") is not None and (HERE / "node_modules" / "mathjax-full").is_dir()


pytestmark = pytest.mark.skipif(
    not mathjax_available() and not os.environ.get("MATCALC_REQUIRE_MATHJAX"),
    reason="MathJax check needs node and `npm install` in tests/mathjax")


def typeset_errors(strings: list[str]) -> list[dict]:
    out = subprocess.run(["node", str(HERE / "check.mjs")], input=json.dumps(strings),
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout)


def math_in_html(folder: Path) -> list[str]:
    found = []
    for page in folder.glob("*.html"):
        text = page.read_text()
        found += re.findall(r"\\\((.*?)\\\)", text, re.S) + re.findall(r"\\\[(.*?)\\\]", text, re.S)
    return [html.unescape(m) for m in found]


def test_every_math_string_of_the_example_project_typesets(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    code, output = build(root, "-W")
    assert code == 0, output
    strings = math_in_html(root / "_build" / "html")
    assert len(strings) > 100
    assert typeset_errors(strings) == []


def test_the_checker_sees_invalid_latex():
    errors = typeset_errors([r"e^{x}^T", r"\frac{1}{2"])
    assert len(errors) == 2 and "Double exponent" in errors[0]["error"]


def test_every_rule_formula_typesets():
    from sphinx_matcalc.engine import CATALOGUE
    rules = CATALOGUE.values()
    assert typeset_errors([r.formula for r in rules] + [r.shapes for r in rules if r.shapes]) == []
