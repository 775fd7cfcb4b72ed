"""Where a claim and the derivative differ: the counterexample and how it is written.

Sizes, the entry, both values (six digits, or as many as tell them apart), and, for a
difference proven below what the digits show, claim − truth at the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np

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
        text = mpmath.nstr(value, digits)
        if other is None or text != mpmath.nstr(other, digits):
            return text
    return text


def _values(point: Point) -> str:
    """A short description of the scalar values of a draw (vectors are summarised)."""
    parts = []
    for key, value in sorted(point.values.items(), key=lambda kv: str(kv[0])):
        if isinstance(key, tuple):
            continue
        arr = np.asarray(value, dtype=float)
        if getattr(key, "is_integer", False):  # a sample count
            parts.append(f"{key} = {int(arr)}")
            continue
        shown = repr(float(arr.reshape(-1)[0])) if arr.ndim == 0 else \
            "[" + ", ".join(f"{v:.3g}" for v in arr.reshape(-1)[:4]) + (", …]" if arr.size > 4 else "]")
        parts.append(f"{key} = {shown}")
    return "; ".join(parts[:6]) or "no free values"
