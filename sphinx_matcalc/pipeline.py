"""From the directive's texts to finished derivations: read, derive, check, present.

Sphinx-free, so tests drive it directly. Every error raised here is a
``MatcalcError`` that names the text (its ``Field``) its offsets refer to.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import sympy

from .engine import Derivation, derive, evaluate_operators
from .errors import ARGUMENT, Field, MatcalcError, Subtype
from .errors import located as _located
from .judge import (Setting, check_claim, check_jacobian, check_program, claim_fit,
                    distinct_cases)
from .nodes import integer_scalars, is_matrix
from .present import Printer, identifier, program, steps, to_text
from .readback import read_back
from .read import (MATRIX_FUNCTIONS, Family, Notation, Operators, claim_family, family_of,
                   is_entry, lost_restrictions, namesake, parse_declarations, parse_expression,
                   read_definitions, refuse_hidden, refuse_numbered_entries,
                   refuse_scalar_matrices, split_definitions,
                   split_name, split_top_level)
from .read.page_names import let_names, own_name, parameters, unused_name
from .results import DEFAULT_HADAMARD, Outcome, Request, Result
from .vocabulary import BY_NAME, Function, define


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
    except _Timeout:  # a tick that landed as the limit was being left (inside its __exit__)
        while True:  # the limit's own cleanup runs when it is collected: stop the ticks now
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except _Timeout:
                continue
        raise _timed_out(timeout) from None
    except RecursionError as exc:
        raise MatcalcError("The expression is too deeply nested to work with.",
                           Subtype.UNSUPPORTED) from exc
    except Exception as exc:  # noqa: BLE001  (a bug must be a located message, not a crash)
        raise MatcalcError(f"Internal error ({type(exc).__name__}: {exc}); the derivation was "
                           "not shown. Please report this input.", Subtype.INTERNAL) from exc


def warm_up() -> None:
    """Pay the imports and the ANTLR parser's first-use cost once per process."""
    _run(Request(function="x^2 + 1", wrt="x", expect="2x"))


class _Timeout(BaseException):
    """Raised by the timer inside a derivation that ran too long. A BaseException (as
    KeyboardInterrupt is), so that no ``except Exception`` on the way — ours, SymPy's, ANTLR's —
    swallows it and lets the derivation run on, past its limit, with a check left out."""


_STAGE = [""]  # what the work in progress is, for a time limit's message ("" : the derivation)


@contextmanager
def time_limit(seconds: float | None):
    """Stop the enclosed work after ``seconds`` (main thread only; elsewhere no limit)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    over: list[bool] = []

    def expire(signum, frame):
        if not over:
            raise _Timeout

    hook = sys.unraisablehook

    def swallowed(unraisable):
        # the next tick raises it again; passed on, it would print a stray traceback (or,
        # under pytest, fail the test when a tick lands inside the hook's formatting)
        if not isinstance(unraisable.exc_value, _Timeout):
            hook(unraisable)

    previous = signal.signal(signal.SIGALRM, expire)
    sys.unraisablehook = swallowed
    # again every 50 ms after the first: a raise that lands where Python swallows exceptions
    # (a gc callback, a __del__) is raised again at the next tick, never lost
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    except _Timeout:
        over.append(True)
        raise _timed_out(seconds) from None
    finally:
        over.append(True)
        _STAGE[0] = ""
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook


def _timed_out(seconds: float | None) -> MatcalcError:
    """The error of a derivation stopped by its time limit, naming what was running."""
    doing = _STAGE[0] or "The derivation"
    return MatcalcError(f"{doing} took longer than matcalc_timeout ({seconds or 0:g} s) and was "
                        "stopped; simplify the expression or raise matcalc_timeout.",
                        Subtype.TIMEOUT)


@dataclass
class _Page:
    """What one directive's texts say, read: the function, its variables and its notation."""

    notation: Notation
    function: sympy.Basic
    variables: list[sympy.Basic]
    name: str  # the function's name as steps show it: a, C (of C(w, b) = ...), f
    own_name: sympy.Basic | None  # its symbol, where the reader reads the name as one
    chosen: dict[sympy.Basic, sympy.Basic]  # :let: names
    meaning: dict[sympy.Basic, sympy.Basic]  # each :let: name -> what it stands for
    printer: Printer
    setting: Setting
    claims: list[tuple[Field, str, Operators | None]]  # each step, then :expect:
    family: Family | None  # a free index: the function's (z_i) or the variable's (θ_j)


