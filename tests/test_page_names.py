"""Names a page gives mean what they name, in steps and claims alike.

A :let: name stands for its expression (∂u/∂x is the derivative of what u
names) and is the variable where a derivative is taken with respect to it
(∂a/∂u, as the chain rule reads it); the function's name with other arguments
is the function at those arguments; a name that belongs to nothing is
refused as unchecked even inside ∂/∂x, whose derivative of it would be 0; a
:let: name that is already something else is refused where it is written.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sphinx_matcalc.errors import Field, MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

VEC = r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}; b \in \mathbb{R}"
NEURON = r"a = \max(0, \mathbf{w}\cdot\mathbf{x} + b)"
Z = r"z = \mathbf{w}\cdot\mathbf{x} + b"


def _subtype(**fields) -> Subtype | None:
    try:
        run(Request(**fields), timeout=60)
    except MatcalcError as error:
        return error.subtype
    return None


WRONG = [  # each step is not the derivative; before, the operator on a name gave 0
    dict(function=NEURON, wrt=r"\mathbf{w}", where=VEC, let=Z,
         steps=[r"\frac{\partial a}{\partial \mathbf{w}} + \frac{\partial a}{\partial z}"
                r"\frac{\partial z}{\partial \mathbf{w}}"]),  # the path through z counted twice
    dict(function=r"\sin(x^2)", wrt="x", let="u = x^2",
         steps=[r"2x\cos(x^2) + \frac{\partial u}{\partial x}"]),
    dict(function=r"\sigma(\mathbf{w}\cdot\mathbf{x}+b)", wrt=r"\mathbf{w}", where=VEC,
         let=r"z = \mathbf{w}\cdot\mathbf{x} + b",
         steps=[r"\sigma(z)(1-\sigma(z))\mathbf{x}^T + \frac{\partial z}{\partial \mathbf{w}}"]),
    dict(function=r"f(x) = x^2", wrt="x", steps=[r"\frac{\partial}{\partial x} f(2x)"]),
    dict(function=r"f(x) = x^2", wrt="x", steps=[r"\frac{d}{dx} f(x^3)"]),
    dict(function=r"C(\mathbf{w}, b) = (\mathbf{w}\cdot\mathbf{x} + b)^2", wrt=r"\mathbf{w}",
         where=VEC, steps=[r"\frac{\partial C(\mathbf{w}, 0)}{\partial \mathbf{w}}"]),
    dict(function=r"C(\mathbf{w}, b) = (\mathbf{w}\cdot\mathbf{x} + b)^2", wrt="b", where=VEC,
         steps=[r"\frac{\partial C(\mathbf{w}, 2b)}{\partial b}"]),
    dict(function=r"\sin(x^2)", wrt="x", let="u = x^2", expect=r"2x\cos u + u"),
    dict(function=r"L = (\mathbf{w}\cdot\mathbf{x} + b - y)^2", wrt=r"\mathbf{w}",
         where=VEC + r"; y \in \mathbb{R}", let=Z,  # z inside a longer sum: counted twice
         steps=[r"\frac{\partial L}{\partial \mathbf{w}} + \frac{\partial L}{\partial z}"
                r"\frac{\partial z}{\partial \mathbf{w}}"]),
    dict(function=r"a = (\mathbf{w}\cdot\mathbf{x} + b)^2 + \mathbf{w}\cdot\mathbf{x} + b",
         wrt=r"\mathbf{w}", where=VEC, let=Z,
         steps=[r"\frac{\partial a}{\partial z}\frac{\partial z}{\partial \mathbf{w}} + \mathbf{x}^T"]),
]


@pytest.mark.parametrize("fields", WRONG)
def test_a_wrong_step_through_a_name_is_wrong(fields):
    assert _subtype(**fields) is Subtype.WRONG


RIGHT = [
    dict(function=NEURON, wrt=r"\mathbf{w}", where=VEC, let=Z,
         steps=[r"\frac{\partial a}{\partial z}\frac{\partial z}{\partial \mathbf{w}}"]),
    dict(function=r"y = \sin(x^2)", wrt="x", let="u = x^2",
         steps=[r"\frac{dy}{du}\frac{du}{dx}", r"2x\cos(x^2)"]),
    dict(function=r"f(x) = x^2", wrt="x", steps=[r"\frac{\partial}{\partial x} f(x)", "2x"]),
    dict(function=r"C(\mathbf{w}, b) = (\mathbf{w}\cdot\mathbf{x} + b)^2", wrt=r"\mathbf{w}",
         where=VEC, steps=[r"\frac{\partial C(\mathbf{w}, b)}{\partial \mathbf{w}}",
                           r"2(\mathbf{w}\cdot\mathbf{x} + b)\mathbf{x}^T"]),
    dict(function=r"C(\mathbf{w}, b) = (\mathbf{w}\cdot\mathbf{x} + b)^2", wrt="b", where=VEC,
         steps=[r"\frac{\partial}{\partial b} C(\mathbf{w}, b)"]),
    dict(function=r"\sin(x^2)", wrt="x", let="u = x^2", expect=r"2x\cos u"),
    dict(function=r"L = (\mathbf{w}\cdot\mathbf{x} + b - y)^2", wrt=r"\mathbf{w}",
         where=VEC + r"; y \in \mathbb{R}", let=Z,
         steps=[r"\frac{\partial L}{\partial z}\frac{\partial z}{\partial \mathbf{w}}"]),
    dict(function=r"a = (\mathbf{w}\cdot\mathbf{x} + b)^2 + \mathbf{w}\cdot\mathbf{x} + b",
         wrt=r"\mathbf{w}", where=VEC, let=Z,
         steps=[r"\frac{\partial a}{\partial z}\frac{\partial z}{\partial \mathbf{w}}"]),
    dict(function=r"\sigma(\mathbf{w}\cdot\mathbf{x}+b)", wrt=r"\mathbf{w}", where=VEC,
         let=r"z = \mathbf{w}\cdot\mathbf{x} + b", expect=r"\sigma(z)(1-\sigma(z))\mathbf{x}^T"),
]


@pytest.mark.parametrize("fields", RIGHT)
def test_a_right_step_through_a_name_is_accepted(fields):
    assert _subtype(**fields) is None


def test_a_name_that_belongs_to_nothing_is_unchecked_inside_an_operator_too():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^2", wrt="x", steps=[r"2x + \frac{\partial q}{\partial x}"]))
    assert caught.value.subtype is Subtype.UNCHECKED and "uses q" in caught.value.message


@pytest.mark.parametrize("fields, right", [
    (dict(function="f(x) = x^2", steps=[r"\frac{f(2x) + 4x}{2} - \frac{f(2x)}{2}"]), True),
    (dict(function="f(x) = x^2", steps=[r"f(2x) - 4x^2 + 2x"]), True),  # cannot read f(2x)
    (dict(function="f(x) = x^3", steps=[r"3x^2 + f(-x) + f(x)"]), True),
    (dict(function="f(x) = x^2", steps=[r"\frac{f(2x)}{x}"]), False),
    # 4x²/(2x) is 2x read, but as written it has no value at x = 0, where the derivative is 0
    (dict(function="f(x) = x^2", steps=[r"\frac{f(2x)}{2x}"]), False),
    (dict(function="f(x) = x^3", steps=[r"-3f(-x)/x"]), False),
    (dict(function="a = x^2", steps=[r"2x + a - x^2"]), True),  # the name alone is the function
    (dict(function="a = x^2", steps=[r"\frac{2a}{x}"]), False),
    (dict(function="L = x^2", steps=[r"\frac{3L}{x}"]), False),
    (dict(function=r"a = \sigma(x)", steps=[r"a(1 - a)"]), True),  # no arguments: a product
    (dict(function=r"a = \sigma(x)", steps=[r"a (1 - a)^2"]), False),
])
def test_the_functions_name_in_a_step_is_the_function(fields, right):
    assert _subtype(wrt="x", **fields) is (None if right else Subtype.WRONG)


@pytest.mark.parametrize("let, why", [
    (r"\sigma = \mathbf{w}\cdot\mathbf{x} + b", "part of the notation"),
    (r"e = \mathbf{w}\cdot\mathbf{x}", "part of the notation"),
    (r"\pi = \mathbf{w}\cdot\mathbf{x}", "part of the notation"),
    (r"n = \mathbf{w}\cdot\mathbf{x}", "a size"),
    (r"a = \mathbf{w}\cdot\mathbf{x}", "the function's name"),
    (r"z = \mathbf{w}\cdot\mathbf{x}; z = \mathbf{w}\cdot\mathbf{x} + b", "already a :let: name"),
    (r"z = \mathbf{w}\cdot\mathbf{x} + b; u = \mathbf{w}\cdot\mathbf{x} + b", "names what z names"),
    (r"z = \mathbf{w}\cdot\mathbf{x} + b; u = z", "names what z names"),
])
def test_a_let_name_that_is_already_something_is_refused_where_it_is_written(let, why):
    function = r"a = \sigma(\mathbf{w}\cdot\mathbf{x} + b)"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=r"\mathbf{w}", where=VEC, let=let))
    assert caught.value.subtype is Subtype.DECLARATION and why in caught.value.message
    assert caught.value.field == Field.option(":let:")


OUTER = [(r"\sin", r"\cos({a})"), (r"\exp", r"\exp({a})"), (r"\tanh", r"(1 - \tanh({a})^2)")]
INNER = [("x^2", "2x"), ("3x + 1", "3"), (r"x^3 - x", "(3x^2 - 1)")]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OUTER), st.sampled_from(INNER), st.sampled_from(["u", "v", "s"]),
       st.sampled_from(["", " - c", " + 2c"]))
def test_the_chain_rule_through_a_let_name_is_read_as_written(outer, inner, u, shift):
    """For g(h(x) + s) with u = h(x), also where h's terms sit in a longer sum (3x + 1 − c):
    ∂f/∂u ∂u/∂x is accepted, and so is ∂f/∂u written out with h'(x) as ∂u/∂x; adding
    ∂u/∂x (never 0 here) once more is refused."""
    (g, g_prime), (h, h_prime) = outer, inner
    fields = dict(function=rf"f = {g}({h}{shift})", wrt="x", let=f"{u} = {h}",
                  where=r"c \in \mathbb{R}")
    chain = rf"\frac{{\partial f}}{{\partial {u}}}\frac{{\partial {u}}}{{\partial x}}"
    written = g_prime.format(a=u + shift) + rf" \frac{{\partial {u}}}{{\partial x}}"
    assert _subtype(**fields, steps=[chain]) is None
    assert _subtype(**fields, steps=[written, f"{g_prime.format(a=h + shift)} {h_prime}"]) is None
    assert _subtype(**fields, steps=[rf"{chain} + \frac{{\partial {u}}}{{\partial x}}"]) \
        is Subtype.WRONG
    _TRIED[0] += 1


def test_a_derivative_by_a_name_whose_terms_occur_outside_it_is_refused():
    """a = σ(z) + b² with z = w·x + b: ∂a/∂z holding b or holding w·x fixed differ; it is
    refused, never guessed."""
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"a = \sigma(\mathbf{w}\cdot\mathbf{x} + b) + b^2",
                    wrt=r"\mathbf{w}", where=VEC, let=Z,
                    steps=[r"\frac{\partial a}{\partial z}\frac{\partial z}{\partial \mathbf{w}}"]))
    assert caught.value.subtype is Subtype.UNSUPPORTED and "outside z" in caught.value.message


_TRIED = [0]


def test_report_the_chain_rule_cases():
    print(f"page names: {_TRIED[0]} chain-rule cases through :let: names, each right one "
          "accepted and each double count refused")
