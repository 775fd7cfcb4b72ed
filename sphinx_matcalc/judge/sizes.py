"""Sizes and sample counts to draw beyond the random ones, named by the claim itself.

Sizes are drawn 1..7 and counts 1..6. Where a claim uses a size as a value, the numbers it
writes beside it (𝟙[n > 7], (n − 1)⋯(n − 7)) and the sizes at which a condition on sizes
alone changes (𝟙[n² > 1000]) are drawn too, up to 64; every pair of two such sizes in 1..7
is drawn; a condition on sizes that changes past 64 cannot be checked.
"""

from __future__ import annotations

import sympy

from ..errors import MatcalcError, Subtype
from .points import Symbols


NAMED_SIZES = 6  # sizes beyond 7 that the numbers of claim and truth call for, at most


def named_sizes(claim: sympy.Basic, truth: sympy.Basic, symbols: Symbols) -> list[int]:
    """Sizes and sample counts past the drawn ones (1..7, 1..6) next to a whole number that
    claim or truth write beside a size or count used as a value (𝟙[n > 7], (N − 9)): c − 1,
    c and c + 1 for each, up to 64. A claim wrong only there is met there."""
    named = set(symbols.dims) | set(symbols.counts)
    if not any(named & e.free_symbols for e in (claim, truth)):
        return []
    numbers = {int(abs(a)) for e in (claim, truth) for a in e.atoms(sympy.Integer)}
    numbers |= _switches(claim, truth, named)
    sizes = sorted({n + d for n in numbers for d in (-1, 0, 1)} & set(range(7, 65)))
    return sizes[:NAMED_SIZES]


def size_pairs(claim: sympy.Basic, truth: sympy.Basic, symbols: Symbols) -> list[dict]:
    """Every pair of sizes 1..7 of two sizes claim or truth use as values (a factor
    (m − 1)⋯(n − 7) wrong only at m = 3, n = 5): random draws meet only some of the 49."""
    used = [d for d in symbols.dims if any(d in e.free_symbols for e in (claim, truth))]
    if len(used) < 2:
        return []
    first, second = used[:2]
    rest = {d: 3 for d in symbols.dims if d not in (first, second)}
    return [{**rest, first: m, second: n} for m in range(1, 8) for n in range(1, 8)]


def _switches(claim: sympy.Basic, truth: sympy.Basic, named: set) -> set[int]:
    """The sizes 2..64 at which a condition on sizes alone changes (𝟙[n² > 1000] at 32),
    decided exactly with every size and count equal to that number."""
    out: set[int] = set()
    for e in (claim, truth):
        for relation in e.atoms(sympy.core.relational.Relational):
            if not relation.free_symbols or not relation.free_symbols <= named:
                continue
            before, prior = None, 0
            for n in (*range(1, 65), *BEYOND):
                holds = relation.xreplace({s: sympy.Integer(n) for s in relation.free_symbols})
                if holds not in (sympy.true, sympy.false):
                    break
                if before is not None and holds != before:
                    if n > 64:
                        raise MatcalcError(
                            f"The claim could not be checked: its condition {relation} on sizes "
                            f"changes between {prior} and {n}, beyond the sizes the judge "
                            "draws (up to 64), so it is not accepted.", Subtype.UNCHECKED)
                    out.add(n)
                before, prior = holds, n
    return out


BEYOND = (100, 1000, 10 ** 4, 10 ** 6, 10 ** 9)  # sizes where a condition on sizes is asked too


