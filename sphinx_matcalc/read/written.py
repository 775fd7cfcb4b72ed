"""Where a claim as written has no value, though SymPy's reading no longer says so.

SymPy simplifies as it builds: e^{\\log x} is x, √x·√x is x, (x^{1/3})³ is x, 2x²/x is 2x.
Each drops a restriction the author wrote (x > 0, x ≥ 0, x ≠ 0), so the claim read is
defined where the claim written is not. The text is read again with SymPy's evaluation off,
and every logarithm, fractional power and division it writes that the reading lost is
returned, for the judge to require that each has a value wherever the derivative does.
"""

from __future__ import annotations

import re

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..nodes import MatrixSampleSum
from .grammar import parse_expression
from .notation import Notation, Operators

#: A text without a logarithm, a root, a fraction, a division or a fractional or negative
#: superscript (^{1/3}, ^{0.5}, ^{-1}) writes nothing that restricts and could be lost: it is
#: not read again.
MARKS = re.compile(r"\\log|\\ln|\\sqrt|\\[dt]?frac|/|\^\s*\{?\s*-|\^\s*\{[^{}]*\.|"
                   r"\^\s*\.?\d*\.")


def lost_restrictions(text: str, notation: Notation, operators: Operators | None,
                      claim: sympy.Basic) -> tuple[sympy.Expr, ...]:
    """The logarithms and fractional powers ``text`` writes that ``claim`` (its reading) no
    longer contains, each as an expression that has a real value exactly where it allows."""
    if not MARKS.search(text):
        return ()
    scratch = Notation(declarations=dict(notation.declarations), hadamard=notation.hadamard,
                       symbols=dict(notation.symbols), counts=set(notation.counts),
                       per_sample=dict(notation.per_sample), functions=dict(notation.functions))
    try:
        with sympy.evaluate(False):
            written = parse_expression(text, scratch, operators, second_reading=False).expr
    except Exception:  # noqa: BLE001  (read as written it is not understood: nothing more
        return ()  # is asked of it; a time limit is a BaseException and passes)
    symbols = claim.free_symbols.union(*(s.free_symbols for s in notation.symbols.values()
                                         if isinstance(s, sympy.Basic)))
    out: list[sympy.Expr] = []
    for node, limits in _written(written, ()):
        try:
            w = _evaluated(node)
            if limits:  # per-sample data: the witness summed over the samples it lies in
                w = sympy.Sum(w, *limits) if not isinstance(w, sympy.MatrixExpr) else None
        except Exception:  # noqa: BLE001  (a node SymPy cannot rebuild is not asked about)
            continue
        if w is not None and w.free_symbols <= symbols and not claim.has(w) and w not in out:
            out.append(w)
    return tuple(out)


def _written(e: sympy.Basic, limits: tuple) -> list[tuple[sympy.Basic, tuple]]:
    """The restricting nodes of the tree as written, each with the sums' limits around it;
    none inside a case (computed only where it holds). An element-wise function that
    restricts its argument's entries (log.(x)) is one node."""
    if isinstance(e, sympy.Piecewise):
        return []
    if isinstance(e, ElementwiseApplyFunction):
        body = e.function.expr
        inner = [(e, limits)] if any(_restricts(n) for n in sympy.preorder_traversal(body)) \
            else []
        return inner + _written(e.expr, limits)
    out = [(e, limits)] if _restricts(e) else []
    if isinstance(e, (sympy.Sum, MatrixSampleSum)):
        return out + _written(e.args[0], limits + tuple(tuple(l) for l in e.limits)) + [
            found for a in e.args[1:] for found in _written(a, limits)]
    return out + [found for a in e.args if isinstance(a, sympy.Basic)
                  for found in _written(a, limits)]


def _restricts(node: sympy.Basic) -> bool:
    """A logarithm, or a fractional or negative power of a scalar (the judge's real values:
    x^{1/3} has none for x < 0, 1/x none at 0)."""
    if isinstance(node, sympy.log):
        return True
    if not isinstance(node, sympy.Pow) or isinstance(node, sympy.MatrixExpr):
        return False
    exponent = node.exp
    with sympy.evaluate(True):
        exponent = _evaluated(exponent)
    return exponent.is_number and exponent.is_real is not False and bool(
        node.base.free_symbols) and (not exponent.is_integer or exponent.is_negative)


def _evaluated(e: sympy.Basic) -> sympy.Basic:
    """``e`` rebuilt with SymPy's evaluation on (what the reader would have made of it)."""
    with sympy.evaluate(True):
        if not e.args or isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)):
            return e
        return e.func(*[_evaluated(a) if isinstance(a, sympy.Basic) else a for a in e.args])
