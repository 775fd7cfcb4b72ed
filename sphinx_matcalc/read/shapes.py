"""Shapes with symbolic dimensions: inference by unification, and checks.

SymPy skips conformance checks when dimensions are symbols, so every typed
constructor the parser uses lives here and checks shapes itself. Unknown
dimensions are placeholders unified as the expression is read; declared
dimensions (``m``, ``n``, ``3``) only equal themselves.
"""

from __future__ import annotations

import itertools
from typing import Iterable

import sympy
from sympy.matrices.expressions import (HadamardPower, HadamardProduct, Identity, MatAdd, MatMul,
                                        OneMatrix, Transpose)

from ..errors import MatcalcError, Subtype
from ..nodes import dimension, flat_matmul, is_matrix, scalar_of

#: Names given to dimensions no declaration fixed, in this order.
NICE_DIMENSIONS = ["n", "m", "k", "p", "q", "r", "s", "d", "h", "l"]


class ShapeContext:
    """Union-find over dimensions, and the shape-checked constructors."""

    def __init__(self, source: str = "") -> None:
        self.source = source
        self._parent: dict[sympy.Expr, sympy.Expr] = {}
        self._unknown: set[sympy.Symbol] = set()
        self._counter = itertools.count(1)
        self._named: set[str] = set()
        #: Scalars added to what may be a matrix, decided when the text's shapes are known.
        self.scalar_sums: list[tuple[sympy.Expr, tuple[int, int], tuple[int, int]]] = []

    # -- dimensions -------------------------------------------------------
    def fresh(self) -> sympy.Symbol:
        """A placeholder dimension, to be fixed by use."""
        d = sympy.Symbol(f"_d{next(self._counter)}", integer=True, positive=True)
        self._unknown.add(d)
        return d

    def find(self, d: sympy.Expr) -> sympy.Expr:
        while d in self._parent:
            d = self._parent[d]
        return d

    def equal(self, a: sympy.Expr, b: sympy.Expr) -> bool:
        return self.find(a) == self.find(b)

    def unify(self, a: sympy.Expr, b: sympy.Expr) -> bool:
        """Make two dimensions equal if either is unknown; False if they cannot be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if ra in self._unknown:
            self._parent[ra] = rb
            return True
        if rb in self._unknown:
            self._parent[rb] = ra
            return True
        return False

    def is_unknown(self, d: sympy.Expr) -> bool:
        """Is ``d`` still a placeholder that no declaration or use has fixed?"""
        return self.find(d) in self._unknown

    def shape(self, expr: sympy.Basic) -> tuple[sympy.Expr, sympy.Expr] | None:
        """(rows, cols) with what is known so far, or None for a scalar."""
        if not is_matrix(expr):
            return None
        rows, cols = expr.shape  # (an explicit matrix's are Python ints)
        return self.find(sympy.sympify(rows)), self.find(sympy.sympify(cols))

    def resolution(self, taken: Iterable[str] = ()) -> dict[sympy.Symbol, sympy.Expr]:
        """Fix every placeholder: to what it was unified with, or to a fresh name.

        The choice is permanent (later texts of the same derivation see the
        same names), and a fresh name is never one already in use.
        """
        used = {str(s) for s in taken} | self._named
        names = (n for n in itertools.chain(NICE_DIMENSIONS, (f"n_{i}" for i in itertools.count(1)))
                 if n not in used)
        result: dict[sympy.Symbol, sympy.Expr] = {}
        for d in sorted(self._unknown, key=lambda s: int(str(s)[2:])):
            root = self.find(d)
            if root in self._unknown:
                fixed = dimension(next(names))
                self._named.add(str(fixed))
                self._parent[root] = fixed
                root = fixed
            result[d] = root
        return result

    # -- messages ---------------------------------------------------------
    def describe(self, expr: sympy.Basic) -> str:
        """'a scalar', 'a vector of length n', 'a row vector…', 'm×n'."""
        shape = self.shape(expr)
        if shape is None:
            return "a scalar"
        rows, cols = (self._show(d) for d in shape)
        if cols == "1":
            return "a vector" if rows == "?" else f"a vector of length {rows}"
        if rows == "1":
            return "a row vector" if cols == "?" else f"a row vector of length {cols}"
        return "a matrix" if "?" in (rows, cols) else f"{rows}×{cols}"

    def _show(self, d: sympy.Expr) -> str:
        d = self.find(d)
        return "?" if d in self._unknown else str(d)

    def error(self, message: str, span: tuple[int, int]) -> MatcalcError:
        return MatcalcError(message, Subtype.SHAPE, span[0], span[1], self.source)

    def text(self, span: tuple[int, int]) -> str:
        return self.source[span[0]:span[1]].strip()

    # -- typed constructors ------------------------------------------------
    def matmul(self, a: sympy.Expr, b: sympy.Expr, sa: tuple[int, int], sb: tuple[int, int]) -> sympy.Expr:
        """The product a·b: scalar scaling, or a matrix product with conforming inner sizes."""
        if not is_matrix(a) or not is_matrix(b):
            if is_matrix(a) or is_matrix(b):
                return flat_matmul(a, b)
            return sympy.Mul(a, b)
        ra, ca = self.shape(a)
        rb, cb = self.shape(b)
        if not self.unify(ca, rb):
            for one, other, first in ((a, b, True), (b, a, False)):
                if self._one_by_one(one):  # a 1×1 factor scales, as the 1×1 product xᵀA does
                    return flat_matmul(scalar_of(one), other) if first else \
                        flat_matmul(other, scalar_of(one))
            whole = (sa[0], sb[1])
            raise self.error(
                f"{self.text(whole)}: {self.text(sa)} is {self.describe(a)} but "
                f"{self.text(sb)} has {self._show(rb)} rows, so they cannot be multiplied "
                f"({self._show(ca)} ≠ {self._show(rb)}).{_fixed(a, b)}", whole)
        product = flat_matmul(a, b)
        if self.find(ra) == 1 and self.find(cb) == 1:
            return scalar_of(product)
        return product

    def _one_by_one(self, e: sympy.Expr) -> bool:
        """Is ``e`` a matrix known to be 1×1 (declared so, or made so by its use)?"""
        return all(self.find(d) == 1 for d in self.shape(e))

    def same_shape(self, a: sympy.Expr, b: sympy.Expr, sa: tuple[int, int], sb: tuple[int, int],
                   operation: str) -> None:
        """Require a and b to have one shape (for +, −, ⊙, ⊘)."""
        (ra, ca), (rb, cb) = self.shape(a), self.shape(b)
        one = sympy.Integer(1)
        crossed = (ca == one and rb == one and ra != one and cb != one) or (
            ra == one and cb == one and ca != one and rb != one)
        if crossed or not (self.unify(ra, rb) and self.unify(ca, cb)):
            # (a row against a column would otherwise make every size in between 1)
            whole = (sa[0], sb[1])
            raise self.error(
                f"{self.text(whole)}: cannot {operation} {self.text(sa)}, which is "
                f"{self.describe(a)}, and {self.text(sb)}, which is {self.describe(b)}."
                f"{_fixed(a, b)}", whole)

    def add(self, a: sympy.Expr, b: sympy.Expr, sa: tuple[int, int], sb: tuple[int, int]) -> sympy.Expr:
        """a + b; a scalar added to a vector or matrix is expanded (paper §4.3)."""
        if is_matrix(a) and is_matrix(b):
            self.same_shape(a, b, sa, sb, "add")
            return MatAdd(*_terms(a, MatAdd), *_terms(b, MatAdd))
        if is_matrix(a):
            self.note_scalar_sum(a, b, sa, sb)
            return MatAdd(*_terms(a, MatAdd), self.expand(b, a))
        if is_matrix(b):
            self.note_scalar_sum(b, a, sb, sa)
            return MatAdd(self.expand(a, b), *_terms(b, MatAdd))
        return sympy.Add(a, b)

    def note_scalar_sum(self, a: sympy.Expr, c: sympy.Expr, sa: tuple[int, int],
                          sc: tuple[int, int]) -> None:
        """The paper expands a scalar added to a vector (§4.3); added to a matrix it could mean
        c I as well as c times the ones (X − λ for X − λI), so the author must write which (0,
        the zero matrix either way, is the printer's own X + 0). Decided at the end of the
        text (``settle_scalar_sums``), once its use has fixed the shape."""
        if c != 0:
            self.scalar_sums.append((a, sa, sc))

    def settle_scalar_sums(self) -> None:
        """Refuse a scalar added to a matrix: one whose sizes are both known and not 1, or
        that is square (I, N²). An undeclared letter of no known shape is left to the
        message that it is used as a number (``undeclared.py``)."""
        pending, self.scalar_sums = self.scalar_sums, []
        for a, sa, sc in pending:
            rows, cols = (self.find(d) for d in a.shape)
            known = not ({rows, cols} & self._unknown) or rows == cols
            if not known or sympy.Integer(1) in (rows, cols):
                continue
            text, whole = self.text(sc), (min(sa[0], sc[0]), max(sa[1], sc[1]))
            shown = text if not any(sign in text.strip("-") for sign in "+- ") else f"({text})"
            r, k = (self._show(d) if self._show(d) != "?" else name
                    for d, name in zip((rows, cols), ("n", "n")))
            raise self.error(
                f"{self.text(whole)}: {self.text(sa)} is {self.describe(a)} and {text} a scalar; "
                f"a scalar added to a matrix could mean {shown} I or {shown} times the matrix of "
                f"ones. Write {shown} I, or {shown} \\mathbf{{1}}_{{{r} \\times {k}}}.", whole)

    def expand(self, scalar: sympy.Expr, like: sympy.Expr) -> sympy.Expr:
        """Scalar expansion: z becomes z·1 with the shape of ``like`` (paper §4.3)."""
        rows, cols = like.shape
        return MatMul(scalar, OneMatrix(rows, cols))

    def hadamard(self, a: sympy.Expr, b: sympy.Expr, sa: tuple[int, int], sb: tuple[int, int]) -> sympy.Expr:
        """Element-wise product; with a scalar operand it is plain scaling."""
        if not (is_matrix(a) and is_matrix(b)):
            return self.matmul(a, b, sa, sb)
        self.same_shape(a, b, sa, sb, "multiply element-wise")
        return HadamardProduct(*_terms(a, HadamardProduct), *_terms(b, HadamardProduct))

    def divide(self, a: sympy.Expr, b: sympy.Expr, sa: tuple[int, int], sb: tuple[int, int]) -> sympy.Expr:
        """a / b: by a scalar, or element-wise when b is a vector or matrix (⊘)."""
        if not is_matrix(b):
            return self.matmul(a, sympy.Pow(b, -1), sa, sb)
        reciprocal = HadamardPower(b, -1)
        if not is_matrix(a):
            return MatMul(a, reciprocal) if a != 1 else reciprocal
        return self.hadamard(a, reciprocal, sa, sb)

    def square(self, a: sympy.Expr, span: tuple[int, int], what: str) -> None:
        """Require a square matrix (for inverse, trace, determinant, powers)."""
        shape = self.shape(a)
        is_vector = shape is not None and a.shape[1] == 1 and a.shape[0] != 1
        if shape is None or is_vector or not self.unify(*shape):
            raise self.error(f"{self.text(span)}: {what} needs a square matrix, but "
                             f"{self.text(span)} is {self.describe(a)}.", span)

    def identity(self) -> sympy.Expr:
        """I, whose size is inferred from use."""
        return Identity(self.fresh())

    def transpose(self, a: sympy.Expr) -> sympy.Expr:
        return Transpose(a) if is_matrix(a) else a


def _fixed(*exprs: sympy.Expr) -> str:
    """A hint for a clash with a literal, whose entries fix its size ('' without one)."""
    literals = [m for e in exprs for m in sympy.preorder_traversal(e)
                if isinstance(m, sympy.ImmutableDenseMatrix)]
    if not literals:
        return ""
    rows, cols = literals[0].shape
    return (f" A \\begin{{bmatrix}} literal has the size its entries give it ({rows}×{cols} "
            "here): declare what it meets in :where: with sizes that fit it.")


def _terms(expr: sympy.Expr, cls: type) -> tuple:
    """The operands of ``expr`` if it is already a ``cls`` node, else (expr,)."""
    return expr.args if isinstance(expr, cls) else (expr,)
