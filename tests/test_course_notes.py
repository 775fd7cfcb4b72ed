"""The notation of real course notes (issue #13), through the pipeline and through real builds.

Each construct is read as its authors mean it: a right claim written in it is accepted, and a
wrong one (off by a factor, transposed, missing a term) is refused, so a misreading cannot pass
as a result. The notation table of test_notation.py checks each reading by value.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from sphinx_projects import build, messages, project

LSQ = r"X \in \mathbb{R}^{N \times D}; \mathbf{w} \in \mathbb{R}^{D}; \mathbf{y} \in \mathbb{R}^{N}"
VEC = r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}; b \in \mathbb{R}"
NEURON = r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)"
SECTION_5 = (r"\begin{cases} \mathbf{0}^T & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ "
             r"\mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}")

# (function, :wrt:, :where:, the author's right claim, a wrong claim beside it)
CLAIMS = [
    (r"\frac{1}{2}\|X\mathbf{w} - \mathbf{y}\|^2", r"\mathbf{w}", LSQ,
     r"(X\mathbf{w} - \mathbf{y})^T X", r"2(X\mathbf{w} - \mathbf{y})^T X"),
    (r"\frac{1}{2N}\|X\mathbf{w} - \mathbf{y}\|_2^2 + \frac{\lambda}{2}\|\mathbf{w}\|^2_2",
     r"\mathbf{w}", LSQ, r"\frac{1}{N}(X\mathbf{w} - \mathbf{y})^T X + \lambda \mathbf{w}^T",
     r"\frac{1}{N}(X\mathbf{w} - \mathbf{y})^T X"),
    (r"\lambda \lVert \mathbf{w} \rVert^2", r"\mathbf{w}", VEC, r"2\lambda\mathbf{w}^T",
     r"\lambda\mathbf{w}^T"),
    (r"\sum_{i=1}^{n} x_i^2", r"\mathbf{x}", VEC, r"2\mathbf{x}^T", r"\mathbf{0}^T"),
    (r"\sum_{i=0}^{n-1} w_i x_i", r"\mathbf{w}", VEC, r"\mathbf{x}^T", r"\mathbf{w}^T"),
    (r"\log \sum_{k=1}^{q} \exp(o_k)", r"\mathbf{o}", r"\mathbf{o} \in \mathbb{R}^{q}",
     r"\operatorname{softmax}(\mathbf{o})^T", r"\exp(\mathbf{o})^T"),
    (r"\frac{1}{N}\sum_{i=1}^{N} (y^{(i)} - \mathbf{w}^T \mathbf{x}^{(i)})^2", r"\mathbf{w}", "",
     r"-\frac{2}{N}\sum_{i=1}^{N} (y^{(i)} - \mathbf{w}^T \mathbf{x}^{(i)}) {\mathbf{x}^{(i)}}^T",
     r"-\frac{1}{N}\sum_{i=1}^{N} (y^{(i)} - \mathbf{w}^T \mathbf{x}^{(i)}) {\mathbf{x}^{(i)}}^T"),
    (r"\sum_{i=0}^{N-1} (y_i - \mathbf{w} \cdot \mathbf{x}_i)^2", r"\mathbf{w}", "",
     r"-2\sum_{i=0}^{N-1} (y_i - \mathbf{w} \cdot \mathbf{x}_i) \mathbf{x}_i^T",
     r"-2\sum_{i=1}^{N} (y_i - \mathbf{w} \cdot \mathbf{x}_i) \mathbf{x}_i^T"),
    (r"\mathbf{v}^T \mathbf{W}^{(2)} \mathbf{W}^{(1)} \mathbf{x}", r"\mathbf{x}", "",
     r"\mathbf{v}^T \mathbf{W}^{(2)} \mathbf{W}^{(1)}", r"\mathbf{v}^T \mathbf{W}^{(1)} \mathbf{W}^{(2)}"),
    (r"\mathbf{v}^T \mathbf{X}^{(\text{train})\top} \mathbf{x}", r"\mathbf{x}", "",
     r"\mathbf{v}^T {\mathbf{X}^{(\text{train})}}^T", r"\mathbf{v}^T \mathbf{X}^{(\text{train})}"),
    (r"\log 2x", "x", "", r"\frac{1}{x}", r"\frac{2}{x}"),
    (r"\sin 2x", "x", "", r"2\cos 2x", r"\cos 2x"),
    (r"\mathbf{1}^T \exp 2\mathbf{x}", r"\mathbf{x}", VEC, r"2\exp(2\mathbf{x})^T",
     r"\exp(2\mathbf{x})^T"),
    (r"\operatorname{tr} AX", "X", r"A, X \in \mathbb{R}^{n \times n}", "A", "A^T"),
    (r"\operatorname{tr} ABA^TC", "B", r"A, B, C \in \mathbb{R}^{n \times n}", "A^T C A",
     "A C A^T"),
    ("|X|", "X", r"X \in \mathbb{R}^{n \times n}", r"|X| X^{-1}", r"|X| X^{-T}"),
    (r"\ln|\det X|", "X", r"X \in \mathbb{R}^{n \times n}", "X^{-1}", "X^{-T}"),
    (r"\mathbf{x}^T \mathbf{I} \mathbf{x} + \pi", r"\mathbf{x}", VEC, r"2\mathbf{x}^T",
     r"\mathbf{x}^T"),
    (r"\frac{ND}{2} \log s", "s", LSQ, r"\frac{ND}{2s}", r"\frac{N}{2s}"),
    (r"n x + \mathbf{1}^T \mathbf{w}", "x", VEC, "n", "1"),
    (r"\mathrm{e}^{2x}", "x", "", r"2e^{2x}", r"e^{2x}"),
    (NEURON, r"\mathbf{w}", VEC, SECTION_5, SECTION_5.replace(r"\mathbf{x}^T &", r"2\mathbf{x}^T &")),
    (NEURON, "b", VEC, r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ 1 & "
     r"\text{otherwise} \end{cases}", r"\begin{cases} 1 & \mathbf{w} \cdot \mathbf{x} + b \le 0 "
     r"\\ 0 & \text{otherwise} \end{cases}"),
    (r"\hat{\mathbf{y}}^T \mathbf{x} + \tilde{x}^2", r"\mathbf{x}", VEC, r"\hat{\mathbf{y}}^T",
     r"\hat{\mathbf{y}}"),
    (r"x^2 + c", "x", "", "2x + c - c", "2x + c"),
    # a row of ones whose size nothing declares: the claim's from the vector beside it
    (r"\mathbf{1}^\top \log(\mathbf{x})", r"\mathbf{x}", "",
     r"(\mathbf{1} \oslash \mathbf{x})^\top", r"\mathbf{1}^\top"),
    (r"\sum_{i=1}^{n} x_i", r"\mathbf{x}", VEC, r"\mathbf{1}^\top", r"\mathbf{x}^\top"),
]


@pytest.mark.parametrize("function, wrt, where, right, wrong", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_the_authors_claim_is_accepted_and_a_wrong_one_refused(function, wrt, where, right, wrong):
    (result,) = run(Request(function=function, wrt=wrt, where=where, expect=right)).results
    assert result.checked == [right]
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=wrong))
    assert caught.value.subtype in (Subtype.WRONG, Subtype.SHAPE), caught.value.message
    again = run(Request(function=function, wrt=wrt, where=where, expect=result.result))
    assert again.results[0].checked == [result.result]  # the shown result reads back


@pytest.mark.parametrize("function, wrt, expected", [
    ("x A", "x", "A"),  # a matrix function by a scalar: the step's ∂f/∂x has A's shape
    (r"x \mathbf{w}^T", "x", r"\mathbf{w}^T"),
    (r"\sin(x A)", "x", Subtype.UNSUPPORTED),  # through a matrix: a fourth-order local step
    (r"\log s \mathbf{I}", "s", Subtype.UNSUPPORTED),  # log(sI), through a matrix too
    (r"\log(\mathbf{1}\mathbf{1}^T - I) \mathbf{w}", r"\mathbf{w}", Subtype.UNCHECKED),  # log 0
    (r"\mathbf{v}^T A \odot \mathbf{x}", r"\mathbf{x}", Subtype.SHAPE),  # a row ⊙ a column
    (r"\mathbf{w} \cdot \mathbf{x} b", r"\mathbf{w}", r"b \mathbf{x}^T"),  # scalars go first
    (r"\mathbf{w} - f x", r"\mathbf{w}", "I"),  # f is a symbol: the function is not called f
    (r"x N^2 + c", "x", Subtype.SHAPE),  # N² + c: c I or c times the ones? (the author says)
    (r"x N^2 + c \mathbf{1}_{n \times n}", "x", "N^2"),
])
def test_what_the_mutation_fuzz_found_is_a_result_or_a_message(function, wrt, expected):
    where = r"A \in \mathbb{R}^{m \times n}; \mathbf{w} \in \mathbb{R}^{n}"
    if not isinstance(expected, Subtype):
        (result,) = run(Request(function=function, wrt=wrt, where=where, expect=expected)).results
        assert result.checked == [expected]
        return
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where))
    assert caught.value.subtype is expected, caught.value.message


def test_a_partial_function_is_judged_on_its_cases_only():
    (result,) = run(Request(function=r"\begin{cases} x^2 & x > 0 \end{cases}", wrt="x",
                            expect="2x")).results
    assert result.checked == ["2x"]


@pytest.mark.parametrize("wrt, where, namesake", [
    ("x", "", r"\mathbf{x}"),
    (r"\mathbf{w}, x", "", r"\mathbf{x}"),
    (r"\vec{w}", "", r"\mathbf{w}"),
])
def test_a_wrt_that_does_not_occur_names_its_namesake(wrt, where, namesake):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=wrt, where=where))
    error = caught.value
    assert error.subtype is Subtype.DECLARATION and error.field == Field.option(":wrt:")
    assert f"did you mean :wrt: {namesake}?" in error.message
    assert wrt[error.start:error.end].strip() in ("x", r"\vec{w}")


def test_a_declared_variable_that_does_not_occur_is_still_said_zero():
    (result,) = run(Request(function=r"\mathbf{x}^T \mathbf{x}", wrt="x",
                            where=r"x \in \mathbb{R}")).results
    assert result.result == "0" and "does not occur" in result.note


PAGE_RST = """Notes
=====

