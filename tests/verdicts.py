"""One check of a claim the tests know the verdict of: accepted if right, else refused as
wrong (never unchecked, never an internal error)."""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run


def judged(request: Request, right: bool) -> str:
    """Run ``request`` and require its verdict; "accepted" or "refused"."""
    if right:
        run(request)
        return "accepted"
    with pytest.raises(MatcalcError) as caught:
        run(request)
    assert caught.value.subtype is Subtype.WRONG, caught.value.message
    return "refused"


def claimed(function: str, wrt: str, where: str, claim: str, layout: str | None = None
            ) -> Request:
    """The request checking ``claim`` for ∂``function``/∂``wrt``; a matrix ``X`` in the
    denominator layout unless ``layout`` says otherwise."""
    layout = layout or ("denominator" if wrt == "X" else "numerator")
    return Request(function=function, wrt=wrt, where=where, expect=claim, layout=layout)
