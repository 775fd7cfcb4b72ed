"""The extension through real Sphinx builds of small projects, RST and MyST.

Each test writes a project into a temporary folder and builds it with
sphinx.testing's SphinxTestApp (the ``sphinx-build`` command itself where its
exit status is the point); messages are matched with their exact file and line.
"""

from __future__ import annotations

import re

import pytest
from sphinx_projects import CONF, build, build_cli, messages, project

GOOD_RST = r"""Neuron
======

.. derive:: a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)
   :wrt: \mathbf{w}, b
   :where: \mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}
   :label: neuron

The gradient is :eq:`neuron`.

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :expect: \mathbf{x}^T
   :show: result

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :layout: denominator
   :expect: \mathbf{x}

.. derive:: x^3
   :wrt: x

   = 3 x^2
   = 3 x x
"""

GOOD_MD = r"""# MyST

```{derive} \mathbf{w} \odot \mathbf{x}
:wrt: \mathbf{w}
:expect: \operatorname{diag}(\mathbf{x})
```

:::{derive} \operatorname{sum}(\mathbf{x})
:wrt: \mathbf{x}

= \mathbf{1}^T
:::
"""

WRONG_RST = r"""Wrong
=====

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :expect: 2\mathbf{x}^T

.. derive:: x^3
   :wrt: x

   = 3 x^2
   = 2 x^2

.. derive:: W\mathbf{x}
   :wrt: \mathbf{x}
   :where: W \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{m}
"""

WRONG_MD = r"""# Wrong in MyST

```{derive} \mathbf{w} \cdot \mathbf{x}
:wrt: \mathbf{w}
:expect: \mathbf{x}
```

:::{derive} \mathbf{w} \cdot \mathbf{x}
:wrt: \mathbf{w}

= \mathbf{x}^T
= \mathbf{w}^T
:::
"""


def test_correct_derivations_build_with_warnings_as_errors(tmp_path):
    root = project(tmp_path, {"neuron.rst": GOOD_RST, "myst.md": GOOD_MD})
    code, output = build(root, "-W")
    assert code == 0, output
    html = (root / "_build" / "html" / "neuron.html").read_text()
    assert r"\frac{\partial a}{\partial \mathbf{w}}" in html
    assert r"\in \mathbb{R}^{1 \times n}" in html
    assert "Vector chain rule" in html and "Dot product" in html
    assert 'id="equation-neuron"' in html and "(1)" in html
    assert "derivation, each line checked:" in html and r"&amp;= 3 x x &amp;&amp; \checkmark" in html
    md = (root / "_build" / "html" / "myst.html").read_text()
    assert r"\operatorname{diag}\left(\mathbf{x}\right)" in md and r"\mathbf{1}^T" in md


def test_wrong_claims_fail_the_build_at_their_lines(tmp_path):
    root = project(tmp_path, {"wrong.rst": WRONG_RST, "wrongmd.md": WRONG_MD})
    code, output = build(root)
    assert code == 1, output
    assert sorted(messages(output)) == sorted([
        "wrong.rst:6:wrong",  # :expect: line
        "wrong.rst:12:wrong",  # the second step's line
        "wrong.rst:14:shape",  # the directive's line (the argument)
        "wrongmd.md:5:wrong",  # MyST backtick fence, :expect: line
        "wrongmd.md:12:wrong",  # MyST colon fence, the second step's line
    ])
    assert "transpose of the right result" in output and ":layout: denominator" in output
    assert r"W is m×n but \mathbf{x} has m rows" in output
    assert "5 derivation(s) failed" in output


def test_an_unchanged_rebuild_still_fails_and_repeats_the_messages(tmp_path):
    root = project(tmp_path, {"wrong.rst": WRONG_RST})
    first_code, first = build(root)
    second_code, second = build(root)
    assert (first_code, second_code) == (1, 1)
    assert "0 source files that are out of date" in second or "no targets are out of date" in second
    assert sorted(messages(second)) == sorted(messages(first))


def test_fixing_the_page_makes_the_next_build_pass(tmp_path):
    root = project(tmp_path, {"page.rst": WRONG_RST})
    assert build(root)[0] == 1
    (root / "page.rst").write_text(GOOD_RST)
    code, output = build(root)
    assert code == 0, output
    assert messages(output) == []


