"""Generated numpy code (``:code: numpy``, ``matcalc derive --code numpy``), executed.

For every case of the paper's table and the reference identities the code is
generated through the public API, executed here, and compared at random
points with central differences of the *function* as the judge evaluates it
(not with the engine's result, which the pipeline already compares it with):
so a wrong rule in the code generator, or a wrong derivative, fails here.
"""

from __future__ import annotations

import inspect
import zlib

import numpy as np
import pytest
import sympy
from sphinx_projects import build, project
from tables import IDENTITIES, PAPER

import sphinx_matcalc
from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.judge import Point, evaluate
from sphinx_matcalc.present import identifier
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression, split_name

#: Sums over samples take the samples as arrays (tested below, by a formula written out).
CASES = [(f, wrt, where) for f, wrt, where, _, _ in PAPER + IDENTITIES
         if not ("\\sum" in f and "_i" in f)]
#: Literals: the code writes them as np.array, entries as code (by a scalar, and constant).
CASES += [(r"\begin{bmatrix} \ln(x^2) \\ \sin(3x) \end{bmatrix}", "x", ""),
          (r"\begin{bmatrix} x & x^2 \\ 1 & \sin x \end{bmatrix}", "x", ""),
          (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \mathbf{x}", r"\mathbf{x}", ""),
          (r"\mathbf{w}^T \begin{bmatrix} x^2 \\ \sin y \end{bmatrix}", "x", ""),
          (r"\begin{bmatrix} \mathbf{w}^T \mathbf{x} \\ \|\mathbf{w}\|^2 \end{bmatrix}", r"\mathbf{w}", "")]
H = 1e-6


def generated(code: str) -> dict:
    namespace: dict = {}
    exec(compile(code, "<generated>", "exec"), namespace)  # the engine's code, under test
    return namespace


def read(function: str, wrt: str, where: str) -> tuple[sympy.Basic, sympy.Basic]:
    """The function and the variable as the reader reads them (the judge evaluates these)."""
    notation = Notation()
    if where:
        notation.declare(parse_declarations(where))
    _, body, _ = split_name(function)
    f = parse_expression(body, notation).expr
    v = parse_expression(wrt, notation).expr
    f, v = notation.finish(f, v)
    return f, v


def numerator_jacobian(f: sympy.Basic, v: sympy.Basic, point: Point) -> np.ndarray:
    """Central differences of f (evaluated by the judge) with respect to v, numerator layout."""
    base = np.asarray(point.values[v], dtype=float)
    entries = {}
    for index in np.ndindex(*base.shape):
        step = np.zeros_like(base)
        step[index] = H * max(1.0, abs(base[index]))
        up = np.asarray(evaluate(f, Point(point.dims, {**point.values, v: base + step})))
        down = np.asarray(evaluate(f, Point(point.dims, {**point.values, v: base - step})))
        entries[index] = (up - down) / (2 * step[index])
    if base.ndim == 0:
        return np.asarray(entries[()], dtype=float)
    fshape = np.asarray(entries[next(iter(entries))]).shape
    if fshape in ((), (1, 1)):  # a scalar function: the transpose of the gradient
        grad = np.zeros(base.shape)
        for index, d in entries.items():
            grad[index] = float(np.asarray(d).reshape(()))
        return grad.T
    rows, cols = base.shape
    assert cols == 1 and fshape[1] == 1, "a vector function of a vector"
    return np.column_stack([np.asarray(entries[(i, 0)]).reshape(-1) for i in range(rows)])


def point_for(f: sympy.Basic, v: sympy.Basic, rng: np.random.Generator,
              positive: bool) -> Point:
    dims = sorted({s for node in sympy.preorder_traversal(f) if isinstance(node, sympy.MatrixExpr)
                   for d in node.shape for s in sympy.sympify(d).free_symbols}, key=str)
    sizes = {d: 2 + k for k, d in enumerate(dims)}  # distinct sizes: a transpose cannot pass
    values = {}
    for s in sorted(f.free_symbols | {v}, key=str):
        if s in sizes:
            continue
        if isinstance(s, sympy.MatrixSymbol):
            shape = tuple(int(sympy.sympify(d).xreplace(sizes)) for d in s.shape)
            sign = 1 if positive else rng.choice([-1, 1], size=shape)
            values[s] = rng.uniform(0.5, 1.5, size=shape) * sign
        else:
            values[s] = float(rng.uniform(0.5, 1.5) * (1 if positive else rng.choice([-1, 1])))
    return Point(sizes, values)


def arguments(fn, f: sympy.Basic, v: sympy.Basic, point: Point) -> tuple[list, dict]:
    """The generated function's arguments from a point: each parameter is the symbol whose
    name it was made from; keyword-only parameters are sizes."""
    by_name = {identifier(str(s.name)): s for s in point.values}
    sizes = {identifier(str(d)): n for d, n in point.dims.items()}
    args, kwargs = [], {}
    for name, parameter in inspect.signature(fn).parameters.items():
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = sizes[name]
        else:
            args.append(point.values[by_name[name]])
    return args, kwargs


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("function, wrt, where", CASES)
def test_generated_code_agrees_with_differences_of_the_function(function, wrt, where):
    outcome = sphinx_matcalc.derive(function, wrt, where=where, code="numpy")
    (result,) = outcome.results
    namespace = generated(result.code)
    fn = next(v for k, v in namespace.items() if k.startswith("d") and callable(v))
    f, v = read(function, wrt, where)
    rng = np.random.default_rng(zlib.crc32(f"{function}|{wrt}".encode()))
    agreed = 0
    for attempt in range(10):
        point = point_for(f, v, rng, positive=attempt % 2 == 1)
        want = numerator_jacobian(f, v, point)
        if not np.all(np.isfinite(want)):
            continue
        args, kwargs = arguments(fn, f, v, point)
        got = np.asarray(fn(*args, **kwargs), dtype=float)
        assert got.shape == want.shape or got.size == want.size == 1, (result.code, want)
        np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-4, atol=1e-6,
                                   err_msg=result.code)
        agreed += 1
        if agreed == 3:
            break
    assert agreed == 3, "no point where the function is finite"


