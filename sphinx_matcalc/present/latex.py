"""Print the engine's SymPy expressions in the paper's notation.

Symbol names are already the author's LaTeX (``\\mathbf{x}``, ``W_1``), so
they print as they are; the rest follows the paper: ``\\mathbf{x}^T``,
``\\operatorname{diag}(\\mathbf{x})``, ``\\mathbf{1}``, ``\\odot``,
``\\mathbb{1}[z > 0]``. The module is longer than 400 lines because each node type
the engine makes has its own small printing method here, beside SymPy's.
"""

from __future__ import annotations

import re

import sympy
from sympy.matrices.expressions import (HadamardPower, HadamardProduct, MatAdd, MatMul, OneMatrix,
                                        Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from ..errors import MatcalcError, Subtype
from ..nodes import MAX_DIGITS, MatrixPartial, Partial, flat_matmul, indicator_condition, is_matrix
from ..quantities import bounds, of_one_symbol, quantity_set
from ..results import DEFAULT_HADAMARD
from ..vocabulary import FUNCTIONS


_TOO_LONG = 10 ** MAX_DIGITS  # the least integer longer than the reader takes


class Printer(LatexPrinter):
    """LaTeX in the paper's notation; ``hadamard`` is the element-wise product sign."""

    def __init__(self, hadamard: str = DEFAULT_HADAMARD[0], sizes: bool = False,
                 written: dict[sympy.Basic, tuple[sympy.Basic, ...]] | None = None,
                 dots: set[sympy.Basic] | None = None) -> None:
        super().__init__({"mat_symbol_style": "plain", "fold_short_frac": False,
                          "mul_symbol": None})
        self.hadamard = hadamard
        self.sizes = sizes  # write the size of I, 1 and 0 (I_n, \mathbf{1}_{n})
        self.written = written or {}  # sums as the author ordered their terms
        self.dots = dots or set()  # 1×1 products the author wrote as w · x
        self._bound: dict[sympy.Basic, tuple[str, bool]] = {}  # text, needs parens

    def again(self, **changes: object) -> "Printer":
        """This printer with some settings changed."""
        settings = dict(hadamard=self.hadamard, sizes=self.sizes, written=self.written,
                        dots=self.dots)
        settings.update(changes)
        return Printer(**settings)  # type: ignore[arg-type]

    def _in_written_order(self, expr: sympy.Basic) -> tuple[sympy.Basic, ...] | None:
        terms = self.written.get(expr)
        if terms is None or len(terms) != len(expr.args) or set(terms) != set(expr.args):
            return None
        return terms

    def _print_Add(self, expr: sympy.Basic, order: str | None = None) -> str:
        """A sum in the order the author wrote it, where they did."""
        terms = self._in_written_order(expr)
        if terms is None:
            return super()._print_Add(expr, order)
        text = ""
        for k, term in enumerate(terms):
            negative = term.could_extract_minus_sign()
            shown = self._print(-term if negative else term)
            if isinstance(-term if negative else term, sympy.Add):
                shown = rf"\left({shown}\right)"
            text += ("- " if negative else "") + shown if k == 0 else (
                f" - {shown}" if negative else f" + {shown}")
        return text

    def shape(self, expr: sympy.Basic) -> str:
        """``\\mathbb{R}^{m \\times n}`` (or ``\\mathbb{R}`` for a scalar)."""
        if not is_matrix(expr):
            return r"\mathbb{R}"
        rows, cols = (rf"({self.doprint(d)})" if isinstance(d, sympy.Add) else self.doprint(d)
                      for d in expr.shape)  # 1 × (p + 1), as :where: may declare it
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
        if isinstance(item, MatrixElement) and level >= PRECEDENCE["Pow"] and isinstance(
                item.parent, (MatMul, MatAdd)):  # (a^T b)^2, never a^T b^2
            return rf"\left({self._print(item)}\right)"
        if isinstance(item, MatrixElement) and level >= PRECEDENCE["Mul"] and _signed(
                self._print(item)):  # 2 (a^T b + c), never 2 a^T b + c
            return rf"\left({self._print(item)}\right)"
        if isinstance(item, sympy.Sum) and level >= PRECEDENCE["Pow"]:  # (Σ y_i²)², never
            return rf"\left({self._print(item)}\right)"  # Σ y_i^{2}^{2} (a SampleSum too)
        if _atomic(item):
            return self._print(item)
        if isinstance(item, MatMul):  # SymPy's precedence negates it, which evaluates it (Σ)
            coefficient = item.args[0]
            negative = coefficient.is_Number and coefficient.is_extended_negative
            value = PRECEDENCE["Add"] if negative else PRECEDENCE["Mul"]
            if (is_neg and strict) or value < level or (not strict and value <= level):
                return self._add_parens(self._print(item))
            return self._print(item)
        return super().parenthesize(item, level, is_neg, strict)

    def _needs_mul_brackets(self, expr: sympy.Basic, first=False, last=False) -> bool:
        if expr in self._bound:
            return self._bound[expr][1]
        if expr in self.dots:
            return True
        if isinstance(expr, MatrixElement):  # a 1×1 product or sum in a scalar product
            text = self._print(expr)
            return _signed(text, leading=False) or (text.lstrip().startswith("-") and not first)
        if _atomic(expr):
            return False
        return super()._needs_mul_brackets(expr, first, last)

    def _print_Transpose(self, expr: Transpose) -> str:
        if isinstance(expr.arg, sympy.Inverse):
            base = self._wrap(expr.arg.arg)
            if "^" in base and not base.startswith(r"\left("):  # never X^{-1}^{-T}
                base = rf"\left({base}\right)"
            return f"{base}^{{-T}}"
        inner = self._print(expr.arg)
        if isinstance(expr.arg, sympy.MatrixSymbol) and "^" in inner:
            return f"{{{inner}}}^T"  # {\mathbf{W}^{(2)}}^T, as the author writes it
        if isinstance(expr.arg, sympy.ImmutableDenseMatrix):
            return f"{inner}^T"  # a literal's brackets hold its powers
        if not _atomic(expr.arg) or isinstance(expr.arg, Transpose) or "^" in inner:
            inner = rf"\left({inner}\right)"  # never a double superscript such as e^{x}^T
        return f"{inner}^T"

    def _print_MatMul(self, expr: MatMul) -> str:
        if expr.shape == (1, 1) and MatrixElement(expr, 0, 0) in self.dots:
            return self._print(MatrixElement(expr, 0, 0))  # the 1×1 product the author wrote w · x
        scalars = [a for a in expr.args if not is_matrix(a)]
        matrices = [a for a in expr.args if is_matrix(a)]
        parts = []
        coefficient = sympy.Mul(*scalars)
        if coefficient == -1:
            parts.append("-")
        elif coefficient != 1:
            text = self._print(coefficient)
            bracket = isinstance(coefficient, sympy.Add) or coefficient.has(sympy.Sum) or (
                isinstance(coefficient, MatrixElement) and self._needs_mul_brackets(coefficient))
            # (2 Σ_i w·x_i) Σ_i x_i: a sum in front would run over the matrices after it
            parts.append(rf"\left({text}\right)" if bracket else text)
        for k, m in enumerate(matrices):
            text = self._print(m)
            last = k == len(matrices) - 1
            written = lift(m) if isinstance(m, ElementwiseApplyFunction) else m  # σ'(u): a ⊙
            bare = not isinstance(written, (MatAdd, sympy.HadamardProduct)) and not _outside(
                text, _PRODUCT_SIGNS) and (
                last or m.func.__name__ != "MatrixSampleSum")
            parts.append(text if bare else rf"\left({text}\right)")
        return " ".join(parts)

    def _print_MatrixElement(self, expr: sympy.Basic) -> str:
        if expr in self.dots:  # w · x, as the author wrote it
            fs = expr.parent.args  # scalar factors first (nodes.flat_matmul), then aᵀ, b
            k = next(k for k, f in enumerate(fs) if is_matrix(f))
            a, b = fs[k].arg, flat_matmul(*fs[:k], *fs[k + 1:])
            return rf"{self._wrap(a)} \cdot {self._wrap(b)}"
        if expr.i == 0 and expr.j == 0 and expr.parent.shape == (1, 1):
            return self._print(expr.parent)
        return super()._print_MatrixElement(expr)

    def _size(self, d: sympy.Expr) -> str:
        return f"_{{{self._print(d)}}}" if self.sizes else ""

    def _print_OneMatrix(self, expr: sympy.Basic) -> str:
        rows, cols = expr.shape
        if cols == 1:
            return rf"\mathbf{{1}}{self._size(rows)}"
        if rows == 1:
            return rf"\mathbf{{1}}{self._size(cols)}^T"
        return rf"\mathbf{{1}}_{{{self._print(rows)} \times {self._print(cols)}}}"

    def _print_ZeroMatrix(self, expr: sympy.Basic) -> str:
        rows, cols = expr.shape
        if cols == 1 and rows != 1:
            return rf"\mathbf{{0}}{self._size(rows)}"
        if rows == 1 and cols != 1:
            return rf"\mathbf{{0}}{self._size(cols)}^T"
        return "0"

    def _print_Identity(self, expr: sympy.Basic) -> str:  # I, or I_n where sizes are shown
        return f"I{self._size(expr.rows)}"

    def _print_DiagMatrix(self, expr: sympy.Basic) -> str:
        return rf"\operatorname{{diag}}\left({self._print(expr.args[0])}\right)"

    _print_DiagonalOf = _print_DiagMatrix  # diag of a square matrix: the vector of its diagonal

    def _print_MatAdd(self, expr: MatAdd) -> str:
        """The terms in the author's order, or SymPy's but never starting with a minus when
        a term is positive: 1 − σ(u), not −σ(u) + 1."""
        ordered = list(self._in_written_order(expr) or ())
        if not ordered:
            ordered = list(self._as_ordered_terms(expr, order=None))
            terms = [self._print(t) for t in ordered]
            first = next((k for k, t in enumerate(terms) if not t.startswith("-")), 0)
            ordered.insert(0, ordered.pop(first))
        text = ""
        for k, term in enumerate(ordered):
            shown = self._print(term)
            if isinstance(term, MatAdd):
                shown = rf"\left({shown}\right)"
            if shown.startswith("-"):
                text += ("- " if k == 0 else " - ") + shown[1:].lstrip()
            else:
                text += shown if k == 0 else f" + {shown}"
        return text

    def _print_HadamardProduct(self, expr: sympy.Basic) -> str:
        """a ⊙ b, with reciprocal factors written as division: a ⊘ b, not a ⊙ b^{∘-1};
        scalar factors of the operands come first, c (a ⊙ b)."""
        coefficient, args = sympy.Integer(1), []
        for a in expr.args:
            if isinstance(a, ElementwiseApplyFunction):  # 1/t of X is ∘−1, so X ⊘ Y below
                a = lift(a)
            if isinstance(a, MatMul) and a.args and not is_matrix(a.args[0]):
                coefficient *= sympy.Mul(*[f for f in a.args if not is_matrix(f)])
                a = flat_matmul(*[f for f in a.args if is_matrix(f)])
            args.append(a)
        if coefficient != 1:
            return self._print(flat_matmul(coefficient, HadamardProduct(*args)))
        over = [a for a in args if _reciprocal(a)]
        times = [a for a in args if not _reciprocal(a)]
        if not times:
            return self._print_HadamardPower(HadamardPower(HadamardProduct(*[
                _inverted(a) for a in over]) if len(over) > 1 else _inverted(over[0]), -1))
        text = f" {self.hadamard} ".join(self._wrap(a) for a in times)
        if over:
            den = [_inverted(a) for a in over]
            below = self._wrap(den[0]) if len(den) == 1 else rf"\left({self._print(HadamardProduct(*den))}\right)"
            text = rf"{text} \oslash {below}"
        return text

    def _print_HadamardPower(self, expr: sympy.Basic) -> str:
        if expr.exp == -1:  # the ones of the base's shape: a bare \mathbf{1} reads as a vector
            return rf"{self._print(OneMatrix(*expr.base.shape))} \oslash {self._wrap(expr.base)}"
        if expr.exp == 1:
            return self._print(expr.base)
        base = self._base(expr.base)
        if isinstance(expr.base, ElementwiseApplyFunction) and not base.startswith(r"\left("):
            base = rf"\left({base}\right)"  # (tanh x)^{∘2}, never the ambiguous tanh x^{∘2}
        return rf"{base}^{{\circ {self._print(expr.exp)}}}"

    def _print_Integer(self, expr: sympy.Integer) -> str:
        """Large round numbers as powers of ten (10^{30}, 3 · 10^{40}), so they read back; a
        number longer than the reader takes (MAX_DIGITS) is a message, never shown."""
        value = int(expr)
        if abs(value) >= _TOO_LONG:
            raise MatcalcError(f"The result has a number of more than {MAX_DIGITS} digits, "
                               "too long to show.", Subtype.UNSUPPORTED)
        digits = str(abs(value))
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros >= 6:
            mantissa = digits[: len(digits) - zeros]
            power = rf"10^{{{zeros}}}"
            text = power if mantissa == "1" else rf"{mantissa} \cdot {power}"
            return f"- {text}" if value < 0 else text
        return str(value)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        """p/q with p and q as ``_print_Integer`` writes them; p/10^k (k ≥ 6) as p · 10^{-k}."""
        sign, p, q = "- " if expr.p < 0 else "", abs(expr.p), expr.q
        over = self._print_Integer(sympy.Integer(q))
        if q == 1 or not over.startswith("10^"):
            top = self._print_Integer(sympy.Integer(p))
            return sign + top if q == 1 else rf"{sign}\frac{{{top}}}{{{over}}}"
        power = f"10^{{-{over[4:-1]}}}"  # over is 10^{k}
        return sign + (power if p == 1 else
                       rf"{self._print_Integer(sympy.Integer(p))} \cdot {power}")

    def _print_Pow(self, expr: sympy.Basic) -> str:
        """A power of a function's value after its argument, tanh(x)^2 and (sin y)^{p − 1},
        never tanh^2(x) (a reciprocal or a root as SymPy writes it: 1/sin y, √(sin y))."""
        if isinstance(expr.base, sympy.Function) and not (expr.exp.is_Number
                                                          and not expr.exp.is_positive):
            if not (expr.exp.is_Rational and not expr.exp.is_Integer):
                return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        if expr.exp.is_Rational and abs(expr.exp.p) == 1 and expr.exp.q > 2:
            saved = self._settings["root_notation"]  # x^{1/4}, never \sqrt[4]{x}: the
            self._settings["root_notation"] = False  # notation has square roots only
            try:
                return super()._print_Pow(expr)
            finally:
                self._settings["root_notation"] = saved
        return super()._print_Pow(expr)

    def _print_Function(self, expr: sympy.Basic, exp: str | None = None) -> str:
        """sin(u) as \\sin\\left(u\\right): SymPy's \\sin{\\left(u\\right)} is read by
        latex2sympy2 with what follows it as the argument (\\sin{(y)} x is sin(xy) there)."""
        return _unbraced(super()._print_Function(expr, exp))

    def _print_log(self, expr: sympy.Basic, exp: str | None = None) -> str:
        return _unbraced(super()._print_log(expr, exp))

    def _print_ElementwiseApplyFunction(self, expr: sympy.Basic) -> str:
        lifted = lift(expr)
        if lifted is not expr:  # σ(u)(1 − σ(u)) of a vector u is σ(u) ⊙ (1 − σ(u))
            return self._print(lifted)
        lam, arg = expr.function, self._print(expr.expr)
        var = lam.variables[0]
        if lam.expr == sympy.Abs(var) and 1 not in expr.shape:  # |A| would read as det A
            return rf"\operatorname{{abs}}\left({arg}\right)"
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

    def _print_ImmutableDenseMatrix(self, expr: sympy.Basic) -> str:
        """A literal as the reader reads it: \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}."""
        rows = (" & ".join(self._print(expr[i, j]) for j in range(expr.cols))
                for i in range(expr.rows))
        return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"

    _print_ImmutableMatrix = _print_MutableDenseMatrix = _print_ImmutableDenseMatrix

    def _print_Trace(self, expr: sympy.Basic) -> str:
        return rf"\operatorname{{tr}}\left({self._print(expr.arg)}\right)"

    def _print_Determinant(self, expr: sympy.Basic) -> str:
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Partial(self, expr: sympy.Basic) -> str:
        """∂f/∂v, the paper's way: ∂u/∂x for a name, ∂(w · x)/∂w for an expression."""
        by = self._print(expr.by)
        of = self._print(expr.of)
        if not isinstance(expr.of, (sympy.Symbol, sympy.MatrixSymbol)):
            of = rf"\left({of}\right)"
        return rf"\frac{{\partial {of}}}{{\partial {by}}}"

    _print_MatrixPartial = _print_Partial

    def _print_Inverse(self, expr: sympy.Basic) -> str:
        return f"{self._base(expr.arg)}^{{-1}}"

    # -- scalar functions ------------------------------------------------------
    def _print_Max(self, expr: sympy.Basic, exp: str | None = None) -> str:
        args = ", ".join(self._print(a) for a in sorted(expr.args, key=lambda a: a != 0))
        text = rf"\max\left({args}\right)"
        return rf"{text}^{{{exp}}}" if exp else text

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        cond = indicator_condition(expr)
        if cond is not None:
            return rf"\mathbb{{1}}\left[{self._print(_on_one_quantity(cond))}\right]"
        rows = [f"{self._print(value)} & " + (r"\text{otherwise}" if c is sympy.true
                                              else self._print(c))
                for value, either in _exclusive_rows(expr)  # a ∨ b of equal cases: a row each
                for c in (either.args if isinstance(either, sympy.Or) else (either,))]
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

    def _print_And(self, expr: sympy.Basic) -> str:
        """Two bounds on one quantity as the chain they were read from, 0 \\le x < 1; anything
        else as SymPy writes it (which does not read back, so it is never shown)."""
        chain = _chain(expr)
        if chain is None:
            return super()._print_And(expr)
        low, low_sign, middle, high_sign, high = chain
        return (f"{self._print(low)} {low_sign} {self._print(middle)} {high_sign} "
                f"{self._print(high)}")

    def _base(self, e: sympy.Basic) -> str:
        r"""``e`` as the base of a superscript: in parentheses where it ends in one itself
        (never X^T^{\circ 2} or X^{-1}^{-1}, which LaTeX refuses)."""
        text = self._wrap(e)
        return rf"\left({text}\right)" if ends_in_superscript(text) else text

    def _wrap(self, e: sympy.Basic) -> str:
        if isinstance(e, ElementwiseApplyFunction):
            e = lift(e)
        text = self._print(e)
        if isinstance(e, (MatAdd, MatMul, sympy.Add, sympy.Mul)) or (
                isinstance(e, sympy.Basic) and e.func.__name__ == "HadamardProduct"):
            return rf"\left({text}\right)"
        return text


def ends_in_superscript(text: str) -> bool:
    """Does ``text`` end in a superscript (x^T, X^{-1}, \\left(A\\right)^{2})?"""
    t = text.rstrip()
    if not t.endswith("}"):
        return len(t) >= 2 and t[-2] == "^"
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] == "}" and t[i - 1:i] != "\\":
            depth += 1
        elif t[i] == "{" and t[i - 1:i] != "\\":
            depth -= 1
            if depth == 0:
                return t[:i].rstrip().endswith("^")
    return False


