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

from sphinx_matcalc import derive
from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from verdicts import judged
from sphinx_matcalc.judge import Point, evaluate
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

SIZES = {"n": 3, "m": 2, "k": 4, "p": 5, "q": 6}
DIMS = {sympy.Symbol(k, integer=True, positive=True): sympy.Integer(v) for k, v in SIZES.items()}

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
    # as course notes write them (issue #13): a factor before a norm, scripts in either order
    (r"\frac{1}{2}\|X\mathbf{w} - \mathbf{y}\|^2", r"X \in \mathbb{R}^{m \times n}",
     lambda v: 0.5 * np.sum((v["X"] @ v[r"\mathbf{w}"] - v[r"\mathbf{y}"]) ** 2), None),
    (r"\lambda\|\mathbf{w}\|^2", "", lambda v: v[r"\lambda"] * np.sum(v[r"\mathbf{w}"] ** 2), None),
    (r"\frac{\lambda}{2}\|\mathbf{w}\|_2^2", "",
     lambda v: v[r"\lambda"] / 2 * np.sum(v[r"\mathbf{w}"] ** 2), None),
    (r"2\left\| \mathbf{w} \right\|^2", "", lambda v: 2 * np.sum(v[r"\mathbf{w}"] ** 2), None),
    (r"\lVert \mathbf{w} \rVert", "", lambda v: np.linalg.norm(v[r"\mathbf{w}"]), None),
    (r"\|\mathbf{x}\|^2_2", "", lambda v: np.sum(v[r"\mathbf{x}"] ** 2), None),
    (r"\|\mathbf{x}\| \|\mathbf{w}\|_1", "",
     lambda v: np.linalg.norm(v[r"\mathbf{x}"]) * np.abs(v[r"\mathbf{w}"]).sum(), None),
    (r"|x| |y|", "", lambda v: abs(v["x"]) * abs(v["y"]), None),
    # sample and layer superscripts are names, never powers
    (r"\mathbf{W}^{(1)}\mathbf{x}", r"\mathbf{W}^{(1)} \in \mathbb{R}^{m \times n}",
     lambda v: v[r"\mathbf{W}^{(1)}"] @ v[r"\mathbf{x}"], ("m", "1")),
    (r"\mathbf{v}^T {\mathbf{W}^{(2)}}^\top \mathbf{x}", r"\mathbf{W}^{(2)} \in \mathbb{R}^{m \times n}",
     lambda v: (v[r"\mathbf{v}"].T @ v[r"\mathbf{W}^{(2)}"].T @ v[r"\mathbf{x}"]).item(), None),
    (r"\mathbf{X}^{(\text{train})\top} \mathbf{y}", r"\mathbf{X}^{(\text{train})} \in \mathbb{R}^{m \times n}",
     lambda v: v[r"\mathbf{X}^{(\text{train})}"].T @ v[r"\mathbf{y}"], ("n", "1")),
    (r"x^{(i)} y^{(2)}", "", lambda v: v["x^{(i)}"] * v["y^{(2)}"], None),
    # entries of a declared vector
    (r"\sum_{i=1}^{n} x_i^2", r"\mathbf{x} \in \mathbb{R}^{n}",
     lambda v: np.sum(v[r"\mathbf{x}"] ** 2), None),
    (r"\sum_{i=0}^{n-1} x_i", r"\mathbf{x} \in \mathbb{R}^{n}", lambda v: v[r"\mathbf{x}"].sum(), None),
    (r"\sum_{i=1}^{n} w_i x_i", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}",
     lambda v: (v[r"\mathbf{w}"] * v[r"\mathbf{x}"]).sum(), None),
    (r"\log \sum_{k=1}^{q} \exp(o_k)", r"\mathbf{o} \in \mathbb{R}^{q}",
     lambda v: np.log(np.exp(v[r"\mathbf{o}"]).sum()), None),
    (r"\sum_{j=1}^{3} c x_j", r"\mathbf{x} \in \mathbb{R}^{3}", lambda v: v["c"] * v[r"\mathbf{x}"].sum(),
     None),
    # a function's argument without brackets runs over the product that follows
    (r"\log 2x", "", lambda v: np.log(2 * v["x"]), None),
    (r"\exp 2\mathbf{x}", "", lambda v: np.exp(2 * v[r"\mathbf{x}"]), ("n", "1")),
    (r"\sin 2x", "", lambda v: np.sin(2 * v["x"]), None),
    (r"\sin x \cos x", "", lambda v: np.sin(v["x"]) * np.cos(v["x"]), None),
    (r"\log x + y", "", lambda v: np.log(v["x"]) + v["y"], None),
    (r"\operatorname{tr} ABA^TC", r"A, B, C \in \mathbb{R}^{n \times n}",
     lambda v: np.trace(v["A"] @ v["B"] @ v["A"].T @ v["C"]), None),
    (r"\operatorname{tr} AX", r"A, X \in \mathbb{R}^{n \times n}", lambda v: np.trace(v["A"] @ v["X"]),
     None),
    (r"\det AB", r"A, B \in \mathbb{R}^{n \times n}", lambda v: np.linalg.det(v["A"] @ v["B"]), None),
    # determinants, identities, constants, sizes as values
    ("|A|", r"A \in \mathbb{R}^{n \times n}", lambda v: np.linalg.det(v["A"]), None),
    (r"\ln|\det X|", "", lambda v: np.log(abs(np.linalg.det(v["X"]))), None),
    (r"|\mathbf{x}|", "", lambda v: np.abs(v[r"\mathbf{x}"]), ("n", "1")),
    (r"\operatorname{abs}(A)", r"A \in \mathbb{R}^{m \times n}", lambda v: np.abs(v["A"]), ("m", "n")),
    (r"\mathbf{x}^T \mathbf{I} \mathbf{x}", "", lambda v: np.sum(v[r"\mathbf{x}"] ** 2), None),
    (r"\mathbf{x}^T I_n \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}",
     lambda v: np.sum(v[r"\mathbf{x}"] ** 2), None),
    (r"\pi x^2", "", lambda v: np.pi * v["x"] ** 2, None),
    (r"\mathbf{x}^T \mathbf{1}_{n \times m}", "", lambda v: v[r"\mathbf{x}"].T @ np.ones((3, 2)),
     ("1", "m")),
    (r"e x + e^{x}", "", lambda v: np.e * v["x"] + np.exp(v["x"]), None),
    (r"\mathrm{e}^{-x} \mathrm{e}", "", lambda v: np.exp(-v["x"]) * np.e, None),
    (r"\frac{nm}{2} x", r"W \in \mathbb{R}^{m \times n}", lambda v: 3 * 2 / 2 * v["x"], None),
    (r"\frac{1}{n} \mathbf{1}^T \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}",
     lambda v: v[r"\mathbf{x}"].sum() / 3, None),
    # cases with vector values; without an otherwise, partial
    (r"\begin{cases} \mathbf{x} & z > 0 \\ \mathbf{0} & \text{otherwise} \end{cases}", "",
     lambda v: v[r"\mathbf{x}"] * (v["z"] > 0), ("n", "1")),
    (r"\begin{cases} \mathbf{x}^T & z > 0 \\ 0 & z \le 0 \end{cases}", "",
     lambda v: v[r"\mathbf{x}"].T * (v["z"] > 0), ("1", "n")),
    (r"\begin{cases} x^2 & x > 0 \end{cases}", "", lambda v: v["x"] ** 2 if v["x"] > 0 else np.nan,
     None),
    # braces as brackets around an expression (PRML, ESL)
    (r"\{x + 1\}^2", "", lambda v: (v["x"] + 1) ** 2, None),
    (r"c \left\{ a - b \right\}", "", lambda v: (v["a"] - v["b"]) * v["c"], None),
    (r"\beta\{t - \mathbf{w}^T\boldsymbol{\phi}\}^2", "",
     lambda v: v[r"\beta"] * (v["t"] - (v[r"\mathbf{w}"].T @ v[r"\boldsymbol{\phi}"]).item()) ** 2,
     None),
    (r"\ln\{x\} + \{\mathbf{x} + \mathbf{y}\}^T\mathbf{z}", "",
     lambda v: np.log(v["x"]) + ((v[r"\mathbf{x}"] + v[r"\mathbf{y}"]).T @ v[r"\mathbf{z}"]).item(),
     None),
    (r"\lbrace x - y \rbrace^2 + \Bigl\{ x \Bigr\}", "", lambda v: (v["x"] - v["y"]) ** 2 + v["x"],
     None),
    (r"\|X\|_{\text{F}}", r"X \in \mathbb{R}^{m \times n}", lambda v: np.linalg.norm(v["X"]), None),
    # the Frobenius norm, its subscript as the Cookbook sets it
    (r"\|X\|_{\mathrm{F}}^{2}", r"X \in \mathbb{R}^{m \times n}", lambda v: np.sum(v["X"] ** 2),
     None),
    (r"\|X\|_F^2", r"X \in \mathbb{R}^{m \times n}", lambda v: np.sum(v["X"] ** 2), None),
    (r"\lVert X \rVert_{F}", r"X \in \mathbb{R}^{m \times n}", lambda v: np.linalg.norm(v["X"]),
     None),
    (r"\|X\|_\mathrm{F}", r"X \in \mathbb{R}^{m \times n}", lambda v: np.linalg.norm(v["X"]),
     None),
    (r"\|\mathbf{x}\|_F", "", lambda v: np.linalg.norm(v[r"\mathbf{x}"]), None),
    # a declared dimension written as a sum of products of symbols (ESL's p+1); p is a size
    (r"X\beta", r"\beta \in \mathbb{R}^{p+1}, X \in \mathbb{R}^{n \times (p+1)}",
     lambda v: v["X"] @ v[r"\beta"], ("n", "1")),
    (r"\mathbf{x}^T\mathbf{y}", r"\mathbf{x}, \mathbf{y} \in \mathbb{R}^{m \cdot n}",
     lambda v: (v[r"\mathbf{x}"].T @ v[r"\mathbf{y}"]).item(), None),
    (r"\frac{1}{p+1} \mathbf{1}^T \beta", r"\beta \in \mathbb{R}^{p+1}",
     lambda v: v[r"\beta"].sum() / 6, None),
    (r"\beta^T A", r"A \in \mathbb{R}^{(p+1) \times 2m}, \beta \in \mathbb{R}^{1+p}",
     lambda v: v[r"\beta"].T @ v["A"], ("1", "2*m")),
    # tr and sum in plain letters (CS229, the paper's §4.4), when no t, r, s, u, m is a symbol
    ("tr AB", r"A \in \mathbb{R}^{n \times m}, B \in \mathbb{R}^{m \times n}",
     lambda v: np.trace(v["A"] @ v["B"]), None),
    ("trABA^TC", r"A \in \mathbb{R}^{k \times n}, B \in \mathbb{R}^{n \times n}, C \in \mathbb{R}^{k \times k}",
     lambda v: np.trace(v["A"] @ v["B"] @ v["A"].T @ v["C"]), None),
    ("tr(AB) + tr B", r"A, B \in \mathbb{R}^{n \times n}",
     lambda v: np.trace(v["A"] @ v["B"]) + np.trace(v["B"]), None),
    (r"sum(\mathbf{x}) + y_t", r"\mathbf{x} \in \mathbb{R}^{n}",
     lambda v: v[r"\mathbf{x}"].sum() + v["y_t"], None),
    # vector and matrix literals: entries are scalars, expressions of scalars; sizes are fixed
    (r"\begin{bmatrix} a & b \\ c & d \end{bmatrix} \mathbf{x}", "",
     lambda v: np.array([[v["a"], v["b"]], [v["c"], v["d"]]]) @ v[r"\mathbf{x}"], ("2", "1")),
    (r"\begin{pmatrix} x^2 y \\ \sin y \end{pmatrix}", "",
     lambda v: np.array([[v["x"] ** 2 * v["y"]], [np.sin(v["y"])]]), ("2", "1")),
    (r"\begin{bmatrix} x_1 & x_2 & x_3 \end{bmatrix}", "",
     lambda v: np.array([[v["x_1"], v["x_2"], v["x_3"]]]), ("1", "3")),
    (r"\begin{bmatrix} x_1 \\ x_2 \\ \end{bmatrix}^T \mathbf{w}", "",
     lambda v: (np.array([[v["x_1"], v["x_2"]]]) @ v[r"\mathbf{w}"]).item(), None),
    (r"W \begin{bmatrix} 1 \\ -x \end{bmatrix} + \mathbf{b}", r"W \in \mathbb{R}^{m \times 2}",
     lambda v: v["W"] @ np.array([[1.0], [-v["x"]]]) + v[r"\mathbf{b}"], ("m", "1")),
    (r"\begin{bmatrix} \frac{1}{2} & 0 \\ 0 & 2 \end{bmatrix}^{-1}", "",
     lambda v: np.linalg.inv(np.array([[0.5, 0.0], [0.0, 2.0]])), ("2", "2")),
    # accents name symbols of the accented kind
    (r"\hat{\mathbf{y}}^T \mathbf{x}", "", lambda v: (v[r"\hat{\mathbf{y}}"].T @ v[r"\mathbf{x}"]).item(),
     None),
    (r"\tilde{x}^2 + \bar{x}_i", "", lambda v: v[r"\tilde{x}"] ** 2 + v[r"\bar{x}_i"], None),
    (r"\hat{W} \mathbf{x}", r"\hat{W} \in \mathbb{R}^{m \times n}", lambda v: v[r"\hat{W}"] @ v[r"\mathbf{x}"],
     ("m", "1")),
    (r"\tilde{\mathbf{x}}^T \bar{\mathbf{x}}", "",
     lambda v: (v[r"\tilde{\mathbf{x}}"].T @ v[r"\bar{\mathbf{x}}"]).item(), None),
    # issue #13, the rest of its constructs: sized bars, primes, sized identities, structures
    (r"x + \left\| \mathbf{w} \right\|_2^2", "", lambda v: np.sum(v[r"\mathbf{w}"] ** 2) + v["x"], None),
    (r"3\left\lVert \mathbf{w} \right\rVert", "", lambda v: 3 * np.linalg.norm(v[r"\mathbf{w}"]), None),
    (r"\sigma'(z)", "", lambda v: sig(v["z"]) * (1 - sig(v["z"])), None),
    (r"\tanh'(\mathbf{x})", "", lambda v: 1 - np.tanh(v[r"\mathbf{x}"]) ** 2, ("n", "1")),
    (r"\mathbf{x}^T \mathbf{I}_n \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}",
     lambda v: np.sum(v[r"\mathbf{x}"] ** 2), None),
    (r"\mathrm{e}^{x} + \pi^2", "", lambda v: np.exp(v["x"]) + np.pi ** 2, None),
    (r"\mathbf{x}^T B \mathbf{x}", r"B \in \mathbb{S}^{n}",
     lambda v: (v[r"\mathbf{x}"].T @ v["B"] @ v[r"\mathbf{x}"]).item(), None),
    (r"\log\det \Sigma", r"\Sigma \in \mathbb{S}^{n}_{++}", lambda v: np.log(np.linalg.det(v[r"\Sigma"])),
     None),
    (r"\mathbf{y}^T \mathbf{z}", r"\mathbf{y} \in \Delta^{q}",
     lambda v: (v[r"\mathbf{y}"].T @ v[r"\mathbf{z}"]).item(), None),
]


