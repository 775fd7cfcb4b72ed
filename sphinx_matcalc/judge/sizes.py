"""Sizes and sample counts to draw beyond the random ones, named by the claim itself.

Sizes are drawn 1..7 and counts 1..6. Where a claim uses a size as a value, the numbers it
writes beside it (𝟙[n > 7], (n − 1)⋯(n − 7)) are drawn too, up to 64; every pair of two such
sizes in 1..7 is drawn; and a tuple in every region of the conditions on sizes alone
(𝟙[n² > 1000], 𝟙[m − n > 6], a product of size factors 0 or not: ``regions.py``).
"""

from __future__ import annotations

import sympy

from ..errors import MatcalcError
from .points import Symbols
from .regions import OTHER_SIZE, region_sizes


NAMED_SIZES = 6  # sizes beyond 7 that the numbers of claim and truth call for, at most


def named_sizes(claim: sympy.Basic, truth: sympy.Basic, symbols: Symbols) -> list[int]:
    """Sizes and sample counts past the drawn ones (1..7, 1..6) next to a whole number that
    claim or truth write beside a size or count used as a value (𝟙[n > 7], (N − 9)): c − 1,
    c and c + 1 for each, up to 64. A claim wrong only there is met there."""
    named = set(symbols.dims) | set(symbols.counts)
    if not any(named & e.free_symbols for e in (claim, truth)):
        return []
    numbers = {int(abs(a)) for e in (claim, truth) for a in e.atoms(sympy.Integer)}
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


def size_draws(claim: sympy.Basic, truth: sympy.Basic, symbols: Symbols
               ) -> tuple[list[tuple[int, dict | None, dict | None, bool]], MatcalcError | None]:
    """(k, sizes, counts, decide) of every draw at sizes the claim calls for: each named size
    with every size and count at it, each pair of two sizes, and each region of the
    conditions on sizes alone (the sizes and counts none of them names at OTHER_SIZE); a
    region's draw is to be decided in high precision (``decide``), the others screened; and
    the UNCHECKED error regions met only past the scan make (``region_sizes``), or None."""
    out: list[tuple[int, dict | None, dict | None, bool]] = []
    for k, n in enumerate(named_sizes(claim, truth, symbols)):
        out.append((k, {d: n for d in symbols.dims} if symbols.dims else None,
                    {c: n for c in symbols.counts} or None, False))
    out += [(k, sizes, None, False) for k, sizes in enumerate(size_pairs(claim, truth, symbols))]
    regions, deferred = region_sizes(claim, truth, set(symbols.dims) | symbols.counts)
    for k, region in enumerate(regions):
        out.append((k, {d: region.get(d, OTHER_SIZE) for d in symbols.dims},
                    {c: region.get(c, OTHER_SIZE) for c in symbols.counts}, True))
    return out, deferred
