"""A serial build derives in a worker process while Sphinx reads and writes (``background``):
the pages, the messages and the exit status are what deriving in place gives, also when
the worker is gone, when answers were lost, and on pages no builder writes."""

from __future__ import annotations

import pickle
import re

import pytest
from sphinx_projects import build, messages, project

from sphinx_matcalc.sphinx import background, envdata

RIGHT = (".. derive:: \\mathbf{{x}}^T A \\mathbf{{x}} + {k} \\mathbf{{w}} \\cdot \\mathbf{{x}}\n"
         "   :wrt: \\mathbf{{x}}\n"
         "   :where: A \\in \\mathbb{{R}}^{{n \\times n}}; \\mathbf{{x}}, \\mathbf{{w}} \\in "
         "\\mathbb{{R}}^{{n}}\n"
         "   :label: eq-{k}\n\n")
STEPS = (".. derive:: x^{k} \\sin(x)\n   :wrt: x\n\n"
         "   = {k} x^{j} \\sin(x) + x^{k} \\cos(x)\n\n")
WRONG = (".. derive:: \\mathbf{w} \\cdot \\mathbf{x}\n   :wrt: \\mathbf{w}\n   :expect: \\mathbf{x}\n"
         "   :label: wrong-eq\n\n")
OFF = (".. derive:: x^3\n   :wrt: x\n   :check: off\n   :expect: 3x^2 + 1\n\n"
       "The author's own words, with 'quotes' and \"double quotes\".\n\n")


def pages() -> dict[str, str]:
    """Eight pages: results with labels, steps, a wrong claim with a label (referred to, as a
    right one is), an unchecked claim, a myst page."""
    out = {f"p{k}.rst": f"Page {k}\n======\n\n" + RIGHT.format(k=k + 2)
           + STEPS.format(k=k + 2, j=k + 1) for k in range(5)}
    out["wrong.rst"] = "Wrong\n=====\n\nText, see :eq:`wrong-eq` and :eq:`eq-2`.\n\n" + WRONG
    out["off.rst"] = "Off\n===\n\n" + OFF
    out["notes.md"] = ("# Notes\n\n```{derive} \\max(0, x)\n:wrt: x\n:expect: \\begin{cases} 1 & x > 0"
                       " \\\\ 0 & x \\le 0 \\end{cases}\n```\n")
    return out


