"""What a page shows, through real builds: step rows, the author's steps (checked or
not), error boxes, the denominator-layout step and the rule catalogue's order."""

from __future__ import annotations

import html
import re

from sphinx_projects import CONF, build, messages, project

STEPS = r"""Steps
=====

.. derive:: a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)
   :wrt: \mathbf{w}
   :where: \mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}

.. derive:: x^3
   :wrt: x

   = 3 x^2
   = 3 x x

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :layout: denominator
"""

UNCHECKED = r"""Unchecked
=========

.. derive:: x^3
   :wrt: x
   :check: off
   :expect: 3 x x x

   = 3 x^2 + 0
"""

WRONG = r"""Wrong
=====

Before.

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :expect: 2\mathbf{x}^T

After.
"""

RULES = "Rules\n=====\n\n.. matcalc-rules::\n"


def page(root, name, builder="html"):
    suffix = {"html": "html", "text": "txt"}[builder]
    return (root / "_build" / builder / f"{name}.{suffix}").read_text()


def test_each_step_is_one_equality_per_line_with_a_short_cited_rule(tmp_path):
    root = project(tmp_path, {"steps.rst": STEPS, "rules.rst": RULES})
    code, output = build(root, "-W")
    assert code == 0, output
    text = page(root, "steps")
    cells = re.findall(r'<div class="matcalc-step math[^"]*">\s*\\\[(.*?)\\\]</div>', text, re.S)
    assert len(cells) > 3
    for cell in map(html.unescape, cells):
        assert cell.startswith(r"\begin{aligned}") and cell.endswith(r"\end{aligned}")
        body = cell[len(r"\begin{aligned}"):-len(r"\end{aligned}")]
        for line in body.split(r"\\"):  # one '=' per line, at its alignment point
            assert line.count("&=") <= 1 and line.replace("&=", "").count(" = ") == 0, line
    # the rule: its name links to the catalogue; its section is the abbreviation's title
    assert re.search(r'<abbr class="matcalc-cite" title="§4\.5"><a class="reference internal" '
                     r'href="rules.html#matcalc-rule-chain-rule">.*?Vector chain rule', text)
    assert "table-layout" in (root / "_build/html/_static/matcalc.css").read_text()
    assert 'href="_static/matcalc.css' in text


def test_the_section_is_spelled_out_where_there_is_no_hover(tmp_path):
    root = project(tmp_path, {"steps.rst": STEPS})
    code, output = build(root, "-W", builder="text")
    assert code == 0, output
    text = page(root, "steps", "text")
    assert "Dot product (§4.4)" in text and "(§4.5)" in text
    assert "The author's derivation, each line checked:" in text and r"\checkmark" in text


def test_checked_author_steps_are_an_aligned_derivation_with_check_marks(tmp_path):
    root = project(tmp_path, {"steps.rst": STEPS})
    code, output = build(root, "-W")
    assert code == 0, output
    text = html.unescape(page(root, "steps"))
    assert "matcalc-checked" in text and "<ul" not in text.split("matcalc-checked")[1][:200]
    found = re.search(r"\\begin\{aligned\}\n\\frac\{\\partial f\}\{\\partial x\} &= 3 x\^2 "
                      r"&& \\checkmark \\\\\n&= 3 x x && \\checkmark\n\\end\{aligned\}", text)
    assert found, text


def test_check_off_still_shows_the_claim_and_the_steps_marked_not_checked(tmp_path):
    root = project(tmp_path, {"unchecked.rst": UNCHECKED})
    code, output = build(root, "-W")
    assert code == 0, output
    text = html.unescape(page(root, "unchecked"))
    assert "not checked (:check: off)" in text
    assert r"&= 3 x^2 + 0 && \text{not checked}" in text
    assert r"&= 3 x x x && \text{not checked}" in text
    assert r"\checkmark" not in text
    code, output = build(root, "-W", builder="text")
    assert code == 0 and "not checked" in page(root, "unchecked", "text")


def error_boxes(text: str) -> list[str]:
    return re.findall(r'<div class="[^"]*\bmatcalc-error\b[^"]*">(.*?)</div>', text, re.S)


def test_a_failed_derivation_leaves_an_error_box_in_its_place(tmp_path):
    for conf, expected_code in ((CONF + "matcalc_fail_on_error = False\n", 0), (CONF, 1)):
        root = project(tmp_path / str(expected_code), {"wrong.rst": WRONG}, conf)
        code, output = build(root)
        assert code == expected_code, output
        assert messages(output) == ["wrong.rst:8:wrong"]
        text = page(root, "wrong")
        (box,) = error_boxes(text)
        said = re.search(r"WARNING: (.*?) \[matcalc", output, re.S).group(1)
        assert html.escape(said.split("\n")[0].split(". ")[0], quote=False) in box
        assert text.index("Before.") < text.index("matcalc-error") < text.index("After.")


def test_the_denominator_layout_step_says_it_transposes(tmp_path):
    root = project(tmp_path, {"steps.rst": STEPS})
    code, output = build(root, "-W")
    assert code == 0, output
    rows = re.findall(r'<tr class="matcalc-denominator[^"]*">(.*?)</tr>', page(root, "steps"), re.S)
    assert len(rows) == 1
    assert "Denominator layout" in rows[0] and "denominator layout: transpose" in rows[0]


def catalogue_keys(text: str) -> list[str]:
    return re.findall(r'<span class="target" id="matcalc-rule-([\w-]+)"></span>', text)


def test_the_catalogue_follows_the_paper_then_the_rest_with_the_page_hadamard(tmp_path):
    from sphinx_matcalc.engine import CATALOGUE
    from sphinx_matcalc.sphinx import render
    section_key = render.section_key
    root = project(tmp_path, {"rules.rst": RULES})
    code, output = build(root, "-W")
    assert code == 0, output
    text = page(root, "rules")
    keys = catalogue_keys(text)
    assert sorted(keys) == sorted(CATALOGUE)
    numbers = [section_key(CATALOGUE[k].section) for k in keys]
    paper = [n for n in numbers if n is not None]
    assert numbers[:len(paper)] == paper == sorted(paper)  # the paper's first, in its order
    assert paper[0] == (2,) and (4, 1) in paper and paper[-1] == (6,)
    assert keys.index("sum") < keys.index("product") < keys.index("chain-rule")
    registry = [k for k in CATALOGUE if section_key(CATALOGUE[k].section) is None]
    assert keys[len(paper):] == registry  # the rest in the registry's order
    assert r"\otimes" not in text and r"\odot" in text
    root = project(tmp_path / "circ", {"rules.rst": RULES},
                   CONF + 'matcalc_hadamard = [r"\\circ", r"\\odot", r"\\otimes"]\n')
    code, output = build(root, "-W")
    assert code == 0, output
    hadamard = html.unescape(page(root, "rules"))
    assert r"\odot" not in hadamard and r"\mathbf{w} \circ \mathbf{x}" in hadamard
