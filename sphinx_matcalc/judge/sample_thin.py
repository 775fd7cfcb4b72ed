"""Thin sets in per-sample data: a sum over samples written out, sample by sample.

A case of a claim may hold only where one sample's datum takes one value (∑ᵢ 5·𝟙[(xᵢ −
1.37)² ≤ 0]) or divide by 0 only there. Random draws never land there, and the search for
thin sets (``thin.py``) moves scalars and entries, not per-sample data, whose value differs
from sample to sample inside one expression. So at a drawn point with few samples each sum
over samples is written out at its count, every per-sample symbol of sample k a symbol of
its own (xᵢ of sample 2 is ``x_i#2``), and the search runs on that: a datum is then a scalar
(or a vector's entry) like any other. A point it finds is written back as per-sample data.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy.matrices.expressions import MatAdd, MatrixSymbol

from ..nodes import MatrixSampleSum, sample_parts
from .counterexample import Counterexample, _values
from .numeric import Point
from .singular import undefined_at
from .thin import on_thin_sets

#: Drawn points written out, at most, and the most samples one of them may have.
POINTS, SAMPLES = 3, 3


def thin_anywhere(claim: sympy.Basic, truth: sympy.Basic, function: tuple,
                  valid: list[Point], structure: dict[str, str],
                  decide: Callable[..., Counterexample | None],
                  free: list | None = None, decided: list | None = None,
                  wrt: frozenset = frozenset()) -> Counterexample | None:
    """``thin.on_thin_sets``, then the same with every sum over samples written out
    (``in_samples``); ``decide(claim, point, truth, function)`` as the verdict's; points
    where the function has no derivative are added to ``free``. Written-out points that
    ``decide`` added to ``decided`` (or to ``free``) are given back as per-sample data."""
    return on_thin_sets(claim, truth, function, valid, structure,
                        lambda c, at, t: decide(c, at, t, function), free, wrt) or (in_samples(
        lambda c, t, f, q, kinds: on_thin_sets(c, t, f, [q], kinds,
                                               lambda c2, at, t2: decide(c2, at, t2, f), free,
                                               wrt),
        claim, truth, function, valid, structure, (decided, free))
        if _cases_in_sums(claim) else None)


def _cases_in_sums(claim: sympy.Basic) -> bool:
    """Has a sum over samples of ``claim`` a case, sign, step or 0^u in it? Only those
    written out add thin sets to the claim's own (softmax regression's has none)."""
    return any(isinstance(s, (sympy.Sum, MatrixSampleSum)) and _switching(s.function)
               for s in sympy.preorder_traversal(claim))


def _switching(e: sympy.Basic) -> bool:
    return any(isinstance(n, (sympy.Piecewise, sympy.sign, sympy.Heaviside)) or
               (isinstance(n, sympy.Pow) and n.base == 0) for n in sympy.preorder_traversal(e))


def undefined_anywhere(claim: sympy.Basic, truth: sympy.Basic, function: tuple,
                       valid: list[Point], structure: dict[str, str]
                       ) -> Counterexample | None:
    """``singular.undefined_at`` near the first point of ``valid``, then the same with every
    sum over samples written out: a claim that divides by yᵢ − 1.37 has no value where one
    sample's yᵢ is 1.37."""
    if not valid:
        return None
    return undefined_at(claim, truth, function, valid[0], structure) or in_samples(
        lambda c, t, f, q, kinds: undefined_at(c, t, f, q, kinds),
        claim, truth, function, valid, structure)


def in_samples(search: Callable[..., Counterexample | None], claim: sympy.Basic,
               truth: sympy.Basic, function: tuple, valid: list[Point],
               structure: dict[str, str], given_back: tuple = ()) -> Counterexample | None:
    """``search(claim, truth, function, point, structure)`` with every sum over samples
    written out at the counts of a few points of ``valid`` (fewest samples first); its
    counterexample, with the point as per-sample data again; None if none is found. Points
    the search adds to the lists of ``given_back`` are made per-sample data again too."""
    if not claim.has(sympy.Sum, MatrixSampleSum):
        return None
    few = sorted((p for p in valid if _samples(p) <= SAMPLES), key=_samples)
    for p in few[:POINTS]:
        fresh: dict = {}
        try:
            out = [_written_out(e, p, fresh) for e in (claim, truth, *function)]
        except _NotConcrete:
            continue
        if not fresh:
            continue
        q = Point(p.dims, {**{k: v for k, v in p.values.items() if not isinstance(k, tuple)},
                           **{s: p.values[key] for key, s in fresh.items()}}, dict(p.bound))
        kinds = {**structure, **{s.name: structure[key[0].name] for key, s in fresh.items()
                                 if key[0].name in structure}}
        lists = [(points, len(points)) for points in given_back if points is not None]
        found = search(out[0], out[1], tuple(out[2:]), q, kinds)
        for points, before in lists:
            points[before:] = [_back(at, p, fresh) for at in points[before:]]
        if found is not None:
            return _as_samples(found, p, fresh)
    return None


