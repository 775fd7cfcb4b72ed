"""The engine on the paper's §4–§6 results, in both layouts.

Each case runs the whole pipeline: the engine's Jacobian is compared with
finite differences (the numeric judge), and the paper's stated result,
given as the claim, is compared with the engine's. The shape is checked too.
"""

from __future__ import annotations

import numpy as np
import pytest

from sphinx_matcalc import pipeline
from sphinx_matcalc.catalogue import CATALOGUE
from sphinx_matcalc.engine import derive
from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.latex import Printer
from sphinx_matcalc.parse import Notation, parse_expression
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.verify import Setting, check_jacobian

VEC = r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}"

# (function, wrt, :where:, the paper's result (numerator layout), its shape)
PAPER = [
    (r"\mathbf{w} + \mathbf{x}", r"\mathbf{w}", VEC, "I", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} + \mathbf{x}", r"\mathbf{x}", VEC, "I", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} - \mathbf{x}", r"\mathbf{w}", VEC, "I", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} - \mathbf{x}", r"\mathbf{x}", VEC, "-I", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{w}", VEC, r"\operatorname{diag}(\mathbf{x})",
     r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{x}", VEC, r"\operatorname{diag}(\mathbf{w})",
     r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} \oslash \mathbf{x}", r"\mathbf{w}", VEC,
     r"\operatorname{diag}(\mathbf{1} \oslash \mathbf{x})", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{w} \oslash \mathbf{x}", r"\mathbf{x}", VEC,
     r"-\operatorname{diag}(\mathbf{w} \oslash (\mathbf{x} \odot \mathbf{x}))",
     r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{x} + z", r"\mathbf{x}", VEC, "I", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{x} + z", "z", VEC, r"\mathbf{1}", r"\mathbb{R}^{n \times 1}"),
    (r"\mathbf{x} z", r"\mathbf{x}", VEC, "I z", r"\mathbb{R}^{n \times n}"),
    (r"\mathbf{x} z", "z", VEC, r"\mathbf{x}", r"\mathbb{R}^{n \times 1}"),
    (r"\operatorname{sum}(\mathbf{x})", r"\mathbf{x}", VEC, r"\mathbf{1}^T",
     r"\mathbb{R}^{1 \times n}"),
    (r"\operatorname{sum}(\mathbf{x} z)", r"\mathbf{x}", VEC, r"z \mathbf{1}^T",
     r"\mathbb{R}^{1 \times n}"),
    (r"\operatorname{sum}(\mathbf{x} z)", "z", VEC, r"\operatorname{sum}(\mathbf{x})", r"\mathbb{R}"),
    (r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}", VEC, r"\mathbf{x}^T", r"\mathbb{R}^{1 \times n}"),
    (r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{x}", VEC, r"\mathbf{w}^T", r"\mathbb{R}^{1 \times n}"),
    (r"W\mathbf{x}", r"\mathbf{x}", r"W \in \mathbb{R}^{m \times n}", "W", r"\mathbb{R}^{m \times n}"),
    (r"\sin(\mathbf{x}) \odot \mathbf{w}", r"\mathbf{x}", VEC,
     r"\operatorname{diag}(\mathbf{w} \odot \cos(\mathbf{x}))", r"\mathbb{R}^{n \times n}"),
    (r"\exp(W\mathbf{x} + \mathbf{b})", r"\mathbf{x}", r"W \in \mathbb{R}^{m \times n}",
     r"\operatorname{diag}(\exp(W\mathbf{x} + \mathbf{b})) W", r"\mathbb{R}^{m \times n}"),
    # §5: the neuron
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}", VEC,
     r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0] \mathbf{x}^T", r"\mathbb{R}^{1 \times n}"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", "b", VEC,
     r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ 1 & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}",
     r"\mathbb{R}"),
    # §6: the loss
    (r"\frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, \mathbf{w} \cdot \mathbf{x}_i + b))^2",
     r"\mathbf{w}", VEC,
     r"\frac{2}{N} \sum_{i=1}^{N} \mathbb{1}[\mathbf{w} \cdot \mathbf{x}_i + b > 0] "
     r"(\mathbf{w} \cdot \mathbf{x}_i + b - y_i) \mathbf{x}_i^T", r"\mathbb{R}^{1 \times n}"),
    (r"\frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, \mathbf{w} \cdot \mathbf{x}_i + b))^2", "b", VEC,
     r"\frac{2}{N} \sum_{i=1}^{N} \mathbb{1}[\mathbf{w} \cdot \mathbf{x}_i + b > 0] "
     r"(\mathbf{w} \cdot \mathbf{x}_i + b - y_i)", r"\mathbb{R}"),
    # beyond the paper
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", VEC, r"\mathbf{x}^T (A + A^T)",
     r"\mathbb{R}^{1 \times n}"),
    (r"\|\mathbf{x}\|_2^2", r"\mathbf{x}", VEC, r"2 \mathbf{x}^T", r"\mathbb{R}^{1 \times n}"),
    (r"\sigma(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}", VEC,
     r"\sigma(\mathbf{w} \cdot \mathbf{x}) (1 - \sigma(\mathbf{w} \cdot \mathbf{x})) \mathbf{x}^T",
     r"\mathbb{R}^{1 \times n}"),
]