def _read(request: Request) -> _Page:
    """Read every text of the request against one notation."""
    notation = Notation(hadamard=tuple(request.hadamard))
    for name, formula in request.functions:
        notation.functions[name] = _defined(name, formula)
    definitions = []  # read after every declaration: \hat{\mathbf{y}} = softmax(\mathbf{z})
    for text, where in ((request.symbols, Field.config("matcalc_symbols")),
                        (request.where, Field.option(":where:"))):
        if text.strip():
            declared, spans = split_definitions(text)
            notation.declare(_located(lambda: parse_declarations(declared), text, where))
            definitions.append((text, spans, where))
    overlaps = []  # cases that may overlap, judged once the function's domain is known
    for text, spans, where in definitions:
        _located(lambda: read_definitions(text, spans, notation), text, where)
        overlaps.append((text, where, 0, [(*pair[:3], (None, None), *pair[4:])  # (no span:
                                          for pair in notation.take_overlaps()]))  # parts)
    written_name, body, offset = _located(lambda: split_name(request.function),
                                          request.function, ARGUMENT)
    parsed = _located(lambda: parse_expression(body, notation), request.function, ARGUMENT,
                      offset)
    overlaps.append((request.function, ARGUMENT, offset, notation.take_overlaps()))
    variables = _variables(request.wrt, notation, parsed.expr)
    name = (written_name or unused_name(notation)).split("(")[0].strip() or "f"  # C(w, b): C
    chosen = let_names(request.let, notation, parsed.expr, name) if request.let.strip() else {}
    notation.take_overlaps()  # a :let: expression is part of the function, judged there
    function, *variables = notation.finish(parsed.expr, *variables)
    _located(lambda: refuse_scalar_matrices(function, notation, body), request.function,
             ARGUMENT, offset)
    _located(lambda: refuse_numbered_entries(function, notation, body), request.function,
             ARGUMENT, offset)
    function, variables, family = _located(lambda: family_of(
        function, variables, body, request.wrt), request.function, ARGUMENT)
    chosen = dict(zip(notation.finish(*chosen), notation.finish(*chosen.values())))
    meaning = {symbol: expr for expr, symbol in chosen.items()}
    notation.symbols.update({s.name: s for s in meaning})  # steps and claims may use them
    arguments = _located(lambda: parameters(written_name, notation, function),
                         request.function, ARGUMENT)
    operators = Operators(request.layout, {name: function}, {name: arguments})
    claims = [(Field.step(k + 1), s, operators) for k, s in enumerate(request.steps)]
    if request.expect.strip():
        claims.append((Field.option(":expect:"), request.expect, None))
    printer = Printer(_hadamard(request.function, request.hadamard), written=notation.written,
                      dots=notation.dots)
    # the function's domain as written: (√x)⁴ is read as x², defined for x < 0 too
    domain = (function, *lost_restrictions(body, notation, None, function))
    allowed = _allowed(function, notation) | {s.name for s in meaning}
    setting = Setting(frozenset(notation.per_sample), allowed, domain, notation.structures())
    for text, where, at, pairs in overlaps:
        _located(lambda: distinct_cases(pairs, setting), text, where, at)
    return _Page(notation, function, variables, name, own_name(name, function), chosen,
                 meaning, printer, setting, claims, family)


def _run(request: Request) -> Outcome:
    page = _read(request)
    results = []
    for variable in page.variables:
        derivation = derive(page.function, variable, page.printer.doprint, request.layout,
                            reserved=frozenset({page.name}), name=page.own_name,
                            chosen=page.chosen)
        if request.check:
            check_jacobian(page.function, variable, derivation.numerator_result, page.setting)
        names = dict(derivation.names)
        if page.own_name is not None:
            names[page.function] = page.own_name
        result = _present(derivation, variable, page.printer, page.name, request.layout,
                          page.notation, page.setting, names)
        if request.check:
            truth = derivation.result  # for :wrt: θ_j, the entries ∂f/∂θ_j of the gradient
            if page.family is not None and page.family.by_entry:
                truth = sympy.Transpose(derivation.numerator_result)
            for where, text, operators in page.claims:
                try:
                    _check(text, where, truth, page, request.layout, operators, variable)
                except MatcalcError as error:
                    if page.family is not None and error.subtype is Subtype.WRONG:
                        error.message = f"{page.family.note(page.printer.doprint)} {error.message}"
                    if len(page.variables) > 1 and error.subtype is Subtype.WRONG:
                        error.message = f"With respect to {result.variable}: {error.message}"
                    raise
                result.checked.append(text)
        result.note = _note(page, variable, derivation, result.variable)
        if request.code:
            result.code = _code(derivation, page, variable, result)
        results.append(result)
    return Outcome(results)


