"""conf.py's ``matcalc_functions`` (SPEC §6) and primes (``\\sigma'(z)``, ``f'(x)``).

A function defined by its formula in x is read by our reader, derived by the engine (which
cites conf.py), evaluated by the judge from the formula; ``f'`` is the derivative of a
function of the vocabulary or of conf.py.
"""

from __future__ import annotations

import pytest

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run

from sphinx_projects import build, messages, project

SOFTPLUS = (("softplus", r"\log(1 + e^{x})"),)
F = (("f", r"x^2 + \sin x"),)


def judge(function, wrt, expect, functions=SOFTPLUS, where="", layout="numerator"):
    return run(Request(function=function, wrt=wrt, where=where, expect=expect,
                       functions=functions, layout=layout))


# (function, wrt, right claim, functions, :where:)
RIGHT = [
    (r"\operatorname{softplus}(w x + b)", "w", r"\sigma(w x + b) x", SOFTPLUS, ""),
    (r"\operatorname{softplus}(w x + b)", "w", r"\frac{e^{w x + b}}{1 + e^{w x + b}} x",
     SOFTPLUS, ""),
    (r"\operatorname{softplus}(w x + b)", "w", r"\operatorname{softplus}'(w x + b) x", SOFTPLUS,
     ""),
    (r"\mathrm{softplus}(z)", "z", r"\sigma(z)", SOFTPLUS, ""),
    (r"\mathbf{1}^T \operatorname{softplus}(W\mathbf{x})", r"\mathbf{x}",
     r"\sigma(W\mathbf{x})^T W", SOFTPLUS, r"W \in \mathbb{R}^{m \times n}"),
    (r"f(x^2)", "x", r"f'(x^2) 2x", F, ""),
    (r"f(x^2)", "x", r"(2x^2 + \cos(x^2)) 2x", F, ""),
    (r"\sigma(z)", "z", r"\sigma'(z)", (), ""),
    (r"\sigma(w z)", "w", r"\sigma'(w z) z", (), ""),
    (r"\tanh(2z)", "z", r"2\tanh'(2z)", (), ""),
    (r"\operatorname{relu}(z)", "z", r"\operatorname{relu}'(z)", (), ""),
    (r"\mathbf{1}^T \sigma(\mathbf{z})", r"\mathbf{z}", r"\sigma'(\mathbf{z})^T", (), ""),
]


@pytest.mark.parametrize("function, wrt, claim, functions, where", RIGHT)
def test_a_right_claim_with_a_function_of_conf_py_or_a_prime_is_accepted(function, wrt, claim,
                                                                         functions, where):
    assert judge(function, wrt, claim, functions, where).results[0].checked == [claim]


WRONG = [
    (r"\operatorname{softplus}(w x + b)", "w", r"\sigma(w x + b)", SOFTPLUS),
    (r"\operatorname{softplus}(z)", "z", r"\operatorname{softplus}(z)", SOFTPLUS),
    (r"\operatorname{softplus}(z)", "z", r"\sigma(-z)", SOFTPLUS),
    (r"f(x^2)", "x", r"f'(x^2)", F),
    (r"f(x)", "x", r"2x + \sin x", F),
    (r"\sigma(z)", "z", r"\sigma'(z) z", ()),
    (r"\tanh(2z)", "z", r"\tanh'(2z)", ()),
]


@pytest.mark.parametrize("function, wrt, claim, functions", WRONG)
def test_a_wrong_claim_with_a_function_of_conf_py_or_a_prime_is_refused(function, wrt, claim,
                                                                        functions):
    with pytest.raises(MatcalcError) as caught:
        judge(function, wrt, claim, functions)
    assert caught.value.subtype is Subtype.WRONG


def test_the_engine_cites_conf_py():
    result = judge(r"\operatorname{softplus}(w x + b)", "w", "", SOFTPLUS).results[0]
    assert "user-function" in result.rules
    assert r"\operatorname{softplus}" in "".join(p for s in result.steps for p in [s.lhs, *s.parts])


# (functions, phrase): refused where they are defined, never guessed
BAD = [
    ((("bad", r"\log(y + x)"),), "may only use x, not y"),
    ((("relu", "x"),), "already part of the notation"),
    ((("tr", "x"),), "already part of the notation"),
    ((("soft_plus", "x"),), "letters only"),
    ((("r", r"\max(0, x)"),), "not smooth"),
    ((("g", r"\log(1 + "),), "Expected"),
]


