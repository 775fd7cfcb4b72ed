"""Proofs that a claim differs: claim − truth enclosed in interval arithmetic.

An enclosure (``mpmath.iv``) is certain to contain the exact value, so one that excludes 0
proves the claim is not the derivative at that point, however the evaluation cancels and
however small the difference. The difference is formed symbolically first, so that terms
claim and truth share cancel before any number is computed and what differs is enclosed
on its own (10⁻⁶⁰x, e^{x − 10¹¹}).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy
from sympy.matrices.expressions import MatAdd, MatMul, ZeroMatrix

from ..nodes import MatrixSampleSum
from .numeric import EvaluationError, Point
from .precise import Undefined, evaluate_interval, evaluate_precise


@lru_cache(maxsize=256)
def difference(claim: sympy.Basic, truth: sympy.Basic) -> sympy.Basic | None:
    """claim − truth as SymPy combines it: identical terms cancel (and scalar products are
    expanded), so what differs is evaluated alone, not as a tiny change to large shared
    terms. (Sums are left as they are: SymPy's own evaluation of a Σ is slow.)"""
    matrix = isinstance(claim, sympy.MatrixExpr) or isinstance(truth, sympy.MatrixExpr)
    try:
        d = _matrix_difference(claim, truth) if matrix else claim - truth
    except (TypeError, ValueError, AttributeError, sympy.ShapeError):
        return None
    if matrix or _nodes(d) > EXPAND_NODES:
        return d  # terms that share their matrix part are collected already
    try:  # a Σ is left whole (SymPy's evaluation of one is slow): products around it expand
        expanded = sympy.expand_mul(d, deep=not d.has(sympy.Sum, MatrixSampleSum))
    except Exception:  # noqa: BLE001  (a node expand does not know: the difference unexpanded)
        return d
    return expanded if _nodes(expanded) <= 3 * EXPAND_NODES else d


def _matrix_difference(claim: sympy.MatrixExpr, truth: sympy.MatrixExpr) -> sympy.MatrixExpr:
    """claim − truth with the terms that share their matrix part collected (their scalar
    coefficients added: (1 + ε)M − M is εM), as MatAdd's canonical form does, without its
    cost (half a second for a softmax Jacobian)."""
    if claim.shape != truth.shape:
        raise sympy.ShapeError("claim and truth differ in shape")
    collected: dict[sympy.Basic, sympy.Basic] = {}
    for sign, e in ((1, claim), (-1, truth)):
        for term in e.args if isinstance(e, MatAdd) else (e,):
            if isinstance(term, MatMul):
                coefficient, matrices = term.as_coeff_matrices()
                part = matrices[0] if len(matrices) == 1 else MatMul(*matrices)
            else:
                coefficient, part = sympy.Integer(1), term
            collected[part] = collected.get(part, sympy.Integer(0)) + sign * coefficient
    terms = [part if c == 1 else MatMul(c, part) for part, c in collected.items() if c != 0]
    if not terms:
        return ZeroMatrix(*truth.shape)
    return terms[0] if len(terms) == 1 else MatAdd(*terms)


def _nodes(e: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(e))


EXPAND_NODES = 400  # a difference larger than this is evaluated as it is


def enclosed(claim: sympy.Basic, truth: sympy.Basic, point: Point, digits: int = 300
              ) -> np.ndarray | None:
    """Enclosures of the entries of claim − truth at ``digits`` (None: none could be had):
    of the combined difference, else of claim and truth apart."""
    d = difference(claim, truth)
    shape = None
    try:
        shape = np.asarray(evaluate_precise(truth, point, 50), dtype=object).shape
        if d is not None:
            out = np.asarray(evaluate_interval(d, point, digits), dtype=object)
            if out.size in (1, int(np.prod(shape))):
                return out.reshape(-1)
    except (Undefined, EvaluationError, ValueError, TypeError):
        pass
    try:
        got = np.asarray(evaluate_interval(claim, point, digits), dtype=object)
        want = np.asarray(evaluate_interval(truth, point, digits), dtype=object)
        if shape is None or want.size != int(np.prod(shape)):
            return None
        if got.size == 1 and want.size != 1:
            got = np.broadcast_to(got.reshape(()), want.shape)
        # (0-d minus 0-d is a bare enclosure, not an array: a scalar truth, a claim of size 1)
        return np.asarray(got.reshape(want.shape) - want, dtype=object).reshape(-1)
    except (Undefined, EvaluationError, ValueError, TypeError):
        return None


