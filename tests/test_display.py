"""What the page shows reads like the paper: the author's names, order and notation.

Each behaviour is checked on the text the pipeline produces (every formula of
which is also read back, see test_readback.py), and through a real build.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from sphinx_projects import build, project

VEC = r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}; b \in \mathbb{R}; W \in \mathbb{R}^{m \times n}"
NEURON = r"a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)"


def rows(**fields):
    (result,) = run(Request(where=VEC, **fields)).results
    return result, [f"{s.lhs} = {' = '.join(s.parts)}" for s in result.steps]


def test_the_neuron_reads_like_section_5():
    result, steps = rows(function=NEURON, wrt=r"\mathbf{w}", let=r"z = \mathbf{w} \cdot \mathbf{x} + b")
    assert steps[0] == r"z = \mathbf{w} \cdot \mathbf{x} + b"  # the author's name and order
    assert r"\frac{\partial z}{\partial \mathbf{w}} = " in steps[2]
    assert r"\mathbf{x}^T + \mathbf{0}^T = \mathbf{x}^T" in steps[2]
    assert steps[-1].startswith(r"\frac{\partial a}{\partial \mathbf{w}} = \frac{\partial a}"
                                r"{\partial z} \frac{\partial z}{\partial \mathbf{w}} = ")
    assert result.result == r"\mathbb{1}\left[\mathbf{w} \cdot \mathbf{x} + b > 0\right] \mathbf{x}^T"


def test_intermediates_never_take_a_name_the_author_used():
    _, steps = rows(function=r"\sin(u x^2)", wrt="x")
    lets = [s for s in steps if s.startswith(("u =", "v ="))]
    assert lets and not lets[0].startswith("u =")


@pytest.mark.parametrize("let, message", [
    (r"z = \mathbf{w} \cdot \mathbf{w}", "does not occur in the function"),
    (r"b = \mathbf{w} \cdot \mathbf{x}", "already a symbol"),
    ("z", "name = expression"),
])
def test_a_let_that_names_nothing_is_a_located_message(let, message):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=NEURON, wrt=r"\mathbf{w}", where=VEC, let=let))
    assert caught.value.subtype is Subtype.DECLARATION and message in caught.value.message
    assert caught.value.field == Field.option(":let:")


def test_element_wise_results_are_vectors_not_matrix_products():
    result, steps = rows(function=r"\sigma(W \mathbf{x})", wrt=r"\mathbf{x}")
    assert r"\odot" in result.result  # σ(Wx) ⊙ (1 − σ(Wx)), never σ(Wx)(1 − σ(Wx))
    local = next(s for s in steps if s.startswith(r"\frac{\partial \left(\sigma"))
    assert r"\operatorname{diag}" in local  # the local Jacobian is diag(σ′(u)), m×m


def test_the_authors_product_sign_is_kept():
    result, _ = rows(function=r"\mathbf{w} \otimes \mathbf{x} \otimes \mathbf{x}", wrt=r"\mathbf{w}")
    assert r"\otimes" in result.result and r"\odot" not in result.result


def test_division_stays_division():
    result, _ = rows(function=r"\mathbf{w} \oslash \mathbf{x}", wrt=r"\mathbf{w}")
    assert r"\oslash" in result.result and r"\circ -1" not in result.result


def test_a_derivative_operator_applies_to_the_group_after_it():
    run(Request(function="x^3", wrt="x", steps=[r"\frac{\partial}{\partial x}(x^2) \cdot x + x^2",
                                                "3x^2"]))
    with pytest.raises(MatcalcError) as caught:  # (d(x²)/dx)·x = 2x², not d(x³)/dx
        run(Request(function="x^3", wrt="x", steps=[r"\frac{\partial}{\partial x}(x^2) \cdot x"]))
    assert caught.value.subtype is Subtype.WRONG


@pytest.mark.parametrize("function, wrt, step", [
    (r"C(\mathbf{w}, b) = \mathbf{w} \cdot \mathbf{x} + b", r"\mathbf{w}",
     r"\frac{\partial C(\mathbf{w}, b)}{\partial \mathbf{w}}"),
    (r"f(\mathbf{x}) = \mathbf{x} \cdot \mathbf{x}", r"\mathbf{x}",
     r"\frac{\partial f(\mathbf{x})}{\partial \mathbf{x}}"),
    (r"g(b) = b^2", "b", r"\frac{\partial}{\partial b} g(b)"),
])
def test_the_functions_written_name_stands_for_it_in_steps(function, wrt, step):
    (result,) = run(Request(function=function, wrt=wrt, where=VEC, steps=[step])).results
    assert result.checked == [step]


def test_tidying_rows_are_not_shown():
    _, steps = rows(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}")
    assert not any(r"\mathbf{x}^T I" in s for s in steps)


def test_let_through_a_real_build(tmp_path):
    page = ("Neuron\n======\n\n.. derive:: a = \\max(0, \\mathbf{w} \\cdot \\mathbf{x} + b)\n"
            "   :wrt: \\mathbf{w}\n   :where: b \\in \\mathbb{R}\n"
            "   :let: z = \\mathbf{w} \\cdot \\mathbf{x} + b\n")
    code, output = build(project(tmp_path, {"page.rst": page}))
    assert code == 0, output
    html = (tmp_path / "_build" / "html" / "page.html").read_text()
    assert r"\frac{\partial a}{\partial z}" in html
