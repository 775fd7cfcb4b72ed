"""The vocabulary of the reader and the symbols one derivation shares.

The names the notation knows (Greek letters, styles, transpose marks,
relations, the element-wise functions of the vocabulary), a symbol's declared
kind and shape (``Declaration``), the symbol table shared by every text of a
derivation (``Notation``), and what derivative operators in steps need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sympy
from sympy.matrices.expressions import MatrixSymbol
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..nodes import MAX_BITS, MAX_DIGITS, integer_scalar, is_matrix, settled  # noqa: F401
from ..results import DEFAULT_HADAMARD, NUMERATOR
from ..vocabulary import BY_NAME, Function
from .shapes import ShapeContext

SCALAR, VECTOR, MATRIX = "scalar", "vector", "matrix"
#: Structures a declaration can give: \mathbb{S}^{n}, \mathbb{S}^{n}_{++}, \Delta^{q}.
SYMMETRIC, SPD, SIMPLEX = "symmetric", "symmetric positive definite", "probability vector"
#: Scalars a declaration makes whole numbers: k \in \mathbb{Z}, k \in \mathbb{N} (0, 1, 2, ...).
INTEGER, NATURAL = "integer", "natural"

GREEK_LOWER = {r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\zeta",
               r"\eta", r"\theta", r"\vartheta", r"\iota", r"\kappa", r"\lambda", r"\mu", r"\nu",
               r"\xi", r"\pi", r"\rho", r"\sigma", r"\tau", r"\upsilon", r"\phi", r"\varphi",
               r"\chi", r"\psi", r"\omega", r"\ell"}  # \ell: the usual name of a loss
GREEK_UPPER = {r"\Gamma", r"\Delta", r"\Theta", r"\Lambda", r"\Xi", r"\Pi", r"\Sigma",
               r"\Upsilon", r"\Phi", r"\Psi", r"\Omega"}
VECTOR_STYLES = {r"\mathbf", r"\vec", r"\boldsymbol", r"\bm"}
#: Accents that make a new symbol name of the same kind: \hat{\mathbf{y}}, \tilde{x}, \bar{x}.
ACCENTS = {r"\hat", r"\tilde", r"\bar", r"\widehat", r"\widetilde", r"\overline", r"\check",
           r"\breve"}
SIZING = {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr",
          r"\big", r"\Big", r"\bigg", r"\Bigg", r"\left.", r"\right."}
TRANSPOSE_MARKS = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}"}
OPERATOR_NAMES = {r"\operatorname", r"\mathrm", r"\text", r"\textrm", r"\textnormal"}
RELATIONS = {"<": sympy.StrictLessThan, ">": sympy.StrictGreaterThan,
             r"\le": sympy.LessThan, r"\leq": sympy.LessThan, r"\leqslant": sympy.LessThan,
             r"\ge": sympy.GreaterThan, r"\geq": sympy.GreaterThan,
             r"\geqslant": sympy.GreaterThan}
EQUALITIES = ("=", r"\neq", r"\ne")  # in a condition: both comparisons, or either strict one

_t = sympy.Dummy("t", real=True)


def _elementwise(f: Callable[[sympy.Expr], sympy.Expr]) -> Callable[[sympy.Expr], sympy.Expr]:
    """Lift a scalar function to act on each entry of a vector or matrix."""
    body = f(_t)
    kink = body.has(sympy.Max, sympy.Abs, sympy.sign)

    def apply(arg: sympy.Expr) -> sympy.Expr:
        if kink:  # a constant factor that is exactly 0 is 0 (max(0, c x) with c = 0)
            arg = settled(arg)
        if is_matrix(arg):
            return ElementwiseApplyFunction(sympy.Lambda(_t, body), arg)
        if arg.is_number:  # the function itself: a kink decides a constant SymPy cannot compare
            return f(arg)
        return body.xreplace({_t: arg})
    return apply


#: Element-wise functions by the name they are written with (from the vocabulary).
FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    name: _elementwise(f.build) for name, f in BY_NAME.items()}
MAX_DEPTH = 50  # nested groups and arguments; deeper input is refused, not recursed into
PRODUCT_OPS = {r"\times", "*"}
ELEMENTWISE_DIVISION = {r"\oslash"}
MATRIX_FUNCTIONS = {"tr", "Tr", "trace", "diag", "sum", "det", "softmax", "logsumexp", "LSE"}


@dataclass
class Declaration:
    """A symbol's declared kind and shape, with where it was declared."""

    name: str
    kind: str
    rows: sympy.Expr | None = None
    cols: sympy.Expr | None = None
    span: tuple[int, int] = (0, 0)
    structure: str = ""  # SYMMETRIC, SPD, SIMPLEX, INTEGER or NATURAL; '' for a general one


