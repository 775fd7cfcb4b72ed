"""Conditions that hold together nowhere: solved exactly on the one quantity they read, with
what a declared structure says of its values.

A term of claim − truth that is non-zero only where its conditions hold together is 0
everywhere when they hold nowhere, and no point need be sought for it. That is decided
exactly, never from points not found: on the one quantity the conditions read (a scalar, an
expression they all read through, one vector's entries), solved by SymPy's sets. A declared
structure adds only what it certainly makes true: a symmetric or definite Σ is its own
transpose (tr(Σ − Σᵀ)² > 0 reads 0 > 0), a definite one has det Σ > 0 and tr Σ > 0, a
probability vector's entries sum to 1 (1ᵀy − 1 is 0) and lie in [0, 1]. A condition those
facts do not rule out (tr((Σ − I)²) ≤ 0, true at Σ = I; tr Σ > 10⁴⁰⁰) is sought like any
other, and where no point is found the claim is unchecked.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import OneMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement

from .budget import within
from .draws import SIMPLEX, SPD, SYMMETRIC

NOWHERE_SECONDS = 0.5  # the exact solve of one target's conditions, at most


def nowhere(margins: tuple, closed: frozenset = frozenset(),
            structure: dict[str, str] | None = None) -> bool:
    """Do the margins (``under_structure``), all of one quantity, hold together nowhere
    (solved exactly, within NOWHERE_SECONDS)? The quantity is one scalar (𝟙[x² < 0], x > 3 ∧ x < 2), one expression
    they all read their values through (tr WᵀW < 1 ∧ √tr WᵀW > 1), or the entries of one
    vector under element-wise functions (x > 0 ∧ −x > 0, entry by entry). Holding nowhere
    for every value of the quantity, they hold nowhere for whatever values it can take. A
    margin in ``closed`` holds at 0 too (det(A)² ≤ 0 holds where det A = 0). Of a value
    with a declared structure, only the values it leaves are solved over (``_range``)."""
    kept = [m in closed for m in margins]
    structure = structure or {}
    if never(margins, closed):  # tr(Σ − Σᵀ)² > 0: 0 > 0
        return True
    t = sympy.Dummy("t", real=True)
    found = _entrywise(margins, t) or _one_quantity(margins, t)
    if found is None:
        return False
    scalar, quantity = found
    read = set().union(*(m.free_symbols for m in margins))
    # one size or count: its whole values only (n ≥ 3.2 and n ≤ 3 hold together at none)
    values = sympy.S.Integers if len(read) == 1 and read.pop().is_integer else sympy.S.Reals
    values = sympy.Intersection(values, _range(quantity, structure))

    def solve() -> bool:
        region = sympy.Intersection(values, *(
            sympy.solveset(m >= 0 if at else m > 0, t, sympy.S.Reals)
            for m, at in zip(scalar, kept)))
        return region is sympy.S.EmptySet

    return bool(within(NOWHERE_SECONDS, solve))


def _one_quantity(margins: tuple, t: sympy.Dummy) -> tuple | None:
    """(the margins as functions of one scalar t, what t stands for): a symbol, or the least
    expression of the first margin through which all of them read every value they have
    (never the margin itself, which says nothing); else None."""
    if any(isinstance(m, sympy.MatrixExpr) or m.has(sympy.Sum) for m in margins):
        return None
    for q in sorted({q for q in sympy.preorder_traversal(margins[0])
                     if isinstance(q, sympy.Expr) and not isinstance(q, sympy.MatrixExpr)
                     and not q.is_number and q.free_symbols},
                    key=sympy.count_ops):  # the least: a symbol before q itself
        try:
            replaced = [m.xreplace({q: t}) for m in margins]
        except (TypeError, ValueError):  # a matrix's entry as a number: not its quantity
            continue
        if all(r.free_symbols <= {t} for r in replaced):
            return replaced, q
    return None


def _entrywise(margins: tuple, t: sympy.Dummy) -> tuple | None:
    """(margins that are element-wise functions of one vector, as the functions of one of
    its entries ``t``; that vector); else None."""
    if not all(isinstance(m, sympy.MatrixExpr) for m in margins):
        return None
    try:
        out = [_entry_of(m, t) for m in margins]
    except ValueError:
        return None
    bases = {a for m in margins for a in m.atoms(sympy.MatrixSymbol)}
    return (out, next(iter(bases))) if len(bases) == 1 else None


def _entry_of(m: sympy.Basic, t: sympy.Dummy) -> sympy.Basic:
    """One entry of an element-wise expression of one vector, that vector's entry at ``t``."""
    if isinstance(m, ElementwiseApplyFunction):
        return m.function(_entry_of(m.expr, t))
    if isinstance(m, sympy.MatrixSymbol):
        return t
    if isinstance(m, OneMatrix):
        return sympy.Integer(1)
    if isinstance(m, sympy.MatAdd):
        return sympy.Add(*(_entry_of(a, t) for a in m.args))
    if isinstance(m, sympy.MatMul):
        scalars = [a for a in m.args if not isinstance(a, sympy.MatrixExpr)]
        matrices = [a for a in m.args if isinstance(a, sympy.MatrixExpr)]
        if len(matrices) == 1:
            return sympy.Mul(*scalars) * _entry_of(matrices[0], t)
    if getattr(m, "is_number", False):
        return m
    raise ValueError(f"not element-wise: {m}")


