"""Property: on random well-typed expressions, the engine agrees with finite differences.

Hypothesis builds expressions from the supported constructs (vectors, a
matrix, scalars; +, −, products, ⊙, dot products, sum, squared norms,
element-wise functions, ReLU, scalar functions). Each is derived with respect
to a vector and a scalar variable and judged against central differences.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.engine import derive
from sphinx_matcalc.present import Printer
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression
from sphinx_matcalc.judge import Setting, check_jacobian

WHERE = (r"\mathbf{x}, \mathbf{a}, \mathbf{b} \in \mathbb{R}^{n}; W \in \mathbb{R}^{n \times n}; "
         r"c, t \in \mathbb{R}")
VECTOR_LEAVES = [r"\mathbf{x}", r"\mathbf{a}", r"\mathbf{b}"]
SCALAR_LEAVES = ["c", "t", "2", r"\frac{1}{2}"]
VECTOR_FUNCTIONS = [r"\sin", r"\cos", r"\tanh", r"\sigma", r"\exp", r"\operatorname{relu}"]
SCALAR_FUNCTIONS = [r"\sin", r"\cos", r"\tanh", r"\exp", r"\sigma"]


def vectors(scalars):
    def extend(inner):
        return st.one_of(
            st.tuples(inner, inner).map(lambda p: f"({p[0]} + {p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]} - {p[1]})"),
            st.tuples(inner, inner).map(lambda p: rf"({p[0]} \odot {p[1]})"),
            inner.map(lambda v: f"W {v}"),
            st.tuples(st.sampled_from(VECTOR_FUNCTIONS), inner).map(lambda p: f"{p[0]}({p[1]})"),
            st.tuples(st.sampled_from(SCALAR_LEAVES), inner).map(lambda p: f"{p[0]} {p[1]}"),
            inner.map(lambda v: rf"\operatorname{{diag}}(\mathbf{{a}}) {v}"),
            inner.map(lambda v: rf"({v} + t)"),
        )
    return st.recursive(st.sampled_from(VECTOR_LEAVES), extend, max_leaves=5)


def scalars():
    vector = vectors(None)
    base = st.one_of(
        st.sampled_from(SCALAR_LEAVES),
        st.tuples(vector, vector).map(lambda p: rf"({p[0]}) \cdot ({p[1]})"),
        vector.map(lambda v: rf"\operatorname{{sum}}({v})"),
        vector.map(lambda v: rf"\|{v}\|^2"),
        vector.map(lambda v: rf"\mathbf{{b}}^T {v}"),
    )

    def extend(inner):
        return st.one_of(
            st.tuples(inner, inner).map(lambda p: f"({p[0]} + {p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) ({p[1]})"),
            st.tuples(st.sampled_from(SCALAR_FUNCTIONS), inner).map(lambda p: f"{p[0]}({p[1]})"),
            inner.map(lambda s: f"({s})^2"),
        )
    return st.recursive(base, extend, max_leaves=4)


def _derive_and_judge(text: str, variable: str) -> None:
    notation = Notation()
    notation.declare(parse_declarations(WHERE))
    f = parse_expression(text, notation).expr
    v = parse_expression(variable, notation).expr
    f, v = notation.finish(f, v)
    result = derive(f, v, Printer().doprint)
    check_jacobian(f, v, result.numerator_result, Setting(), seed=len(text))


def test_engine_agrees_with_finite_differences_on_random_expressions(report):
    tried: list[str] = []

    @settings(max_examples=120, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.one_of(vectors(None), scalars()), st.sampled_from([r"\mathbf{x}", "t"]))
    def check(text, variable):
        _derive_and_judge(text, variable)
        tried.append(f"{text} by {variable}")

    check()
    report(f"property test: the engine agreed with finite differences on {len(tried)} random "
           f"expressions ({len(set(tried))} distinct)")
    assert len(set(tried)) >= 60
