"""Identities beyond the paper (Matrix Cookbook and matrixcalculus.org), both layouts.

Each identity is written as the reference writes it, in denominator layout
(the gradient has the variable's shape). The test derives it in denominator
layout with the identity as the claim, and in numerator layout with the
claim's transpose; in both, the engine's result is first checked against
finite differences and then the claim against the engine's result.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.pipeline import Request, run
from tables import IDENTITIES, LAYER

@pytest.mark.parametrize("function, wrt, where, identity, source", IDENTITIES,
                         ids=[f"{i[0]} by {i[1]}" for i in IDENTITIES])
@pytest.mark.parametrize("layout", ["denominator", "numerator"])
def test_identity(function, wrt, where, identity, source, layout):
    claim = identity if layout == "denominator" else rf"\left({identity}\right)^T"
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim, layout=layout))
    assert outcome.results[0].checked == [claim]


def test_at_least_forty_identities():
    assert len(IDENTITIES) >= 40


def test_vector_or_matrix_by_matrix_is_refused_with_a_reason():
    from sphinx_matcalc.errors import MatcalcError, Subtype
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"W \mathbf{x}", wrt="W", where=LAYER))
    assert caught.value.subtype is Subtype.UNSUPPORTED
    assert "differentiate a scalar objective" in caught.value.message
