"""Print the engine's SymPy expressions in the paper's notation.

Symbol names are already the author's LaTeX (``\\mathbf{x}``, ``W_1``), so
they print as they are; the rest follows the paper: ``\\mathbf{x}^T``,
``\\operatorname{diag}(\\mathbf{x})``, ``\\mathbf{1}``, ``\\odot``,
``\\mathbb{1}[z > 0]``.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatAdd, MatMul, Transpose
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from ..nodes import MatrixPartial, Partial, indicator_condition, is_matrix
from ..results import DEFAULT_HADAMARD
from ..vocabulary import FUNCTIONS


class Printer(LatexPrinter):
    """LaTeX in the paper's notation; ``hadamard`` is the element-wise product sign."""

    def __init__(self, hadamard: str = DEFAULT_HADAMARD[0]) -> None:
        super().__init__({"mat_symbol_style": "plain", "fold_short_frac": False,
                          "mul_symbol": None})
        self.hadamard = hadamard
        self._bound: dict[sympy.Basic, tuple[str, bool]] = {}  # text, needs parens

    def shape(self, expr: sympy.Basic) -> str:
        """``\\mathbb{R}^{m \\times n}`` (or ``\\mathbb{R}`` for a scalar)."""
        if not is_matrix(expr):
            return r"\mathbb{R}"
        rows, cols = (self.doprint(d) for d in expr.shape)
        return rf"\mathbb{{R}}^{{{rows} \times {cols}}}"

    # -- symbols -------------------------------------------------------------
    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        if expr in self._bound:
            return self._bound[expr][0]
        return expr.name

    _print_MatrixSymbol = _print_Symbol

    def _print_Dummy(self, expr: sympy.Dummy) -> str:
        return self._bound[expr][0] if expr in self._bound else expr.name.lstrip("_")

    # -- matrix nodes --------------------------------------------------------
    def parenthesize(self, item: sympy.Basic, level: int, is_neg: bool = False,
                     strict: bool = False) -> str:
        if item in self._bound and self._bound[item][1]:
            return rf"\left({self._print(item)}\right)"
        if isinstance(item, MatrixElement) and isinstance(item.parent, MatMul) \
                and level >= PRECEDENCE["Pow"]:  # (a^T b)^2, never a^T b^2
            return rf"\left({self._print(item)}\right)"
        if _atomic(item):
            return self._print(item)
        return super().parenthesize(item, level, is_neg, strict)

    def _needs_mul_brackets(self, expr: sympy.Basic, first: bool = False,
                            last: bool = False) -> bool:
        if expr in self._bound:
            return self._bound[expr][1]
        if _atomic(expr):
            return False
        return super()._needs_mul_brackets(expr, first, last)

    def _print_Transpose(self, expr: Transpose) -> str:
        if isinstance(expr.arg, sympy.Inverse):
            return f"{self._wrap(expr.arg.arg)}^{{-T}}"
        inner = self._print(expr.arg)
        superscripted = "^" in inner and not isinstance(expr.arg, sympy.MatrixSymbol)
        if not _atomic(expr.arg) or isinstance(expr.arg, Transpose) or superscripted:
            inner = rf"\left({inner}\right)"  # never a double superscript such as e^{x}^T
        return f"{inner}^T"

    def _print_MatMul(self, expr: MatMul) -> str:
        scalars = [a for a in expr.args if not is_matrix(a)]
        matrices = [a for a in expr.args if is_matrix(a)]
        parts = []
        coefficient = sympy.Mul(*scalars)
        if coefficient == -1:
            parts.append("-")
        elif coefficient != 1:
            text = self._print(coefficient)
            parts.append(rf"\left({text}\right)" if isinstance(coefficient, sympy.Add) else text)
        for k, m in enumerate(matrices):
            text = self._print(m)
            last = k == len(matrices) - 1
            bare = not isinstance(m, (MatAdd, sympy.HadamardProduct)) and (
                last or m.func.__name__ != "MatrixSampleSum")
            parts.append(text if bare else rf"\left({text}\right)")
        return " ".join(parts)

    def _print_MatrixElement(self, expr: sympy.Basic) -> str:
        if expr.i == 0 and expr.j == 0 and expr.parent.shape == (1, 1):
            return self._print(expr.parent)
        return super()._print_MatrixElement(expr)

    def _print_OneMatrix(self, expr: sympy.Basic) -> str:
        rows, cols = expr.shape
        if cols == 1:
            return r"\mathbf{1}"
        if rows == 1:
            return r"\mathbf{1}^T"
        return rf"\mathbf{{1}}_{{{self._print(rows)} \times {self._print(cols)}}}"

    def _print_ZeroMatrix(self, expr: sympy.Basic) -> str:
        rows, cols = expr.shape
        if cols == 1 and rows != 1:
            return r"\mathbf{0}"
        if rows == 1 and cols != 1:
            return r"\mathbf{0}^T"
        return "0"

    def _print_Identity(self, expr: sympy.Basic) -> str:
        return "I"

    def _print_DiagMatrix(self, expr: sympy.Basic) -> str:
        return rf"\operatorname{{diag}}\left({self._print(expr.args[0])}\right)"

    def _print_DiagonalOf(self, expr: sympy.Basic) -> str:
        return rf"\operatorname{{diagvec}}\left({self._print(expr.arg)}\right)"

    def _print_HadamardProduct(self, expr: sympy.Basic) -> str:
        return f" {self.hadamard} ".join(self._wrap(a) for a in expr.args)

    def _print_HadamardPower(self, expr: sympy.Basic) -> str:
        if expr.exp == -1:
            return rf"\mathbf{{1}} \oslash {self._wrap(expr.base)}"
        return rf"{self._wrap(expr.base)}^{{\circ {self._print(expr.exp)}}}"

    def _print_ElementwiseApplyFunction(self, expr: sympy.Basic) -> str:
        lam = expr.function
        var = lam.variables[0]
        arg = self._print(expr.expr)
        saved = dict(self._bound)
        self._bound[var] = (arg, not _atomic(expr.expr))
        try:
            return self._print(lam.expr)
        finally:
            self._bound = saved

    def _print_MatrixSampleSum(self, expr: sympy.Basic) -> str:
        (i, lo, hi), = expr.limits
        return (rf"\sum_{{{self._print(i)}={self._print(lo)}}}^{{{self._print(hi)}}} "
                rf"{self.parenthesize(expr.function, 50)}")

    def _print_Trace(self, expr: sympy.Basic) -> str:
        return rf"\operatorname{{tr}}\left({self._print(expr.arg)}\right)"

    def _print_Determinant(self, expr: sympy.Basic) -> str:
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Partial(self, expr: sympy.Basic) -> str:
        """∂f/∂v as a fraction when f is a name, else as an operator on f."""
        by = self._print(expr.by)
        if expr.of.is_symbol:
            return rf"\frac{{\partial {self._print(expr.of)}}}{{\partial {by}}}"
        return rf"\frac{{\partial }}{{\partial {by}}}\left({self._print(expr.of)}\right)"

    _print_MatrixPartial = _print_Partial

    def _print_Inverse(self, expr: sympy.Basic) -> str:
        return f"{self._wrap(expr.arg)}^{{-1}}"

    # -- scalar functions ------------------------------------------------------
    def _print_Max(self, expr: sympy.Basic, exp: str | None = None) -> str:
        args = ", ".join(self._print(a) for a in sorted(expr.args, key=lambda a: a != 0))
        text = rf"\max\left({args}\right)"
        return rf"{text}^{{{exp}}}" if exp else text

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        cond = indicator_condition(expr)
        if cond is not None:
            return rf"\mathbb{{1}}\left[{self._print(cond)}\right]"
        return super()._print_Piecewise(expr)

    def _wrap(self, e: sympy.Basic) -> str:
        text = self._print(e)
        if isinstance(e, (MatAdd, MatMul, sympy.Add, sympy.Mul)) or (
                isinstance(e, sympy.Basic) and e.func.__name__ == "HadamardProduct"):
            return rf"\left({text}\right)"
        return text


