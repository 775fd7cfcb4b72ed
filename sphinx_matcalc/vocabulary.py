"""The one table of element-wise functions: how each is written, built, derived and computed.

A row holds every fact about one function: the LaTeX names it is written
with, the SymPy node that stands for it, its derivative, its numeric value in
floats (numpy) and in arbitrary precision (mpmath), and the catalogue entry
(name, source, formula) that cites its rule. The reader, the engine, the
judge, the second reader (latex2sympy2) and the printer all take it from
here: adding a scalar function is one row (and its tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import mpmath
from mpmath.ctx_iv import ivmpf
import numpy as np
import sympy

from .nodes import UserFunction, indicator, maximum, settled, sigmoid


@dataclass(frozen=True)
class Function:
    """One element-wise function."""

    key: str  # the catalogue key of its rule
    names: tuple[str, ...]  # how it is written: \exp, or the word of \operatorname{relu}
    build: Callable[[sympy.Expr], sympy.Expr]  # its SymPy expression of an argument
    node: type | None  # the SymPy class of what ``build`` returns (None: no rule of its own)
    derivative: Callable[[sympy.Expr], sympy.Expr] | None
    numpy: Callable[[Any], Any] | None  # value in floats, element-wise
    mpmath: Callable[[Any], Any] | None  # value in arbitrary precision, one number
    rule: str = ""  # the rule's name in the catalogue
    section: str = "§2 (chain rule)"  # where the rule comes from
    formula: str = ""
    shapes: str = r"\mathbb{R} \to \mathbb{R}"
    same_in_latex2sympy2: tuple[str, ...] = ()  # names latex2sympy2 reads to the same function
    shown: str = ""  # how the printer writes a function of our own (SymPy prints the rest)

    def argument(self, e: sympy.Basic) -> sympy.Basic:
        """The argument of an application of this function (max(0, u) → u)."""
        if isinstance(e, sympy.Max):
            (u,) = [a for a in e.args if a != 0]
            return u
        return e.args[0]

    def applies_to(self, e: sympy.Basic) -> bool:
        """Is ``e`` an application of this function?"""
        if self.node is None or not isinstance(e, self.node):
            return False
        return not isinstance(e, sympy.Max) or (len(e.args) == 2 and 0 in e.args)


class Undecided(ArithmeticError):
    """A comparison interval bounds do not decide (the judge's enclosures): no value here."""


class NoValue(ArithmeticError):
    """Certainly no real value here (the log of an interval that is all negative)."""


# the arbitrary-precision column takes an mpf or an interval (mpmath.iv, for the judge's
# proofs) and computes in the arithmetic of its argument
def _context(x: Any) -> Any:
    return mpmath.iv if isinstance(x, ivmpf) else mpmath.mp


HUGE = 10 ** 100  # e^u past |u| = 10¹⁰⁰ has an exponent of 10¹⁰⁰ bits: not computed
#: sin u past |u| = 10¹⁰⁰⁰ is not computed: mpmath reduces u by π known to as many bits as u
#: has before its point, so sin(e^{10⁵⁰}) would compute π to 10⁵⁰ digits
HUGE_ANGLE = 10 ** 1000


def magnitude(x: Any) -> Any:
    """The largest |x| of a number or an interval (both ends: a straddling interval's
    comparison decides nothing)."""
    if _context(x) is mpmath.iv:
        return max(abs(x.a), abs(x.b))
    return abs(x)


def _mp_exp(x: Any) -> Any:
    """e^x in the argument's arithmetic; an overflow (no value here) where x is so large that
    mpmath, whose exponents are unbounded, would spend hours on e^{e^{10¹⁰}}."""
    if magnitude(x) > HUGE:
        raise OverflowError("an exponent too large to compute")
    return _context(x).exp(x)


def _mp_periodic(name: str) -> Callable[[Any], Any]:
    """sin or cos in the argument's arithmetic; past HUGE_ANGLE an interval is [−1, 1] (what
    is certain) and a number has no value here (an overflow), instead of hours of π."""
    def value(x: Any) -> Any:
        if magnitude(x) > HUGE_ANGLE:
            if _context(x) is mpmath.iv:
                return mpmath.iv.mpf([-1, 1])
            raise OverflowError("an angle too large to reduce")
        return getattr(_context(x), name)(x)
    value.__name__ = name
    return value


def _mp_log(x: Any) -> Any:
    if _context(x) is mpmath.iv:
        if x.b <= 0:
            raise NoValue("the log of a number that is not positive")
        if x.a <= 0:
            raise Undecided("a log argument the enclosure does not place")
    return _context(x).log(x)


def _mp_tanh(x: Any) -> Any:
    if _context(x) is mpmath.mp:
        return mpmath.tanh(x)
    return 1 - 2 / (mpmath.iv.exp(2 * x) + 1)  # mpmath.iv has no tanh


def _mp_sigmoid(x: Any) -> Any:
    return 1 / (1 + _mp_exp(-x))


def _positive(x: Any) -> bool | None:
    """x > 0, x < 0 (False), or None at 0; Undecided where an interval straddles 0."""
    if _context(x) is mpmath.iv:
        if x.a > 0:
            return True
        if x.b < 0:
            return False
        if x.a == 0 and x.b == 0:
            return None
        raise Undecided("a sign the enclosure does not decide")
    return None if x == 0 else bool(x > 0)


def _mp_sign(x: Any) -> Any:
    up = _positive(x)
    ctx = _context(x)
    return ctx.mpf(0) if up is None else ctx.mpf(1) if up else ctx.mpf(-1)


def _mp_relu(x: Any) -> Any:
    return x if _positive(x) else _context(x).mpf(0)


FUNCTIONS: tuple[Function, ...] = (
    Function("exp", (r"\exp",), sympy.exp, sympy.exp, sympy.exp, np.exp, _mp_exp,
             "Exponential", formula=r"\frac{d}{dx} e^x = e^x",
             same_in_latex2sympy2=(r"\exp",)),
    Function("log", (r"\log", r"\ln"), sympy.log, sympy.log, lambda u: 1 / u, np.log, _mp_log,
             "Natural logarithm", formula=r"\frac{d}{dx} \log x = \frac{1}{x}",
             same_in_latex2sympy2=(r"\ln",)),  # latex2sympy2's \log is base 10
    Function("sin", (r"\sin",), sympy.sin, sympy.sin, sympy.cos, np.sin, _mp_periodic("sin"), "Sine",
             formula=r"\frac{d}{dx} \sin x = \cos x", same_in_latex2sympy2=(r"\sin",)),
    Function("cos", (r"\cos",), sympy.cos, sympy.cos, lambda u: -sympy.sin(u), np.cos, _mp_periodic("cos"),
             "Cosine", formula=r"\frac{d}{dx} \cos x = -\sin x", same_in_latex2sympy2=(r"\cos",)),
    Function("tanh", (r"\tanh",), sympy.tanh, sympy.tanh, lambda u: 1 - sympy.tanh(u) ** 2,
             np.tanh, _mp_tanh, "Hyperbolic tangent",
             formula=r"\frac{d}{dx} \tanh x = 1 - \tanh^2 x", same_in_latex2sympy2=(r"\tanh",)),
    Function("sigmoid", (r"\sigma",), sigmoid, sigmoid, lambda u: sigmoid(u) * (1 - sigmoid(u)),
             lambda a: 1.0 / (1.0 + np.exp(-a)), _mp_sigmoid, "Logistic sigmoid",
             formula=r"\frac{d}{dx} \sigma(x) = \sigma(x)(1 - \sigma(x))", shown=r"\sigma"),
    Function("relu", ("relu", "ReLU"), lambda t: maximum(0, t), sympy.Max,
             lambda u: indicator(sympy.StrictGreaterThan(u, 0)), lambda a: np.maximum(0.0, a),
             _mp_relu, "max(0, z) (ReLU)", "§5",
             r"\frac{\partial}{\partial z} \max(0, z) = \mathbb{1}[z > 0]",
             r"z \in \mathbb{R} \to \mathbb{R}"),
    Function("abs", ("abs",), lambda t: sympy.Abs(settled(t)), sympy.Abs, sympy.sign, np.abs,
             abs, "Absolute value", "Matrix Cookbook §2.8",
             r"\frac{d}{dx} |x| = \operatorname{sign}(x)"),
    Function("sign", ("sign", "sgn"), lambda t: sympy.sign(settled(t)), sympy.sign,
             lambda u: sympy.Integer(0), np.sign, _mp_sign, "Sign", "Matrix Cookbook §2.8",
             r"\frac{d}{dx} \operatorname{sign}(x) = 0 \ (x \neq 0)"),
    # a power, u^{1/2}: derived by the power rule, computed as a power
    Function("sqrt", ("sqrt",), sympy.sqrt, None, None, None, None),
)

#: Each function by every name it is written with.
BY_NAME: dict[str, Function] = {name: f for f in FUNCTIONS for name in f.names}
#: The functions with a rule (and a node) of their own.
DERIVED: tuple[Function, ...] = tuple(f for f in FUNCTIONS if f.node is not None)


def function_of(e: sympy.Basic) -> Function | None:
    """The row whose function ``e`` applies (one of conf.py's too), or None."""
    if isinstance(e, UserFunction):
        return type(e).row
    for f in DERIVED:
        if f.applies_to(e):
            return f
    return None


def derivative_of(lam: sympy.Lambda) -> sympy.Basic:
    """f′(t) for an element-wise f(t): the table's derivative, else SymPy's scalar diff."""
    t = lam.variables[0]
    f = function_of(lam.expr)
    if f is not None and f.argument(lam.expr) == t:
        return f.derivative(t)
    return sympy.diff(lam.expr, t)  # a scalar composition; the numeric judge checks it


# -- functions of conf.py (matcalc_functions) ------------------------------------------
USER_RULE = "user-function"  # the catalogue key every function of conf.py cites
#: Nodes a defining formula may use: smooth ones (a kink inside a definition would be hidden
#: from the judge's search for branches; write such a function in the page instead).
SMOOTH = (sympy.Add, sympy.Mul, sympy.Pow, sympy.exp, sympy.log, sympy.sin, sympy.cos,
          sympy.tanh, sigmoid, sympy.Number, sympy.NumberSymbol)
_DEFINED: dict[tuple[str, sympy.Basic], Function] = {}


def define(name: str, body: sympy.Basic, variable: sympy.Symbol, text: str) -> Function:
    """The row of a function of conf.py: ``name`` (written \\operatorname{name}, or the
    letter itself), defined by ``body`` in ``variable`` (read from ``text`` by our reader).

    Its derivative is the body's, derived symbolically from the smooth nodes it is made of
    (each has a derivative of its own); the judge evaluates the body itself, so the engine's
    use of this derivative is checked against finite differences of the formula. Raises
    ValueError, saying what is wrong, for a formula it cannot take.
    """
    known = _DEFINED.get((name, body))
    if known is not None:
        return known
    extra = body.free_symbols - {variable}
    if extra:
        raise ValueError(f"its formula may only use x, not {', '.join(sorted(map(str, extra)))}")
    for node in sympy.preorder_traversal(body):
        if not isinstance(node, SMOOTH) and node != variable:
            raise ValueError(f"its formula uses {type(node).__name__}, which is not smooth or "
                             "not element-wise; definitions may use + - * / powers, \\exp, "
                             "\\log, \\sin, \\cos, \\tanh and \\sigma")
    slope = sympy.diff(body, variable)
    # the class's name is not the function's: "Mul" must not become SymPy's Mul to a printer
    node = type(f"UserFunction_{name}", (UserFunction,), {"body": body, "variable": variable})
    row = Function(USER_RULE, (name,), node, node, lambda u: slope.xreplace({variable: u}),
                   None, None, f"{name} (conf.py)", "conf.py",
                   rf"\operatorname{{{name}}}(x) = {text}",
                   shown=name if len(name) == 1 else rf"\operatorname{{{name}}}")
    node.row = row
    _DEFINED[(name, body)] = row
    return row