def _values(notation: Notation, positive: bool, rng: np.random.Generator) -> dict:
    values = {}
    for name, obj in notation.symbols.items():
        if isinstance(obj, sympy.MatrixSymbol):
            shape = tuple(int(d.xreplace(DIMS)) for d in obj.shape)  # also p + 1
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
    # the ill-formed neighbours of the notation of course notes (issue #13)
    (r"\lambda\|\mathbf{w}", "", Subtype.SYNTAX, 19, r"to close the norm opened at character 8"),
    (r"\|\mathbf{x}\|^2_3", "", Subtype.UNSUPPORTED, 0, "Unknown norm"),
    (r"\mathbf{W}^{(1)}^T", "", Subtype.SYNTAX, 16, "Double superscript"),
    (r"\sum_{i=1}^{m} x_i^2", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE, 0,
     r"runs over m terms, but x_i is an entry of \mathbf{x}, which has n"),
    (r"\sum_{i=2}^{n} x_i", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE, 0, "n - 1 terms"),
    (r"\sum_{i=1}^{n} x_i y_i", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.UNSUPPORTED, 0,
     "ambiguous: x_i is an entry of \\mathbf{x}, but y_i is not"),
    (r"\sum_{i=1}^{n} x_i \mathbf{a}_i", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.UNSUPPORTED, 0,
     "but \\mathbf{a}_i is not the entry"),
    (r"\mathbf{w}^T \mathbf{x} + \sum_{i=1}^{N} x_i", "", Subtype.UNSUPPORTED, 26,
     "whose length is not declared"),
    (r"\sum_i x_i y_i", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.UNSUPPORTED, 0,
     "y_i is not the entry of a declared vector"),
    (r"\sum_i x_i \mathbf{a}", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE, 11,
     r"\mathbf{a} is not indexed by i"),
    (r"\sum_{i=1}^{N+} y_i", "", Subtype.SYNTAX, 13, "upper bound of \\sum"),
    (r"\log x (1 + y)", "", Subtype.SYNTAX, 7, "leaves unclear where the argument of \\log ends"),
    (r"\operatorname{tr} A (B + C)", "", Subtype.SYNTAX, 20, "where the argument of tr ends"),
    (r"\log 2 \frac{x}{y}", "", Subtype.SYNTAX, 7, "where the argument of \\log ends"),
    ("|A|", r"A \in \mathbb{R}^{m \times n}", Subtype.SHAPE, 0, "is its determinant, but A is m×n"),
    (r"\frac{1}{N} x", "", Subtype.SHAPE, 8, "N is read as a matrix"),
    ("x / N", "", Subtype.SHAPE, 4, "N is read as a matrix"),
    # vector and matrix literals: ragged, block, misclosed, unread environments, size clashes
    (r"\begin{bmatrix} a & b \\ c \end{bmatrix}", "", Subtype.SHAPE, 25,
     "Row 2 of \\begin{bmatrix} has 1 entry, but row 1 has 2"),
    (r"\begin{bmatrix} \mathbf{x} \\ c \end{bmatrix}", "", Subtype.UNSUPPORTED, 16,
     "must be scalars; block matrices are not supported"),
    (r"\begin{bmatrix} x \\ y \end{pmatrix}", "", Subtype.SYNTAX, 23,
     r"\end{pmatrix} closes \begin{bmatrix}"),
    (r"\begin{vmatrix} x & y \\ z & w \end{vmatrix}", "", Subtype.UNSUPPORTED, 0,
     r"a determinant as \det(...)"),
    (r"\begin{bmatrix} x & \end{bmatrix}", "", Subtype.SYNTAX, 20, "is empty here; write 0"),
    (r"\begin{bmatrix} x \\ y", "", Subtype.SYNTAX, 22, r"Expected '\end'"),
    (r"\begin{bmatrix} a & b \\ c & d \end{bmatrix} \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}",
     Subtype.SHAPE, 0, "(2 ≠ n). A \\begin{bmatrix} literal has the size its entries give it"),
    (r"\mathbf{x} + \begin{pmatrix} a \\ b \end{pmatrix}", r"\mathbf{x} \in \mathbb{R}^{3}",
     Subtype.SHAPE, 0, "cannot add"),
    (r"\begin{cases} 1 & x > 0 \\ \mathbf{x} & \text{otherwise} \end{cases}", "", Subtype.SHAPE,
     0, "These cases mix a vector"),
    (r"\begin{cases} 1 & x > 0 \end{xases}", "", Subtype.SYNTAX, 24, r"write \end{cases}"),
    (r"\hat{} + x", "", Subtype.SYNTAX, 5, "should hold one symbol"),
    (r"\hat{\mathbf{1}}", "", Subtype.SYNTAX, 13, "should hold one symbol"),
    ("٣x", "", Subtype.SYNTAX, 0, "digit outside ASCII; write it as 3"),
    ("x²", "", Subtype.SYNTAX, 1, "superscript character; write the power in LaTeX, ^2"),
    ("2² x", "", Subtype.SYNTAX, 1, "superscript character"),
    ("x₁", "", Subtype.SYNTAX, 1, "subscript character; write _1"),
    (r"x^{(i)\top}", "", Subtype.SHAPE, 0, r"Write \mathbf{x}^{(i)} for a vector"),
    # braces are brackets, never a set; a norm's subscript is 1, 2 or F (issue: course notes)
    (r"\{x, y\}", "", Subtype.UNSUPPORTED, 3, "makes it a set"),
    (r"\{x \mid x > 0\}", "", Subtype.UNSUPPORTED, 4, "makes it a set"),
    (r"\{x + 1", "", Subtype.SYNTAX, 7, "to close the '\\{' at character 1"),
    (r"x + y\}", "", Subtype.SYNTAX, 5, "Unexpected"),
    (r"\lbrace x, y \rbrace", "", Subtype.UNSUPPORTED, 9, "makes it a set"),
    (r"2\log x \{1 + y\}", "", Subtype.SYNTAX, 8, "where the argument of \\log ends"),
    (r"\|X\|_{\mathrm{G}}", "", Subtype.UNSUPPORTED, 0, r"Unknown norm \|\cdot\|_{\mathrm{G}}"),
    (r"\|X\|_{\mathrm{F}", "", Subtype.SYNTAX, 17, "to close the norm's subscript"),
    # plain tr and sum: refused where the letters could be a product
    ("tr x", "", Subtype.UNSUPPORTED, 0, "could be the product t r x"),
    ("tr AB", r"t \in \mathbb{R}", Subtype.UNSUPPORTED, 0, "t is a symbol or size of its own"),
    (r"sum(\mathbf{x})", r"\mathbf{x} \in \mathbb{R}^{m}", Subtype.UNSUPPORTED, 0,
     "m is a symbol or size of its own"),
    ("tr(A) + t", "", Subtype.UNSUPPORTED, 0, "could be the product t r"),
    ("1 + str A", "", Subtype.UNSUPPORTED, 4, "the letters before tr"),
    (r"\mathbf{v}^T A \odot \mathbf{x}", "", Subtype.SHAPE, 0,
     r"\mathbf{v}^T A, which is a row vector, and \mathbf{x}, which is a vector"),
    # issue #13, the rest of its ill-formed neighbours
    (r"\lVert \mathbf{w}", "", Subtype.SYNTAX, 17, r"Expected '\rVert' to close the norm opened at character 1"),
    (r"\left\| \mathbf{w}", "", Subtype.SYNTAX, 18, "to close the norm opened at character 6"),
    (r"\| \mathbf{w} \rVert", "", Subtype.SYNTAX, 14, r"found '\rVert'"),
    (r"x^{(i}", "", Subtype.SYNTAX, 5, "to close the '(' at character 4"),
    (r"\mathbf{x}^{(1)}^2", "", Subtype.SYNTAX, 16, "Double superscript"),
    (r"\mathbf{x}^T I_m \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE, 0,
     "I_m has m rows, so they cannot be multiplied (n ≠ m)"),
    (r"\sum_{i=0}^{n} x_i", r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE, 0, "runs over n + 1 terms"),
    (r"\sin 2x (1 + x)", "", Subtype.SYNTAX, 8, "where the argument of \\sin ends"),
    (r"|\det X|", r"X \in \mathbb{R}^{m \times n}", Subtype.SHAPE, 6, "A determinant needs a square matrix"),
    (r"\sigma''(z)", "", Subtype.UNSUPPORTED, 7, "Only first derivatives"),
    (r"g'(z)", "", Subtype.UNSUPPORTED, 1, "marks the derivative of a function"),
    (r"\mathbf{x}^T B \mathbf{x}", r"B \in \mathbb{S}^{m}, \mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE,
     0, "B has m rows, so they cannot be multiplied (n ≠ m)"),
    (r"\mathbf{y}^T \mathbf{z}", r"\mathbf{y} \in \Delta^{q}, \mathbf{z} \in \mathbb{R}^{n}", Subtype.SHAPE,
     0, "(q ≠ n)"),
    (r"\begin{cases} \mathbf{x}^T & z > 0 \\ \mathbf{x} & z \le 0 \end{cases}", "", Subtype.SHAPE, 0,
     "cannot give as cases both"),
    (r"\begin{cases} \mathbf{x} & z > 0 \\ \mathbf{0} \end{cases}", "", Subtype.SYNTAX, 47,
     "Expected '&' between a value and its condition"),
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
    (r"x \in \mathbb{R}^{n-1}", 19, "could be 0 or less"),
    (r"x \in \mathbb{R}^p+1", 18, "goes in braces"),
    (r"X \in \mathbb{R}^{N \times (p+1}", 31, "to close the '('"),
    (r"W \in \mathbb{R}^{ times n}", 20, "Two sizes side by side (ti)"),
    (r"x \in \mathbb{R}^{m \cdot n \cdot k}", 18, "a product of two sizes at most"),
    (r"x \in \mathbb{R}^{10^{9} n}", 18, "whole numbers go up to 100"),
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


