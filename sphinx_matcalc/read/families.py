"""Free indices: x_j, the entry of a declared vector where no sum binds j, and its family.

A text with a free index j (``(y - g(\\theta^T x)) x_j`` with x ∈ ℝ^d) stands for the
family of its members j = 1, …, d. ``stack`` reads the family as the column of its
members, exactly: each rule below gives, at row j, the member in which x_j is the j-th
entry of x, so a comparison of two stacks compares every member, for every j. What the
rules do not cover is refused with a message naming it, never approximated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy
from sympy.matrices.expressions import (HadamardPower, HadamardProduct, Identity, MatAdd,
                                        MatMul, MatrixSlice, OneMatrix, Transpose, ZeroMatrix)
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..errors import MatcalcError, Subtype
from ..nodes import flat_matmul, is_matrix, scalar_of

_t = sympy.Dummy("t", real=True)


def free_index(letter: str) -> sympy.Symbol:
    """The symbol of the free index written ``letter`` (a Dummy: never a size or a value)."""
    return sympy.Dummy(letter, integer=True, positive=True)


def entry(vector: sympy.Basic, index: sympy.Symbol) -> sympy.Expr:
    """x_j: entry ``index`` of the column vector ``vector``."""
    return MatrixElement(vector, index, 0)


def is_entry(expr: sympy.Basic, index: sympy.Symbol | None = None) -> bool:
    """Is ``expr`` an entry x_j of a vector by a free index (by ``index``, if given)?"""
    return (isinstance(expr, MatrixElement) and isinstance(expr.args[1], sympy.Dummy)
            and expr.args[2] == 0 and (index is None or expr.args[1] == index)
            and not expr.args[0].has(expr.args[1]))


def indices_of(expr: sympy.Basic) -> list[sympy.Symbol]:
    """The free indices ``expr`` uses, in a fixed order."""
    found = {e.args[1] for e in sympy.preorder_traversal(expr) if is_entry(e)}
    found |= {e.colslice[1] for e in sympy.preorder_traversal(expr)
              if isinstance(e, MatrixSlice) and isinstance(e.colslice[1], sympy.Dummy)
              and _is_basis(e, e.colslice[1])}
    return sorted(found, key=lambda s: (s.name, s.dummy_index))


def length(expr: sympy.Basic, index: sympy.Symbol, written: str) -> sympy.Expr | None:
    """The number of members of the family of ``expr`` over ``index``: the length of the
    vectors it indexes, which must all be the same (None where it indexes none: e_i only)."""
    lengths = {e.args[0].shape[0] for e in sympy.preorder_traversal(expr) if is_entry(e, index)}
    if not lengths:
        return None
    if len(lengths) != 1:
        sizes = " and ".join(sorted(str(n) for n in lengths))
        raise MatcalcError(f"{written}: {index.name} indexes vectors of different lengths "
                           f"({sizes}), so it does not say how many members the family over "
                           f"{index.name} has; index vectors of one length by one letter.",
                           Subtype.SHAPE)
    return lengths.pop()


def basis(size: sympy.Expr, index: sympy.Symbol) -> sympy.Expr:
    """\\mathbf{e}_i: the i-th standard basis vector of length ``size`` (column i of I)."""
    return MatrixSlice(Identity(size), (0, size, 1), (index - 1, index, 1))


def _is_basis(e: sympy.Basic, index: sympy.Symbol) -> bool:
    return (isinstance(e, MatrixSlice) and isinstance(e.parent, Identity)
            and e.colslice[:2] == (index - 1, index))


def stack(expr: sympy.Basic, index: sympy.Symbol, size: sympy.Expr, written: str) -> sympy.Expr:
    """The family of ``expr`` (scalars, or rows 1×k) over ``index`` = 1..size, as the matrix
    whose row j is member j."""
    if is_matrix(expr) and expr.shape[0] != 1:
        raise _refuse(written, index, "its members are columns or matrices; a family of scalars "
                      "or of rows is read (a derivative in numerator layout is a row, e_i^T)")
    return _stack(expr, index, size, written)


def _stack(e: sympy.Basic, index: sympy.Symbol, size: sympy.Expr, written: str) -> sympy.Expr:
    if not e.has(index):  # the same for every member
        if is_matrix(e):
            return flat_matmul(OneMatrix(size, 1), e)
        return ZeroMatrix(size, 1) if e == 0 else flat_matmul(e, OneMatrix(size, 1))
    if is_entry(e, index):
        return e.args[0]
    again = lambda part: _stack(part, index, size, written)  # noqa: E731
    if isinstance(e, Transpose):
        inner = e.arg
        if _is_basis(inner, index):  # e_iᵀ: row i of I
            if inner.shape[0] != size:
                raise _refuse(written, index, f"e_{index.name} has {inner.shape[0]} entries, "
                              f"but the family has {size} members")
            return Identity(size)
        if isinstance(inner, MatAdd):
            return MatAdd(*(again(Transpose(a)) for a in inner.args))
        if isinstance(inner, MatMul):
            return again(flat_matmul(*(a if not is_matrix(a) else Transpose(a)
                                       for a in reversed(inner.args))))
        if isinstance(inner, Transpose):
            return again(inner.arg)
    if isinstance(e, MatAdd):
        return MatAdd(*(again(a) for a in e.args))
    if isinstance(e, MatMul):
        scalars = sympy.Mul(*(a for a in e.args if not is_matrix(a)))
        matrices = [a for a in e.args if is_matrix(a)]
        if not any(m.has(index) for m in matrices):  # (c_j) times a product: rows c_j P
            return flat_matmul(again(scalars), *matrices)
        if not any(m.has(index) for m in matrices[1:]):  # c_j R_j P: R's rows scaled
            rows = again(matrices[0])
            if scalars.has(index):
                ones = OneMatrix(1, matrices[0].shape[1])
                return flat_matmul(HadamardProduct(flat_matmul(again(scalars), ones), rows),
                                   *matrices[1:])
            return flat_matmul(scalars, rows, *matrices[1:])
    if isinstance(e, MatrixElement) and e.args[1:] == (0, 0) and isinstance(e.args[0], MatMul):
        scalars = [a for a in e.args[0].args if not is_matrix(a)]  # (x_j θᵀx)[0, 0]
        matrices = [a for a in e.args[0].args if is_matrix(a)]
        if not any(m.has(index) for m in matrices):
            return flat_matmul(scalar_of(MatMul(*matrices)), again(sympy.Mul(*scalars)))
    if is_matrix(e):
        raise _refuse(written, index, f"{index.name} occurs in a {type(e).__name__} of rows, "
                      "which no rule of the family reads")
    if isinstance(e, sympy.Add):
        return MatAdd(*(again(a) for a in e.args))
    if isinstance(e, sympy.Mul):
        same = [a for a in e.args if not a.has(index)]
        varying = [again(a) for a in e.args if a.has(index)]
        column = varying[0] if len(varying) == 1 else HadamardProduct(*varying)
        return flat_matmul(sympy.Mul(*same), column) if same else column
    if isinstance(e, sympy.Pow) and not e.exp.has(index):
        return HadamardPower(again(e.base), e.exp)
    if isinstance(e, sympy.Function) and not isinstance(e, sympy.Piecewise) \
            and sum(a.has(index) for a in e.args) == 1:
        varying = next(a for a in e.args if a.has(index))  # log(x_j), g(θᵀx + x_j), max(0, x_j)
        if not is_matrix(varying):
            body = e.xreplace({varying: _t})
            return ElementwiseApplyFunction(sympy.Lambda(_t, body), again(varying))
    raise _refuse(written, index, f"{index.name} occurs in {type(e).__name__.lower()} "
                  "in a way no rule of the family reads")


def _refuse(written: str, index: sympy.Symbol, why: str) -> MatcalcError:
    return MatcalcError(f"{written} has the free index {index.name}, which makes it the family "
                        f"of its members {index.name} = 1, 2, …; this family is not read: "
                        f"{why}.", Subtype.UNSUPPORTED)


@dataclass(frozen=True)
class Family:
    """A derivation over a free index: its index, its number of members, and whether the
    variable is the entry (∂f/∂θ_j) or the function is the family (∂z_i/∂z)."""

    index: sympy.Symbol
    size: sympy.Expr
    by_entry: bool
    vector: sympy.Basic | None = None  # θ of :wrt: θ_j

    def note(self, show: Callable[[sympy.Basic], str]) -> str:
        """What the free index makes of the derivation, said beside it and in a wrong claim's
        message (``show`` prints a formula)."""
        j, size = show(self.index), show(self.size)
        if self.by_entry:
            of = show(self.vector)
            return (f"The derivative by {of}_{j} is entry {j} of the derivative by {of} shown, "
                    f"for each {j} = 1, …, {size}; a claim in {j} is checked for every {j}.")
        return (f"The function has the free index {j}: it is the family of its members "
                f"{j} = 1, …, {size}, shown as the vector of them; a claim in {j} is checked "
                f"for every {j}.")


def family_of(function: sympy.Basic, variables: list[sympy.Basic], function_text: str,
              wrt_text: str) -> tuple[sympy.Basic, list[sympy.Basic], Family | None]:
    """The function and variables as the engine takes them, and the family they make: a
    function with a free index i is the column of its members; :wrt: θ_j is θ, whose
    gradient's entry j is ∂f/∂θ_j."""
    family = None
    found = indices_of(function)
    if len(found) > 1:
        raise MatcalcError(f"{function_text.strip()} has the free indices "
                           f"{', '.join(i.name for i in found)}; a family over one index is "
                           "read, not over several.", Subtype.UNSUPPORTED)
    if found:
        size = length(function, found[0], function_text.strip())
        if size is None:
            raise MatcalcError(f"{function_text.strip()}: the free index {found[0].name} "
                               "indexes no vector's entries, so nothing says how many members "
                               "its family has.", Subtype.UNSUPPORTED)
        function = stack(function, found[0], size, function_text.strip())
        family = Family(found[0], size, by_entry=False)
    entries = [v for v in variables if is_entry(v)]
    if not entries:
        return function, variables, family
    if family is not None or len(variables) > 1 or is_matrix(function):
        why = ("the function has a free index too" if family is not None else
               "it is one of several :wrt: variables" if len(variables) > 1 else
               "the function is not a scalar")
        raise MatcalcError(f"{wrt_text.strip()} is an entry of a vector by a free index, and "
                           f"{why}: a derivative by an entry is read for one scalar function, "
                           "as the family of the gradient's entries.", Subtype.UNSUPPORTED)
    vector, index = entries[0].args[0], entries[0].args[1]
    return function, [vector], Family(index, vector.shape[0], by_entry=True, vector=vector)