.. derive:: \\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2
   :wrt: \\mathbf{w}
   :where: X \\in \\mathbb{R}^{N \\times D}; \\mathbf{w} \\in \\mathbb{R}^{D}; \\mathbf{y} \\in \\mathbb{R}^{N}
   :expect: (X\\mathbf{w} - \\mathbf{y})^T X

.. derive:: \\sum_{i=1}^{n} x_i^2
   :wrt: \\mathbf{x}
   :where: \\mathbf{x} \\in \\mathbb{R}^{n}
   :expect: 2\\mathbf{x}^T

.. derive:: \\max(0, \\mathbf{w} \\cdot \\mathbf{x} + b)
   :wrt: \\mathbf{w}
   :expect: \\begin{cases} \\mathbf{0}^T & \\mathbf{w} \\cdot \\mathbf{x} + b \\le 0 \\\\ \\mathbf{x}^T & \\mathbf{w} \\cdot \\mathbf{x} + b > 0 \\end{cases}

.. derive:: \\log 2x
   :wrt: x
   :expect: 2x
"""

PAGE_MD = """# Notes

```{derive} {\\mathbf{W}^{(2)}}^\\top \\mathbf{v} \\cdot \\mathbf{x}
:wrt: \\mathbf{x}
:expect: \\mathbf{v}^T \\mathbf{W}^{(2)}
```

```{derive} \\operatorname{tr} AX
:wrt: X
:where: A, X \\in \\mathbb{R}^{n \\times n}
:expect: A^T
```

```{derive} \\mathbf{x}^T \\mathbf{x}
:wrt: x
```
"""


def test_course_notation_through_a_real_build(tmp_path):
    """Right claims build clean; the wrong ones and the stray :wrt: are located messages."""
    code, output = build(project(tmp_path, {"notes.rst": PAGE_RST, "more.md": PAGE_MD}))
    assert "Traceback" not in output and "Internal error" not in output
    assert code == 1
    assert sorted(messages(output)) == ["more.md:11:wrong", "more.md:15:declaration",
                                        "notes.rst:20:wrong"]
