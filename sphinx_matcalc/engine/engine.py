"""Derive the Jacobian of a typed expression the paper's way, step by step.

``derive`` walks the expression, applies the catalogue's rules by node type
(``rules.py``), introduces intermediate variables for nested arguments,
combines local derivatives with the chain rule, simplifies, and returns the
result with the steps as data (``Line``: expressions, a rule, parts), which
``present.steps`` writes as LaTeX. Jacobians are in numerator layout
internally; denominator layout is the transpose, applied at the end.
The engine imports nothing from Sphinx and writes no LaTeX; messages show
expressions with the ``show`` function it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy
from sympy.matrices.expressions import (DiagMatrix, Identity, MatAdd, MatrixSymbol, Transpose,
                                        ZeroMatrix)

from ..errors import MatcalcError, Subtype
from ..nodes import flat_matmul, is_matrix, partial
from ..results import DENOMINATOR, NUMERATOR
from .catalogue import CATALOGUE, note, rules_for
from .simplify import simplify

#: Shows an expression in a message (the printer's doprint).
Show = Callable[[sympy.Basic], str]
#: Simplifications that only tidy (A I = A): a step does not show the form before them.
TIDYING = {"identity-product", "scalar-factors", "flatten-sum"}


@dataclass
class PartialSum:
    """∂t₁/∂v + ∂t₂/∂v + … written term by term, as the sum rule states it."""

    terms: tuple[sympy.Basic, ...]  # the unevaluated derivatives, in the order of the sum
    of: tuple[sympy.Basic, ...] = ()  # the sum's terms they are the derivatives of

    def value(self) -> sympy.Basic:
        """The sum as an expression (its terms may be reordered)."""
        if any(is_matrix(t) for t in self.terms):
            return MatAdd(*self.terms)
        return sympy.Add(*self.terms)


@dataclass
class Line:
    """One step as data.

    ``kind`` says how it reads: "derivative" (∂of/∂by = parts…), "let" (of is
    the intermediate named for parts[0]), "local" (∂of/∂by with ``by`` an
    intermediate), "denominator" (the numerator-layout result parts[0],
    transposed, is parts[1]). ``shape`` is the expression whose shape is shown.
    """

    kind: str
    of: sympy.Basic
    by: sympy.Basic
    parts: list[sympy.Basic | PartialSum]
    rule: str
    shape: sympy.Basic | None = None
    simplified: list[str] = field(default_factory=list)
    lhs: sympy.Basic | None = None  # the unevaluated derivative (or the name) on the left


@dataclass
class Derivation:
    """The engine's answer: the result in the layout asked for, the numerator-layout
    Jacobian (which the numeric judge checks), the steps, and every rule used."""

    result: sympy.Basic
    numerator_result: sympy.Basic
    lines: list[Line]
    used: set[str]
    names: dict[sympy.Basic, sympy.Basic]  # each intermediate's expression -> its name


class Engine:
    """Applies rules for one variable; keeps the steps and the intermediates."""

    def __init__(self, variable: sympy.Basic, show: Show, taken: set[str],
                 top: tuple[sympy.Basic, sympy.Basic] | None = None) -> None:
        self.v = variable
        self.top = top  # (the function, the symbol of its own name): steps write ∂a/∂w
        self.chosen: dict[sympy.Basic, sympy.Basic] = {}  # the author's names (:let:)
        self.taken = taken  # names the author's text uses: an intermediate never takes one
        self.kind = ("matrix" if is_matrix(variable) and variable.shape[1] != 1 else
                     "vector" if is_matrix(variable) else "scalar")
        self.show = show
        self.lines: list[Line] = []
        self.names: dict[sympy.Basic, sympy.Basic] = {}  # intermediate expr -> its symbol
        self.used: set[str] = set()  # keys of every rule applied
        self._fired: list[str] = []
        self._fresh = iter(["u", "v", "s", "r", "q", "g", "h", "k"] +
                           # as the reader names them (u_1, u_{12}), so a shown name reads back
                           [f"u_{i}" if i < 10 else f"u_{{{i}}}" for i in range(1, 100)])

    # -- shapes ------------------------------------------------------------
    @property
    def n(self) -> sympy.Expr | None:
        """Length of a vector variable, or None when it is a scalar."""
        return self.v.shape[0] if self.kind == "vector" else None

    def zero(self, e: sympy.Basic) -> sympy.Basic:
        """The Jacobian of something that does not depend on the variable."""
        if self.kind == "matrix":
            self.require_vector(e)
            return ZeroMatrix(self.v.shape[1], self.v.shape[0])
        if self.n is None:
            return ZeroMatrix(*e.shape) if is_matrix(e) else sympy.Integer(0)
        if not is_matrix(e):
            return ZeroMatrix(1, self.n)
        self.require_vector(e)
        return ZeroMatrix(e.shape[0], self.n)

    def identity(self) -> sympy.Basic:
        return Identity(self.n) if self.n is not None else sympy.Integer(1)

    def require_vector(self, e: sympy.Basic) -> None:
        """Refuse Jacobians that would be tensors of order three or more."""
        if self.kind == "matrix" and is_matrix(e):
            raise MatcalcError(
                f"The derivative of {self.show(e)}, which is not a scalar, with respect to "
                f"the matrix {self.show(self.v)} is a tensor of order three or four, which "
                "has no matrix form here; differentiate a scalar objective (a loss) instead.",
                Subtype.UNSUPPORTED)
        if is_matrix(e) and e.shape[1] != 1 and self.n is not None:
            raise MatcalcError(
                f"The derivative of the matrix {self.show(e)} with respect to the vector "
                f"{self.show(self.v)} is a third-order tensor, which has no matrix form "
                "here; differentiate a scalar or vector function of it instead.",
                Subtype.UNSUPPORTED)

    def depends(self, e: sympy.Basic) -> bool:
        return e.has(self.v)

    # -- the recursion -------------------------------------------------------
    def jac(self, e: sympy.Basic) -> sympy.Basic:
        """∂e/∂v in numerator layout, recording the steps that produced it."""
        if not self.depends(e):
            self.used.add("constant")
            return self.zero(e)
        if e == self.v:
            self.used.add("identity")
            return self.identity()
        self.require_vector(e)
        for r in rules_for(e):
            if r.when is None or r.when(self, e):
                self.used.add(r.key)
                return r.apply(self, e)
        raise MatcalcError(
            f"There is no rule for the derivative of {self.show(e)} "
            f"({type(e).__name__}) with respect to {self.show(self.v)}.",
            Subtype.UNSUPPORTED)

    def simplify(self, e: sympy.Basic) -> sympy.Basic:
        """Simplify, remembering which rules fired for the next recorded step."""
        return simplify(e, self._fired)

    def take_fired(self) -> list[str]:
        """The simplification rules fired since the last step, once each."""
        fired, self._fired = list(dict.fromkeys(self._fired)), []
        self.used.update(fired)
        return fired

    # -- steps ----------------------------------------------------------------
    def named(self, e: sympy.Basic) -> sympy.Basic:
        """``e`` as a step shows it: its intermediate name where it has one (the function
        itself is shown by its own name, a of a = ...)."""
        if self.top is not None and e == self.top[0]:
            return self.top[1]
        return self.names.get(e, e)

    def d(self, e: sympy.Basic) -> sympy.Basic:
        """The unevaluated ∂e/∂v, as a step writes it, with the Jacobian's shape."""
        return self.jac_symbol(self.named(e), e)

    def partials(self, terms: tuple[sympy.Basic, ...]) -> PartialSum:
        """∂t₁/∂v + ∂t₂/∂v + …, term by term."""
        return PartialSum(tuple(self.d(t) for t in terms), tuple(terms))

    def record(self, e: sympy.Basic, rule: str, *parts: sympy.Basic | PartialSum) -> None:
        """Add a step ∂e/∂v = parts..., citing ``rule`` (a catalogue key)."""
        if rule not in CATALOGUE:
            raise KeyError(rule)
        self.used.add(rule)
        result = parts[-1]
        shape = None if isinstance(result, PartialSum) else result
        fired = self.take_fired()
        if len(parts) > 1 and fired and set(fired) <= TIDYING:
            # A I = A, 1·A = A: the unsimplified form says nothing a reader needs
            parts, fired = parts[:-2] + parts[-1:], []
        self.lines.append(Line("derivative", self.named(e), self.v, list(parts), rule, shape,
                               fired, self.d(e)))

    def intermediate(self, e: sympy.Basic) -> sympy.Basic:
        """Name a nested sub-expression (the paper's intermediate variables)."""
        if e in self.names:
            return self.names[e]
        if e in self.chosen:  # the author's own name for it (:let:)
            name: sympy.Basic = self.chosen[e]
        else:
            taken = self.taken | {str(s) for s in self.names.values()} | {
                str(s) for s in self.chosen.values()}
            base = next(n for n in self._fresh if n not in taken)
            name = MatrixSymbol(rf"\mathbf{{{base}}}", *e.shape) if is_matrix(e) else \
                sympy.Symbol(base, real=True)
        self.names[e] = name
        self.used.add("intermediate")
        self.lines.append(Line("let", name, self.v, [e], "intermediate", e, lhs=name))
        return name

    def substituted(self, e: sympy.Basic) -> sympy.Basic:
        """``e`` with named intermediates substituted, for display."""
        if not self.names:
            return e
        return e.xreplace({k: v for k, v in self.names.items() if k != e})

    def chain(self, outer: sympy.Basic, inner: sympy.Basic, local: Callable,
              local_rule: str, combine: Callable) -> sympy.Basic:
        """Chain rule through ``inner``: ∂outer/∂v = ∂outer/∂inner · ∂inner/∂v.

        ``local(u)`` is ∂outer/∂inner written in terms of u, so a step shows it in
        terms of the intermediate (∂(v²)/∂v = 2v); ``combine`` multiplies it with the
        inner Jacobian in the right order and shape.
        """
        if inner == self.v:
            result = self.simplify(combine(local(inner), self.identity()))
            self.record(outer, local_rule, self.substituted(local(inner)), result)
            return result
        if self.kind == "scalar" and is_matrix(inner) and 1 not in inner.shape:
            raise MatcalcError(  # its local Jacobian would be a tensor of order four
                f"There is no rule for the derivative of {self.show(outer)} with respect to "
                f"{self.show(self.v)} through the matrix {self.show(inner)}; differentiate a "
                "scalar or vector function instead.", Subtype.UNSUPPORTED)
        name = self.intermediate(inner)
        inner_jac = self.jac(inner)
        local_named = local(name)
        shown = DiagMatrix(local_named) if is_matrix(name) else local_named  # a Jacobian: m×m
        outer_named = outer.xreplace({inner: name})
        rows = outer.shape[0] if is_matrix(outer) else 1
        shape = (rows, name.shape[0]) if is_matrix(name) or is_matrix(outer) else None
        lhs = partial(outer_named, name, shape)
        self.lines.append(Line("local", outer_named, name, [shown], local_rule, shown, lhs=lhs))
        inner_symbol = self.jac_symbol(name, inner)
        outer_of = self.named(outer) if self.named(outer) is not outer else outer_named
        rule = _times(partial(outer_of, name, shape), inner_symbol)  # ∂a/∂u ∂u/∂w, as §5
        product = combine(local_named, inner_symbol)
        result = self.simplify(combine(local(inner), inner_jac))
        self.record(outer, "chain-rule", rule, product, self.substituted(result))
        return result

    def jac_symbol(self, name: sympy.Basic, inner: sympy.Basic) -> sympy.Basic:
        """A stand-in for ∂name/∂v (name standing for ``inner``), with the Jacobian's shape."""
        rows = inner.shape[0] if is_matrix(inner) else 1
        cols = self.n if self.n is not None else 1
        if self.n is None and self.kind != "matrix" and is_matrix(inner):
            rows, cols = inner.shape  # by a scalar: the shape of what is differentiated (SPEC §4)
        if self.kind == "matrix":
            rows, cols = self.v.shape[1], self.v.shape[0]
        if rows == 1 and cols == 1 and not is_matrix(inner):
            return partial(name, self.v)
        return partial(name, self.v, (rows, cols))


