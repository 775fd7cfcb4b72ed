"""Fuzz: mutated derivations (characters deleted, doubled, swapped; LaTeX fragments inserted)
give a result or a located message, never a traceback and never an internal error.

Hypothesis mutates the functions, claims, steps and declarations of the case tables (the
paper's results, the reference identities, the notation of course notes) and runs them through
the pipeline; a fixed sample of mutated pages goes through a real parallel build in RST and
MyST. The mechanisms this found, each fixed where it lives: a product's scalar factors after
its matrices (rules then met a scalar where they expect a matrix: "'Symbol' object has no
attribute 'shape'"), lookahead past the end of the text (IndexError), a symbol named like the
default function name f, non-ASCII digits inside numbers, element-wise divisions printed as
factors without brackets, a row vector against a column vector inferring every size as 1, the
step ∂f/∂x of a matrix function by a scalar given a column's shape, a local step through a
matrix by a scalar (a fourth-order tensor), and a function finite nowhere reported as internal.
test_course_notes.py keeps one example of each.
"""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
import course_corpus
from sphinx_projects import CONF, build, messages, project
from tables import IDENTITIES, PAPER
from test_course_notes import CLAIMS

SOURCES = ([(f, w, wh, r) for f, w, wh, r, _ in PAPER]
           + [(f, w, wh, r) for f, w, wh, r, _ in IDENTITIES]
           + [(f, w, wh, r) for f, w, wh, r, _ in CLAIMS])
#: The course corpus (tests/course_corpus.py), in its authors' layouts and with its conf.py
#: functions: (function, wrt, where, claim, layout).
CORPUS = [(d.function, d.wrt, d.where, d.expect, d.layout) for d in course_corpus.CORPUS]
CORPUS_FUNCTIONS = tuple(course_corpus.FUNCTIONS.items())
FRAGMENTS = [r"\mathbf{x}", "x", "W", "b", "N", "I", "e", "0", "1", "+", "-", "^T", "^2", "^{-1}",
             "_i", "_2", "(", ")", "{", "}", "[", "]", "|", r"\|", "&", r"\\", "=", ",", r"\cdot",
             r"\odot", r"\frac{1}{2}", r"\frac{", r"\sum_{i=1}^{n}", r"\sum_{i=0}^{N-1}", r"\sum_i",
             r"\log", r"\exp", r"\sin", r"\det", r"\operatorname{tr}", r"\max(0,", r"\sigma(",
             r"\begin{cases}", r"\end{cases}", r"\text{otherwise}", r"\begin{bmatrix}",
             r"\mathbb{1}[", "^{(i)}", r"^{(\text{train})\top}", r"\hat{", r"\mathbf{I}", r"\pi",
             r"\mathrm{e}", r"\lVert", r"\rVert", r"\left(", r"\right)", r"\partial",
             r"\frac{\partial}{\partial \mathbf{w}}", r"\nabla_{\mathbf{x}}", "α", "٣", "²"]


def mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    """Apply (kind, where, fragment) edits: delete, double, swap a character, or insert."""
    for kind, at, fragment in edits:
        k = at % (len(text) + 1)
        if kind == "delete" and text:
            k = min(k, len(text) - 1)
            text = text[:k] + text[k + 1:]
        elif kind == "double" and text:
            k = min(k, len(text) - 1)
            text = text[:k + 1] + text[k:]
        elif kind == "swap" and len(text) > 1:
            k = min(k, len(text) - 2)
            text = text[:k] + text[k + 1] + text[k] + text[k + 2:]
        else:
            text = text[:k] + fragment + text[k:]
    return text


EDITS = st.lists(st.tuples(st.sampled_from(["delete", "double", "swap", "insert", "insert"]),
                           st.integers(0, 200), st.sampled_from(FRAGMENTS)), min_size=1, max_size=3)


