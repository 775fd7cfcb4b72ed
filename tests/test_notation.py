"""The notation layer: every construct of SPEC §5 reads to the intended expression.

Each case is checked by meaning, not by form: the parsed expression is
evaluated at random values, with every dimension a different size, and
compared with a numpy formula written independently here; its shape is
compared with the expected one.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.judge import Point, evaluate
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

SIZES = {"n": 3, "m": 2, "k": 4, "p": 5, "q": 6}

relu = lambda a: np.maximum(0, a)  # noqa: E731
sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731

# (LaTeX, :where:, numpy formula over the values by name, expected shape or None for scalar)
CASES = [
    # symbols and their conventional kinds
    ("x", "", lambda v: v["x"], None),
    (r"\alpha x", "", lambda v: v[r"\alpha"] * v["x"], None),
    ("y_i + y_{12}", "", lambda v: v["y_i"] + v["y_{12}"], None),
    (r"\mathbf{x}", "", lambda v: v[r"\mathbf{x}"], ("n", "1")),
    (r"\vec{x}", "", lambda v: v[r"\vec{x}"], ("n", "1")),
    (r"\boldsymbol{\theta}", "", lambda v: v[r"\boldsymbol{\theta}"], ("n", "1")),
    (r"\bm{x}", "", lambda v: v[r"\bm{x}"], ("n", "1")),
    ("W", r"W \in \mathbb{R}^{m \times n}", lambda v: v["W"], ("m", "n")),
    ("X_1", r"X_1 \in \mathbb{R}^{k \times n}", lambda v: v["X_1"], ("k", "n")),
    (r"\mathbf{W}\mathbf{x}", r"\mathbf{W} \in \mathbb{R}^{m \times n}",
     lambda v: v[r"\mathbf{W}"] @ v[r"\mathbf{x}"], ("m", "1")),
    ("x", r"x \in \mathbb{R}^{n}", lambda v: v["x"], ("n", "1")),
    # operators
    (r"\mathbf{w} + \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] + v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{w} - \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] - v[r"\mathbf{x}"], ("n", "1")),
    (r"W \mathbf{x}", r"W \in \mathbb{R}^{m \times n}", lambda v: v["W"] @ v[r"\mathbf{x}"],
     ("m", "1")),
    (r"\mathbf{w} \cdot \mathbf{x}", "", lambda v: (v[r"\mathbf{w}"].T @ v[r"\mathbf{x}"]).item(),
     None),
    (r"a \cdot b", "", lambda v: v["a"] * v["b"], None),
    (r"A \times B", r"A \in \mathbb{R}^{m \times n}; B \in \mathbb{R}^{n \times k}",
     lambda v: v["A"] @ v["B"], ("m", "k")),
    (r"\mathbf{w} \odot \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] * v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{x} \odot W \mathbf{x}", r"W \in \mathbb{R}^{n \times n}",
     lambda v: v[r"\mathbf{x}"] * (v["W"] @ v[r"\mathbf{x}"]), ("n", "1")),
    ("a / b c", "", lambda v: v["a"] / (v["b"] * v["c"]), None),
    (r"\mathbf{w} \circ \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] * v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{w} \otimes \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] * v[r"\mathbf{x}"],
     ("n", "1")),
    (r"\mathbf{w} \oslash \mathbf{x}", "", lambda v: v[r"\mathbf{w}"] / v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{x} / z", "", lambda v: v[r"\mathbf{x}"] / v["z"], ("n", "1")),
    (r"\frac{\mathbf{x}}{z}", "", lambda v: v[r"\mathbf{x}"] / v["z"], ("n", "1")),
    (r"\frac{1}{\mathbf{x}}", "", lambda v: 1 / v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{x} + z", "", lambda v: v[r"\mathbf{x}"] + v["z"], ("n", "1")),
    (r"\mathbf{x}^T A \mathbf{x}", "",
     lambda v: (v[r"\mathbf{x}"].T @ v["A"] @ v[r"\mathbf{x}"]).item(), None),
    (r"\mathbf{x}^\top B", r"B \in \mathbb{R}^{n \times m}", lambda v: v[r"\mathbf{x}"].T @ v["B"],
     ("1", "m")),
    (r"\mathbf{x}^\intercal", "", lambda v: v[r"\mathbf{x}"].T, ("1", "n")),
    (r"\mathbf{x}^{\mathsf{T}}", "", lambda v: v[r"\mathbf{x}"].T, ("1", "n")),
    ("X^{-1}", "", lambda v: np.linalg.inv(v["X"]), ("n", "n")),
    ("X^{-T}", "", lambda v: np.linalg.inv(v["X"]).T, ("n", "n")),
    ("x^3 - 2x", "", lambda v: v["x"] ** 3 - 2 * v["x"], None),
    # element-wise functions
    (r"\exp(\mathbf{x})", "", lambda v: np.exp(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\log(\mathbf{x})", "", lambda v: np.log(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\ln x", "", lambda v: np.log(v["x"]), None),
    (r"\sin(\mathbf{x})", "", lambda v: np.sin(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\cos x", "", lambda v: np.cos(v["x"]), None),
    (r"\tanh(\mathbf{x})", "", lambda v: np.tanh(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\sigma(W\mathbf{x})", r"W \in \mathbb{R}^{m \times n}",
     lambda v: sig(v["W"] @ v[r"\mathbf{x}"]), ("m", "1")),
    (r"\max(0, \mathbf{z})", "", lambda v: relu(v[r"\mathbf{z}"]), ("n", "1")),
    (r"\operatorname{relu}(\mathbf{z})", "", lambda v: relu(v[r"\mathbf{z}"]), ("n", "1")),
    ("|x|", "", lambda v: abs(v["x"]), None),
    (r"\operatorname{sign}(\mathbf{x})", "", lambda v: np.sign(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\sqrt{x}", "", lambda v: np.sqrt(v["x"]), None),
    # reductions and matrix functions
    (r"\operatorname{sum}(\mathbf{x})", "", lambda v: v[r"\mathbf{x}"].sum(), None),
    (r"\sum_i x_i", r"\mathbf{x} \in \mathbb{R}^{n}", lambda v: v[r"\mathbf{x}"].sum(), None),
    (r"\sum_i w_i x_i", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}",
     lambda v: (v[r"\mathbf{w}"] * v[r"\mathbf{x}"]).sum(), None),
    (r"\|\mathbf{x}\|", "", lambda v: np.linalg.norm(v[r"\mathbf{x}"]), None),
    (r"\|\mathbf{x}\|_1", "", lambda v: np.abs(v[r"\mathbf{x}"]).sum(), None),
    (r"\|\mathbf{x}\|_2", "", lambda v: np.linalg.norm(v[r"\mathbf{x}"]), None),
    (r"\|\mathbf{x}\|_2^2", "", lambda v: (v[r"\mathbf{x}"].T @ v[r"\mathbf{x}"]).item(), None),
    (r"\|X\|_F", r"X \in \mathbb{R}^{m \times n}", lambda v: np.linalg.norm(v["X"]), None),
    (r"\operatorname{tr}(X)", "", lambda v: np.trace(v["X"]), None),
    (r"\operatorname{softmax}(\mathbf{z})", "",
     lambda v: np.exp(v[r"\mathbf{z}"]) / np.exp(v[r"\mathbf{z}"]).sum(), ("n", "1")),
    (r"\operatorname{logsumexp}(\mathbf{z})", "",
     lambda v: np.log(np.exp(v[r"\mathbf{z}"]).sum()), None),
    (r"\det X", "", lambda v: np.linalg.det(v["X"]), None),
    (r"\log\det X", "", lambda v: np.log(np.linalg.det(v["X"])), None),
    # constructors
    (r"\operatorname{diag}(\mathbf{x})", "", lambda v: np.diag(v[r"\mathbf{x}"].ravel()),
     ("n", "n")),
    (r"I \mathbf{x}", "", lambda v: v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbf{1}^T \mathbf{x}", "", lambda v: v[r"\mathbf{x}"].sum(), None),
    (r"\vec{1}^T \vec{x}", "", lambda v: v[r"\vec{x}"].sum(), None),
    (r"\mathbf{x} + \mathbf{0}", "", lambda v: v[r"\mathbf{x}"], ("n", "1")),
    (r"\mathbb{1}[z > 0]", "", lambda v: float(v["z"] > 0), None),
    (r"\mathbb{1}[\mathbf{z} > 0]", "", lambda v: (v[r"\mathbf{z}"] > 0).astype(float), ("n", "1")),
    (r"\begin{cases} 0 & z \le 0 \\ z & z > 0 \end{cases}", "", lambda v: max(v["z"], 0.0), None),
]


def _values(notation: Notation, positive: bool, rng: np.random.Generator) -> dict:
    values = {}
    for name, obj in notation.symbols.items():
        if isinstance(obj, sympy.MatrixSymbol):
            shape = tuple(int(d) if d.is_Integer else SIZES[str(d)] for d in obj.shape)
            if shape[0] == shape[1] and shape[0] > 1 and positive:
                b = rng.normal(size=shape)
                values[obj] = b @ b.T + shape[0] * np.eye(shape[0])
            else:
                v = rng.normal(size=shape)
                values[obj] = np.abs(v) + 0.5 if positive else v
        else:
            v = float(rng.normal())
            values[obj] = abs(v) + 0.5 if positive else v
    return values


@pytest.mark.parametrize("latex, where, formula, shape", CASES, ids=[c[0] for c in CASES])
def test_notation_case(latex, where, formula, shape):
    notation = Notation()
    if where:
        notation.declare(parse_declarations(where))
    parsed = parse_expression(latex, notation)
    (expr,) = notation.finish(parsed.expr)
    assert (parsed.start, parsed.end) == (0, len(latex.rstrip()))
    got_shape = tuple(str(d) for d in expr.shape) if isinstance(expr, sympy.MatrixExpr) else None
    assert got_shape == shape
    dims = {sympy.Symbol(k, integer=True, positive=True): v for k, v in SIZES.items()}
    rng = np.random.default_rng(0)
    for positive in (True, False):
        values = _values(notation, positive, rng)
        by_name = {name: values[obj] for name, obj in notation.symbols.items()}
        with np.errstate(all="ignore"):  # log, sqrt of negative draws: skipped below
            want = np.asarray(formula(by_name), dtype=float)
        if not np.all(np.isfinite(want)):
            continue
        got = np.asarray(evaluate(expr, Point(dims, values)), dtype=float)
        np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-9, atol=1e-12)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


def test_sum_over_samples_reads_per_sample_data():
    r"""\frac{1}{N}\sum_{i=1}^{N} (y_i - w·x_i)^2: x_i, y_i are the i-th sample, N a count."""
    notation = Notation()
    text = r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i)^2"
    (expr,) = notation.finish(parse_expression(text, notation).expr)
    assert notation.per_sample == {"y_i": "i", r"\mathbf{x}_i": "i"}
    s = notation.symbols
    rng = np.random.default_rng(1)
    w = rng.normal(size=(3, 1))
    xs = [rng.normal(size=(3, 1)) for _ in range(4)]
    ys = [float(rng.normal()) for _ in range(4)]
    values = {s["N"]: 4.0, s[r"\mathbf{w}"]: w}
    for i in range(4):
        values[(s[r"\mathbf{x}_i"], i + 1)] = xs[i]
        values[(s["y_i"], i + 1)] = ys[i]
    got = evaluate(expr, Point({sympy.Symbol("n", integer=True, positive=True): 3}, values))
    want = np.mean([(ys[i] - (w.T @ xs[i]).item()) ** 2 for i in range(4)])
    assert got == pytest.approx(want)


def test_function_names_and_declarations_share_dimensions():
    notation = Notation()
    notation.declare(parse_declarations(r"W \in \mathbb{R}^{m \times n}"))
    expr = parse_expression(r"W\mathbf{x} + \mathbf{b}", notation).expr
    (expr,) = notation.finish(expr)
    assert [str(d) for d in notation.symbols[r"\mathbf{x}"].shape] == ["n", "1"]
    assert [str(d) for d in notation.symbols[r"\mathbf{b}"].shape] == ["m", "1"]


# (LaTeX, :where:, subtype, start offset of the reported span, a phrase of the message)
ERRORS = [
    ("x + (y", "", Subtype.SYNTAX, 6, "Expected ')'"),
    (r"W\mathbf{x}", r"W \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{m}",
     Subtype.SHAPE, 0, r"W is m×n but \mathbf{x} has m rows"),
    (r"\mathbf{x} + W", r"W \in \mathbb{R}^{m \times n}", Subtype.SHAPE, 0, "cannot add"),
    (r"\operatorname{foo}(x)", "", Subtype.UNSUPPORTED, 0, "unknown function 'foo'"),
    (r"\mathbf{x}^2", "", Subtype.SHAPE, 0, "power of a vector is ambiguous"),
    (r"\det \mathbf{x}", "", Subtype.SHAPE, 5, "needs a square matrix"),
    (r"\operatorname{tr}(\mathbf{x})", "", Subtype.SHAPE, 17, "needs a square matrix"),
    ("x^T A x", "", Subtype.SHAPE, 0, "transposes a scalar"),
    (r"\max(x, y)", "", Subtype.UNSUPPORTED, 0, "one argument must be 0"),
    ("α + 1", "", Subtype.SYNTAX, 0, "not part of the notation"),
    ("2^3^2", "", Subtype.SYNTAX, 3, "Double superscript"),
    (r"\frac{1}", "", Subtype.SYNTAX, 8, "denominator"),
    (r"\sum x", "", Subtype.SYNTAX, 0, "needs an index"),
    ("", "", Subtype.SYNTAX, 0, "empty"),
    (r"\|X\|_3", "", Subtype.UNSUPPORTED, 0, "Unknown norm"),
    (r"x + \mathbb{R}", "", Subtype.UNSUPPORTED, 4, r"\mathbb{R} belongs in :where:"),
    (r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w} \in \mathbb{R}^{n}; \mathbf{x} \in \mathbb{R}^{m}",
     Subtype.SHAPE, 0, "dot product"),
    (r"\mathbf{x} +", "", Subtype.SYNTAX, 12, "Expected an operand"),
    (r"x \odot \mathbf{y} )", "", Subtype.SYNTAX, 19, "Unexpected ')'"),
]


@pytest.mark.parametrize("latex, where, subtype, start, phrase", ERRORS, ids=[e[0] or "empty"
                                                                            for e in ERRORS])
def test_ill_formed_input_gets_a_positioned_message(latex, where, subtype, start, phrase):
    notation = Notation()
    if where:
        notation.declare(parse_declarations(where))
    with pytest.raises(MatcalcError) as caught:
        parse_expression(latex, notation)
    error = caught.value
    assert error.subtype is subtype
    assert error.start == start
    assert phrase in error.message
    assert error.source == latex
    assert "^" in error.pointer() or latex == ""


def test_there_are_at_least_ten_error_cases():
    assert len(ERRORS) >= 10


# (:where: text, index of the offending character, phrase)
BAD_DECLARATIONS = [
    (r"W \in \mathbb{C}^{n}", 14, "Only real spaces"),
    (r"\mathbf{x}", 0, "has no shape"),
    (r"x \in \mathbb{R}^{0}", 18, "at least 1"),
    (r"x \in \mathbb{R}^{n}; x \in \mathbb{R}^{m}", 22, "declared twice"),
]


@pytest.mark.parametrize("where, start, phrase", BAD_DECLARATIONS)
def test_bad_declarations_are_located(where, start, phrase):
    with pytest.raises(MatcalcError) as caught:
        parse_declarations(where)
    assert caught.value.subtype is Subtype.DECLARATION
    assert caught.value.start == start
    assert phrase in caught.value.message


def test_declarations_split_on_semicolons_and_on_the_comma_after_a_space():
    decls = parse_declarations(r"W \in \mathbb{R}^{m \times n}, \mathbf{x}, \mathbf{w} \in "
                               r"\mathbb{R}^{n}; b \in \mathbb{R}, N \in \mathbb{R}^{3}")
    shapes = {d.name: (d.kind, str(d.rows), str(d.cols)) for d in decls}
    assert shapes == {"W": ("matrix", "m", "n"), r"\mathbf{x}": ("vector", "n", "1"),
                      r"\mathbf{w}": ("vector", "n", "1"), "b": ("scalar", "None", "None"),
                      "N": ("vector", "3", "1")}


def test_state_does_not_leak_between_notations():
    first = Notation()
    first.declare(parse_declarations(r"x \in \mathbb{R}^{n}"))
    parse_expression("x", first)
    second = Notation()
    expr = parse_expression("x", second).expr
    assert isinstance(expr, sympy.Symbol)
