"""Generated code against the judge: a function computing a derivative is run at random points
and must agree with the evaluator (``numeric.py``) on the expression it was generated from.

The code is the engine's expression written out (``present/numpy.py``); this
check is what lets the page and the command show it as checked code.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import sympy

from ..errors import MatcalcError, Subtype
from .integers import at, instances, setting_at
from .numeric import Point, evaluate
from .points import ATTEMPTS, Setting, Symbols, draw_point

AGREEMENTS = 6  # points where the code and the evaluator must agree
TOLERANCE = 1e-7  # relative, with an absolute part of the same size


def check_program(expr: sympy.Basic, run: Callable[[Point], Any], setting: Setting,
                  drawn: tuple[sympy.Basic, ...] = ()) -> int:
    """Run ``run`` (the generated code, called with a point's values) at random points of
    ``expr``'s domain; the number of points where it agreed with the evaluator, or raise.
    The symbols of ``drawn`` get values too (the code's parameters that ``expr`` lost)."""
    whole = instances(expr, *setting.function)
    if whole:  # a declared whole number k: at each of its values, passed to the code too
        return sum(check_program(*at(a, expr), lambda p, a=a: run(Point(p.dims, {
            **p.values, **{k: float(v) for k, v in a.items()}})), setting_at(a, setting),
            (expr,)) for a in whole)
    symbols = Symbols.of((expr, *setting.function, *drawn))
    rng = np.random.default_rng(20240601)
    agreed = 0
    for attempt in range(ATTEMPTS):
        point = draw_point(symbols, setting, rng, positive=attempt % 2 == 1)
        with np.errstate(all="ignore"):
            want = np.asarray(evaluate(expr, point), dtype=float)
            if not np.all(np.isfinite(want)):
                continue
            try:
                got = np.asarray(run(point), dtype=float)
            except Exception as exc:  # noqa: BLE001  (the code failing is a finding, not a crash)
                raise MatcalcError(f"Internal error: the generated numpy code fails "
                                   f"({type(exc).__name__}: {exc}); it is not shown.",
                                   Subtype.INTERNAL) from exc
        if got.shape != want.shape or not np.allclose(got, want, rtol=TOLERANCE,
                                                       atol=TOLERANCE):
            raise MatcalcError("Internal error: the generated numpy code disagrees with the "
                               "judge's evaluation of the result; it is not shown. Please "
                               "report this input.", Subtype.INTERNAL)
        agreed += 1
        if agreed >= AGREEMENTS:
            return agreed
    raise MatcalcError("The generated numpy code could not be checked: no point was found "
                       "where the result is finite; it is not shown.", Subtype.UNCHECKED)
