"""From the directive's texts to finished derivations: parse, derive, judge, check.

Sphinx-free, so tests drive it directly. Every error raised here is a
``MatcalcError`` that names the text (``field``) its offsets refer to.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

import sympy
from sympy.matrices.expressions import Transpose

from .engine import derive
from .errors import MatcalcError, Subtype
from .latex import Printer
from .parse import Notation, parse_declarations, parse_expression, split_name
from .shapes import is_matrix
from .results import DENOMINATOR, NUMERATOR, Outcome, Request, Result
from .verify import Setting, check_jacobian, compare


def run(request: Request, timeout: float | None = None) -> Outcome:
    """Derive ``request.function`` with respect to each ``:wrt:`` variable.

    Any failure is a MatcalcError: a time limit (``timeout`` seconds) stops a
    derivation that runs away, and an unexpected exception (a bug) becomes an
    internal error instead of a traceback.
    """
    try:
        with time_limit(timeout):
            return _run(request)
    except MatcalcError:
        raise
    except RecursionError as exc:
        raise MatcalcError("The expression is too deeply nested to work with.",
                           Subtype.UNSUPPORTED) from exc
    except Exception as exc:  # noqa: BLE001  (a bug must be a located message, not a crash)
        raise MatcalcError(f"Internal error ({type(exc).__name__}: {exc}); the derivation was "
                           "not shown. Please report this input.", Subtype.INTERNAL) from exc


def warm_up() -> None:
    """Pay the imports and the ANTLR parser's first-use cost once per process."""
    from . import render  # noqa: F401  (rendering is part of every derivation's cost)
    _run(Request(function="x^2 + 1", wrt="x", expect="2x"))


class _Timeout(Exception):
    """Raised by the timer inside a derivation that ran too long."""


