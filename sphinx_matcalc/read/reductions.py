"""Reductions and matrix functions applied to their argument: tr, det, softmax, sum, diag.

A mixin of the reader (``grammar.Parser``), like ``constructs``: the argument has been read
(``\\operatorname{tr} AX``, or plain ``tr AB`` as CS229 writes it); this builds the node.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import DiagMatrix, Determinant, OneMatrix, Trace
from sympy.matrices.expressions.diagonal import DiagonalOf

from ..errors import Subtype
from ..nodes import flat_matmul, is_matrix, scalar_of
from .cursor import Parsed
from .notation import FUNCTIONS


class Reductions:
    """Building the node of a matrix function (mixed into ``Parser``)."""

    def matrix_function(self, name: str, start: int, arg: Parsed) -> Parsed:
        """``name`` (one of MATRIX_FUNCTIONS) of ``arg``, shape-checked."""
        sh = self.n.shapes
        expr = arg.expr
        if name in ("tr", "Tr", "trace"):
            sh.square(expr, arg.span, "A trace")
            return Parsed(Trace(expr), start, arg.end)
        if name == "det":
            sh.square(expr, arg.span, "A determinant")
            return Parsed(Determinant(expr), start, arg.end)
        if name in ("softmax", "logsumexp", "LSE"):
            shape = sh.shape(expr)
            if shape is None or not sh.unify(shape[1], sympy.Integer(1)):
                raise self.error(f"{sh.text(arg.span)}: {name} needs a vector, but it is "
                                 f"{sh.describe(expr)}.", arg.span, Subtype.SHAPE)
            exps = FUNCTIONS[r"\exp"](expr)
            total = scalar_of(flat_matmul(OneMatrix(1, expr.shape[0]), exps))
            value = flat_matmul(sympy.Pow(total, -1), exps) if name == "softmax" else sympy.log(total)
            return Parsed(value, start, arg.end)
        if name == "sum":
            if not is_matrix(expr):
                return Parsed(expr, start, arg.end)
            rows, cols = expr.shape
            total = flat_matmul(OneMatrix(1, rows), expr)
            if sh.find(cols) != 1:
                total = flat_matmul(total, OneMatrix(cols, 1))
            return Parsed(scalar_of(total), start, arg.end)
        # diag: of a vector, the diagonal matrix; of a square matrix, the vector of its diagonal
        shape = sh.shape(expr)
        if shape is not None and sh.find(shape[1]) != 1 and sh.find(shape[0]) != 1 \
                and sh.unify(*shape):
            return Parsed(DiagonalOf(expr), start, arg.end)
        if shape is None or not sh.unify(shape[1], sympy.Integer(1)):
            raise self.error(f"{sh.text(arg.span)}: diag needs a vector or a square matrix, but "
                             f"it is {sh.describe(expr)}.", arg.span, Subtype.SHAPE)
        return Parsed(DiagMatrix(expr), start, arg.end)