def test_parallel_build_fails_too(tmp_path):
    pages = {f"p{k}.rst": WRONG_RST for k in range(3)}
    pages.update({f"g{k}.rst": GOOD_RST for k in range(3)})
    root = project(tmp_path, pages)
    code, output = build(root, "-j", "2")
    assert code == 1, output
    assert len(messages(output)) == 9


def test_fail_on_error_false_gives_warnings_only(tmp_path):
    root = project(tmp_path, {"wrong.rst": WRONG_RST},
                   CONF + "matcalc_fail_on_error = False\n")
    code, output = build(root)
    assert code == 0, output
    assert len(messages(output)) == 3


def test_warnings_as_errors_fails_with_fail_on_error_false(tmp_path):
    root = project(tmp_path, {"wrong.rst": WRONG_RST},
                   CONF + "matcalc_fail_on_error = False\n")
    code, _ = build(root, "-W")
    assert code != 0


def test_suppressed_subtypes_neither_print_nor_fail(tmp_path):
    root = project(tmp_path, {"wrong.rst": WRONG_RST},
                   CONF + 'suppress_warnings = ["matcalc.wrong", "matcalc.shape"]\n')
    code, output = build(root)
    assert code == 0, output
    assert messages(output) == []


def test_project_wide_symbols_come_from_conf(tmp_path):
    page = "Page\n====\n\n.. derive:: W\\mathbf{x}\n   :wrt: \\mathbf{x}\n   :expect: W\n"
    root = project(tmp_path, {"page.rst": page},
                   CONF + 'matcalc_symbols = {"W": r"\\mathbb{R}^{m \\times n}"}\n')
    code, output = build(root, "-W")
    assert code == 0, output
    assert r"\in \mathbb{R}^{m \times n}" in (root / "_build/html/page.html").read_text()


@pytest.mark.parametrize("builder", ["text", "latex", "man", "dummy", "singlehtml", "epub"])
def test_every_builder_handles_the_output(tmp_path, builder):
    root = project(tmp_path, {"neuron.rst": GOOD_RST, "myst.md": GOOD_MD},
                   CONF + 'version = "1"\ncopyright = "the authors"\n')  # EPUB3 needs them
    code, output = build(root, "-W", builder=builder)
    assert code == 0, output
    if builder == "text":
        text = (root / "_build" / "text" / "neuron.txt").read_text()
        assert r"\mathbb{R}^{1 \times n}" in text
    added = {"singlehtml": "_static/matcalc.css", "epub": "_static/matcalc.css",
             "latex": "sphinxmatcalc.sty"}  # the style sheet and LaTeX package we add
    if builder in added:
        assert (root / "_build" / builder / added[builder]).is_file()


def test_a_body_line_without_equals_is_located(tmp_path):
    page = "Page\n====\n\n.. derive:: x^2\n   :wrt: x\n\n   = 2x\n   2 x\n"
    root = project(tmp_path, {"page.rst": page})
    code, output = build(root)
    assert code == 1
    assert messages(output) == ["page.rst:8:syntax"]
    assert "must start with '='" in output


def derived(output: str) -> list[str]:
    """The derivations actually run in a build (shown with -vv), as 'doc:line'."""
    return re.findall(r"\[matcalc\] deriving (\S+)", output)


def test_a_one_page_change_re_derives_that_page_only(tmp_path):
    page = "Page {k}\n======\n\n.. derive:: {f}\n   :wrt: x\n"
    pages = {f"p{k}.rst": page.format(k=k, f=f"x^{k + 2}") for k in range(4)}
    root = project(tmp_path, pages)
    code, first = build(root, "-vv")
    assert code == 0
    assert sorted(derived(first)) == ["p0:4", "p1:4", "p2:4", "p3:4"]
    (root / "p2.rst").write_text(page.format(k=2, f=r"\sin x"))
    code, second = build(root, "-vv")
    assert code == 0
    assert derived(second) == ["p2:4"]
    (root / "p1.rst").write_text(page.format(k=1, f="x^3") + "\nA new paragraph.\n")
    code, third = build(root, "-vv")
    assert code == 0 and derived(third) == []  # re-read, but the derivation is cached