def claim_family(claim: sympy.Basic, family: Family | None, text: str,
                 layout: str = "numerator") -> sympy.Basic:
    """A claim with the derivation's free index, as the stack of its members (rows; in
    denominator layout a function's members are columns, stacked side by side); a free index
    the derivation does not have is refused (it would bind nothing)."""
    found, written = indices_of(claim), text.strip()
    if found and (family is None or found != [family.index]):
        stray = [i.name for i in found if family is None or i != family.index]
        bound = "" if family is None else f" (the derivation's index is {family.index.name})"
        raise MatcalcError(f"The claim {written} has the free index {', '.join(stray)}, which "
                           f"nothing in the derivation binds{bound}: write the index the "
                           "function or :wrt: uses.", Subtype.UNCHECKED)
    if family is None:
        return claim
    j = family.index.name
    size = length(claim, family.index, written)
    if size is not None and size != family.size:
        raise MatcalcError(f"The claim {written}: {j} indexes vectors of length {size} here, "
                           f"but the derivation's family has {family.size} members.",
                           Subtype.SHAPE)
    if family.by_entry:  # ∂f/∂θ_j: a scalar for each j
        if is_matrix(claim):
            raise MatcalcError(f"The claim {written} is a vector or matrix, but a derivative by "
                               f"an entry ({j} = 1, 2, …) is a scalar for each {j}: write it "
                               f"with the entries, as x_{j}.", Subtype.WRONG)
        return stack(claim, family.index, family.size, written)
    columns = layout == "denominator"  # each member's derivative: a row, or a column
    rows, cols = claim.shape if is_matrix(claim) else (1, 1)
    member = (cols if columns else rows) == 1
    if not found and (not member or family.size == 1 or claim == 0):
        return claim  # a claim written as the whole stack is compared as it is
    if not member:
        shape = "row" if columns else "column"
        raise MatcalcError(f"The claim {written} is a {shape} for each {j}, but in {layout} "
                           f"layout the derivative of each member is a "
                           f"{'column' if columns else 'row'}: write its transpose, or set "
                           f":layout: {'numerator' if columns else 'denominator'}.",
                           Subtype.WRONG)
    if columns and is_matrix(claim):
        return Transpose(stack(Transpose(claim), family.index, family.size, written))
    return stack(claim, family.index, family.size, written)