@pytest.mark.parametrize("function, wrt, where, at", [
    (r"\frac{N}{2}\log x", "x", r"x \in \mathbb{R}", 6),  # PRML's N/2 ln β, N undeclared
    (r"x^2 + N", "x", r"x \in \mathbb{R}", 6),
    (r"x X", "x", r"x \in \mathbb{R}", 2),
])
def test_an_undeclared_letter_used_as_a_number_is_not_silently_a_matrix(function, wrt, where, at):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where))
    assert caught.value.subtype is Subtype.SHAPE and caught.value.start == at
    assert "declare it" in caught.value.message
    letter = function[at]
    run(Request(function=function, wrt=wrt, where=rf"{where}; {letter} \in \mathbb{{R}}"))


@pytest.mark.parametrize("function, wrt, where", [
    (r"\operatorname{tr}(X)", "X", ""),
    (r"\mathbf{a}^T X \mathbf{b}", "X", r"\mathbf{a}, \mathbf{b} \in \mathbb{R}^{n}"),
    (r"\frac{1}{2}\|X\mathbf{w} - \mathbf{y}\|^2", r"\mathbf{w}",
     r"\mathbf{w} \in \mathbb{R}^{d}; \mathbf{y} \in \mathbb{R}^{N}"),
])
def test_an_undeclared_letter_in_a_matrix_operation_is_a_matrix(function, wrt, where):
    assert run(Request(function=function, wrt=wrt, where=where)).results