def _times(a: sympy.Basic, b: sympy.Basic) -> sympy.Basic:
    return flat_matmul(a, b) if is_matrix(a) or is_matrix(b) else a * b


def names_in(*exprs: sympy.Basic) -> set[str]:
    """Every name the expressions use, bare (\\mathbf{u} also takes u): symbols and sizes."""
    names: set[str] = set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, (sympy.Symbol, MatrixSymbol)):
                names.add(node.name)
                names.add(_bare(node.name))
            if isinstance(node, MatrixSymbol):
                names |= {str(d) for d in node.shape}
    return names


def _bare(name: str) -> str:
    r"""\mathbf{u}_{1} → u_{1}: the letter a reader sees."""
    if name.startswith("\\") and "{" in name:
        inner, _, rest = name.partition("{")[2].partition("}")
        return inner + rest
    return name


note("row-vector", "Row-vector function", "§4 (Jacobian of a vector function)",
     r"\frac{\partial\, \mathbf{f}^T}{\partial \mathbf{x}} = "
     r"\frac{\partial \mathbf{f}}{\partial \mathbf{x}}",
     shapes=r"1 \times m \to m \times n")


def _row_vector(expr: sympy.Basic, variable: sympy.Basic) -> bool:
    """A row vector (1 × m, m ≠ 1) differentiated by a vector: a vector function whose
    Jacobian is that of its entries (d2l §2.4.3: ∂(xᵀA)/∂x = A in denominator layout)."""
    return (is_matrix(expr) and expr.shape[0] == 1 and expr.shape[1] != 1 and
            is_matrix(variable) and variable.shape[1] == 1 and variable.shape[0] != 1)


