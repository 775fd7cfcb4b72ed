"""Where a claim and the derivative differ: the counterexample and how it is written.

Sizes, the entry, both values (six digits, or as many as tell them apart), and, for a
difference proven below what the digits show, claim − truth at the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy

from ..nodes import sample_parts
from .numeric import Point
from .points import _sizes


@dataclass
class Counterexample:
    """Where a claim and the derivative differ: sizes, the entry, both values (as text)."""

    sizes: str
    entry: str
    claimed: str
    correct: str
    values: str
    point: Any = None
    got: Any = None  # the two values in full precision
    want: Any = None
    difference: str = ""  # claim − truth, proven non-zero, when the values print alike

    def __str__(self) -> str:
        where = f" at entry {self.entry}" if self.entry else ""
        by = f" (the claim minus the derivative is {self.difference}, not 0)" \
            if self.difference else ""
        return (f"with {self.sizes} and {self.values}, the claim gives {self.claimed}{where} "
                f"but the derivative is {self.correct}{by}")


def _counterexample(point: Point, got: Any, want: Any, index: tuple) -> Counterexample:
    want = np.asarray(want, dtype=object)
    entry = "" if want.size == 1 else "(" + ", ".join(str(int(k) + 1) for k in index) + ")"
    w = want.reshape(-1)[0] if want.size == 1 else want[tuple(index)]
    if isinstance(got, str):
        return Counterexample(_sizes(point), "", "no value (it is undefined there)",
                              _num(w), _values(point), point)
    g = np.asarray(got, dtype=object)
    g = g.reshape(-1)[0] if g.size == 1 else g[tuple(index)]
    return Counterexample(_sizes(point), entry, _num(g, w), _num(w, g), _values(point), point,
                          g, w)


def _entry(a: Any, index: tuple) -> Any:
    a = np.asarray(a, dtype=object)
    return a.reshape(-1)[0] if a.size == 1 else a[tuple(index)]


def _num(value: Any, other: Any = None) -> str:
    """Six significant digits, or as many as it takes to tell ``value`` from ``other``."""
    for digits in (6, 12, 20, 40):
        text = in_digits(value, digits)
        if other is None or text != in_digits(other, digits):
            return text
    return text


def in_digits(value: Any, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits. It is rounded first: a number of 6000 digits
    is no string Python makes (its 4300-digit limit on integers)."""
    with mpmath.workdps(digits + 10):
        return mpmath.nstr(+value if isinstance(value, mpmath.mpf) else value, digits)


def _values(point: Point) -> str:
    """A short description of the values of a draw: sample counts, then the free values
    (vectors summarised), then each per-sample symbol by sample (x_i = 0.5, -1.2 for
    i = 1, 2; a sample beyond a sum's range is unused), so that the counterexample can be
    recomputed by hand."""
    counts, free, samples = [], [], {}
    for key, value in sorted(point.values.items(), key=lambda kv: str(kv[0])):
        if isinstance(key, tuple):
            samples.setdefault(str(key[0]), []).append((key[1], value))
            continue
        arr = np.asarray(value, dtype=object)
        if getattr(key, "is_integer", False):  # a sample count
            counts.append(f"{key} = {int(arr)}")
            continue
        free.append(f"{key} = {_shown(arr, exact=True)}")
    per_sample = []
    for name, entries in samples.items():
        entries.sort(key=lambda kv: kv[0])
        shown = ", ".join(_shown(np.asarray(v, dtype=object)) for _, v in entries[:4])
        more = ", …" if len(entries) > 4 else ""
        which = ", ".join(str(k) for k, _ in entries[:4]) + more
        index = sample_parts(name)[1] or "i"
        per_sample.append(f"{name} = {shown}{more} at {index} = {which}")
    parts = counts + free[:6] + per_sample[:4]
    if per_sample:  # samples 0 and N + 1 are drawn too, for sums from 0 or to N − 1
        parts[-1] += " (a sum uses only the samples in its range)"
    return "; ".join(parts) or "no free values"


def _shown(arr: np.ndarray, exact: bool = False) -> str:
    if arr.ndim == 0 or arr.size == 1 and not exact:
        return _text(arr.reshape(-1)[0], exact)
    return "[" + ", ".join(_text(v, False) for v in arr.reshape(-1)[:4]) + \
        (", …]" if arr.size > 4 else "]")


def _text(v: Any, exact: bool) -> str:
    """A value as a float prints it, or in full where floats cannot hold it (an exact point
    beside x > 10³⁰⁹ is 10³⁰⁹(1 + 10⁻²⁰), never inf)."""
    f = float(v)
    if not np.isfinite(f) or (f == 0 and v != 0):
        return str(sympy.N(v, 17 if exact else 3))
    if exact and isinstance(v, sympy.Rational) and Fraction(int(v.p), int(v.q)) != Fraction(f):
        # off the binary grid: a float is not the point
        return f"{v.p}/{v.q}" if len(str(v.q)) <= 40 else \
            f"{sympy.N(v, 40)}… (off the float grid: not {f!r})"
    return repr(f) if exact else f"{f:.3g}"