@pytest.mark.parametrize("functions, phrase", BAD)
def test_a_bad_definition_is_refused_naming_matcalc_functions(functions, phrase):
    with pytest.raises(MatcalcError) as caught:
        judge("z", "z", "1", functions)
    assert caught.value.field.name == "matcalc_functions"
    assert phrase in caught.value.message, caught.value.message


# (function, claim, phrase): primes only where there is a function with a derivative
BAD_PRIMES = [
    (r"\sigma(z)", r"\sigma''(z)", "Only first derivatives"),
    (r"g(z)", r"g'(z)", "marks the derivative of a function"),
    (r"z", r"\sqrt'(z)", r"Expected the argument of \sqrt"),
]


@pytest.mark.parametrize("function, claim, phrase", BAD_PRIMES)
def test_a_prime_without_a_function_is_a_located_message(function, claim, phrase):
    with pytest.raises(MatcalcError) as caught:
        judge(function, "z", claim, ())
    assert caught.value.subtype in (Subtype.UNSUPPORTED, Subtype.SYNTAX)
    assert phrase in caught.value.message, caught.value.message
    assert caught.value.start is not None


def test_an_unknown_function_says_how_to_define_it():
    with pytest.raises(MatcalcError) as caught:
        judge(r"\operatorname{softplus}(z)", "z", "", ())
    assert "defined in conf.py by its formula in x: matcalc_functions = {'softplus': r\"...\"}" in caught.value.message


RST = """Softplus
========

.. derive:: \\operatorname{softplus}(w x + b)
   :wrt: w
   :expect: \\sigma(w x + b) x

.. derive:: f(x^2)
   :wrt: x
   :expect: f'(x^2) 2x
"""

MD = """# Softplus

```{derive} \\operatorname{softplus}(w x + b)
:wrt: w
:expect: \\sigma(w x + b)
```
"""


def test_matcalc_functions_in_a_build(tmp_path):
    conf = ('extensions = ["sphinx_matcalc", "myst_parser"]\n'
            'matcalc_functions = {"softplus": r"\\log(1 + e^{x})", "f": r"x^2 + \\sin x"}\n')
    root = project(tmp_path / "p", {"s.rst": RST, "m.md": MD}, conf)
    code, out = build(root)
    assert code == 1 and messages(out) == ["m.md:5:wrong"], out
    html = (root / "_build" / "html" / "s.html").read_text()
    assert "conf.py" in html  # the step's rule cites it


def test_a_bad_matcalc_functions_value_is_reported_once(tmp_path):
    conf = 'extensions = ["sphinx_matcalc"]\nmatcalc_functions = {"softplus": 3}\n'
    code, out = build(project(tmp_path / "p", {"s.rst": "S\n=\n\ntext\n"}, conf))
    assert code == 1
    assert "matcalc_functions in conf.py must be a dict of function names" in out


# -- the display round trip with functions of conf.py, primes and structures ------------
FUNCTIONS = (("f", r"x^2 + \sin x"), ("softplus", r"\log(1 + e^{x})"))
ROUND_TRIP = [r"\mathbf{1}^T \operatorname{softplus}(W\mathbf{x})", r"\operatorname{softplus}'(\mathbf{x})",
              r"\mathbf{a}^T f'(\mathbf{x})", r"\mathbf{a}^T \sigma'(\mathbf{x})",
              r"W \sigma'(\mathbf{x})", r"\mathbf{a}^T \tanh'(\mathbf{x})",
              r"f(\mathbf{x}) \odot \mathbf{a}", r"\mathbf{x}^T W \mathbf{x}"]
WHERE_ROUND_TRIP = r"\mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}"


@pytest.mark.parametrize("function", ROUND_TRIP)
@pytest.mark.parametrize("space", [r"\mathbb{R}^{n \times n}", r"\mathbb{S}^{n}"])
def test_a_shown_result_with_new_constructs_reads_back_and_pastes_back(function, space):
    """Every formula shown reads back (or the derivation is an internal error), and the result
    pasted into :expect: is accepted; with W general and declared symmetric."""
    where = f"{WHERE_ROUND_TRIP}, W \\in {space}"
    shown = run(Request(function=function, wrt=r"\mathbf{x}", where=where,
                        functions=FUNCTIONS)).results[0].result
    again = run(Request(function=function, wrt=r"\mathbf{x}", where=where, functions=FUNCTIONS,
                        expect=shown))
    assert again.results[0].checked == [shown]
