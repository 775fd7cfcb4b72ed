"""Identities beyond the paper (Matrix Cookbook and matrixcalculus.org), both layouts.

Each identity is written as the reference writes it, in denominator layout
(the gradient has the variable's shape). The test derives it in denominator
layout with the identity as the claim, and in numerator layout with the
claim's transpose; in both, the engine's result is first checked against
finite differences and then the claim against the engine's result.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.pipeline import Request, run

VECS = r"\mathbf{a}, \mathbf{b}, \mathbf{x}, \mathbf{w} \in \mathbb{R}^{n}; y \in \mathbb{R}"
SQUARE = r"X, A, B \in \mathbb{R}^{n \times n}; " + VECS
LAYER = r"W \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{n}; \mathbf{y} \in \mathbb{R}^{m}"
RECT = r"A \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{n}; \mathbf{b} \in \mathbb{R}^{m}"

# (function, wrt, :where:, the identity in denominator layout, its source)
IDENTITIES = [
    (r"\mathbf{a}^T \mathbf{x}", r"\mathbf{x}", VECS, r"\mathbf{a}", "MC (69)"),
    (r"\mathbf{x}^T \mathbf{a}", r"\mathbf{x}", VECS, r"\mathbf{a}", "MC (69)"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", SQUARE, r"(A + A^T) \mathbf{x}", "MC (81)"),
    (r"\mathbf{x}^T \mathbf{x}", r"\mathbf{x}", VECS, r"2 \mathbf{x}", "MC (81)"),
    (r"\|\mathbf{x}\|_2", r"\mathbf{x}", VECS, r"\frac{\mathbf{x}}{\|\mathbf{x}\|_2}", "MC (129)"),
    (r"\|\mathbf{x}\|_2^2", r"\mathbf{x}", VECS, r"2 \mathbf{x}", "MC (131)"),
    (r"\|\mathbf{x}\|_1", r"\mathbf{x}", VECS, r"\operatorname{sign}(\mathbf{x})", "matrixcalculus.org"),
    (r"(\mathbf{a}^T \mathbf{x})^2", r"\mathbf{x}", VECS,
     r"2 (\mathbf{a}^T \mathbf{x}) \mathbf{a}", "MC (81)"),
    (r"(\mathbf{x}^T \mathbf{a})(\mathbf{x}^T \mathbf{b})", r"\mathbf{x}", VECS,
     r"(\mathbf{a} \mathbf{b}^T + \mathbf{b} \mathbf{a}^T) \mathbf{x}", "MC (81)"),
    (r"\exp(\mathbf{a}^T \mathbf{x})", r"\mathbf{x}", VECS,
     r"\exp(\mathbf{a}^T \mathbf{x}) \mathbf{a}", "chain rule"),
    (r"\operatorname{sum}(\mathbf{x} \odot \mathbf{x})", r"\mathbf{x}", VECS, r"2 \mathbf{x}",
     "§4.4"),
    (r"\operatorname{sum}(\exp(\mathbf{x}))", r"\mathbf{x}", VECS, r"\exp(\mathbf{x})", "§4.4"),
    (r"\log(\mathbf{1}^T \exp(\mathbf{x}))", r"\mathbf{x}", VECS,
     r"\frac{\exp(\mathbf{x})}{\mathbf{1}^T \exp(\mathbf{x})}", "log-sum-exp: softmax"),
    (r"\operatorname{logsumexp}(\mathbf{x})", r"\mathbf{x}", VECS,
     r"\operatorname{softmax}(\mathbf{x})", "log-sum-exp"),
    (r"\operatorname{softmax}(\mathbf{x})", r"\mathbf{x}", VECS,
     r"\operatorname{diag}(\operatorname{softmax}(\mathbf{x})) - \operatorname{softmax}(\mathbf{x})"
     r" \operatorname{softmax}(\mathbf{x})^T", "softmax Jacobian (symmetric)"),
    (r"\log(1 + \exp(-y \mathbf{w} \cdot \mathbf{x}))", r"\mathbf{w}", VECS,
     r"-y \sigma(-y \mathbf{w} \cdot \mathbf{x}) \mathbf{x}", "logistic loss"),
    (r"\tanh(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}", VECS,
     r"(1 - \tanh(\mathbf{w} \cdot \mathbf{x})^2) \mathbf{x}", "chain rule"),
    (r"\sigma(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}", VECS,
     r"\sigma(\mathbf{w} \cdot \mathbf{x}) (1 - \sigma(\mathbf{w} \cdot \mathbf{x})) \mathbf{x}",
     "chain rule"),
    (r"\|A\mathbf{x} - \mathbf{b}\|_2^2", r"\mathbf{x}", RECT,
     r"2 A^T (A \mathbf{x} - \mathbf{b})", "least squares, MC (84)"),
    (r"\mathbf{a}^T \mathbf{x}", r"\mathbf{a}", VECS, r"\mathbf{x}", "MC (69)"),
    (r"\|\mathbf{x} - \mathbf{a}\|_2^2", r"\mathbf{x}", VECS, r"2 (\mathbf{x} - \mathbf{a})",
     "MC (131)"),
    (r"\operatorname{sum}(\log(\mathbf{x}))", r"\mathbf{x}", VECS, r"\mathbf{1} \oslash \mathbf{x}",
     "§4.4"),
    (r"\mathbf{x}^T A^T A \mathbf{x}", r"\mathbf{x}", SQUARE, r"2 A^T A \mathbf{x}", "MC (81)"),
    (r"(\mathbf{w} \cdot \mathbf{x} + b)^2", r"\mathbf{w}", VECS + r"; b \in \mathbb{R}",
     r"2 (\mathbf{w} \cdot \mathbf{x} + b) \mathbf{x}", "chain rule"),
    (r"\log(\mathbf{x}^T A \mathbf{x})", r"\mathbf{x}", SQUARE,
     r"\frac{(A + A^T) \mathbf{x}}{\mathbf{x}^T A \mathbf{x}}", "MC (81), chain rule"),
    (r"\operatorname{tr}(X A X^T)", "X", SQUARE, "X (A + A^T)", "MC (117)"),
    (r"\mathbf{a}^T X \mathbf{b}", "X", SQUARE, r"\mathbf{a} \mathbf{b}^T", "MC (70)"),
    (r"\mathbf{a}^T X^T \mathbf{b}", "X", SQUARE, r"\mathbf{b} \mathbf{a}^T", "MC (71)"),
    (r"\mathbf{x}^T A \mathbf{x}", "A", SQUARE, r"\mathbf{x} \mathbf{x}^T", "MC (70)"),
    (r"\operatorname{tr}(X)", "X", SQUARE, "I", "MC (100)"),
    (r"\operatorname{tr}(A X)", "X", SQUARE, "A^T", "MC (100)"),
    (r"\operatorname{tr}(X A)", "X", SQUARE, "A^T", "MC (101)"),
    (r"\operatorname{tr}(X^T A)", "X", SQUARE, "A", "MC (103)"),
    (r"\operatorname{tr}(A X B)", "X", SQUARE, "A^T B^T", "MC (102)"),
    (r"\operatorname{tr}(X^T X)", "X", SQUARE, "2 X", "MC (103)"),
    (r"\operatorname{tr}(A X B X^T)", "X", SQUARE, "A^T X B^T + A X B", "MC (117)"),
    (r"\|X\|_F^2", "X", SQUARE, "2 X", "MC (119)"),
    (r"\det X", "X", SQUARE, r"\det(X) X^{-T}", "MC (49)"),
    (r"\log\det X", "X", SQUARE, "X^{-T}", "MC (57)"),
    (r"\operatorname{tr}(A X^{-1})", "X", SQUARE, "-(X^{-1} A X^{-1})^T", "MC (63)"),
    (r"\mathbf{a}^T X^{-1} \mathbf{b}", "X", SQUARE,
     r"-X^{-T} \mathbf{a} \mathbf{b}^T X^{-T}", "MC (61)"),
    (r"\|W\mathbf{x} - \mathbf{y}\|_2^2", "W", LAYER,
     r"2 (W \mathbf{x} - \mathbf{y}) \mathbf{x}^T", "dense layer: δxᵀ"),
    (r"\mathbf{y}^T \sigma(W \mathbf{x})", "W", LAYER,
     r"(\mathbf{y} \odot \sigma(W \mathbf{x}) \odot (\mathbf{1} - \sigma(W \mathbf{x}))) \mathbf{x}^T",
     "dense layer: δxᵀ"),
]


@pytest.mark.parametrize("function, wrt, where, identity, source", IDENTITIES,
                         ids=[f"{i[0]} by {i[1]}" for i in IDENTITIES])
@pytest.mark.parametrize("layout", ["denominator", "numerator"])
def test_identity(function, wrt, where, identity, source, layout):
    claim = identity if layout == "denominator" else rf"\left({identity}\right)^T"
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim, layout=layout))
    assert outcome.results[0].checked == [claim]


def test_at_least_forty_identities():
    assert len(IDENTITIES) >= 40


def test_vector_or_matrix_by_matrix_is_refused_with_a_reason():
    from sphinx_matcalc.errors import MatcalcError, Subtype
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"W \mathbf{x}", wrt="W", where=LAYER))
    assert caught.value.subtype is Subtype.UNSUPPORTED
    assert "differentiate a scalar objective" in caught.value.message
