"""Notebooks read by myst-nb: messages name the cell and its line, in the build and in
``matcalc check`` alike (myst-nb numbers lines (cell + 1) × 10000 + line; that is decoded).

Needs myst-nb, which the [test] extra does not install (it brings Jupyter with it); CI
installs it and sets MATCALC_REQUIRE_MYST_NB, so there the test cannot skip.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from sphinx_projects import build, project

if os.environ.get("MATCALC_REQUIRE_MYST_NB"):
    import myst_nb  # noqa: F401
else:
    pytest.importorskip("myst_nb", reason="pip install myst-nb to run the notebook tests")

CONF = ('extensions = ["sphinx_matcalc", "myst_nb"]\nnb_execution_mode = "off"\n'
        'myst_enable_extensions = ["colon_fence"]\n')
CELLS = [
    {"cell_type": "markdown", "metadata": {}, "source": ["# Notebook\n", "\n", "Text.\n"]},
    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
     "source": ["x = 1\n"]},
    {"cell_type": "markdown", "metadata": {}, "source": [
        "Some words.\n", "\n", "```{derive} x^2\n", ":wrt: x\n", ":expect: 3x\n", "```\n", "\n",
        ":::{derive} x^2\n", ":wrt: x\n", "\n", "= 2x\n", "= 3x\n", ":::\n"]},
]
for _k, _cell in enumerate(CELLS):
    _cell["id"] = f"cell-{_k}"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}
NOTEBOOK = json.dumps({"cells": CELLS, "metadata": KERNEL, "nbformat": 4, "nbformat_minor": 5})


def test_messages_name_the_cell_and_its_line(tmp_path):
    root = project(tmp_path / "p", {"nb.ipynb": NOTEBOOK}, conf=CONF)
    code, output = build(root)
    assert code == 1
    assert "nb.ipynb:cell 3, line 5: WARNING: The claim 3x" in output  # :expect:, cell 3
    assert "nb.ipynb:cell 3, line 12: WARNING: The claim 3x" in output  # the second step
    assert not re.search(r"nb\.ipynb:\d+: WARNING", output)  # no encoded line numbers
    env = {**os.environ, "MATCALC_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-m", "sphinx_matcalc", "check", "p"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 1
    lines = [line.split(": The claim")[0] for line in out.stdout.splitlines() if "claim" in line]
    assert lines == ["p/nb.ipynb:cell 3, line 5", "p/nb.ipynb:cell 3, line 12"]