@dataclass
class Notation:
    """Symbols and shapes shared by every text of one derivation.

    The function, ``:wrt:``, ``:expect:`` and each step are parsed against
    one ``Notation`` so they share symbols and dimensions.
    """

    declarations: dict[str, Declaration] = field(default_factory=dict)
    hadamard: tuple[str, ...] = DEFAULT_HADAMARD
    shapes: ShapeContext = field(default_factory=ShapeContext)
    symbols: dict[str, sympy.Basic] = field(default_factory=dict)
    counts: set[str] = field(default_factory=set)
    #: Free indices by letter: the j of x_j outside any sum binding j (families.py).
    indices: dict[str, sympy.Symbol] = field(default_factory=dict)
    index_vectors: dict[str, str] = field(default_factory=dict)  # the vector first indexed
    #: Functions of a sample (names.py): \boldsymbol{\phi}(\mathbf{x}_n) → \mathbf{x}_n.
    applied: dict[str, str] = field(default_factory=dict)
    #: Names that :where: defines (definitions.py): \hat{\mathbf{y}} → softmax(\mathbf{z}).
    definitions: dict[str, sympy.Basic] = field(default_factory=dict)
    #: Functions :where: defines by a formula: p → ((x, \beta), its formula's text).
    formulas: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    applying: set[str] = field(default_factory=set)  # the formulas being read (no recursion)
    per_sample: dict[str, str] = field(default_factory=dict)
    #: How the author wrote things, for the printer: each sum's terms in their order, and the
    #: products written as dot products (\cdot).
    written: dict[sympy.Basic, tuple[sympy.Basic, ...]] = field(default_factory=dict)
    dots: set[sympy.Basic] = field(default_factory=set)
    #: The functions of conf.py (matcalc_functions) by name: vocabulary rows.
    functions: dict[str, Function] = field(default_factory=dict)
    #: Pairs of cases whose conditions may both hold, read since the last look: (value of
    #: case i, value of case j, both conditions, the cases' span, i, j); the values must agree
    #: there (a reader takes cases as exclusive), which the judge decides (judge/cases.py).
    overlaps: list[tuple] = field(default_factory=list)

    def function(self, name: str) -> Callable[[sympy.Expr], sympy.Expr] | None:
        """The element-wise function written ``name``: one of conf.py's, else the vocabulary's."""
        if name in self.functions:
            return _elementwise(self.functions[name].build)
        return FUNCTIONS.get(name)

    def prime(self, name: str) -> Callable[[sympy.Expr], sympy.Expr] | None:
        """The derivative f' of the function written ``name``, element-wise (None: it has no
        derivative of its own)."""
        row = self.functions.get(name) or BY_NAME.get(name)
        if row is None or row.derivative is None:
            return None
        return _elementwise(row.derivative)

    def note_sum(self, total: sympy.Basic, left: sympy.Basic, right: sympy.Basic) -> None:
        """Remember the order in which the author wrote ``total`` = left + right."""
        if isinstance(total, (sympy.Add, sympy.MatAdd)):
            before = self.written.get(left, (left,))
            self.written[total] = (*before, right)

    def declare(self, decls: list[Declaration]) -> None:
        """Add declarations; a later one overrides an earlier (configuration) one."""
        for d in decls:
            self.declarations[d.name] = d

    def structures(self) -> tuple[tuple[str, str], ...]:
        """(name, structure) of every symbol declared with one (\\mathbb{S}^{n}, \\Delta^{q})."""
        return tuple(sorted((d.name, d.structure) for d in self.declarations.values()
                            if d.structure and d.structure not in (INTEGER, NATURAL)))

    def symbol(self, name: str, kind: str, span: tuple[int, int]) -> sympy.Basic:
        """The SymPy object for a symbol name, made on first use (a defined name: what it
        stands for)."""
        if name in self.definitions:
            return self.definitions[name]
        if name in self.symbols:
            return self.symbols[name]
        decl = self.declarations.get(name)
        if decl is not None:
            kind = decl.kind
        if name in self.counts:
            obj: sympy.Basic = sympy.Symbol(name, integer=True, positive=True)
        elif kind == SCALAR and decl is not None and decl.structure in (INTEGER, NATURAL):
            obj = integer_scalar(name, natural=decl.structure == NATURAL)
        elif kind == SCALAR:
            obj = sympy.Symbol(name, real=True)
        else:
            rows = decl.rows if decl and decl.rows is not None else self.shapes.fresh()
            cols = (decl.cols if decl and decl.cols is not None
                    else sympy.Integer(1) if kind == VECTOR else self.shapes.fresh())
            obj = MatrixSymbol(name, rows, cols)
        self.symbols[name] = obj
        return obj

    def dimension_names(self) -> set[str]:
        """Declared sizes and sample counts: names that stand for positive integers."""
        names = set(self.counts)
        for decl in self.declarations.values():
            names |= {s.name for d in (decl.rows, decl.cols) if d is not None
                      for s in sympy.sympify(d).free_symbols}  # the p of p+1 too
        return names

    def kind_of(self, name: str) -> str | None:
        """The kind a name has here, if it has been used, declared or defined."""
        if name in self.symbols or name in self.definitions:
            obj = self.definitions.get(name, self.symbols.get(name))
            if not is_matrix(obj):
                return SCALAR
            return VECTOR if obj.shape[1] == 1 else MATRIX
        decl = self.declarations.get(name)
        return decl.kind if decl else None

    def take_overlaps(self) -> list[tuple]:
        """The overlapping cases read since the last call (resolved shapes), and forget them."""
        taken, self.overlaps = self.overlaps, []
        return [(*self.finish(a, b, both), span, i, j) for a, b, both, span, i, j in taken]

    def finish(self, *exprs: sympy.Basic) -> list[sympy.Basic]:
        """Replace placeholder dimensions by what use fixed, or by fresh names."""
        taken = {_text(d) for decl in self.declarations.values() for d in (decl.rows, decl.cols)
                 if d is not None}
        mapping = self.shapes.resolution(taken)
        self.symbols = {k: v.xreplace(mapping) for k, v in self.symbols.items()}
        self.written = {k.xreplace(mapping): tuple(t.xreplace(mapping) for t in v)
                        for k, v in self.written.items()}
        self.dots = {d.xreplace(mapping) for d in self.dots}
        return [e.xreplace(mapping) for e in exprs]


