"""Structure declarations: symmetric (\\mathbb{S}^{n}), positive definite (\\mathbb{S}^{n}_{++})
and probability vectors (\\Delta^{q}).

A claim the source states under such an assumption is accepted when the symbol is declared
so, and refused, naming the declaration to add, when it is not; a wrong claim stays wrong
under every declaration.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.read import parse_declarations

from sphinx_projects import build, messages, project

SYM = r"B \in \mathbb{S}^{n}, \mathbf{x} \in \mathbb{R}^{n}"
GENERAL = r"B \in \mathbb{R}^{n \times n}, \mathbf{x} \in \mathbb{R}^{n}"
SPD = r"\Sigma \in \mathbb{S}^{n}_{++}, \mathbf{x} \in \mathbb{R}^{n}"
CE = r"-\mathbf{y}^T \log(\operatorname{softmax}(\mathbf{z}))"
SIMPLEX = r"\mathbf{y} \in \Delta^{q}, \mathbf{z} \in \mathbb{R}^{q}"
PLAIN = r"\mathbf{y}, \mathbf{z} \in \mathbb{R}^{q}"


def judge(function, wrt, where, expect, layout="numerator"):
    return run(Request(function=function, wrt=wrt, where=where, expect=expect, layout=layout))


# (function, wrt, :where:, claim, layout): right only under the declared structure
ACCEPTED = [
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", SYM, r"2\mathbf{x}^T B", "numerator"),
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", SYM, r"2B\mathbf{x}", "denominator"),
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", SYM, r"2B^T\mathbf{x}", "denominator"),
    (r"\mathbf{x}^T \Sigma^{-1} \mathbf{x}", r"\mathbf{x}", SPD, r"2\Sigma^{-1}\mathbf{x}",
     "denominator"),
    (r"\mathbf{x}^T \Sigma^{-1} \mathbf{x}", r"\Sigma", SPD,
     r"-\Sigma^{-1}\mathbf{x}\mathbf{x}^T\Sigma^{-1}", "denominator"),
    (r"\log\det \Sigma", r"\Sigma", SPD, r"\Sigma^{-1}", "denominator"),
    (r"\operatorname{tr}(B X)", "X", r"B \in \mathbb{S}^{n}, X \in \mathbb{R}^{n \times n}", "B",
     "denominator"),
    (CE, r"\mathbf{z}", SIMPLEX, r"\operatorname{softmax}(\mathbf{z}) - \mathbf{y}", "denominator"),
    (CE, r"\mathbf{z}", SIMPLEX, r"\operatorname{softmax}(\mathbf{z})^T - \mathbf{y}^T",
     "numerator"),
]


@pytest.mark.parametrize("function, wrt, where, claim, layout", ACCEPTED)
def test_a_claim_that_needs_the_declared_structure_is_accepted(function, wrt, where, claim,
                                                               layout):
    assert judge(function, wrt, where, claim, layout).results[0].checked == [claim]


# the same claims without the declaration: refused, naming the declaration to add
REFUSED = [
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", GENERAL, r"2\mathbf{x}^T B", "numerator",
     r"It holds only when B is symmetric: if so, declare B \in \mathbb{S}^{n} in :where:."),
    (r"\operatorname{tr}(B X)", "X", r"B, X \in \mathbb{R}^{n \times n}", "B", "denominator",
     r"It holds only when B is symmetric: if so, declare B \in \mathbb{S}^{n} in :where:."),
    # only as many as it needs: tr(XᵀAX) needs A symmetric, not the variable X too
    (r"\operatorname{tr}(X^T B X)", "X", r"B, X \in \mathbb{R}^{n \times n}", "2BX", "denominator",
     r"It holds only when B is symmetric: if so, declare B \in \mathbb{S}^{n} in :where:."),
    (r"\mathbf{x}^T B C \mathbf{x}", r"\mathbf{x}", r"B, C \in \mathbb{R}^{n \times n}",
     r"\mathbf{x}^T(BC + C^TB)", "numerator",
     r"It holds only when B is symmetric: if so, declare B \in \mathbb{S}^{n} in :where:."),
    (CE, r"\mathbf{z}", PLAIN, r"\operatorname{softmax}(\mathbf{z}) - \mathbf{y}", "denominator",
     r"It holds only when \mathbf{y} is a probability vector (entries at least 0, summing to "
     r"1): if so, declare \mathbf{y} \in \Delta^{q} in :where:."),
    # by a symmetric matrix, the two other conventions are named as such (see notation.rst)
    (r"\operatorname{tr}(B X)", "X", r"X \in \mathbb{S}^{n}; B \in \mathbb{R}^{n \times n}",
     r"\frac{1}{2}(B + B^T)", "denominator", "(the gradient for the inner product on symmetric "
     "matrices); this page shows, and judges against, G itself: the derivative with the "
     "symmetric matrix's entries treated as independent (see the notation page)."),
    (r"\log\det X + \mathbf{a}^T X \mathbf{b}", "X", r"X \in \mathbb{S}^{n}_{++}",
     r"2X^{-1} - X^{-1} \odot I + \mathbf{a}\mathbf{b}^T + \mathbf{b}\mathbf{a}^T - "
     r"\mathbf{a}\mathbf{b}^T \odot I", "denominator",
     "(the Matrix Cookbook's symmetric derivative); this page shows, and judges against, G "
     "itself: the derivative with the symmetric matrix's entries treated as independent (see "
     "the notation page)."),
]


@pytest.mark.parametrize("function, wrt, where, claim, layout, said", REFUSED)
def test_without_the_declaration_the_missing_assumption_is_named(function, wrt, where, claim,
                                                                 layout, said):
    with pytest.raises(MatcalcError) as caught:
        judge(function, wrt, where, claim, layout)
    assert caught.value.subtype is Subtype.WRONG
    assert caught.value.message.endswith(said), caught.value.message


# wrong under the structure too: a declaration never makes a wrong claim right
WRONG = [
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", SYM, r"\mathbf{x}^T B"),
    (r"\mathbf{x}^T B \mathbf{x}", r"\mathbf{x}", SYM, r"2\mathbf{x}^T B^T B"),
    (r"\mathbf{x}^T \Sigma^{-1} \mathbf{x}", r"\Sigma", SPD, r"\Sigma^{-1}\mathbf{x}\mathbf{x}^T"),
    (r"\log\det \Sigma", r"\Sigma", SPD, r"\Sigma"),
    (CE, r"\mathbf{z}", SIMPLEX, r"\operatorname{softmax}(\mathbf{z})^T - 2\mathbf{y}^T"),
    (CE, r"\mathbf{z}", SIMPLEX, r"\mathbf{y}^T - \operatorname{softmax}(\mathbf{z})^T"),
    (r"\mathbf{y}^T \mathbf{z}", r"\mathbf{y}", SIMPLEX, r"\mathbf{z}^T - \mathbf{1}^T"),
]


@pytest.mark.parametrize("function, wrt, where, claim", WRONG)
def test_a_wrong_claim_is_refused_under_every_declaration(function, wrt, where, claim):
    with pytest.raises(MatcalcError) as caught:
        judge(function, wrt, where, claim)
    assert caught.value.subtype is Subtype.WRONG


def test_a_derivative_by_a_symmetric_matrix_treats_its_entries_as_independent():
    # docs/notation.rst: ∂ a^T X a / ∂X = a a^T, not the "symmetric" 2aa^T - diag(aa^T) of
    # the Matrix Cookbook §2.8.2 (138)
    where = r"X \in \mathbb{S}^{n}, \mathbf{a} \in \mathbb{R}^{n}"
    f = r"\mathbf{a}^T X \mathbf{a}"
    assert judge(f, "X", where, r"\mathbf{a}\mathbf{a}^T").results[0].checked
    with pytest.raises(MatcalcError) as caught:
        judge(f, "X", where, r"2\mathbf{a}\mathbf{a}^T - \operatorname{diag}(\operatorname{diag}("
                             r"\mathbf{a}\mathbf{a}^T))")
    assert caught.value.subtype is Subtype.WRONG


@pytest.mark.parametrize("where, structure", [
    (r"A \in \mathbb{S}^{n}", "symmetric"),
    (r"A \in \mathbb{S}^{3}", "symmetric"),
    (r"\Sigma \in \mathbb{S}^{n}_{++}", "symmetric positive definite"),
    (r"\Sigma \in \mathbb{S}_{++}^{n}", "symmetric positive definite"),
    (r"\mathbf{p} \in \Delta^{q}", "probability vector"),
])
def test_structures_are_declared(where, structure):
    (decl,) = parse_declarations(where)
    assert decl.structure == structure
    assert decl.kind == ("vector" if "Delta" in where else "matrix")


@pytest.mark.parametrize("where, start, phrase", [
    (r"A \in \mathbb{S}^{n}_{+}", 20, "semidefinite"),
    (r"A \in \mathbb{S}", 6, "size of the symmetric"),
    (r"\mathbf{y} \in \Delta", 15, "number of entries"),
    (r"A \in \mathbb{S}^{n}; A \in \mathbb{R}^{n \times n}", 22, "declared twice"),
])
def test_bad_structure_declarations_are_located(where, start, phrase):
    with pytest.raises(MatcalcError) as caught:
        parse_declarations(where)
    assert caught.value.subtype is Subtype.DECLARATION
    assert caught.value.start == start, caught.value.message
    assert phrase in caught.value.message


PAGE_RST = """Structures
==========

