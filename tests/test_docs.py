"""The documentation cannot drift from the code.

Every example of the message catalogue (docs/messages.rst) is built, and must
give the message shown, with its subtype, at the directive's file; the docs
themselves build with -W (also in CI).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from sphinx_projects import build, project

DOCS = Path(__file__).parent.parent / "docs"
EXAMPLE = re.compile(r"\.\. code-block:: rst\n\n(.*?)\n\n\.\. code-block:: text\n   :class: "
                     r"matcalc-message\n\n   matcalc\.(\w+): (.*?)\n", re.S)


def catalogue() -> list[tuple[str, str, str]]:
    return [(textwrap.dedent(rst), sub, message)
            for rst, sub, message in EXAMPLE.findall((DOCS / "messages.rst").read_text())]


def test_every_catalogue_example_gives_its_message(tmp_path):
    examples = catalogue()
    assert len(examples) >= 20
    pages = {f"m{k}.rst": f"Example {k}\n==========\n\n{rst}\n" for k, (rst, _, _) in
             enumerate(examples)}
    root = project(tmp_path, pages)
    code, output = build(root)
    assert code == 1
    found = {}
    for name, line, text, sub in re.findall(r"(m\d+)\.rst:(\d+): WARNING: (.*?) \[matcalc\.(\w+)\]",
                                            output, re.S):
        found.setdefault(name, []).append((sub, " ".join(text.split())))
    for k, (_, sub, message) in enumerate(examples):
        got = found.get(f"m{k}", [])
        assert len(got) == 1, (k, message, got)
        assert got[0][0] == sub, (message, got)
        assert " ".join(message.split()) in got[0][1], (message, got[0][1])


def test_every_subtype_is_documented():
    from sphinx_matcalc.errors import Subtype
    text = (DOCS / "messages.rst").read_text()
    for subtype in Subtype:
        assert f"matcalc.{subtype.value}" in text


def test_every_rule_states_the_shapes_it_takes_and_gives():
    from sphinx_matcalc.engine import CATALOGUE
    missing = [k for k, r in CATALOGUE.items() if r.kind != "simplification" and not r.shapes]
    assert missing == []