def under_structure(margins: tuple, closed: frozenset, structure: dict[str, str]
                    ) -> tuple[tuple, frozenset]:
    """The margins with what the declared structure makes of them (``_structured``), and
    which of those hold at 0 (those of ``closed``)."""
    out = tuple(_structured(m, structure) for m in margins)
    return out, frozenset(m2 for m, m2 in zip(margins, out) if m in closed)


def _structured(m: sympy.Basic, structure: dict[str, str]) -> sympy.Basic:
    """``m`` with what the structure makes of it: Σᵀ as Σ for a symmetric or definite Σ, 1ᵀy
    and yᵀ1 as 1 for a probability vector y."""
    if not structure:
        return m
    swaps: dict = {}
    for a in m.atoms(sympy.MatrixSymbol):
        kind = structure.get(a.name)
        if kind in (SYMMETRIC, SPD):
            swaps[sympy.Transpose(a)] = a
    simplex = {a for a in m.atoms(sympy.MatrixSymbol) if structure.get(a.name) == SIMPLEX}
    if not swaps and not simplex:
        return m
    try:
        return m.xreplace(swaps).replace(
            lambda e: _entry_sum(e, simplex) or _ones_times(e, simplex),
            lambda e: OneMatrix(1, 1) if isinstance(e, sympy.MatrixExpr) else sympy.Integer(1)
        ).doit()
    except (TypeError, ValueError, sympy.ShapeError):
        return m


def _ones_times(e: sympy.Basic, vectors: set) -> bool:
    """Is ``e`` 1ᵀy or yᵀ1 for one of ``vectors`` (however the row of ones is written)?"""
    if not isinstance(e, sympy.MatMul) or len(e.args) != 2:
        return False
    a, b = e.args
    ones = lambda u: isinstance(u.doit(), OneMatrix)  # noqa: E731
    return (b in vectors and ones(a) and a.shape == (1, b.shape[0])) or \
        (isinstance(a, sympy.Transpose) and a.arg in vectors and ones(b) and b.shape[1] == 1)


def _entry_sum(e: sympy.Basic, vectors: set) -> bool:
    """Is ``e`` the sum of all entries of one of ``vectors``, Σᵢ yᵢ (1ᵀy written out)?"""
    if not isinstance(e, sympy.Sum) or len(e.limits) != 1:
        return False
    i, lo, hi = e.limits[0]
    body = e.function
    return isinstance(body, MatrixElement) and body.parent in vectors and body.i == i and \
        body.j == 0 and lo == 0 and sympy.simplify(hi - (body.parent.shape[0] - 1)) == 0


def never(margins: tuple, closed: frozenset) -> bool:
    """Is one of the margins a number where its condition fails (0 > 0, −1 ≥ 0)? Points
    that seem to meet it (1ᵀy ≠ 1 by a rounding of y's entries) are rounding's, not the
    structure's, and are not searched for."""
    return any(_fails(m, m in closed) for m in margins)


def _fails(m: sympy.Basic, closed: bool) -> bool:
    if isinstance(m, sympy.MatrixExpr) or not getattr(m, "is_number", False) or m.free_symbols:
        return False
    return bool(m < 0) if closed else bool(m <= 0)


def _range(quantity: sympy.Basic, structure: dict[str, str]) -> sympy.Set:
    """The values a declared structure certainly leaves the quantity: det Σ and tr Σ of a
    definite Σ are positive; a probability vector's entries lie in [0, 1]."""
    if isinstance(quantity, sympy.MatrixSymbol):
        return sympy.Interval(0, 1) if structure.get(quantity.name) == SIMPLEX else sympy.S.Reals
    if isinstance(quantity, (sympy.Determinant, sympy.Trace)):
        a = quantity.args[0]
        if isinstance(a, sympy.MatrixSymbol) and structure.get(a.name) == SPD:
            return sympy.Interval.open(0, sympy.oo)
    return sympy.S.Reals