def derive(expr: sympy.Basic, variable: sympy.Basic, show: Show = str,
           layout: str = NUMERATOR, reserved: frozenset[str] = frozenset(),
           name: sympy.Basic | None = None,
           chosen: dict[sympy.Basic, sympy.Basic] | None = None) -> Derivation:
    """The derivation of ``expr`` with respect to ``variable`` in ``layout``.

    Intermediates get names used neither in ``expr`` nor in ``reserved``; ``name``
    is the symbol of the function's own name, which steps use for it (∂a/∂w);
    ``chosen`` names intermediates as the author does (expression -> name).
    """
    top = (expr, name) if name is not None else None
    engine = Engine(variable, show, names_in(expr, variable) | set(reserved), top)
    engine.chosen = dict(chosen or {})
    row = expr if _row_vector(expr, variable) else None
    if row is not None:  # xᵀA: the vector of its entries, as its transpose Aᵀx
        expr = Transpose(expr).doit(deep=False)
    result = engine.simplify(engine.jac(expr))
    if row is not None:
        engine.record(row, "row-vector", partial(expr, variable, result.shape), result)
    final = result
    if layout == DENOMINATOR and is_matrix(result):  # a scalar is the same in both layouts
        engine.used.add("denominator-layout")
        final = engine.simplify(Transpose(result))
        engine.lines.append(Line("denominator", expr, variable, [result, final],
                                 "denominator-layout", final, engine.take_fired()))
    else:
        engine.used.update(engine.take_fired())
    return Derivation(final, result, engine.lines, engine.used, engine.names)