def lift(e: ElementwiseApplyFunction) -> sympy.Basic:
    """f applied entry-wise to a vector, written in vector notation when f is a composite.

    The body of f is a scalar expression of t; with a vector substituted for t it
    would read as matrix products (σ(u)(1 − σ(u))). Sums stay sums, products
    become ⊙, constants c become c·𝟏, powers ∘k, and a function of t stays an
    entry-wise application. A body that is one function of t (σ(t), 𝟙[t > 0]) is
    returned as it is.
    """
    t = e.function.variables[0]
    arg = e.expr

    def go(b: sympy.Basic) -> sympy.Basic:
        if b == t:
            return arg
        if not b.has(t):
            if b == 0:
                return ZeroMatrix(*arg.shape)
            return flat_matmul(b, OneMatrix(*arg.shape)) if b != 1 else OneMatrix(*arg.shape)
        if isinstance(b, sympy.Add):
            return MatAdd(*[go(a) for a in b.args])
        if isinstance(b, sympy.Mul):
            c = sympy.Mul(*[a for a in b.args if not a.has(t)])
            parts = [go(a) for a in b.args if a.has(t)]
            core = parts[0] if len(parts) == 1 else HadamardProduct(*parts)
            return core if c == 1 else flat_matmul(c, core)
        if isinstance(b, sympy.Pow) and not b.exp.has(t):
            return HadamardPower(go(b.base), b.exp)
        if isinstance(b, sympy.Function) and len(b.args) == 1 and b.args[0] != t:
            return ElementwiseApplyFunction(sympy.Lambda(t, b.func(t)), go(b.args[0]))
        return ElementwiseApplyFunction(sympy.Lambda(t, b), arg)

    body = e.function.expr
    if body.is_Number:
        return go(body)
    if not isinstance(body, (sympy.Add, sympy.Mul, sympy.Pow)) and (
            not isinstance(body, sympy.Function) or body.args[0] == t or len(body.args) != 1):
        return e
    return go(body)


