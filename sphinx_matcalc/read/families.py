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
from sympy.matrices.expressions import (HadamardPower, HadamardProduct, MatAdd, MatMul,
                                        OneMatrix, ZeroMatrix)
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
    return sorted(found, key=lambda s: (s.name, s.dummy_index))


def length(expr: sympy.Basic, index: sympy.Symbol, written: str) -> sympy.Expr:
    """The number of members of the family of ``expr`` over ``index``: the length of the
    vectors it indexes, which must all be the same."""
    lengths = {e.args[0].shape[0] for e in sympy.preorder_traversal(expr) if is_entry(e, index)}
    if len(lengths) != 1:
        sizes = " and ".join(sorted(str(n) for n in lengths))
        raise MatcalcError(f"{written}: {index.name} indexes vectors of different lengths "
                           f"({sizes}), so it does not say how many members the family over "
                           f"{index.name} has; index vectors of one length by one letter.",
                           Subtype.SHAPE)
    return lengths.pop()


def stack(expr: sympy.Basic, index: sympy.Symbol, size: sympy.Expr, written: str) -> sympy.Expr:
    """The family of the scalar ``expr`` over ``index`` = 1..size, as the column of its members."""
    if is_matrix(expr):
        raise _refuse(written, index, "its members are vectors or matrices; only a family of "
                      "scalars is read (write each entry of a vector as x_j)")
    return _stack(expr, index, size, written)


def _stack(e: sympy.Basic, index: sympy.Symbol, size: sympy.Expr, written: str) -> sympy.Expr:
    if not e.has(index):  # the same for every member
        return ZeroMatrix(size, 1) if e == 0 else flat_matmul(e, OneMatrix(size, 1))
    if is_entry(e, index):
        return e.args[0]
    again = lambda part: _stack(part, index, size, written)  # noqa: E731
    if isinstance(e, MatrixElement) and e.args[1:] == (0, 0) and isinstance(e.args[0], MatMul):
        scalars = [a for a in e.args[0].args if not is_matrix(a)]  # (x_j θᵀx)[0, 0]
        matrices = [a for a in e.args[0].args if is_matrix(a)]
        if not any(m.has(index) for m in matrices):
            return flat_matmul(scalar_of(MatMul(*matrices)), again(sympy.Mul(*scalars)))
    if isinstance(e, sympy.Add):
        return MatAdd(*(again(a) for a in e.args))
    if isinstance(e, sympy.Mul):
        same = [a for a in e.args if not a.has(index)]
        varying = [again(a) for a in e.args if a.has(index)]
        column = varying[0] if len(varying) == 1 else HadamardProduct(*varying)
        return flat_matmul(sympy.Mul(*same), column) if same else column
    if isinstance(e, sympy.Pow) and not e.exp.has(index):
        return HadamardPower(again(e.base), e.exp)
    if isinstance(e, sympy.Function) and not isinstance(e, sympy.Piecewise) and sum(a.has(index) for a in e.args) == 1:
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


def claim_family(claim: sympy.Basic, family: Family | None, text: str) -> sympy.Basic:
    """A claim with the derivation's free index, as the column of its members; a free index
    the derivation does not have is refused (it would bind nothing)."""
    found = indices_of(claim)
    if not found:
        if family is None or not family.by_entry:
            return claim
        if is_matrix(claim):
            raise MatcalcError(f"The claim {text.strip()} is a vector or matrix, but a derivative "
                               f"by an entry ({family.index.name} = 1, 2, …) is a scalar for "
                               f"each {family.index.name}: write it with the entries, as x_"
                               f"{family.index.name}.", Subtype.WRONG)
        return stack(claim, family.index, family.size, text.strip())  # the same for every j
    if family is None or found != [family.index]:
        stray = [i.name for i in found if family is None or i != family.index]
        bound = "" if family is None else f" (the derivation's index is {family.index.name})"
        raise MatcalcError(f"The claim {text.strip()} has the free index {', '.join(stray)}, "
                           f"which nothing in the derivation binds{bound}: write the index the "
                           "function or :wrt: uses.", Subtype.UNCHECKED)
    size = length(claim, family.index, text.strip())
    if size != family.size:
        raise MatcalcError(f"The claim {text.strip()}: {family.index.name} indexes vectors of "
                           f"length {size} here, but the derivation's family has {family.size} "
                           "members.", Subtype.SHAPE)
    return stack(claim, family.index, size, text.strip())
