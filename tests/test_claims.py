"""Checking authors' claims: an accepted claim is a correct claim.

Every correct claim below is accepted, and each of its mutations (dropped
transpose, flipped sign, missing factor, swapped product order, the other
layout's answer) is rejected, directly and through a real Sphinx build.
"""

from __future__ import annotations

import re

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

from sphinx_projects import build, messages, project

VEC = r"\mathbf{w}, \mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}; b \in \mathbb{R}; " \
      r"A \in \mathbb{R}^{n \times n}; W \in \mathbb{R}^{m \times n}"

# (function, wrt, correct claim, [mutations])
CASES = [
    (r"\mathbf{w} \cdot \mathbf{x} + b", r"\mathbf{w}", r"\mathbf{x}^T", [
        r"\mathbf{x}",  # dropped transpose / the other layout's answer
        r"-\mathbf{x}^T",  # flipped sign
        r"2 \mathbf{x}^T",  # extra factor
        r"\mathbf{w}^T",  # wrong variable
    ]),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"\mathbf{x}^T (A + A^T)", [
        r"\mathbf{x}^T A",  # missing term
        r"(A + A^T) \mathbf{x}",  # the other layout's answer
        r"2 \mathbf{x}^T A",  # assumes symmetry
        r"\mathbf{x}^T (A - A^T)",  # flipped sign
    ]),
    (r"\sigma(W \mathbf{x})", r"\mathbf{x}",
     r"\operatorname{diag}(\sigma(W \mathbf{x}) \odot (\mathbf{1} - \sigma(W \mathbf{x}))) W", [
         r"W \operatorname{diag}(\sigma(W \mathbf{x}) \odot (\mathbf{1} - \sigma(W \mathbf{x})))",
         r"\operatorname{diag}(\sigma(W \mathbf{x})) W",  # missing factor
         r"W^T \operatorname{diag}(\sigma(W \mathbf{x}) \odot (\mathbf{1} - \sigma(W \mathbf{x})))",
     ]),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", "b", r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0]", [
        "1", "0", r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b < 0]",
        r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} > 0]",
    ]),
    (r"\operatorname{tr}(A W^T W)", "W", r"W (A + A^T)", [
        r"(A + A^T) W^T", r"W A", r"2 W A^T",
    ]),
]


@pytest.mark.parametrize("function, wrt, claim, mutations", CASES, ids=[c[0] for c in CASES])
def test_correct_claims_pass_and_every_mutation_fails(function, wrt, claim, mutations):
    if "tr" in function:  # ∂/∂W of a scalar: numerator layout is n×m, the gradient's transpose
        claim, mutations = rf"({claim})^T", [rf"({m})^T" for m in mutations]
    run(Request(function=function, wrt=wrt, where=VEC, expect=claim))
    for mutation in mutations:
        with pytest.raises(MatcalcError) as caught:
            run(Request(function=function, wrt=wrt, where=VEC, expect=mutation))
        assert caught.value.subtype in (Subtype.WRONG, Subtype.SHAPE), mutation


@pytest.mark.parametrize("function, wrong", [
    (r"x^{99999999999}", "0"),  # both underflow to 0 in floats
    (r"x^{99999999999}", r"99999999998 x^{99999999998}"),  # equal to 11 digits
    (r"\exp(1000 x)", "0"),  # overflow
    (r"\max(0, x - 3)", "0"),  # lucky draws: x rarely above 3
    (r"|x + 5|", "1"),
    (r"(x + 10^{8}) - 10^{8}", "0"),  # cancellation
])
def test_floats_and_lucky_draws_do_not_accept_wrong_claims(function, wrong):
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt="x", expect=wrong))
    assert caught.value.subtype is Subtype.WRONG


def test_the_exact_check_accepts_what_is_right():
    run(Request(function=r"x^{99999999999}", wrt="x", expect=r"99999999999 x^{99999999998}"))


def test_step_operators_are_evaluated():
    outcome = run(Request(
        function=r"a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)", wrt=r"\mathbf{w}", where=VEC,
        steps=[r"\frac{\partial a}{\partial \mathbf{w}}",
               r"\frac{\partial}{\partial \mathbf{w}} \max(0, \mathbf{w} \cdot \mathbf{x} + b)",
               r"\nabla_{\mathbf{w}} a",
               r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0] \frac{\partial}{\partial \mathbf{w}}"
               r"(\mathbf{w} \cdot \mathbf{x} + b)",
               r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0] \mathbf{x}^T"]))
    assert len(outcome.results[0].checked) == 5


def test_derivative_operators_outside_steps_are_refused():
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\frac{\partial}{\partial x} x^2", wrt="x"))
    assert caught.value.subtype is Subtype.UNSUPPORTED
    assert "steps" in caught.value.message


SPEC_EXAMPLE = r"""Steps
=====

.. derive:: \mathbf{w} \cdot \mathbf{x} + b
   :wrt: \mathbf{w}
   :where: \mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}

   = \frac{\partial}{\partial \mathbf{w}} \mathbf{w} \cdot \mathbf{x} + \frac{\partial b}{\partial \mathbf{w}}
   = \mathbf{x}^T + \vec{0}^T
   = \mathbf{x}^T
"""

STEPS_MD = r"""# Steps

```{derive} C = \mathbf{w} \cdot \mathbf{x} + b
:wrt: \mathbf{w}
:where: \mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}

= \nabla_{\mathbf{w}} C
= \frac{\partial}{\partial \mathbf{w}}(\mathbf{w} \cdot \mathbf{x})
= \mathbf{x}
```
"""


def test_spec_step_example_builds_and_a_wrong_myst_step_is_located(tmp_path):
    root = project(tmp_path, {"steps.rst": SPEC_EXAMPLE, "steps_md.md": STEPS_MD})
    code, output = build(root)
    assert code == 1, output
    assert messages(output) == ["steps_md.md:9:wrong"], output
    assert "transpose of the right result" in output


def test_every_mutation_fails_in_a_real_build(tmp_path):
    blocks = []
    expected = 0
    for function, wrt, claim, mutations in CASES[:3]:
        for mutation in mutations:
            blocks.append(f".. derive:: {function}\n   :wrt: {wrt}\n   :where: {VEC}\n"
                          f"   :expect: {mutation}\n")
            expected += 1
    page = "Mutations\n=========\n\n" + "\n".join(blocks)
    root = project(tmp_path, {"mutations.rst": page})
    code, output = build(root)
    assert code == 1
    found = messages(output)
    assert len(found) == expected, output
    lines = sorted(int(m.split(":")[1]) for m in found)
    expect_lines = [k + 1 for k, line in enumerate(page.splitlines()) if ":expect:" in line]
    assert lines == expect_lines
    assert re.search(r"\d+ derivation\(s\) failed", output)


@pytest.mark.parametrize("claim", [r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} > 0]",
                                   r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 1]"])
def test_piecewise_claims_differing_on_a_small_region_are_rejected_under_every_seed(claim):
    """Branches are sampled in every combination, not just each on both sides."""
    from sphinx_matcalc.read import Notation, parse_declarations, parse_expression
    from sphinx_matcalc.judge import Setting, compare
    notation = Notation()
    notation.declare(parse_declarations(VEC))
    truth = parse_expression(r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0]", notation).expr
    wrong = parse_expression(claim, notation).expr
    truth, wrong = notation.finish(truth, wrong)
    for seed in range(30):
        assert compare(wrong, truth, Setting(), seed=seed) is not None, seed