def _outside(text: str, signs: tuple[str, ...], after_first: bool = False) -> bool:
    """Does one of ``signs`` stand in ``text`` outside every bracket (past its first char)?"""
    depth = 0
    for k, ch in enumerate(text):
        depth += (ch in "({[") - (ch in ")}]")
        if depth == 0 and (k > 0 or not after_first) and text.startswith(signs, k):
            return True
    return False


#: Explicit product signs: a factor showing one outside brackets is bracketed (juxtaposition
#: binds tighter: the factor 1 ⊘ u before T is written (1 ⊘ u) T).
_PRODUCT_SIGNS = (r"\oslash", r"\odot", r"\circ", r"\otimes", r"\cdot")


def _signed(text: str, leading: bool = True) -> bool:
    """Does ``text`` have a + or − outside every bracket (or, with ``leading``, start with −)?"""
    return (leading and text.lstrip().startswith("-")) or _outside(text, ("+", "-"), True)


def _exclusive_rows(expr: sympy.Piecewise) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """The cases with each condition as a reader takes it: SymPy takes the first that holds
    and drops what earlier ones imply (0 & x < 0, then x & x < 1 for 0 ≤ x < 1), so a row on
    one real quantity is written with the earlier rows' conditions taken out."""
    rows, earlier = [], []
    for value, c in expr.args:
        shown = c
        if earlier and c is not sympy.true:
            whole = _whole(sympy.And(c, *[sympy.Not(e) for e in earlier]))
            shown = c if whole is None else whole
        rows.append((value, shown))
        earlier.append(c)
    return rows