.. derive:: \\mathbf{x}^T B \\mathbf{x}
   :wrt: \\mathbf{x}
   :layout: denominator
   :expect: 2B\\mathbf{x}

.. derive:: -\\mathbf{y}^T \\log(\\operatorname{softmax}(\\mathbf{z}))
   :wrt: \\mathbf{z}
   :where: \\mathbf{z} \\in \\mathbb{R}^{q}
   :layout: denominator
   :expect: \\operatorname{softmax}(\\mathbf{z}) - \\mathbf{y}
"""

PAGE_MD = """# Structures

```{derive} \\mathbf{x}^T B \\mathbf{x}
:wrt: \\mathbf{x}
:layout: denominator
:expect: 2B\\mathbf{x}
```
"""


def test_structures_declared_in_matcalc_symbols_hold_in_a_build(tmp_path):
    conf = ('extensions = ["sphinx_matcalc", "myst_parser"]\n'
            'matcalc_symbols = {"B": r"\\mathbb{S}^{n}", r"\\mathbf{y}": r"\\Delta^{q}"}\n')
    code, out = build(project(tmp_path / "ok", {"s.rst": PAGE_RST, "m.md": PAGE_MD}, conf))
    assert code == 0 and messages(out) == [], out
    code, out = build(project(tmp_path / "no", {"s.rst": PAGE_RST, "m.md": PAGE_MD}))
    assert code == 1
    assert sorted(messages(out)) == ["m.md:6:wrong", "s.rst:13:wrong", "s.rst:7:wrong"], out
    assert r"declare B \in \mathbb{S}^{n}" in out
    assert r"declare \mathbf{y} \in \Delta^{q}" in out


@pytest.mark.parametrize("n", [20, 784])
def test_a_symmetric_matrix_transposed_is_itself_to_the_algebra(n):
    """∂ log det Σ/∂Σ = Σ⁻¹ (PRML C.28) for the truth Σ⁻ᵀ: at n = 400 this took minutes
    (floats disagree at that size, then every point was decided in mpmath); the algebra now
    reads Σᵀ as Σ for a declared symmetric Σ, and a wrong claim is still refused."""
    where = rf"\Sigma \in \mathbb{{S}}^{{{n}}}_{{++}}"
    run(Request(function=r"\log\det\Sigma", wrt=r"\Sigma", where=where, expect=r"\Sigma^{-1}",
                layout="denominator"), timeout=10)
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\log\det\Sigma", wrt=r"\Sigma", where=where,
                    expect=r"\Sigma^{-1} + 10^{-9}\Sigma", layout="denominator"), timeout=60)
    assert caught.value.subtype is Subtype.WRONG
