"""Derive the Jacobian of a typed expression the paper's way, step by step.

``derive`` walks the expression, applies the catalogue's rules by node type
(``rules.py``), introduces intermediate variables for nested arguments,
combines local derivatives with the chain rule, simplifies, and returns the
steps and the result with its shape. Jacobians are in numerator layout
internally; denominator layout is the transpose, applied at the end.
The engine imports nothing from Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, Transpose, ZeroMatrix

from .catalogue import APPLIED, CATALOGUE, complete, rules_for
from .results import NUMERATOR, DENOMINATOR, Step
from .errors import MatcalcError, Subtype
from .latex import Printer
from .shapes import is_matrix



@dataclass
class Derivation:
    """The engine's answer: the result in the layout asked for, the numerator-layout
    Jacobian (which the numeric judge checks), and the steps."""

    result: sympy.Basic
    numerator_result: sympy.Basic
    steps: list[Step]


class Engine:
    """Applies rules for one variable; keeps the steps and the intermediates."""

    def __init__(self, variable: sympy.Basic, printer: Printer) -> None:
        self.v = variable
        self.kind = ("matrix" if is_matrix(variable) and variable.shape[1] != 1 else
                     "vector" if is_matrix(variable) else "scalar")
        self.p = printer
        self.steps: list[Step] = []
        self.names: dict[sympy.Basic, sympy.Basic] = {}  # intermediate expr -> its symbol
        self._fired: list[str] = []
        self._fresh = iter(["u", "v", "s", "r", "q", "g", "h", "k"] +
                           [f"u_{{{i}}}" for i in range(1, 100)])

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
                f"The derivative of {self.p.doprint(e)}, which is not a scalar, with respect to "
                f"the matrix {self.p.doprint(self.v)} is a tensor of order three or four, which "
                "has no matrix form here; differentiate a scalar objective (a loss) instead.",
                Subtype.UNSUPPORTED)
        if is_matrix(e) and e.shape[1] != 1 and self.n is not None:
            raise MatcalcError(
                f"The derivative of the matrix {self.p.doprint(e)} with respect to the vector "
                f"{self.p.doprint(self.v)} is a third-order tensor, which has no matrix form "
                "here; differentiate a scalar or vector function of it instead.",
                Subtype.UNSUPPORTED)

    def depends(self, e: sympy.Basic) -> bool:
        return e.has(self.v)

    # -- the recursion -------------------------------------------------------
    def jac(self, e: sympy.Basic) -> sympy.Basic:
        """∂e/∂v in numerator layout, recording the steps that produced it."""
        if not self.depends(e):
            APPLIED.add("constant")
            return self.zero(e)
        if e == self.v:
            APPLIED.add("identity")
            return self.identity()
        self.require_vector(e)
        for r in rules_for(e):
            if r.when is None or r.when(self, e):
                APPLIED.add(r.key)
                return r.apply(self, e)
        raise MatcalcError(
            f"There is no rule for the derivative of {self.p.doprint(e)} "
            f"({type(e).__name__}) with respect to {self.p.doprint(self.v)}.",
            Subtype.UNSUPPORTED)

    def simplify(self, e: sympy.Basic) -> sympy.Basic:
        """Simplify, remembering which rules fired for the next recorded step."""
        from .simplify import simplify
        return simplify(e, self._fired)

    # -- steps ----------------------------------------------------------------
    def d(self, e: sympy.Basic) -> str:
        """LaTeX for ∂e/∂v, with e's intermediate name where it has one."""
        top = self.p.doprint(self.names.get(e, e))
        var = self.p.doprint(self.v)
        partial = r"\partial "
        if e in self.names or e.is_symbol:
            return rf"\frac{{{partial}{top}}}{{{partial}{var}}}"
        return rf"\frac{{{partial}}}{{{partial}{var}}}\left({top}\right)"

    def record(self, e: sympy.Basic, rule: str, *parts: sympy.Basic | str) -> None:
        """Add a step ∂e/∂v = parts..., citing ``rule`` (a catalogue key)."""
        if rule not in CATALOGUE:
            raise KeyError(rule)
        APPLIED.add(rule)
        shown = []
        for part in parts:
            text = part if isinstance(part, str) else self.p.doprint(part)
            if not shown or shown[-1] != text:
                shown.append(text)
        result = parts[-1]
        shape = "" if isinstance(result, str) else self.p.shape(result)
        fired, self._fired = list(dict.fromkeys(self._fired)), []
        self.steps.append(Step(self.d(e), shown, rule, shape=shape, simplified=fired))

    def intermediate(self, e: sympy.Basic) -> sympy.Basic:
        """Name a nested sub-expression (the paper's intermediate variables)."""
        if e in self.names:
            return self.names[e]
        taken = {str(s) for s in self.v.free_symbols} | {str(s) for s in self.names.values()}
        base = next(n for n in self._fresh if n not in taken)
        if is_matrix(e):
            name: sympy.Basic = MatrixSymbol(rf"\mathbf{{{base}}}", *e.shape)
        else:
            name = sympy.Symbol(base, real=True)
        self.names[e] = name
        APPLIED.add("intermediate")
        self.steps.append(Step(self.p.doprint(name), [self.p.doprint(e)], "intermediate",
                               kind="let", shape=self.p.shape(e)))
        return name

    def show(self, e: sympy.Basic) -> sympy.Basic:
        """``e`` with named intermediates substituted, for display."""
        if not self.names:
            return e
        return e.xreplace({k: v for k, v in self.names.items() if k != e})

    def chain(self, outer: sympy.Basic, inner: sympy.Basic, local: sympy.Basic,
              local_rule: str, combine: "callable") -> sympy.Basic:
        """Chain rule through ``inner``: ∂outer/∂v = ∂outer/∂inner · ∂inner/∂v.

        ``local`` is ∂outer/∂inner written in terms of ``inner``; ``combine``
        multiplies it with the inner Jacobian in the right order and shape.
        """
        if inner == self.v:
            result = self.simplify(combine(local, self.identity()))
            self.record(outer, local_rule, self.show(local), result)
            return result
        name = self.intermediate(inner)
        inner_jac = self.jac(inner)
        local_named = local.xreplace({inner: name})
        outer_named = outer.xreplace({inner: name})
        self.steps.append(Step(rf"\frac{{\partial}}{{\partial {self.p.doprint(name)}}}"
                               rf"{self.p.doprint(outer_named)}",
                               [self.p.doprint(local_named)], local_rule,
                               shape=self.p.shape(local)))
        product = combine(local_named, self.jac_symbol(name, inner))
        result = self.simplify(combine(local, inner_jac))
        self.record(outer, "chain-rule", product, self.show(result))
        return result

    def jac_symbol(self, name: sympy.Basic, inner: sympy.Basic) -> sympy.Basic:
        """A stand-in for ∂name/∂v, printed as the fraction."""
        rows = inner.shape[0] if is_matrix(inner) else 1
        cols = self.n if self.n is not None else 1
        if self.kind == "matrix":
            rows, cols = self.v.shape[1], self.v.shape[0]
        label = rf"\frac{{\partial {self.p.doprint(name)}}}{{\partial {self.p.doprint(self.v)}}}"
        if rows == 1 and cols == 1 and not is_matrix(inner):
            return sympy.Symbol(label)
        return MatrixSymbol(label, rows, cols)


def derive(expr: sympy.Basic, variable: sympy.Basic, printer: Printer,
           function_name: str = "f", layout: str = NUMERATOR) -> Derivation:
    """The derivation of ``expr`` with respect to ``variable`` in ``layout``."""
    complete()

    engine = Engine(variable, printer)
    result = engine.simplify(engine.jac(expr))
    final = result
    if layout == DENOMINATOR:
        APPLIED.add("denominator-layout")
        final = engine.simplify(Transpose(result)) if is_matrix(result) else result
        engine.steps.append(Step(
            rf"\left(\frac{{\partial {function_name}}}{{\partial {printer.doprint(variable)}}}"
            rf"\right)_{{\text{{denominator}}}}",
            [rf"\left({printer.doprint(result)}\right)^T", printer.doprint(final)],
            "denominator-layout", shape=printer.shape(final), simplified=engine._fired))
    return Derivation(final, result, engine.steps)
