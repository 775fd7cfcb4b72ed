"""The vocabulary is the one table of element-wise functions: every stage takes each row from it.

For every row: each name it is written with is read, the engine applies its
rule (and the judge accepts the result against finite differences), its
numpy and mpmath values agree, and the names latex2sympy2 shares are the
ones the second reading trusts.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.vocabulary import BY_NAME, DERIVED, FUNCTIONS


def written(name: str, argument: str) -> str:
    return f"{name}({argument})" if name.startswith("\\") else \
        rf"\operatorname{{{name}}}({argument})"


@pytest.mark.parametrize("name", sorted(BY_NAME), ids=sorted(BY_NAME))
@pytest.mark.parametrize("argument, wrt, where", [
    ("x^3 - 2x", "x", ""),  # no sign SymPy could know, so max and |·| stay
    (r"\mathbf{x} \odot \mathbf{x} + \mathbf{1}", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}"),
], ids=["scalar", "vector"])
def test_every_name_is_read_derived_and_judged(name, argument, wrt, where):
    function = BY_NAME[name]
    outcome = run(Request(function=written(name, argument), wrt=wrt, where=where))
    (result,) = outcome.results
    if "mathbf" in argument:  # f′ from the row (or SymPy's, for √), applied entry-wise
        assert "elementwise-function" in result.rules
    elif function.node is None:  # a power, √u = u^{1/2}
        assert "power" in result.rules
    else:
        assert function.key in result.rules


@pytest.mark.parametrize("function", DERIVED, ids=[f.key for f in DERIVED])
def test_numpy_and_mpmath_values_agree(function):
    for x in (-1.7, -0.3, 0.4, 1.3, 2.9):
        if function.key == "log" and x <= 0:
            continue
        want = float(function.mpmath(mpmath.mpf(x)))
        assert np.isclose(float(function.numpy(np.float64(x))), want, rtol=1e-12, atol=1e-15)


def test_every_row_with_a_rule_is_in_the_catalogue():
    from sphinx_matcalc.engine import CATALOGUE
    for function in DERIVED:
        rule = CATALOGUE[function.key]
        assert (rule.name, rule.formula) == (function.rule, function.formula)


def test_the_second_reading_trusts_exactly_the_shared_names():
    from sphinx_matcalc.read import crosscheck_commands
    shared = {name for f in FUNCTIONS for name in f.same_in_latex2sympy2}
    assert shared <= crosscheck_commands()
    assert r"\log" not in crosscheck_commands()  # base 10 in latex2sympy2