def test_a_repeated_derivation_is_derived_once(tmp_path):
    block = ".. derive:: \\mathbf{w} \\cdot \\mathbf{x}\n   :wrt: \\mathbf{w}\n\n"
    root = project(tmp_path, {"page.rst": "Page\n====\n\n" + block * 5})
    code, output = build(root, "-vv")
    assert code == 0
    assert len(derived(output)) == 1


def test_the_sphinx_build_command_exits_1_on_a_wrong_claim_and_0_when_fixed(tmp_path):
    root = project(tmp_path, {"page.rst": WRONG_RST})
    code, output = build_cli(root)
    assert code == 1, output
    assert "wrong.rst" not in output and "page.rst:6: WARNING" in output
    (root / "page.rst").write_text(GOOD_RST)
    assert build_cli(root)[0] == 0


def test_a_bad_layout_in_conf_is_reported_once_and_fails_the_build(tmp_path):
    root = project(tmp_path, {"page.rst": GOOD_RST},
                   conf=CONF + 'matcalc_layout = "sideways"\n')
    code, output = build(root)
    assert code == 1, output
    assert output.count("matcalc_layout in conf.py must be numerator or denominator, not "
                        "'sideways'") == 1
    assert "1 derivation(s) failed" in output
    html = (root / "_build" / "html" / "page.html").read_text()
    assert r"\in \mathbb{R}^{1 \times n}" in html  # derived in the default layout


@pytest.mark.parametrize("jobs", [(), ("-j", "2")])
def test_messages_are_located_in_included_files_and_after_rst_prolog(tmp_path, jobs):
    """A wrong step in an included file is reported at that file's line, and a wrong claim
    after the include (and after rst_prolog's lines) at the page's own line: before, both
    were counted in the whole input, or in the wrong file."""
    conf = ('extensions = ["sphinx_matcalc"]\nexclude_patterns = ["part.rst", "_build"]\n'
            'rst_prolog = """\n.. |a| replace:: A\n\n.. |b| replace:: B\n"""\n')
    part = "Part text.\n\n.. derive:: x^2\n   :wrt: x\n\n   = 3x\n"
    page = ("Index\n=====\n\n.. include:: part.rst\n\nMore.\n\n.. derive:: x^3\n   :wrt: x\n"
            "   :expect: 2x\n")
    root = tmp_path / "inc"
    root.mkdir()
    (root / "conf.py").write_text(conf)
    (root / "part.rst").write_text(part)
    (root / "index.rst").write_text(page)
    code, output = build(root, *jobs)
    assert code == 1
    assert sorted(messages(output)) == ["index.rst:10:wrong", "part.rst:6:wrong"], output[-1500:]
    code, again = build(root, *jobs)  # not re-read: the messages repeated at the same places
    assert code == 1 and sorted(messages(again)) == sorted(messages(output))


AS_WRITTEN_RST = """As written
==========

.. derive:: x^2
   :wrt: x
   :expect: \\frac{2x(x-3)}{x-3}

.. derive:: x^2
   :wrt: x
   :expect: 2x
"""


def test_a_claim_right_only_as_read_fails_the_build_at_its_line(tmp_path):
    """2x(x − 3)/(x − 3) is read as 2x, but as written it has no value at x = 3: the build
    fails at its :expect: line, saying so; the plain 2x beside it builds."""
    code, output = build(project(tmp_path, {"written.rst": AS_WRITTEN_RST}))
    assert code == 1, output
    assert messages(output) == ["written.rst:6:wrong"], output
    assert "not the derivative as written" in output and "a division by x - 3" in output
    assert "1 derivation(s) failed" in output


def test_an_empty_expect_fails_the_build_at_its_line(tmp_path):
    """An :expect: with nothing after it checks nothing: a located error, not a green build."""
    page = "Empty\n=====\n\n.. derive:: x^2\n   :wrt: x\n   :expect:\n"
    root = project(tmp_path, {"page.rst": page})
    code, output = build(root)
    assert code == 1, output
    assert "page.rst:6" in output and ":expect: is empty" in output
