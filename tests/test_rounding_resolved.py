"""Values rounding makes: a point is outside the domain, and two values are equal, only where
enclosures in enough digits say so.

At 50 digits σ(400) is 1, so log(1 − σ(400)) seemed undefined and (1 − σ(x))σ(x) seemed 0
where it is 10⁻¹⁷⁴: a claim wrong only there (0 for x > 300, twice the truth past 2000) was
accepted. The point is asked again in 300, 1500 and 6000 digits (``resolution.py``).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import run
from verdicts import claimed, judged

X = r"x \in \mathbb{R}"
WX = r"w, x \in \mathbb{R}"
WXV = r"W \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^n"
AX = r"A \in \mathbb{R}^{n \times n}; \mathbf{x} \in \mathbb{R}^n"
SAMPLES = r"w \in \mathbb{R}; x_i \in \mathbb{R}"
MAT = r"X \in \mathbb{R}^{n \times n}"

WRONG = [  # (function, variable, where, claim): wrong only where 50 digits round to 0
    # the function seemed undefined there (1 − σ(x) is 0 at 50 digits past x ≈ 115)
    (r"-\log(1-\sigma(x))", "x", X,
     r"\begin{cases} \sigma(x) & x < 300 \\ 0 & \text{otherwise}\end{cases}"),
    (r"-\log(1-\sigma(w x))", "w", WX, r"x\sigma(w x)\mathbb{1}[w x < 500]"),
    (r"-\mathbf{1}^T\log(\mathbf{1}-\sigma(W\mathbf{x}))", r"\mathbf{x}", WXV,
     r"(\sigma(W\mathbf{x}) \odot \mathbb{1}[W\mathbf{x} < 500])^T W"),
    (r"-\sum_{i=1}^{N}\log(1-\sigma(w x_i))", "w", SAMPLES,
     r"\sum_{i=1}^{N} x_i\sigma(w x_i)\mathbb{1}[w x_i < 500]"),
    (r"-\log(1-\sigma(\operatorname{tr} X))", "X", MAT,
     r"\sigma(\operatorname{tr} X)\mathbb{1}[\operatorname{tr} X < 500] I"),
    (r"\log(1-\tanh(x))", "x", X,
     r"\begin{cases} -1-\tanh(x) & x < 1000 \\ 5 & \text{otherwise}\end{cases}"),
    (r"\log(1-\cos(x))", "x", X,
     r"\begin{cases} \frac{\sin x}{1-\cos x} & x^2 > e^{-1000} \\ 0 & \text{otherwise}"
     r"\end{cases}"),
    (r"-\log(1-\sigma(x))", "x", X, r"\sigma(x) \mathbb{1}[x < 5000]"),
    # the truth seemed 0 there, as the claim is, or beside a claim of twice it
    (r"\sigma(x)", "x", X, r"\sigma(x)\sigma(-x) + \sigma(10^{3}(x-2000))e^{-x}"),
    (r"\sigma(x)", "x", X, r"\begin{cases} 2\sigma(x)\sigma(-x) & x > 300 \\ "
     r"\sigma(x)\sigma(-x) & \text{otherwise}\end{cases}"),
    (r"\sigma(x)", "x", X, r"\sigma(x)\sigma(-x)\mathbb{1}[x < e^{6}]"),
    (r"\sigma(x)", "x", X, r"\sigma(x)\sigma(-x) + \sigma(x-1000)^{5}\sigma(-x)"),
    (r"\tanh(x)", "x", X, r"(1-\tanh(x)^2)\mathbb{1}[x < 400]"),
    (r"\mathbf{1}^T \tanh(A\mathbf{x})", r"\mathbf{x}", AX,
     r"((\mathbf{1} - \tanh(A\mathbf{x})^{\circ 2}) \odot \mathbb{1}[A\mathbf{x} < 400])^T A"),
    (r"\log\sigma(x)", "x", X, r"\sigma(-x) + \mathbb{1}[x > 800]e^{-x}"),
    (r"x - \sin x", "x", X, r"(1-\cos x)\mathbb{1}[x^2 > e^{-1000}]"),
]

RIGHT = [  # the same functions, right claims: rounding refuses none of them
    (r"-\log(1-\sigma(x))", "x", X, r"\sigma(x)"),
    (r"-\log(1-\sigma(x))", "x", X, r"\frac{1}{1+e^{-x}}"),
    (r"-\mathbf{1}^T\log(\mathbf{1}-\sigma(W\mathbf{x}))", r"\mathbf{x}", WXV,
     r"(\mathbf{1} - \sigma(-W\mathbf{x}))^T W"),
    (r"-\sum_{i=1}^{N}\log(1-\sigma(w x_i))", "w", SAMPLES, r"\sum_{i=1}^{N} x_i\sigma(w x_i)"),
    (r"-\log(1-\sigma(\operatorname{tr} X))", "X", MAT, r"\sigma(\operatorname{tr} X) I"),
    (r"\log(1-\tanh(x))", "x", X, r"-1-\tanh(x)"),
    (r"\log(1-\cos(x))", "x", X, r"\frac{\sin x}{1-\cos x}"),
    (r"\sigma(x)", "x", X, r"\sigma(x)\sigma(-x)"),
    (r"\tanh(x)", "x", X, r"1-\tanh(x)^2"),
    (r"\log\sigma(x)", "x", X, r"\sigma(-x)"),
    (r"x - \sin x", "x", X, r"1-\cos x"),
    (r"\sigma(\mathbf{x})", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^n",
     r"\operatorname{diag}(\sigma(\mathbf{x}) \odot \sigma(-\mathbf{x}))"),
    (r"10^{-100} x^2", "x", X, r"2 \cdot 10^{-100} x"),
]


@pytest.mark.parametrize("case", WRONG, ids=[c[3][:40] for c in WRONG])
def test_wrong_where_rounding_hid_it(case: tuple) -> None:
    assert judged(claimed(*case), False) == "refused"


@pytest.mark.parametrize("case", RIGHT, ids=[c[3][:40] for c in RIGHT])
def test_right_where_rounding_cancels(case: tuple) -> None:
    assert judged(claimed(*case), True) == "accepted"


FAMILIES = [  # (function, right claim): the truth cancels at 50 digits for large x
    (r"-\log(1-\sigma(x))", r"\sigma(x)"),
    (r"\sigma(x)", r"\sigma(x)\sigma(-x)"),
    (r"\tanh(x)", r"1-\tanh(x)^2"),
    (r"\log\sigma(x)", r"\sigma(-x)"),
]
COUNT = [0]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(FAMILIES), st.integers(120, 6000), st.sampled_from(["drop", "double"]))
def test_a_claim_wrong_past_a_threshold_is_refused(family: tuple, t: int, how: str) -> None:
    """The right claim times 𝟙[x < t] (0 past t), or plus itself past t (twice the truth):
    past t the truth is 10⁻⁵²¹¹ at least (4e^{−2t} for tanh), which 6000 digits resolve."""
    COUNT[0] += 1
    function, right = family
    claim = (rf"({right}) \mathbb{{1}}[x < {t}]" if how == "drop"
             else rf"({right})(1 + \mathbb{{1}}[x > {t}])")
    assert judged(claimed(function, "x", X, claim), False) == "refused"
    print(f"wrong past a threshold where rounding cancels: {COUNT[0]} cases refused")


AS_WRITTEN = [  # right as written: the division or log the reading drops has a value
    ("x", X, r"\frac{1-\sigma(x)}{1-\sigma(x)}"),  # 1 − σ(935) rounds to 0 at 50 digits
    ("x", X, r"1 + \log(1-\sigma(x)) - \log(1-\sigma(x))"),
    (r"\log(\sigma(x))", X, r"\frac{(1-\sigma(x))^2}{1-\sigma(x)}"),
    (r"\sum_{i=1}^{N} w x_i", SAMPLES,
     r"\sum_{i=1}^{N} \frac{x_i (1-\sigma(w x_i))}{1-\sigma(w x_i)}"),
    ("x", X, r"\frac{1-\tanh(x)^2}{1-\tanh(x)^2}"),
]


@pytest.mark.parametrize("case", AS_WRITTEN, ids=[c[2][:40] for c in AS_WRITTEN])
def test_a_lost_restriction_is_undefined_only_where_an_enclosure_says_so(case: tuple) -> None:
    function, where, claim = case
    wrt = "w" if "w x_i" in function else "x"
    assert judged(claimed(function, wrt, where, claim), True) == "accepted"


@pytest.mark.parametrize("function, claim", [
    (r"\log(\sigma(x))", r"\sigma(-x)\mathbb{1}[x < 20000]"),  # 10⁻⁸⁶⁸⁶ past 20000
    (r"\log(\sigma(x))", r"\sigma(-x)(1+\mathbb{1}[x > 20000])"),
])
def test_a_term_only_where_no_precision_resolves_the_values_is_never_accepted(
        function: str, claim: str) -> None:
    """Past 6000 digits the points of the term's region give no verdict: unchecked."""
    with pytest.raises(MatcalcError) as caught:
        run(claimed(function, "x", X, claim))
    assert caught.value.subtype in (Subtype.UNCHECKED, Subtype.WRONG), caught.value.message
