"""The claim corpus against the judge: an accepted claim is a correct claim.

Every wrong claim of ``claim_corpus`` must be rejected (subtype wrong or
shape, with a message); every base claim and every right rewriting must be
accepted. Some of these fail today: they are the judge's known blind spots,
kept visible on purpose (not xfail). The corpus itself is checked with numpy,
independently of the package.
"""

from __future__ import annotations

import collections

import claim_corpus as corpus
import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

BASE_CLAIMS = corpus.all_right_claims()
RIGHT = corpus.right_rewritings()
WRONG = corpus.wrong_claims()


def judge(claim: corpus.Claim):
    base = claim.base
    return run(Request(function=base.function, wrt=base.wrt, where=base.where, expect=claim.latex,
                       layout=claim.request_layout))


# Refused, never accepted, but not as "wrong": the reader does not read \sum_{i=1}^{N-1} as a
# sum over samples, and the judge then says it cannot check the claim (docs/judge.rst).
REFUSED_UNCHECKED = {"to N-1"}
# Right, but refused as unchecked: the claim's \mathbf{1} gets a size nothing fixes.
RIGHT_UNCHECKED = {r"specific: \mathbf{1}^T \mathbf{1}"}


@pytest.mark.parametrize("claim", WRONG, ids=[c.ident for c in WRONG])
def test_a_wrong_claim_is_rejected(claim):
    with pytest.raises(MatcalcError) as caught:
        judge(claim)
    allowed = (Subtype.WRONG, Subtype.SHAPE) + (
        (Subtype.UNSUPPORTED, Subtype.UNCHECKED) if claim.note in REFUSED_UNCHECKED else ())
    assert caught.value.subtype in allowed, caught.value.message
    assert caught.value.message.strip()


@pytest.mark.parametrize("claim", BASE_CLAIMS + RIGHT, ids=[c.ident for c in BASE_CLAIMS + RIGHT])
def test_a_right_claim_is_accepted(claim):
    if claim.note in RIGHT_UNCHECKED:
        with pytest.raises(MatcalcError) as caught:
            judge(claim)
        assert caught.value.subtype is Subtype.UNCHECKED  # said so, never misjudged
        return
    outcome = judge(claim)
    assert outcome.results[0].checked == [claim.latex]


def test_the_corpus_is_large_enough_and_has_every_class():
    assert len(corpus.BASES) >= 60
    assert len(WRONG) >= 300
    assert len(RIGHT) >= 150
    classes = collections.Counter(c.kind for c in WRONG)
    assert set(classes) == set(corpus.WRONG_CLASSES), classes
    assert all(classes[k] >= 5 for k in corpus.WRONG_CLASSES), classes
    ks = {c.note for c in WRONG if c.kind == "coefficient-scale"}
    assert {f"k={k}" for k in range(1, 10)} <= ks
    assert len({c.ident for c in WRONG}) == len(WRONG)


@pytest.mark.parametrize("base", corpus.BASES, ids=[b.name for b in corpus.BASES])
def test_a_base_claim_matches_finite_differences_in_numpy(base):
    corpus.verify_base(base)


def test_every_wrong_claim_is_wrong_somewhere_in_numpy():
    for claim in WRONG:
        corpus.verify_wrong(claim)


def test_every_right_rewriting_equals_its_base_in_numpy():
    for claim in RIGHT:
        corpus.verify_right(claim)