def _whole(cond: sympy.Basic) -> sympy.Basic | None:
    """A condition as bounds on the one quantity it compares (x + b < 0, x³ + x < 1), else
    as bounds on its one real symbol; None where it is neither."""
    found = quantity_set(cond) or of_one_symbol(cond)
    return None if found is None else bounds(*found)


def _on_one_quantity(cond: sympy.Basic) -> sympy.Basic:
    """¬(t < 0 ∨ t < 1), of the cases' indicators, as the bounds it is (t ≥ 1), where it is
    an interval of one real quantity; the notation has no ¬, ∨ or ∧."""
    if isinstance(cond, sympy.core.relational.Relational):
        return cond
    whole = _whole(cond)
    return cond if whole is None else whole


def _chain(expr: sympy.Basic) -> tuple | None:
    """(low, <, t, ≤, high) for a ∧ of a lower and an upper bound on one quantity t."""
    if len(expr.args) != 2 or not all(isinstance(a, sympy.core.relational.Relational)
                                      for a in expr.args):
        return None
    each = [_bound(a) for a in expr.args]
    for t in {side for a in expr.args for side in (a.lhs, a.rhs)}:
        sides = [b.get(t) for b in each]
        if None in sides or sides[0][0] == sides[1][0]:
            continue
        (_, low, low_sign), (_, high, high_sign) = sorted(sides, key=lambda s: s[0] != "low")
        return low, low_sign, t, high_sign, high
    return None


