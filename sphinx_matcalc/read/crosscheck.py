"""A second reading of scalar expressions by latex2sympy2.

latex2sympy2 reads products as commutative, so it cannot read matrix
expressions; for purely scalar ones built from constructs it handles (numbers,
letters, Greek letters, + − ^ \\frac \\sqrt \\cdot and the usual functions),
it is a mature second reader. Both readings are evaluated at random points;
if they differ, the input is ambiguous and refused rather than trusting
either. latex2sympy2's module-global state is reset before every call.

Loading it: latex2sympy2 pins antlr4-python3-runtime 4.7.2, which does ``from
typing.io import TextIO``; ``typing.io`` was removed in Python 3.13, so a
stand-in is registered before the import. latex2sympy2 also installs top-level
packages named ``gen`` and ``tests``: its own ``gen`` is imported by path, so a
``gen`` in the directory a build runs from cannot take its place.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
import typing
from functools import lru_cache

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import UserFunction
from ..vocabulary import FUNCTIONS
from .lexer import Token

#: Commands latex2sympy2 reads as we do (\log is base 10 there, \pi a constant, \sigma a symbol).
COMMANDS = {name for f in FUNCTIONS for name in f.same_in_latex2sympy2} | {
    r"\frac", r"\sqrt", r"\cdot", r"\times", r"\alpha", r"\beta", r"\gamma", r"\delta",
    r"\epsilon", r"\eta", r"\theta", r"\kappa", r"\lambda", r"\mu", r"\nu", r"\rho", r"\tau", r"\phi", r"\omega"}
PUNCTUATION = set("+-*/^_(){}")
#: Letters with another meaning there: e (Euler's number), E (exponent), I (imaginary unit).
LETTERS_EXCLUDED = {"e", "E", "I"}


def _install_typing_io_shim() -> None:
    """Provide ``typing.io`` (TextIO, BinaryIO, IO) where Python no longer has it."""
    try:
        importlib.import_module("typing.io")  # Python < 3.13 still has it
        return
    except ImportError:
        pass
    shim = types.ModuleType("typing.io")
    shim.TextIO = typing.TextIO  # type: ignore[attr-defined]
    shim.BinaryIO = typing.BinaryIO  # type: ignore[attr-defined]
    shim.IO = typing.IO  # type: ignore[attr-defined]
    sys.modules["typing.io"] = shim


@lru_cache(maxsize=None)
def latex2sympy2_module() -> types.ModuleType:
    """Import latex2sympy2 once per process (its ANTLR tables are costly), with its own ``gen``.

    latex2sympy2 does ``from gen.PSParser import ...``: a ``gen`` module or folder in the
    directory a build runs from (first on ``sys.path``), or one already imported, would be
    found instead of its own. Its own ``gen``, beside latex2sympy2.py, is imported by path
    for the duration of that import, and whatever ``gen`` was there before is put back.
    """
    _install_typing_io_shim()
    spec = importlib.util.find_spec("latex2sympy2")
    if spec is None or spec.origin is None:
        raise ImportError("latex2sympy2 is not installed (pip install latex2sympy2)")
    here = os.path.dirname(os.path.abspath(spec.origin))
    own = os.path.join(here, "gen")
    if not os.path.isfile(os.path.join(own, "PSParser.py")):
        raise ImportError(f"latex2sympy2's own 'gen' package is missing beside it ({own}); "
                          "reinstall latex2sympy2.")
    saved = {name: module for name, module in sys.modules.items()
             if name == "gen" or name.startswith("gen.")}
    for name in saved:
        del sys.modules[name]
    try:
        package = importlib.util.spec_from_file_location(
            "gen", os.path.join(own, "__init__.py"), submodule_search_locations=[own])
        module = importlib.util.module_from_spec(package)
        sys.modules["gen"] = module
        package.loader.exec_module(module)
        import latex2sympy2
    finally:
        for name in [n for n in sys.modules if n == "gen" or n.startswith("gen.")]:
            del sys.modules[name]
        sys.modules.update(saved)
    parser_file = os.path.abspath(latex2sympy2.PSParser.__init__.__code__.co_filename)
    if not parser_file.startswith(own):
        raise ImportError(f"latex2sympy2's parser was loaded from {parser_file}, not from its "
                          f"own 'gen' package in {own}.")
    latex2sympy2.PSParser = _two_stage(latex2sympy2.PSParser)
    return latex2sympy2


def _two_stage(parser: type) -> type:
    """latex2sympy2's parser with a settable ANTLR prediction mode (``second_reading`` tries
    SLL first: ANTLR guarantees that an SLL parse which succeeds is the parse LL gives)."""
    from antlr4.atn.PredictionMode import PredictionMode

    class TwoStage(parser):  # type: ignore[misc, valid-type]
        mode = PredictionMode.LL
        modes = (PredictionMode.SLL, PredictionMode.LL)

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._interp.predictionMode = TwoStage.mode

    return TwoStage


def applies(tokens: list[Token], expr: sympy.Basic) -> bool:
    """Is ``expr`` scalar, non-trivial, and written only with constructs both readers share?"""
    if isinstance(expr, sympy.MatrixExpr) or expr.atoms(sympy.MatrixSymbol) or len(tokens) < 3:
        return False
    if any("^{(" in s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol)):
        return False  # x^{(i)} is a name here, a power there
    if expr.has(UserFunction):  # a function of conf.py: latex2sympy2 reads f(x) as its own
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


@lru_cache(maxsize=4096)
def second_reading(text: str) -> sympy.Basic | None:
    """latex2sympy2's reading of ``text`` with fresh global state, or None if it refuses.

    ANTLR's SLL prediction is tried first: it is about a third cheaper on the parser's first
    sight of a shape, and either gives LL's parse or fails, and then LL decides.
    """
    l2s = latex2sympy2_module()
    for mode in l2s.PSParser.modes:
        result = _reading(l2s, text, mode)
        if result is not None:
            return result
    return None


def _reading(l2s: types.ModuleType, text: str, mode: int) -> sympy.Basic | None:
    """latex2sympy2's reading of ``text`` in one ANTLR prediction mode, or None if it fails."""
    l2s.VARIABLE_VALUES = {}
    l2s.variances, l2s.var, l2s.is_real = {}, {}, None
    l2s.PSParser.mode = mode
    try:
        result = l2s.latex2sympy(text)
    except Exception:  # noqa: BLE001  (its parser raises bare Exceptions; it simply has no reading)
        return None
    finally:
        l2s.PSParser.mode = l2s.PSParser.modes[-1]
    return result if isinstance(result, sympy.Basic) else None