def bodies(root) -> dict[str, str]:
    """Each page's HTML body, as written."""
    out = {}
    for page in sorted((root / "_build" / "html").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        out[page.name] = text[text.index("<body"):]
    return out


def in_place(root, monkeypatch, *args):
    """Build ``root`` deriving in each directive, while the page is read (as before the
    worker existed, and as ``:code:`` still does): the reference the others must equal."""
    with monkeypatch.context() as patch:
        patch.setattr("sphinx_matcalc.sphinx.directive.DeriveDirective.later",
                      lambda self, request: False)
        return build(root, *args)


@pytest.mark.parametrize("jobs", [(), ("-j", "2")])
def test_a_build_writes_what_deriving_in_place_writes(tmp_path, monkeypatch, jobs):
    """Serial, with the worker; or with parallel readers, which derive in place and are
    forked from a process that has no worker: the same pages (results, steps, labels,
    quotes, error boxes, MathJax) and messages as deriving in place."""
    reference = project(tmp_path / "reference", pages())
    code_ref, out_ref = in_place(reference, monkeypatch, *jobs)
    background.shutdown()
    root = project(tmp_path / "root", pages())
    code, out = build(root, *jobs)
    assert (background.running() is not None) == (not jobs)  # a serial build started it
    assert code == code_ref == 1
    assert messages(out) == messages(out_ref) and any("wrong.rst:8" in m for m in messages(out))
    mine, theirs = bodies(root), bodies(reference)
    assert mine.keys() == theirs.keys() and len(mine) >= 9
    for name in mine:
        assert mine[name] == theirs[name], name
    assert "mathjax" in (root / "_build" / "html" / "p0.html").read_text().lower()
    assert "author’s own words" in mine["off.html"] and "checkmark" not in mine["off.html"]


@pytest.mark.parametrize("broken", ["none", "dies"])
def test_without_a_worker_the_pages_derive_in_place(tmp_path, monkeypatch, broken):
    """No worker (it cannot start), or one that exits at once: each page derives when it is
    written, the same pages as in place, and a wrong claim still fails the build."""
    reference = project(tmp_path / "reference", pages())
    in_place(reference, monkeypatch)
    background.shutdown()
    if broken == "none":
        monkeypatch.setattr(background, "worker", lambda: None)
    else:
        monkeypatch.setattr(background, "_START", "import sys; sys.exit(0)")
    root = project(tmp_path / "root", pages())
    code, out = build(root)
    background.shutdown()
    assert code == 1 and any("wrong.rst:8" in m for m in messages(out)), out[-2000:]
    assert bodies(root) == bodies(reference)


def test_answers_lost_after_sphinx_saved_the_environment_are_found_again(tmp_path,
                                                                        monkeypatch):
    """Sphinx saves the environment before writing, with what is pending; the answers are
    saved at the end. A build stopped in between (here: the end's save left out) leaves an
    environment without them: the next build, which reads nothing, derives them and fails
    as the first did."""
    root = project(tmp_path, pages())
    with monkeypatch.context() as patch:
        patch.setattr("sphinx_matcalc.sphinx.resolve.complete", lambda app, exception: None)
        code, first = build(root)
    assert code == 1
    saved = root / "_build" / "doctrees" / "environment.pickle"
    env = pickle.loads(saved.read_bytes())
    assert envdata.data(env).pending and not envdata.data(env).failures
    code, again = build(root)
    assert code == 1, again[-2000:]
    assert messages(again) == messages(first)
    env = pickle.loads(saved.read_bytes())
    assert envdata.data(env).failures and not envdata.data(env).pending  # saved again now
    code, third = build(root)
    assert code == 1 and messages(third) == messages(first)


def test_a_failure_cached_before_a_stopped_build_is_not_lost(tmp_path, monkeypatch):
    """The wrong page fails and its error is cached. Its prose changes, so the next build
    reads it again (its stored failure goes) and is stopped before the end: every later
    build, which reads nothing, must still fail there (the error is cached, the failure was
    not saved)."""
    root = project(tmp_path, pages())
    code, first = build(root)
    assert code == 1
    wrong = root / "wrong.rst"
    wrong.write_text(wrong.read_text().replace("Text,", "Other text,"))
    with monkeypatch.context() as patch:
        patch.setattr("sphinx_matcalc.sphinx.resolve.complete", lambda app, exception: None)
        build(root)
    for _ in range(2):
        code, again = build(root)
        assert code == 1 and messages(again) == messages(first), again[-2000:]


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_numbered_figures_number_the_labelled_results(tmp_path, builder):
    """With numfig, equations are numbered as figures are, by the id of the labelled math
    block while the page is read: the derivation is made in place and its result carries the
    id (before, every builder crashed on a labelled derivation with numfig)."""
    conf = 'extensions = ["sphinx_matcalc"]\nnumfig = True\n'
    page = "Page\n====\n\nSee :eq:`eq-2`.\n\n" + RIGHT.format(k=2)
    root = project(tmp_path, {"p0.rst": page}, conf=conf)
    code, out = build(root, "-W", builder=builder)
    assert code == 0, out[-2000:]
    if builder == "html":
        html = (root / "_build" / "html" / "p0.html").read_text()
        assert 'href="#equation-eq-2">(1)' in html and html.count('id="equation-eq-2"') == 1


def test_a_page_no_builder_writes_still_counts(tmp_path):
    """The LaTeX builder writes only the pages its documents include: an orphan page's wrong
    claim is derived at the end of the build and fails it."""
    root = project(tmp_path, {"p0.rst": "Page\n====\n\n" + RIGHT.format(k=2)})
    (root / "lost.rst").write_text(":orphan:\n\nLost\n====\n\n" + WRONG)
    code, out = build(root, builder="latex")
    assert code == 1 and any(m.startswith("lost.rst:8") for m in messages(out)), out[-2000:]


def test_a_derivation_past_its_time_limit_in_the_worker_is_reported(tmp_path):
    """The worker keeps the time limit (it derives in its main thread, as a build does)."""
    slow = (".. derive:: \\log(\\det(X)) + \\operatorname{tr}(X^{-1} A X^{-1} B X^{-1})\n"
            "   :wrt: X\n   :where: A, B, X \\in \\mathbb{R}^{n \\times n}\n\n")
    root = project(tmp_path, {"slow.rst": "Slow\n====\n\n" + slow},
                   conf='extensions = ["sphinx_matcalc"]\nmatcalc_timeout = 0.001\n')
    code, out = build(root)
    assert code == 1 and re.search(r"slow\.rst:4:timeout", " ".join(messages(out))), out[-2000:]