def _code(derivation: Derivation, page: _Page, variable: sympy.Basic, result: Result) -> str:
    """The derivative as numpy source, run against the judge at random points before it is
    returned (the source is generated from the expression, never from the author's text)."""
    name = f"d{identifier(page.name)}_d{identifier(str(getattr(variable, 'name', variable)))}"
    doc = (f"{to_text(result.lhs)} in {result.layout} layout, {to_text(result.shape)}; "
           "generated by sphinx_matcalc, checked against its numeric judge.")
    made = _located(lambda: program(derivation.result, page.function, name,
                                    page.setting.per_sample, doc, tuple(page.variables)), "numpy",
                    Field.option(":code:"))
    namespace: dict = {}
    exec(compile(made.source, f"<matcalc {name}>", "exec"), namespace)  # noqa: S102  (generated)
    generated = namespace[made.name]

    def call(point):
        args = []
        for parameter, symbol in made.parameters:
            if parameter in made.samples:  # row 0 is the sums' first sample
                args.append(np.stack([np.asarray(v, dtype=float) for (s, _), v in sorted(
                    ((k, v) for k, v in point.values.items()
                     if isinstance(k, tuple) and k[0] == symbol and k[1] >= made.first),
                    key=lambda kv: kv[0][1])]))
            else:
                args.append(point.values[symbol])
        return generated(*args, **{k: point.dims[d] for k, d in made.sizes})

    _located(lambda: check_program(derivation.result, call, page.setting), "numpy",
             Field.option(":code:"))
    return made.source


def _note(page: _Page, variable: sympy.Basic, derivation: Derivation, shown: str) -> str:
    """What is said beside a result: a variable that does not occur, an unused :let: name."""
    notes = [page.family.note(page.printer.doprint)] if page.family is not None else []
    if not page.function.has(variable):
        notes.append(f"{shown} does not occur in the function, so the derivative is zero.")
    unused = [page.printer.doprint(n) for e, n in page.chosen.items()
              if e not in derivation.names]
    if unused:  # said, not lost: the author named something this derivation does not name
        notes.append(f"{', '.join(unused)} (in :let:) names a part of the function that this "
                     "derivation does not introduce as an intermediate.")
    return " ".join(notes)


def _check(text: str, where: Field, truth: sympy.Basic, page: _Page, layout: str,
           operators: Operators | None, variable: sympy.Basic | None = None) -> None:
    """Read one claim (an :expect: or a step), evaluate its operators and :let: names, and
    judge it; with a free index, the claim's family against the derivation's."""
    notation, setting, printer, family = page.notation, page.setting, page.printer, page.family
    claim = _located(lambda: parse_expression(text, notation, operators), text, where).expr
    overlaps = notation.take_overlaps()
    fit = claim_fit(notation.shapes, claim, truth)
    (claim,) = notation.finish(claim)
    stacked = _located(lambda: claim_family(claim, family, text, layout), text, where)
    if stacked is not claim:
        claim, fit = stacked, claim_fit(notation.shapes, stacked, truth)
    read = claim  # as written: every name it uses (inside ∂/∂x too) must belong to something
    claim = evaluate_operators(claim, printer.doprint, layout, page.meaning)
    setting = replace(setting, per_sample=frozenset(notation.per_sample),  # the claim's x_j
                      wrt=_names(variable))
    _STAGE[0] = f"Checking the claim {text}"  # left as it is by a time limit (it is said)
    _located(lambda: distinct_cases(overlaps, setting), text, where)
    lost = lost_restrictions(text, notation, operators, claim)  # (2e^{\log x} is read as 2x)
    _located(lambda: check_claim(text, claim, truth, fit, setting, layout, printer, lost, read),
             text, where)
    _STAGE[0] = ""


FUNCTIONS_FIELD = Field.config("matcalc_functions")
_X = sympy.Symbol("x", real=True)


@lru_cache(maxsize=256)
def _defined(name: str, formula: str) -> Function:
    """The vocabulary row of one of conf.py's functions: its formula read by our reader, as a
    function of the scalar x (never evaluated as Python)."""
    def refuse(why: str) -> MatcalcError:
        return MatcalcError(f"matcalc_functions[{name!r}]: {why}.", Subtype.DECLARATION,
                            source=formula, field=FUNCTIONS_FIELD)
    if not re.fullmatch(r"[A-Za-z]+", name):
        raise refuse("a function's name is letters only (softplus, f), written "
                     "\\operatorname{softplus}(z) or f(z) in the page")
    if name in MATRIX_FUNCTIONS or name in BY_NAME or name in ("e", "I", "max", "min"):
        raise refuse(f"{name} is already part of the notation; choose another name")
    scratch = Notation()
    scratch.declare(parse_declarations(r"x \in \mathbb{R}"))
    body = _located(lambda: parse_expression(formula, scratch), formula, FUNCTIONS_FIELD).expr
    if body.free_symbols and body.free_symbols != {scratch.symbols.get("x")}:
        others = sorted(str(s) for s in body.free_symbols if str(s) != "x")
        raise refuse(f"the formula may only use x, not {', '.join(others)}")
    x = scratch.symbols.get("x", _X)
    try:
        return define(name, body, x, formula)
    except ValueError as exc:
        raise refuse(str(exc)) from None