def check(text: str, tokens: list[Token], expr: sympy.Basic, seed: int = 7) -> None:
    """Raise if latex2sympy2 reads ``text`` to a different value than ``expr``."""
    if not applies(tokens, expr):
        return
    other = second_reading(text)
    if other is None:
        return
    ours = {s.name.lstrip("\\"): s for s in expr.free_symbols}
    # a symbol that cancelled in our reading (2x + c - c) is still one the text names
    written = {t.text.lstrip("\\") for t in tokens if t.kind in ("letter", "cmd")}
    theirs = {}
    for s in other.free_symbols:
        if not isinstance(s, sympy.Symbol):
            continue
        if s.name not in ours and s.name not in written:
            raise _ambiguous(text, other)  # a name of its own making (xy for x y)
        theirs[s] = ours.get(s.name) or sympy.Symbol(s.name, real=True)
    other = other.xreplace(theirs)
    free = expr.free_symbols | set(theirs.values())
    rng = np.random.default_rng(seed)
    for _ in range(3):
        values = {s: sympy.Float(float(rng.uniform(0.5, 2.0))) for s in free}
        a, b = _value(expr, values), _value(other, values)
        if a is None or b is None:
            continue  # not a real number at this point
        if np.isfinite(a) and np.isfinite(b) and abs(a - b) > 1e-9 * (1 + abs(a)):
            if _equal(expr, other):  # 10^{300}(√2 + √3 − √(5 + 2√6)): evaluation, not grouping
                return
            raise _ambiguous(text, other)


def _equal(expr: sympy.Basic, other: sympy.Basic) -> bool:
    """Are the two readings equal by algebra (their difference expands to 0)?"""
    try:
        return sympy.expand(expr - other) == 0
    except Exception:  # noqa: BLE001  (a node expand does not know: not shown equal)
        return False


def _ambiguous(text: str, other: sympy.Basic) -> MatcalcError:
    return MatcalcError(
        f"This expression can be read in two ways (latex2sympy2 reads it as {other}); add "
        "parentheses or braces to make the grouping explicit.", Subtype.SYNTAX, 0,
        max(1, len(text)), text)


def _value(expr: sympy.Basic, values: dict) -> float | None:
    """The real value of a scalar reading at ``values``, or None where it has none."""
    try:
        value = complex(expr.xreplace(values).evalf(20))
    except (TypeError, ValueError):
        return None
    return value.real if abs(value.imag) <= 1e-12 * (1 + abs(value.real)) else None
