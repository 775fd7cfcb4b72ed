"""Scalar functions the notation adds to SymPy (the logistic sigma)."""

from __future__ import annotations

import sympy


class sigmoid(sympy.Function):  # noqa: N801  (SymPy's naming style for functions)
    """The logistic function 1/(1+e^{-x}), written \\sigma in the paper."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)


class SampleSum(sympy.Sum):
    """Σ over samples of scalar terms (per-sample data x_i, y_i), kept as written."""

    def __new__(cls, function: sympy.Basic, *limits: tuple) -> "SampleSum":
        obj = sympy.Expr.__new__(cls, function, *(sympy.Tuple(*lim) for lim in limits))
        obj.is_commutative = function.is_commutative
        return obj


class MatrixSampleSum(sympy.MatrixExpr):
    """Σ over samples of vector or matrix terms (a gradient over a data set).

    SymPy's Sum rewrites a matrix-valued body entry by entry whenever it is
    built or rebuilt; this node keeps it whole and has the body's shape.
    """

    def __new__(cls, function: sympy.Basic, *limits: tuple) -> "MatrixSampleSum":
        return sympy.Basic.__new__(cls, function, *(sympy.Tuple(*lim) for lim in limits))

    @property
    def function(self) -> sympy.Basic:
        return self.args[0]

    @property
    def limits(self) -> tuple:
        return self.args[1:]

    @property
    def shape(self) -> tuple:
        return self.function.shape


def sample_sum(function: sympy.Basic, *limits: tuple) -> sympy.Basic:
    """Σ_{i=1}^{N} of ``function``: a matrix node when the terms are matrices."""
    if isinstance(function, sympy.MatrixExpr):
        return MatrixSampleSum(function, *limits)
    return SampleSum(function, *limits)