@contextmanager
def time_limit(seconds: float | None):
    """Stop the enclosed work after ``seconds`` (main thread only; elsewhere no limit)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise MatcalcError(f"The derivation took longer than matcalc_timeout ({seconds:g} s) and "
                           "was stopped; simplify the expression or raise matcalc_timeout.",
                           Subtype.TIMEOUT) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run(request: Request) -> Outcome:
    notation = Notation(hadamard=tuple(request.hadamard))
    for text, where in ((request.symbols, "matcalc_symbols"), (request.where, ":where:")):
        if text.strip():
            notation.declare(_located(lambda: parse_declarations(text), text, where))
    name, body, offset = _located(lambda: split_name(request.function), request.function,
                                  "argument")
    parsed = _located(lambda: parse_expression(body, notation), request.function, "argument",
                      offset)
    variables = _variables(request.wrt, notation)
    function, *variables = notation.finish(parsed.expr, *variables)
    printer = Printer(hadamard=request.hadamard[0] if request.hadamard else r"\odot")
    shown_name = (name or "f").split("(")[0].strip() or "f"  # C(w, b) = ... is shown as C
    setting = Setting(frozenset(notation.per_sample))
    operator = _derivative_operator(function, shown_name, printer, request.layout)
    claims = [(f"step {k + 1}", s, operator) for k, s in enumerate(request.steps)]
    if request.expect.strip():
        claims.append((":expect:", request.expect, None))
    results = []
    for variable in variables:
        derivation = derive(function, variable, printer, shown_name, request.layout)
        if request.check:
            check_jacobian(function, variable, derivation.numerator_result, setting)
        var = printer.doprint(variable)
        result = Result(var, rf"\frac{{\partial {shown_name}}}{{\partial {var}}}",
                        printer.doprint(derivation.result), printer.shape(derivation.result),
                        request.layout, derivation.steps)
        if request.check:
            for where, text, steps_operator in claims:
                try:
                    _check_claim(text, where, derivation.result, notation, setting,
                                 request.layout, printer, steps_operator)
                except MatcalcError as error:
                    if len(variables) > 1 and error.subtype is Subtype.WRONG:
                        error.message = f"With respect to {var}: {error.message}"
                    raise
                result.checked.append(text)
        if not function.has(variable):
            result.note = (f"{var} does not occur in the function, so the derivative is zero.")
        results.append(result)
    return Outcome(results)


def _located(thunk, text: str, where: str, offset: int = 0):
    """Run ``thunk``, which reads ``text[offset:]``; tie its errors to ``text`` at ``where``."""
    try:
        return thunk()
    except MatcalcError as error:
        if error.start is not None:
            end = error.end if error.end is not None else error.start + 1
            error.start, error.end = error.start + offset, end + offset
        error.source, error.field = text, where
        raise


def _variables(wrt: str, notation: Notation) -> list[sympy.Basic]:
    """The ``:wrt:`` list: symbols only, split at top-level commas."""
    if not wrt.strip():
        raise MatcalcError("The :wrt: option is required: name the variable(s) to "
                           "differentiate with respect to.", Subtype.DECLARATION, field=":wrt:")
    variables = []
    for start, end in _split_commas(wrt):
        piece = wrt[start:end]
        parsed = _located(lambda: parse_expression(piece, notation), wrt, ":wrt:", start)
        expr = parsed.expr
        if not (isinstance(expr, sympy.Symbol) or isinstance(expr, sympy.MatrixSymbol)):
            raise MatcalcError(f"{piece.strip()} is not a variable: :wrt: takes symbols such as "
                               "\\mathbf{w}, b.", Subtype.DECLARATION, start, end, wrt, ":wrt:")
        variables.append(expr)
    return variables


def _split_commas(text: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            spans.append((start, k))
            start = k + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _derivative_operator(function: sympy.Basic, name: str, printer: Printer, layout: str):
    """What ∂e/∂v means in a step: the engine's derivative, in the page's layout.

    The function's own name (``a`` of ``a = ...``, ``C`` of ``C(w, b) = ...``)
    stands for the function.
    """
    def derivative(expr: sympy.Basic, variable: sympy.Basic, span: tuple[int, int]) -> sympy.Basic:
        if getattr(expr, "name", None) == name:
            expr = function
        if not isinstance(variable, (sympy.Symbol, sympy.MatrixSymbol)):
            raise MatcalcError("A derivative is taken with respect to a variable, such as "
                               "\\mathbf{w} or b.", Subtype.SYNTAX, span[0], span[1])
        return derive(expr, variable, printer, name, layout).result
    return derivative


def _check_claim(text: str, where: str, truth: sympy.Basic, notation: Notation,
                 setting: Setting, layout: str, printer: Printer, operator=None) -> None:
    """Raise a located error unless the claim ``text`` equals ``truth``."""
    claim = _located(lambda: parse_expression(text, notation, operator), text, where).expr
    shapes = notation.shapes
    claim_shape = shapes.shape(claim) if is_matrix(claim) else (1, 1)
    truth_shape = truth.shape if is_matrix(truth) else (1, 1)
    fits = shapes.unify(claim_shape[0], truth_shape[0]) and shapes.unify(claim_shape[1],
                                                                           truth_shape[1])
    transposed = not fits and shapes.unify(claim_shape[0], truth_shape[1]) and shapes.unify(
        claim_shape[1], truth_shape[0])
    (claim,) = notation.finish(claim)
    correct = printer.doprint(truth)
    if transposed and is_matrix(truth) and compare(Transpose(claim), truth, setting) is None:
        other = DENOMINATOR if layout == NUMERATOR else NUMERATOR
        raise MatcalcError(
            f"The claim {text.strip()} is the transpose of the right result {correct}: "
            f"this page uses {layout} layout (the result is {printer.shape(truth)}). "
            f"Write the transpose, or set :layout: {other} if you meant that layout.",
            Subtype.WRONG, source=text, field=where)
    if not fits:
        raise MatcalcError(
            f"The claim {text.strip()} has shape {printer.shape(claim)} but the "
            f"derivative is {printer.shape(truth)}: the right result is {correct}.",
            Subtype.WRONG, source=text, field=where)
    counterexample = compare(claim, truth, setting)
    if counterexample is not None:
        raise MatcalcError(
            f"The claim {text.strip()} is not the derivative: the right result is {correct}; "
            f"{counterexample}.", Subtype.WRONG, source=text, field=where)