def _outcome(fields: dict, **extra) -> str:
    """'result', or the subtype of the message a mutated request gets: never an internal
    error, never an empty message."""
    try:
        run(Request(**fields, **extra), timeout=5)
        return "result"
    except MatcalcError as error:
        assert error.subtype is not Subtype.INTERNAL, (fields, error.message)
        assert "Internal error" not in error.message and error.message.strip(), fields
        return error.subtype.value


def test_mutated_derivations_give_a_result_or_a_located_message(report):
    tried: Counter = Counter()

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(SOURCES), st.sampled_from(["function", "expect", "step", "where",
                                                      "wrt"]), EDITS)
    def check(source, which, edits):
        function, wrt, where, claim = source
        fields = dict(function=function, wrt=wrt, where=where, expect=claim, steps=[])
        if which == "step":
            fields["steps"], fields["expect"] = [mutate(claim, edits)], ""
        else:
            fields[which] = mutate(fields[which], edits)
        outcome = _outcome(fields)
        tried[outcome] += 1
        event(f"mutated {which}: {outcome}")

    check()
    report(f"mutation fuzz: {sum(tried.values())} mutated derivations, no internal error: "
           + ", ".join(f"{n} {kind}" for kind, n in tried.most_common()))
    assert sum(tried.values()) >= 300


def test_mutated_course_corpus_derivations_give_a_result_or_a_located_message(report):
    """The same fuzz over the course corpus: every construct of issue #13 as course notes
    write it, mutated, in its author's layout and with the corpus's conf.py functions."""
    tried: Counter = Counter()

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(CORPUS), st.sampled_from(["function", "expect", "where", "wrt"]), EDITS)
    def check(source, which, edits):
        function, wrt, where, claim, layout = source
        fields = dict(function=function, wrt=wrt, where=where, expect=claim)
        fields[which] = mutate(fields[which], edits)
        tried[_outcome(fields, layout=layout, functions=CORPUS_FUNCTIONS)] += 1

    check()
    report(f"mutation fuzz: {sum(tried.values())} mutated course-corpus derivations, no internal "
           "error: " + ", ".join(f"{n} {kind}" for kind, n in tried.most_common()))
    assert sum(tried.values()) >= 200


def _pages(rng: random.Random, count: int) -> tuple[dict[str, str], dict[str, range]]:
    """Mutated derivations as RST and MyST pages; where each directive's lines are."""
    pages, lines = {}, {}
    for k in range(count):
        function, wrt, where, claim = rng.choice(SOURCES)
        edits = [(rng.choice(["delete", "double", "swap", "insert"]), rng.randrange(200),
                  rng.choice(FRAGMENTS)) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            function = mutate(function, edits)
        else:
            claim = mutate(claim, edits)
        options = [f":wrt: {wrt}", f":expect: {claim}"] + ([f":where: {where}"] if where else [])
        if k % 2:
            body = "\n".join(f"   {o}" for o in options)
            pages[f"m{k}.rst"] = f"M {k}\n=====\n\n.. derive:: {function}\n{body}\n"
        else:
            body = "\n".join(options)
            pages[f"m{k}.md"] = f"# M {k}\n\n```{{derive}} {function}\n{body}\n```\n"
        lines[f"m{k}.rst" if k % 2 else f"m{k}.md"] = range(3, 4 + len(options) + 1)
    return pages, lines


def test_mutated_pages_through_a_real_parallel_build(tmp_path, report):
    pages, lines = _pages(random.Random(13), 16)
    root = project(tmp_path, pages, CONF + "matcalc_timeout = 5\n")
    code, output = build(root, "-j", "2")
    assert "Traceback" not in output and "Exception occurred" not in output
    assert "Internal error" not in output
    assert code in (0, 1)
    found = messages(output)
    for message in found:
        name, line, _ = message.split(":")
        assert int(line) in lines[name], message
    report(f"mutation fuzz: {len(pages)} mutated pages through a real build, "
           f"{len(found)} located messages, no internal error")