@pytest.mark.parametrize("function, wrt, where, claim, shape", PAPER,
                         ids=[f"{p[0]} by {p[1]}" for p in PAPER])
def test_paper_result_numerator(function, wrt, where, claim, shape):
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim))
    (result,) = outcome.results
    assert result.shape == shape
    assert result.checked == [claim]


@pytest.mark.parametrize("function, wrt, where, claim, shape", PAPER,
                         ids=[f"{p[0]} by {p[1]}" for p in PAPER])
def test_paper_result_denominator_is_the_transpose(function, wrt, where, claim, shape):
    transposed = claim if shape == r"\mathbb{R}" else rf"\left({claim}\right)^T"
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=transposed,
                          layout="denominator"))
    (result,) = outcome.results
    if shape != r"\mathbb{R}":
        rows, cols = shape[len(r"\mathbb{R}^{"):-1].split(r" \times ")
        assert result.shape == rf"\mathbb{{R}}^{{{cols} \times {rows}}}"


def test_the_neuron_names_the_paper_rules():
    outcome = run(Request(function=r"a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)",
                          wrt=r"\mathbf{w}", where=VEC))
    rules = [s.rule for s in outcome.results[0].steps]
    assert {"intermediate", "dot-product", "relu", "chain-rule"} <= set(rules)
    assert outcome.results[0].lhs == r"\frac{\partial a}{\partial \mathbf{w}}"


WRONG = [  # mutations of right claims: each must be rejected
    (r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}", r"\mathbf{x}", "transpose of the right result"),
    (r"\mathbf{w} - \mathbf{x}", r"\mathbf{x}", "I", "not the derivative"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"2 \mathbf{x}^T A", "not the derivative"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"\mathbf{x}^T A", "not the derivative"),
    (r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{w}", r"\operatorname{diag}(\mathbf{w})",
     "not the derivative"),
    (r"W\mathbf{x}", r"\mathbf{x}", r"W^T", "transpose of the right result"),
    (r"W\mathbf{x}", r"\mathbf{x}", r"2 W^T", "has shape"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}", r"\mathbf{x}^T",
     "not the derivative"),
]


@pytest.mark.parametrize("function, wrt, claim, phrase", WRONG)
def test_wrong_claims_are_rejected_with_the_right_result(function, wrt, claim, phrase):
    where = VEC if "W" not in function else r"W \in \mathbb{R}^{m \times n}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=claim))
    error = caught.value
    assert error.subtype is Subtype.WRONG
    assert phrase in error.message
    assert "right result" in error.message
    assert error.field == ":expect:"


def test_a_counterexample_names_sizes_and_values():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}", where=VEC,
                    expect=r"2 \mathbf{x}^T"))
    assert "with n = " in caught.value.message and "the claim gives" in caught.value.message


def test_step_chain_is_checked_step_by_step():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function="x^3", wrt="x", steps=["3x^2", "3 x x", "2x^2"]))
    assert caught.value.field == "step 3"
    outcome = run(Request(function="x^3", wrt="x", steps=["3x^2", "3 x x"]))
    assert outcome.results[0].checked == ["3x^2", "3 x x"]