class _NotConcrete(Exception):
    """A sum's range is not whole numbers at the point, or a datum has no value there."""


def _samples(p: Point) -> int:
    return max((int(v) for k, v in p.values.items()
                if not isinstance(k, tuple) and getattr(k, "is_integer", False)), default=0)


def _written_out(e: sympy.Basic, p: Point, fresh: dict) -> sympy.Basic:
    """``e`` with every sum over samples an explicit sum of its terms at ``p``'s counts,
    each per-sample symbol of sample k replaced by its own symbol (kept in ``fresh``)."""
    if isinstance(e, (sympy.Sum, MatrixSampleSum)):
        *inner, (index, lo, hi) = e.limits  # the last limit is the outermost
        body = type(e)(e.function, *inner) if inner else e.function
        terms = [_written_out(_sample(body, index, k, p, fresh), p, fresh)
                 for k in range(_whole(lo, p), _whole(hi, p) + 1)]
        if isinstance(e, MatrixSampleSum):
            return MatAdd(*terms).doit() if terms else sympy.ZeroMatrix(*e.shape)
        return sympy.Add(*terms)
    if not e.args or isinstance(e, (sympy.Symbol, MatrixSymbol)):
        return e
    return e.func(*[_written_out(a, p, fresh) if isinstance(a, sympy.Basic) else a
                    for a in e.args])


def _whole(bound: sympy.Basic, p: Point) -> int:
    at = {**{k: sympy.Integer(v) for k, v in p.dims.items()},
          **{k: sympy.Integer(int(v)) for k, v in p.values.items()
             if not isinstance(k, tuple) and getattr(k, "is_integer", False)}}
    value = sympy.sympify(bound).xreplace(at)
    if not value.is_Integer:
        raise _NotConcrete(str(bound))
    return int(value)


def _sample(body: sympy.Basic, index: sympy.Symbol, k: int, p: Point, fresh: dict
            ) -> sympy.Basic:
    """The term of sample k: the index is k, and each datum of this index its own symbol."""
    swap: dict = {}
    for s in body.atoms(sympy.Symbol, MatrixSymbol):
        if str(s) == str(index) and not isinstance(s, MatrixSymbol):
            swap[s] = sympy.Integer(k)
        elif sample_parts(s.name)[1] == str(index):
            key = next((key for key in p.values if isinstance(key, tuple) and key[1] == k
                        and key[0].name == s.name), None)
            if key is None:
                raise _NotConcrete(s.name)
            # x_i and x_j are one datum (one draw per base name): one symbol for both
            name = f"{sample_parts(s.name)[0]}#{k}"
            same = next((t for t in fresh.values() if t.name == name), None)
            fresh[key] = same if same is not None else MatrixSymbol(name, *s.shape) \
                if isinstance(s, MatrixSymbol) else sympy.Symbol(name, **s.assumptions0)
            swap[s] = fresh[key]
    return body.xreplace(swap)


def _as_samples(found: Counterexample, p: Point, fresh: dict) -> Counterexample:
    """The counterexample at the drawn point again, each written-out datum its sample's."""
    at = found.point if isinstance(found.point, Point) else None
    if at is None:
        return found
    back = _back(at, p, fresh)
    found.point, found.values = back, _values(back)
    return found


def _back(at: Point, p: Point, fresh: dict) -> Point:
    """A point of the written-out sums as the drawn point ``p`` with each written-out datum
    its sample's again (and its exact value, where the point keeps one, by that key)."""
    values = {**p.values, **{key: at.values[s] for key, s in fresh.items() if s in at.values}}
    values.update({k: v for k, v in at.values.items()
                   if not isinstance(k, tuple) and k not in fresh.values()})
    roots = {(key,): at.roots[(s,)] for key, s in fresh.items() if (s,) in at.roots}
    roots.update({c: r for c, r in at.roots.items() if c[0] not in fresh.values()})
    return Point(p.dims, values, dict(p.bound), roots)