def _present(derivation: Derivation, variable: sympy.Basic, printer: Printer, name: str,
             layout: str, notation: Notation, setting: Setting,
             names: dict[sympy.Basic, sympy.Basic]) -> Result:
    """The derivation as the page shows it, every formula read back as itself first.

    Where the plain notation does not read back (𝟏ᵀ𝟏 says nothing of its size),
    the whole derivation is written again with the sizes of I, 𝟏 and 0 shown;
    if that does not read back either, it is an internal error and nothing is shown.
    """
    for explicit in (False, True):
        if explicit:
            printer = printer.again(sizes=True)
        rows, shown = steps(derivation.lines, printer, name)
        text = printer.doprint(derivation.result)
        try:
            read_back([[(text, derivation.result)], *shown], notation, names, setting)
        except MatcalcError as error:
            if explicit or error.subtype is not Subtype.INTERNAL:
                raise
            continue
        var = printer.doprint(variable)
        return Result(var, rf"\frac{{\partial {name}}}{{\partial {var}}}", text,
                      printer.shape(derivation.result), layout, rows,
                      rules=sorted(derivation.used))
    raise AssertionError("unreachable")


def _hadamard(function: str, signs: tuple[str, ...]) -> str:
    """The element-wise product sign the author used in the function, else the first one."""
    used = [(function.find(sign), sign) for sign in signs if sign in function]
    return min(used)[1] if used else (signs[0] if signs else DEFAULT_HADAMARD[0])


def _allowed(function: sympy.Basic, notation: Notation) -> frozenset[str]:
    """The names a claim may use: the function's symbols, declared names, dimensions, counts."""
    names = {str(getattr(s, "name", s)) for s in function.free_symbols}
    names |= set(notation.declarations) | set(notation.counts) | set(notation.per_sample)
    for decl in notation.declarations.values():
        names |= {str(d) for d in (decl.rows, decl.cols) if d is not None}
    for node in sympy.preorder_traversal(function):
        if isinstance(node, sympy.MatrixExpr):
            names |= {str(s) for d in node.shape for s in sympy.sympify(d).free_symbols}
    return frozenset(names)


def _names(variable: sympy.Basic | None) -> frozenset[str]:
    """The names of the symbols a :wrt: variable is made of (θ for an entry θ_j)."""
    if variable is None:
        return frozenset()
    return frozenset(s.name for s in (*variable.free_symbols, *variable.atoms(sympy.MatrixSymbol))
                     if hasattr(s, "name"))


def _variables(wrt: str, notation: Notation, function: sympy.Basic) -> list[sympy.Basic]:
    """The ``:wrt:`` list: symbols only, split at top-level commas."""
    if not wrt.strip():
        raise MatcalcError("The :wrt: option is required: name the variable(s) to "
                           "differentiate with respect to.", Subtype.DECLARATION,
                           field=Field.option(":wrt:"))
    variables = []
    for start, end in split_top_level(wrt):
        piece = wrt[start:end]
        parsed = _located(lambda: parse_expression(piece, notation), wrt, Field.option(":wrt:"), start)
        expr = parsed.expr
        if is_entry(expr):  # θ_j of a declared θ: read with the function (families.py)
            variables.append(expr)
            continue
        if not (isinstance(expr, sympy.Symbol) or isinstance(expr, sympy.MatrixSymbol)):
            raise MatcalcError(f"{piece.strip()} is not a variable: :wrt: takes symbols such as "
                               "\\mathbf{w}, b.", Subtype.DECLARATION, start, end, wrt,
                               Field.option(":wrt:"))
        if expr in integer_scalars(expr):
            raise MatcalcError(f"{piece.strip()} is declared a whole number, so there is no "
                               "derivative with respect to it.", Subtype.DECLARATION, start,
                               end, wrt, Field.option(":wrt:"))
        used = {str(getattr(s, "name", s)) for s in function.free_symbols}
        near = None if function.has(expr) or expr.name in notation.declarations \
            else namesake(expr.name, used)
        if near is not None:  # the derivative would be a silent zero
            raise MatcalcError(f"{piece.strip()} does not occur in the function, but {near} "
                               f"does: did you mean :wrt: {near}? (If {piece.strip()} is meant, "
                               "declare it in :where:.)", Subtype.DECLARATION, start, end, wrt,
                               Field.option(":wrt:"))
        _located(lambda: refuse_hidden(expr, function, notation, piece.strip(), (start, end)),
                 wrt, Field.option(":wrt:"))
        variables.append(expr)
    return variables
