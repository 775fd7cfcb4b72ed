"""Evaluate the derivative operators an author wrote in a step (∂/∂x, ∇), after reading.

The reader leaves them unevaluated (``nodes.Partial``, with the shape their
value has in the page's layout); each becomes the engine's derivative in that
layout, innermost first.
"""

from __future__ import annotations

import sympy

from ..nodes import MatrixPartial, Partial
from .engine import Show, derive


def evaluate_operators(expr: sympy.Basic, show: Show, layout: str) -> sympy.Basic:
    """``expr`` with every unevaluated ∂f/∂v replaced by the derivative in ``layout``."""
    if not expr.has(Partial, MatrixPartial):
        return expr
    return expr.replace(lambda e: isinstance(e, (Partial, MatrixPartial)),
                        lambda node: derive(node.of, node.by, show, layout).result)