def _printer_of(shown: str):
    """How the printer writes a function of the vocabulary: ``shown``, then (u)."""
    def print_function(self: Printer, expr: sympy.Basic, exp: str | None = None) -> str:
        text = rf"{shown}\left({self._print(expr.args[0])}\right)"
        return rf"{text}^{{{exp}}}" if exp else text
    return print_function


for _function in FUNCTIONS:
    if _function.shown:  # a function of our own: SymPy does not know how to write it
        setattr(Printer, f"_print_{_function.node.__name__}", _printer_of(_function.shown))


_ATOMS = (sympy.Symbol, sympy.MatrixSymbol, sympy.OneMatrix, sympy.ZeroMatrix, sympy.Identity,
          sympy.Number, sympy.Function, Partial, MatrixPartial)


def _atomic(e: sympy.Basic) -> bool:
    """Printed as one unit, never needing parentheses around it."""
    from sympy.matrices.expressions import DiagMatrix
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
    if isinstance(e, sympy.Number):
        return e >= 0 and (e.is_Integer or e.is_Float)
    if isinstance(e, (DiagMatrix, ElementwiseApplyFunction)):
        return True
    if isinstance(e, Transpose):
        return _atomic(e.arg) and not isinstance(e.arg, Transpose)
    if isinstance(e, sympy.Piecewise):
        return indicator_condition(e) is not None
    return isinstance(e, _ATOMS)