def _bound(r: sympy.Basic) -> dict:
    """Each side t of a relation, as ("low" or "high", the other side, the sign between them
    written low-to-high): x < 1 is {x: ("high", 1, "<"), 1: ("low", x, "<")}."""
    sign = {sympy.StrictLessThan: "<", sympy.LessThan: r"\le",
            sympy.StrictGreaterThan: "<", sympy.GreaterThan: r"\le"}[type(r)]
    small, big = (r.lhs, r.rhs) if isinstance(r, (sympy.StrictLessThan, sympy.LessThan)) \
        else (r.rhs, r.lhs)
    return {big: ("low", small, sign), small: ("high", big, sign)}


def _reciprocal(e: sympy.Basic) -> bool:
    return isinstance(e, HadamardPower) and e.exp.is_Number and e.exp < 0


def _inverted(e: HadamardPower) -> sympy.Basic:
    return e.base if e.exp == -1 else HadamardPower(e.base, -e.exp)


def _printer_of(shown: str):
    """How the printer writes a function of the vocabulary: ``shown``, then (u)."""
    def print_function(self: Printer, expr: sympy.Basic, exp: str | None = None) -> str:
        text = rf"{shown}\left({self._print(expr.args[0])}\right)"
        return rf"{text}^{{{exp}}}" if exp else text
    return print_function


