"""A second reading of scalar expressions by latex2sympy2.

latex2sympy2 reads products as commutative, so it cannot read matrix
expressions; for purely scalar ones built from constructs it handles (numbers,
letters, Greek letters, + − ^ \\frac \\sqrt \\cdot and the usual functions),
it is a mature second reader. Both readings are evaluated at random points;
if they differ, the input is ambiguous and refused rather than trusting
either. latex2sympy2's module-global state is reset before every call.
"""

from __future__ import annotations

import numpy as np
import sympy

from .errors import MatcalcError, Subtype
from .lexer import Token
from .numeric import EvaluationError, Point, evaluate

#: Commands latex2sympy2 reads as we do (\log is base 10 there, \pi a constant, \sigma a symbol).
COMMANDS = {r"\frac", r"\sqrt", r"\cdot", r"\times", r"\sin", r"\cos", r"\exp", r"\ln",
            r"\tanh", r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\eta", r"\theta",
            r"\kappa", r"\lambda", r"\mu", r"\nu", r"\rho", r"\tau", r"\phi", r"\omega"}
PUNCTUATION = set("+-*/^_(){}")
#: Letters with another meaning there: e (Euler's number), E (exponent), I (imaginary unit).
LETTERS_EXCLUDED = {"e", "E", "I"}


def applies(tokens: list[Token], expr: sympy.Basic) -> bool:
    """Is ``expr`` scalar, non-trivial, and written only with constructs both readers share?"""
    if isinstance(expr, sympy.MatrixExpr) or expr.atoms(sympy.MatrixSymbol) or len(tokens) < 3:
        return False
    for tok in tokens:
        if tok.kind == "eof" or tok.kind == "num":
            continue
        if tok.kind == "letter" and tok.text not in LETTERS_EXCLUDED:
            continue
        if tok.kind == "cmd" and tok.text in COMMANDS:
            continue
        if tok.kind == "punct" and tok.text in PUNCTUATION:
            continue
        return False
    return True


def second_reading(text: str) -> sympy.Basic | None:
    """latex2sympy2's reading of ``text`` with fresh global state, or None if it refuses."""
    from ._compat import latex2sympy2_module
    l2s = latex2sympy2_module()
    l2s.VARIABLE_VALUES = {}
    l2s.variances, l2s.var, l2s.is_real = {}, {}, None
    try:
        result = l2s.latex2sympy(text)
    except Exception:  # noqa: BLE001  (its parser raises bare Exceptions; it simply has no reading)
        return None
    return result if isinstance(result, sympy.Basic) else None


def check(text: str, tokens: list[Token], expr: sympy.Basic, seed: int = 7) -> None:
    """Raise if latex2sympy2 reads ``text`` to a different value than ``expr``."""
    if not applies(tokens, expr):
        return
    other = second_reading(text)
    if other is None:
        return
    ours = {s.name.lstrip("\\"): s for s in expr.free_symbols}
    theirs = {s: ours.get(s.name) for s in other.free_symbols if isinstance(s, sympy.Symbol)}
    if any(v is None for v in theirs.values()):
        raise _ambiguous(text, other)
    other = other.xreplace(theirs)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        values = {s: float(rng.uniform(0.5, 2.0)) for s in expr.free_symbols}
        try:
            a, b = evaluate(expr, Point({}, values)), evaluate(other, Point({}, values))
        except EvaluationError:
            return  # it used something we do not evaluate: no second opinion
        if np.isfinite(a) and np.isfinite(b) and abs(a - b) > 1e-9 * (1 + abs(a)):
            raise _ambiguous(text, other)


def _ambiguous(text: str, other: sympy.Basic) -> MatcalcError:
    return MatcalcError(
        f"This expression can be read in two ways (latex2sympy2 reads it as {other}); add "
        "parentheses or braces to make the grouping explicit.", Subtype.SYNTAX, 0,
        max(1, len(text)), text)
