"""Declared whole numbers (``k \\in \\mathbb{Z}``): every check is made at each of their values.

A matrix power X^k with a symbol k has no value the evaluators could compute for a real k,
and is meaningful only for whole k. So a check that meets such a symbol (``nodes.
integer_scalars``) is made once for each value of ``WHOLE`` (of ``NATURAL`` for k \\in
\\mathbb{N}), with k replaced by that number everywhere (the function, the derivative and
the claim), and the first check that fails decides; a counterexample names the value. Both
signs, 0 and 1 are among them: X^{-k} is the inverse's power, X^0 the identity. An
assignment that makes a power larger than MAX_POWER (X^{2k} at k = 6) is left out: floats
do not resolve the derivative of X^{-10} at a random X; too few left is UNCHECKED.

Past those values (``further``, in wholes.py): every k of SCANNED is screened in floats and
checked in full where claim and derivative differ there, and each condition on k alone
(𝟙[k < 8], k > 10⁶) is solved and checked on both sides of each switch; one that is not a
polynomial in k, or switches past what can be evaluated, leaves the claim UNCHECKED.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sympy
from sympy.matrices.expressions import MatPow

from ..errors import MatcalcError, Subtype
from ..nodes import integer_scalars
from .counterexample import Counterexample
from .wholes import further

#: the values a declared whole number is checked at, in this order (small ones first)
WHOLE = (1, 2, 0, -1, 3, -2, 6, -5, 4, -3)
NATURAL = tuple(v for v in WHOLE if v >= 0)
SHIFT = 3  # several whole numbers: the j-th starts SHIFT·j values further on
MAX_POWER = 8  # the largest exponent of a matrix power checked, in size
MIN_INSTANCES = 4  # assignments needed, counting k = 0


def values_of(k: sympy.Symbol) -> tuple[int, ...]:
    """The values ``k`` is checked at: WHOLE, or NATURAL when it is declared non-negative."""
    return NATURAL if k.is_nonnegative else WHOLE


def instances(*exprs: sympy.Basic) -> list[dict[sympy.Symbol, sympy.Integer]]:
    """Each assignment of values to the whole numbers of ``exprs`` that is checked: every value
    of each, the j-th shifted so that several do not always move together; [] when none."""
    symbols = integer_scalars(*exprs)
    if not symbols:
        return []
    count = max(len(values_of(k)) for k in symbols)
    every = [{k: sympy.Integer(values_of(k)[(i + SHIFT * j) % len(values_of(k))])
              for j, k in enumerate(symbols)} for i in range(count)]
    kept = [a for a in every if evaluable(a, exprs)]
    if len(kept) < min(MIN_INSTANCES, len(every)):
        raise MatcalcError(
            f"This could not be checked: its matrix powers exceed {MAX_POWER} in size at most "
            f"values of {', '.join(map(str, symbols))} (the values checked are "
            f"{', '.join(map(str, WHOLE))}).", Subtype.UNCHECKED)
    return kept


def evaluable(instance: dict, exprs: tuple[sympy.Basic, ...]) -> bool:
    """Are the matrix powers of ``exprs`` at most MAX_POWER in size at ``instance``?"""
    powers = [p.exp for e in exprs for p in e.atoms(MatPow) if p.exp.free_symbols]
    return all(abs(p.xreplace(instance)) <= MAX_POWER for p in powers)


def at(instance: dict, *exprs: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """``exprs`` with each whole number replaced by its value in ``instance``."""
    return tuple(e.xreplace(instance) for e in exprs)


def setting_at(instance: dict, setting: Any) -> Any:
    """The judge's setting (points.Setting) with the function at ``instance``."""
    return replace(setting, function=at(instance, *setting.function))


def noted(found: Counterexample | None, instance: dict) -> Counterexample | None:
    """A counterexample found at ``instance``, saying the values of its whole numbers."""
    if found is None:
        return None
    said = ", ".join(f"{k} = {v}" for k, v in instance.items())
    return replace(found, sizes=f"{said}, {found.sizes}")



def first_difference(check: Any, a: sympy.Basic, b: sympy.Basic, setting: Any,
                     *more: Any) -> tuple[bool, Counterexample | None]:
    """``check(a, b, setting, *more)`` at each value of the declared whole numbers, then at
    each further value where something may change (``further``): (whether there are any,
    the first counterexample found, saying its values)."""
    whole = instances(a, b, *setting.function)
    for instance in whole:
        found = check(*at(instance, a, b), setting_at(instance, setting), *more)
        if found is not None:
            return True, noted(found, instance)
    if not whole:
        return False, None
    more_instances, unreachable = further(a, b, setting, whole, evaluable)
    for instance in more_instances:
        found = check(*at(instance, a, b), setting_at(instance, setting), *more)
        if found is not None:
            return True, noted(found, instance)
    if unreachable:
        raise MatcalcError(unreachable, Subtype.UNCHECKED)
    return True, None