def test_a_sum_over_samples_takes_the_samples_as_an_array():
    outcome = sphinx_matcalc.derive(r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i)^2",
                                    r"\mathbf{w}", where=r"\mathbf{w}, \mathbf{x}_i \in "
                                    r"\mathbb{R}^{n}", code="numpy")
    fn = generated(outcome.results[0].code)["df_dw"]
    rng = np.random.default_rng(3)
    X, y, w = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=3)
    want = (2 / 5) * ((X @ w - y) @ X)  # d/dw of the mean squared error, written out
    np.testing.assert_allclose(fn(w, 5, X, y), want.reshape(1, 3))


@pytest.mark.parametrize("sample, bounds", [(r"\mathbf{x}_i", ("1", "N")), (r"\mathbf{x}_i", ("0", "N-1")),
                                           (r"\mathbf{x}^{(i)}", ("1", "N"))])
def test_row_zero_of_the_samples_is_the_sums_first_sample(sample, bounds):
    lo, hi = bounds
    label = sample.replace(r"\mathbf{x}", "y")
    outcome = sphinx_matcalc.derive(
        rf"\frac{{1}}{{N}}\sum_{{i={lo}}}^{{{hi}}} ({label} - \mathbf{{w}}\cdot{sample})^2",
        r"\mathbf{w}", where=rf"\mathbf{{w}}, {sample} \in \mathbb{{R}}^{{n}}", code="numpy")
    fn = generated(outcome.results[0].code)["df_dw"]
    rng = np.random.default_rng(5)
    X, y, w = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    want = (2 / 4) * ((X @ w - y) @ X)  # every row is a sample, whatever the first index
    np.testing.assert_allclose(fn(w, 4, X, y), want.reshape(1, 3))


def test_denominator_layout_code_is_the_gradient():
    outcome = sphinx_matcalc.derive(r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}",
                                    where=r"A \in \mathbb{R}^{n \times n}", layout="Denominator",
                                    code="numpy")
    fn = generated(outcome.results[0].code)["df_dx"]
    A, x = np.arange(9.0).reshape(3, 3), np.array([1.0, 2.0, -1.0])
    np.testing.assert_allclose(fn(x, A), ((A + A.T) @ x).reshape(3, 1))


def test_names_are_made_from_letters_only():
    assert identifier(r"\mathbf{w}") == "w"
    assert identifier(r"W^{(1)}") == "W_1"
    assert identifier(r"\boldsymbol{\theta}") == "theta"
    assert identifier("lambda") == "lambda_" and identifier("np") == "np_"
    assert identifier("'); import os; ('") == "import_os"
    assert identifier("") == "v"


def test_code_the_generator_has_no_rule_for_is_refused_at_the_code_option():
    with pytest.raises(MatcalcError) as caught:
        sphinx_matcalc.derive(r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}", code="torch")
    assert caught.value.subtype is Subtype.DECLARATION
    assert ":code: must be numpy" in caught.value.message


CODE_PAGE = r"""Code
====

.. derive:: \max(0, \mathbf{w} \cdot \mathbf{x} + b)
   :wrt: \mathbf{w}
   :where: \mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}
   :code: numpy
"""


@pytest.mark.parametrize("builder", ["html", "text", "latex", "man"])
def test_the_directive_shows_the_code_under_the_result(tmp_path, builder):
    root = project(tmp_path, {"code.rst": CODE_PAGE})
    code, output = build(root, "-W", builder=builder)
    assert code == 0, output
    if builder == "text":
        text = (root / "_build" / "text" / "code.txt").read_text()
        assert "numpy, checked against the judge" in text
        assert "def df_dw(w, b, x):" in text
    if builder == "html":
        html = (root / "_build" / "html" / "code.html").read_text()
        assert 'class="code-block-caption"' in html and "df_dw" in html