@pytest.mark.parametrize("wrt, shape", [(r"\mathbf{x}", r"\mathbb{R}^{1 \times 3}"),
                                        ("A", r"\mathbb{R}^{1 \times 1}"),
                                        (r"\mathbf{y}", r"\mathbb{R}^{1 \times 3}")])
def test_a_declared_one_by_one_matrix_scales_what_it_multiplies(wrt, shape):
    """xᵀA is 1×1, a scalar, so xᵀAy is (xᵀA)y; a shown A yᵀ reads back as A scaling yᵀ
    (review: the page would show A y, refused on reading back as an internal error)."""
    where = r"A \in \mathbb{R}^{1 \times 1}; \mathbf{x}, \mathbf{y} \in \mathbb{R}^{3}"
    outcome = derive(r"\mathbf{x}^T A \mathbf{y}", wrt, where=where)
    assert outcome.results[0].shape == shape
    unknown = derive(r"\mathbf{x}^T A \mathbf{y}", wrt, where=r"A \in \mathbb{R}^{1 \times 1}")
    assert unknown.results[0].result


@pytest.mark.parametrize("function", [r"\sum_i x_i^2 + x_1", r"\mathbf{x}^T\mathbf{x} + x_{1}x_{2}"])
def test_a_numbered_name_beside_its_vector_is_refused_unless_declared(function):
    """Review 36: x_1 was silently a scalar of its own, so ∂/∂x of Σᵢ xᵢ² + x_1 was 2xᵀ and
    that claim was accepted; an author means entry 1."""
    where = r"\mathbf{x} \in \mathbb{R}^{n}"
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=r"\mathbf{x}", where=where, expect=r"2\mathbf{x}^T"))
    error = caught.value
    assert error.subtype is Subtype.DECLARATION and "x_1" in error.message
    assert function[error.start:error.end] in ("x_1", "x_{1}")
    run(Request(function=function, wrt=r"\mathbf{x}", where=where + r"; x_1, x_2 \in \mathbb{R}"))