def _print_user_function(self: Printer, expr: sympy.Basic, exp: str | None = None) -> str:
    """A function of conf.py, as its row says (\\operatorname{softplus}(u))."""
    return _printer_of(type(expr).row.shown)(self, expr, exp)


Printer._print_UserFunction = _print_user_function

for _function in FUNCTIONS:
    if _function.shown:  # a function of our own: SymPy does not know how to write it
        setattr(Printer, f"_print_{_function.node.__name__}", _printer_of(_function.shown))


_BRACED_CALL = re.compile(r"(?P<name>\\[A-Za-z]+|\\operatorname\{[A-Za-z]+\})"
                          r"\{\\left\((?P<arg>.*)\\right\)\}", re.DOTALL)

def _unbraced(text: str) -> str:
    """\\name{\\left(u\\right)} as \\name\\left(u\\right); anything else as it is."""
    found = _BRACED_CALL.fullmatch(text)
    return rf"{found['name']}\left({found['arg']}\right)" if found else text


_ATOMS = (sympy.Symbol, sympy.MatrixSymbol, sympy.OneMatrix, sympy.ZeroMatrix, sympy.Identity,
          sympy.Number, sympy.Function, Partial, MatrixPartial, sympy.ImmutableDenseMatrix)


def _atomic(e: sympy.Basic) -> bool:
    """Printed as one unit, never needing parentheses around it."""
    from sympy.matrices.expressions import DiagMatrix
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
    if isinstance(e, sympy.Number):
        return e >= 0 and (e.is_Integer or e.is_Float)
    if isinstance(e, ElementwiseApplyFunction):
        lifted = lift(e)
        return lifted is e or _atomic(lifted)
    if isinstance(e, DiagMatrix):
        return True
    if isinstance(e, Transpose):
        return _atomic(e.arg) and not isinstance(e.arg, Transpose)
    if isinstance(e, sympy.Piecewise):
        return indicator_condition(e) is not None
    return isinstance(e, _ATOMS)
