"""Proofs that a claim differs: claim − truth enclosed in interval arithmetic.

An enclosure (``mpmath.iv``) is certain to contain the exact value, so one that excludes 0
proves the claim is not the derivative at that point, however the evaluation cancels and
however small the difference. The difference is formed symbolically first, so that terms
claim and truth share cancel before any number is computed and what differs is enclosed
on its own (10⁻⁶⁰x, e^{x − 10¹¹}).
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy
from sympy.matrices.expressions import (Identity, MatAdd, MatMul, OneMatrix, Transpose,
                                        ZeroMatrix)

from ..nodes import MatrixSampleSum
from .cancel import captures
from .numeric import EvaluationError, Point
from .precise import Undefined, evaluate_interval, evaluate_precise


@lru_cache(maxsize=256)
def difference(claim: sympy.Basic, truth: sympy.Basic) -> sympy.Basic | None:
    """claim − truth as SymPy combines it: identical terms cancel (and scalar products are
    expanded), so what differs is evaluated alone, not as a tiny change to large shared
    terms. (Sums are left as they are: SymPy's own evaluation of a Σ is slow.)"""
    matrix = isinstance(claim, sympy.MatrixExpr) or isinstance(truth, sympy.MatrixExpr)
    try:
        d = _matrix_difference(claim, truth) if matrix else _merged(claim - truth)
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
    cost (half a second for a softmax Jacobian); sums over the same samples are one sum."""
    if claim.shape != truth.shape:
        raise sympy.ShapeError("claim and truth differ in shape")
    return _collected([(sign, term) for sign, e in ((1, claim), (-1, truth))
                       for term in (e.args if isinstance(e, MatAdd) else (e,))], truth.shape)


def _collected(terms: list[tuple[sympy.Basic, sympy.MatrixExpr]], shape: tuple
               ) -> sympy.MatrixExpr:
    """Σ sign·term, terms with the same matrix part collected; c·Σ_i f_i and d·Σ_i g_i over
    the same samples become Σ_i (c f_i + d g_i), collected in turn (2/N Σ A_i − 1/N Σ 2A_i
    is 0, not two sums whose difference is evaluated at every point)."""
    collected: dict[sympy.Basic, sympy.Basic] = {}
    sums: dict[tuple, list] = {}
    for sign, term in terms:
        if isinstance(term, MatMul):
            coefficient, matrices = term.as_coeff_matrices()
            part = matrices[0] if len(matrices) == 1 else MatMul(*matrices)
        else:
            coefficient, part = sympy.Integer(1), term
        part = _canonical(part)
        if isinstance(part, MatrixSampleSum) and not captures(coefficient, part.limits):
            sums.setdefault(part.limits, []).append((sign * coefficient, part.function))
            continue
        collected[part] = collected.get(part, sympy.Integer(0)) + sign * coefficient
    collected = {part: _expanded(c) for part, c in collected.items()}
    out = [part if c == 1 else MatMul(c, part) for part, c in collected.items() if c != 0]
    for limits, bodies in sums.items():
        body = _collected([(c, t) for c, f in bodies
                           for t in (f.args if isinstance(f, MatAdd) else (f,))], shape)
        if not isinstance(body, ZeroMatrix):
            out.append(MatrixSampleSum(body, *limits))
    if not out:
        return ZeroMatrix(*shape)
    return out[0] if len(out) == 1 else MatAdd(*out)


def _canonical(part: sympy.MatrixExpr) -> sympy.MatrixExpr:
    """One form of the constant matrices in a part: (𝟏_n)ᵀ is the row of ones, Iᵀ is I, so
    (2c)𝟏ᵀ and (2c + ε)·(row of ones) are collected as one part."""
    return part.replace(lambda e: isinstance(e, Transpose) and isinstance(
        e.arg, (OneMatrix, Identity, ZeroMatrix)), lambda e: e.doit())


def _expanded(c: sympy.Basic) -> sympy.Basic:
    """A collected coefficient with its products expanded ((a + ε)·2 − 2a is 2ε), where
    it is small enough for that to be cheap."""
    if not isinstance(c, sympy.Add) or _nodes(c) > EXPAND_NODES:
        return c
    try:
        return sympy.expand_mul(c)
    except Exception:  # noqa: BLE001  (a node expand does not know: the sum as it is)
        return c


def _merged(d: sympy.Basic) -> sympy.Basic:
    """A scalar difference with c·Σ_i f_i and e·Σ_i g_i over the same samples made one sum
    Σ_i (c f_i + e g_i), its body expanded: what they share cancels inside."""
    if not isinstance(d, sympy.Add):
        return d
    sums: dict[tuple, list] = {}
    rest = []
    for term in d.args:
        coefficient, rest_of = term.as_independent(sympy.Sum, as_Add=False)
        if isinstance(rest_of, sympy.Sum) and not captures(coefficient, rest_of.limits):
            sums.setdefault((type(rest_of), rest_of.limits), []).append(
                coefficient * rest_of.function)
        else:
            rest.append(term)
    if not any(len(bodies) > 1 for bodies in sums.values()):
        return d
    for (kind, limits), bodies in sums.items():
        body = sympy.expand_mul(sympy.Add(*bodies))
        if body != 0:
            rest.append(kind(body, *limits))
    return sympy.Add(*rest)


def _nodes(e: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(e))


EXPAND_NODES = 400  # a difference larger than this is evaluated as it is


def enclosed(claim: sympy.Basic, truth: sympy.Basic, point: Point, digits: int = 300
             ) -> np.ndarray | None:
    """Enclosures of the entries of claim − truth at ``digits`` (None: none could be had):
    of the combined difference, else of claim and truth apart; apart too where the combined
    one is wide about 0 (its expansion cancels: tanh²x/(1 − tanh x) − 1/(1 − tanh x) at
    x = 1000 is 10²³⁵ wide where −tanh x − 1 is −2 exactly)."""
    d = difference(claim, truth)
    shape = None
    combined = None
    try:
        shape = np.asarray(evaluate_precise(truth, point, digits), dtype=object).shape
        if d is not None:
            out = np.asarray(evaluate_interval(d, point, digits), dtype=object)
            if out.size in (1, int(np.prod(shape))):
                combined = out.reshape(-1)
                if not any(0 in v and v.delta > WIDE for v in combined):
                    return combined
    except (Undefined, EvaluationError, ValueError, TypeError):
        pass
    apart = _apart(claim, truth, point, digits, shape)
    if combined is None or apart is None or apart.size != combined.size:
        return apart if combined is None else combined
    return np.array([a if 0 in c else c for c, a in zip(combined, apart)], dtype=object)


WIDE = mpmath.mpf(10) ** -20  # an enclosure of the difference about 0 this wide: try apart


def _apart(claim: sympy.Basic, truth: sympy.Basic, point: Point, digits: int,
           shape: tuple | None) -> np.ndarray | None:
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