@pytest.mark.parametrize("function, claim, right", [
    (r"\max(0,x)", r"\begin{cases} 0 & x<0 \\ \frac12 & x=0 \\ 1 & x>0\end{cases}", True),
    (r"|x|", r"\begin{cases} -1 & x<0 \\ 0 & x=0 \\ 1 & x>0\end{cases}", True),
    (r"x^2", r"\begin{cases} 2x & x \neq 0 \\ 0 & x = 0\end{cases}", True),
    (r"\max(0,x)", r"\begin{cases} 0, & x \le 0, \\ 1, & x > 0 \end{cases}", True),
    (r"x^2", r"\begin{cases} 2x & x \neq 0 \\ 1 & x = 0\end{cases}", False),  # wrong at 0
    (r"x^2", r"2x + \mathbb{1}[x = 3]", False),
    (r"\max(0,x)", r"\begin{cases} 0, & x \le 1 \\ 1, & x > 1 \end{cases}", False),
    (r"\max(0,x)", r"\mathbb{1}\{x > 0\}", True),  # CS229's braces
    (r"\max(0,x)", r"\mathbb{I}[x > 0]", True),  # ESL's letter
    (r"\max(0,x)", r"\mathbb{I}\{x > 1\}", False),
])
def test_conditions_written_as_course_notes_write_them(function, claim, right):
    """Review 37: x = 0 in a case (the value at a kink) and 0, & x ≤ 0 were syntax errors."""
    request = Request(function=function, wrt="x", expect=claim)
    judged(request, right)


@pytest.mark.parametrize("function, claim, wrt, where, right", [
    (r"\tanh(x)", r"1 - \tanh^2(x)", "x", "", True),
    (r"\tanh(x)", r"1 - \tanh^2 x", "x", "", True),
    (r"\sin^2 x", r"2\sin x\cos x", "x", "", True),
    (r"\mathbf{1}^T\tanh(W\mathbf{x}+\mathbf{b})", r"(\mathbf{1} - \tanh^2(W\mathbf{x}+\mathbf{b}))^T",
     r"\mathbf{b}", r"W \in \mathbb{R}^{m\times n}, \mathbf{x} \in \mathbb{R}^n, "
     r"\mathbf{b} \in \mathbb{R}^m", True),
    (r"\tanh(x)", r"1 + \tanh^2(x)", "x", "", False),
])
def test_a_whole_power_before_a_functions_argument_is_the_power_of_its_value(
        function, claim, wrt, where, right):
    """Review 37: 1 − \\tanh^2 x was refused; \\sin^{-1} x still is (arcsin or 1/sin)."""
    judged(Request(function=function, wrt=wrt, where=where, expect=claim), right)
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\sin^{-1} x", wrt="x"))
    assert caught.value.subtype is Subtype.UNSUPPORTED