def test_every_derivative_rule_of_the_catalogue_is_exercised():
    """Run a spread of derivations and collect the rules their steps cite."""
    functions = [p[:3] for p in PAPER] + [
        (r"\mathbf{x}^T \mathbf{1}", r"\mathbf{x}", VEC),
        (r"x^2 \sin x", "x", ""), (r"\cos x + \tanh x", "x", ""), (r"\log x \exp x", "x", ""),
        (r"|x| + \operatorname{sign}(x) x", "x", ""),
        (r"\begin{cases} x^2 & x > 0 \\ 0 & x \le 0 \end{cases}", "x", ""),
        (r"\operatorname{diag}(\mathbf{w}) \mathbf{x}", r"\mathbf{w}", VEC),
        (r"\operatorname{sum}(\mathbf{x}) \mathbf{w}", r"\mathbf{x}", VEC),
        (r"(A\mathbf{x})^T \mathbf{w}", r"\mathbf{x}", VEC),
        (r"(\mathbf{w} \cdot \mathbf{x}) \mathbf{x}", r"\mathbf{x}", VEC),
        (r"\sum_{i=1}^{N} \max(0, \mathbf{w} - \mathbf{x}_i)", r"\mathbf{w}", VEC),
        (r"\operatorname{tr}(A X)", "X", ""), (r"\log\det X", "X", ""),
        (r"\mathbf{a}^T X \mathbf{b}", "X", ""),
    ]
    cited = set()
    for function, wrt, where in functions:
        outcome = run(Request(function=function, wrt=wrt, where=where))
        cited |= {s.rule for r in outcome.results for s in r.steps}
    derivative_rules = {k for k, r in CATALOGUE.items() if r.kind in ("derivative", "citation")}
    missing = derivative_rules - cited - {"denominator-layout", "constant", "identity",
                                           "one-by-one", "transpose", "zero-constructor",
                                           "matrix-product", "hadamard-power"}
    assert not missing, f"rules never cited by a test derivation: {sorted(missing)}"


def test_the_judge_rejects_a_wrong_jacobian():
    """The second judge is not a rubber stamp: a wrong Jacobian is an internal error."""
    notation = Notation()
    f = parse_expression(r"\mathbf{w} \cdot \mathbf{x}", notation).expr
    w = parse_expression(r"\mathbf{w}", notation).expr
    wrong = parse_expression(r"2 \mathbf{x}^T", notation).expr
    f, w, wrong = notation.finish(f, w, wrong)
    check_jacobian(f, w, derive(f, w, Printer()).numerator_result, Setting())
    with pytest.raises(MatcalcError) as caught:
        check_jacobian(f, w, wrong, Setting())
    assert caught.value.subtype is Subtype.INTERNAL


def test_a_variable_that_does_not_occur_has_a_zero_derivative():
    outcome = run(Request(function=r"\mathbf{x} \cdot \mathbf{x}", wrt=r"\mathbf{w}", where=VEC,
                          expect=r"\mathbf{0}^T"))
    assert outcome.results[0].result == r"\mathbf{0}^T"


def test_pipeline_module_has_no_sphinx_dependency():
    import sys
    assert "sphinx.application" not in {m for m in sys.modules if m.startswith("sphinx.appl")} \
        or pipeline.__name__  # the engine modules themselves never import sphinx:
    for module in ("parse", "engine", "rules", "verify", "numeric", "simplify", "pipeline"):
        source = open(f"{pipeline.__file__.rsplit('/', 1)[0]}/{module}.py").read()
        assert "import sphinx" not in source and "from sphinx" not in source
    assert np is not None


def test_cache_keys_follow_every_field_and_errors_are_replayed():
    from sphinx_matcalc import cache
    store: dict = {}
    request = Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}")
    outcome = run(request)
    cache.store(store, request, outcome)
    assert cache.lookup(store, request) is outcome
    assert cache.lookup(store, Request(function=request.function, wrt=request.wrt,
                                       layout="denominator")) is None
    bad = Request(function="x", wrt="x", expect="2")
    with pytest.raises(MatcalcError) as caught:
        run(bad)
    cache.store(store, bad, error=caught.value)
    with pytest.raises(MatcalcError) as replayed:
        cache.lookup(store, bad)
    assert replayed.value.message == caught.value.message
    assert replayed.value.field == ":expect:"
    slow = MatcalcError("slow", Subtype.TIMEOUT)
    cache.store(store, Request(function="y", wrt="y"), error=slow)
    assert cache.lookup(store, Request(function="y", wrt="y")) is None