@dataclass(frozen=True)
class Operators:
    """What derivative operators in an author's steps need: the page's layout, and the
    function's own name (``a`` of ``a = ...``), which stands for the function there, with the
    arguments it is written with (``C(\\mathbf{w}, b)``: their text and symbols, or None)."""

    layout: str
    names: dict[str, sympy.Basic] = field(default_factory=dict)
    arguments: dict[str, tuple[str, tuple[sympy.Basic, ...] | None]] = field(
        default_factory=dict)


def derivative_shape(of: sympy.Basic, by: sympy.Basic,
                     layout: str) -> tuple[sympy.Expr, sympy.Expr] | None:
    """The shape of ∂of/∂by in ``layout`` (None for a scalar), as SPEC §4 tabulates it."""
    rows = of.shape[0] if is_matrix(of) else sympy.Integer(1)
    if not is_matrix(by):
        return of.shape if is_matrix(of) else None
    if by.shape[1] == 1:  # a vector of length n: m×n
        shape = (rows, by.shape[0])
    elif not is_matrix(of):  # a scalar by a p×q matrix: q×p
        shape = (by.shape[1], by.shape[0])
    else:  # a tensor: the engine refuses it when it is evaluated
        return of.shape
    return shape if layout == NUMERATOR else (shape[1], shape[0])


def _text(d: Any) -> str:
    """A size as written (a symbol's name without SymPy's printer, which is slow)."""
    return d.name if isinstance(d, sympy.Symbol) else str(d)
