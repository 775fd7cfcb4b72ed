"""What the page shows is what it means: every shown formula reads back as itself.

The pipeline reads back each formula it would show (the result, each step's
left-hand side and parts, each intermediate) and compares it with the
expression it was printed from; these tests show that the guard catches a
misprint, that every shown result pasted back as :expect: is accepted, and
that random expressions of every construct read back.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.present import Printer
from tables import IDENTITIES, PAPER
from test_engine import BATTERY
from test_properties import WHERE, scalars, vectors

REQUESTS = ([(f, w, wh) for f, w, wh, _, _ in PAPER] + [(f, w, wh) for f, w, wh, _, _ in IDENTITIES]
            + [(f, w, wh) for f, w, wh, _ in BATTERY])


def test_a_misprint_is_an_internal_error_and_nothing_is_shown(monkeypatch):
    def forgets_the_transpose(self, expr):
        return self._print(expr.arg)
    monkeypatch.setattr(Printer, "_print_Transpose", forgets_the_transpose)
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=r"\mathbf{w} \cdot \mathbf{x}", wrt=r"\mathbf{w}"))
    assert caught.value.subtype is Subtype.INTERNAL
    assert "the page would show" in caught.value.message


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_every_shown_result_pasted_back_as_expect_is_accepted(layout, report):
    pasted = 0
    for function, wrt, where in REQUESTS:
        outcome = run(Request(function=function, wrt=wrt, where=where, layout=layout))
        for result in outcome.results:
            again = run(Request(function=function, wrt=result.variable, where=where,
                                layout=layout, expect=result.result))
            assert again.results[0].checked == [result.result]
            pasted += 1
    report(f"read-back: {pasted} shown results pasted back as :expect: ({layout}) all accepted")
    assert pasted >= len(REQUESTS) >= 80


MORE = [r"\operatorname{tr}(A X)", r"\det(X)", r"\log\det X", r"\operatorname{tr}(X^{-1} A)",
        r"\mathbf{a}^T X \mathbf{b}", r"\|X\|_F^2", r"\mathbf{a}^T X^{-1} \mathbf{b}",
        r"\operatorname{tr}(X^T A X)", r"\operatorname{tr}((X^T)^{-1} A)",
        # matrix powers with a declared whole exponent, a declared symmetric matrix (issue #13)
        r"\det(X^{k})", r"\operatorname{tr}(X^{k})", r"\log\det(X^{2k})",
        r"\operatorname{tr}(X^{k-1}) + \operatorname{tr}(X^{2})", r"\operatorname{tr}(S X)",
        r"\mathbf{a}^T X S \mathbf{b}", r"\operatorname{tr} AX + |X|",
        # superscripts on what is printed with a superscript: never X^T^{\circ 2}
        r"\operatorname{tr}(A (X^T)^{\circ 2})", r"\mathbf{a}^T (X^{-1})^{\circ 2} \mathbf{b}",
        r"\mathbf{a}^T ((X^T)^{-1})^{\circ 3} \mathbf{b}", r"\mathbf{a}^T ((X^{-1})^T)^{-1} \mathbf{b}",
        # element-wise functions of a matrix: 1 ⊘ X is the ones of X's shape over X, never 1 ⊘ X
        r"\mathbf{a}^T \log(X) \mathbf{b}", r"\operatorname{tr}(\log X)", r"\|\log(X)\|_F^2",
        r"\mathbf{a}^T (X \oslash A) \mathbf{b} + \operatorname{tr}(A \oslash X)"]
MATRIX_WHERE = (r"X, A \in \mathbb{R}^{n \times n}; \mathbf{a}, \mathbf{b} \in \mathbb{R}^{n}; "
                r"k \in \mathbb{Z}; S \in \mathbb{S}^{n}")
#: The constructs' :where: adds declared structures: a symmetric S and a probability vector p.
CONSTRUCT_WHERE = WHERE + r"; S \in \mathbb{S}^{n}; \mathbf{p} \in \Delta^{n}"
#: Constructs wrapped around a random vector expression v (and for the scalar variable t).
TEMPLATES = [r"\operatorname{{softmax}}({v})", r"\operatorname{{logsumexp}}({v})",
             r"\|{v}\|_1", r"\max(0, {v})", r"{v} \oslash (\mathbf{{1}} + \mathbf{{x}} \odot \mathbf{{x}})",
             r"\mathbb{{1}}[\mathbf{{a}} \cdot \mathbf{{x}} > 0] {v}", r"\sqrt{{\|{v}\|^2 + 1}}",
             r"\begin{{cases}} \mathbf{{b}} \cdot {v} & c > 0 \\ \mathbf{{a}} \cdot {v} & \text{{otherwise}} \end{{cases}}",
             r"\frac{{1}}{{N}} \sum_{{i=1}}^{{N}} (y_i - \mathbf{{a}}_i \cdot {v})^2",
             r"\operatorname{{diag}}(\mathbf{{a}}) {v}", r"({v})^{{\circ 2}}", r"\tanh({v}) \odot {v}",
             # the notation of course notes (issue #13)
             r"\frac{{1}}{{2}}\|{v}\|^2", r"c \lVert {v} \rVert^2_2", r"\frac{{n}}{{2}} \|{v}\|_2",
             r"\sum_{{i=1}}^{{n}} a_i b_i + \mathbf{{b}} \cdot {v}", r"(\sum_{{i=0}}^{{n-1}} a_i) \mathbf{{b}} \cdot {v}",
             r"(\operatorname{{tr}} W^T W) \mathbf{{a}} \cdot {v}", r"|W| \mathbf{{a}} \cdot {v}",
             r"\sin 2t \mathbf{{a}} \cdot {v}", r"\pi e \mathbf{{a}} \cdot {v} + \mathrm{{e}}^{{c}}",
             r"\begin{{cases}} {v} & c > 0 \\ \mathbf{{0}} & \text{{otherwise}} \end{{cases}}",
             r"\hat{{\mathbf{{x}}}}^T {v}", r"{{\mathbf{{W}}^{{(2)}}}}^\top {v}",
             r"\mathbf{{W}}^{{(1)}} {v} + \mathbf{{X}}^{{(\text{{train}})\top}} \mathbf{{a}}",
             r"\frac{{1}}{{N}} \sum_{{i=1}}^{{N}} (y^{{(i)}} - \mathbf{{a}}^{{(i)}} \cdot {v})^2",
             r"\sum_{{i=0}}^{{N-1}} (y_i - \mathbf{{a}}_i \cdot {v})^2",
             r"\mathbf{{a}}^T S {v}", r"{v}^T S {v}", r"\mathbf{{p}}^T \log \operatorname{{softmax}}({v})",
             r"\begin{{bmatrix}} t & c \end{{bmatrix}} \begin{{bmatrix}} \mathbf{{a}} \cdot {v} \\ t^2 \end{{bmatrix}}",
             r"\begin{{bmatrix}} \mathbf{{a}} \cdot {v} \\ t \end{{bmatrix}}",
             r"\begin{{pmatrix}} c & 1 \\ t & 2 \end{{pmatrix}} \begin{{bmatrix}} \mathbf{{b}}^T {v} \\ c t \end{{bmatrix}}",
             r"\sigma'(\mathbf{{a}} \cdot {v})", r"\mathbf{{a}}^T \tanh'({v})",
             r"\tilde{{c}} \mathbf{{a}} \cdot {v} + \bar{{t}}^2", r"\hat{{c}} \|{v}\|_2^2 + \breve{{t}}",
             r"c^{{(1)}} \mathbf{{a}} \cdot {v} + x^{{(i)}} t", r"\max(0, \mathbf{{a}} \cdot {v} + c)",
             r"\begin{{cases}} \mathbf{{a}}^T {v} & c > 0 \end{{cases}}",
             r"\begin{{cases}} {v}^T & c > 0 \\ \mathbf{{a}}^T & \text{{otherwise}} \end{{cases}}",
             r"\log(\|{v}\|^2 + 10^{{-40}})", r"(10^{{40}} + 1) \mathbf{{a}} \cdot {v}",
             r"\frac{{1}}{{n}} \|{v}\|^2 + \frac{{n}}{{2}} t",
             r"\operatorname{{softplus}}(\mathbf{{a}} \cdot {v})", r"\mathbf{{a}}^T \operatorname{{softplus}}'({v})",
             r"(\sigma(\mathbf{{a}} \cdot {v}))^{{c}}", r"(\exp(\mathbf{{a}} \cdot {v}))^{{c - 1}} + (\sin t)^{{3}}",
             # exclusive cases, chains of comparisons (SymPy drops what earlier cases imply)
             r"\begin{{cases}} 0 & t < 0 \\ t^2 \mathbf{{a}} \cdot {v} & 0 \le t < 1 \\ \mathbf{{b}} \cdot {v} & \text{{otherwise}} \end{{cases}}",
             r"\mathbb{{1}}[-1 < t \le 2] \mathbf{{a}} \cdot {v}"]
#: conf.py's matcalc_functions for every random derivation (SPEC §6)
FUNCTIONS = (("softplus", r"\log(1 + e^{x})"),)


@st.composite
def requests(draw):
    kind = draw(st.sampled_from(["vector", "scalar", "matrix", "construct"]))
    if kind == "matrix":
        return draw(st.sampled_from(MORE)), "X", MATRIX_WHERE
    if kind == "construct":
        text = draw(st.sampled_from(TEMPLATES)).format(v=draw(vectors(None)))
        return text, draw(st.sampled_from([r"\mathbf{x}", "t"])), CONSTRUCT_WHERE
    text = draw(vectors(None) if kind == "vector" else scalars())
    return text, draw(st.sampled_from([r"\mathbf{x}", "t"])), WHERE


#: The notation of course notes: every shown result, pasted back as :expect:, is accepted.
NOTES = [
    (r"\frac{1}{2}\|X\mathbf{w} - \mathbf{y}\|^2", r"\mathbf{w}", r"X \in \mathbb{R}^{N \times D}"),
    (r"\frac{\lambda}{2}\|\mathbf{w}\|^2_2 + \sum_{i=1}^{n} w_i x_i", r"\mathbf{w}",
     r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}"),
    (r"\frac{1}{N}\sum_{i=1}^{N} (y^{(i)} - {\mathbf{W}^{(1)}}^\top \mathbf{x}^{(i)} \cdot \mathbf{v})^2",
     r"\mathbf{v}", ""),
    (r"\log \sum_{k=1}^{q} \exp(o_k)", r"\mathbf{o}", r"\mathbf{o} \in \mathbb{R}^{q}"),
    (r"\operatorname{tr} ABA^TC + \ln|\det B|", "B", r"A, B, C \in \mathbb{R}^{n \times n}"),
    (r"\log 2x + \pi e^{x} + \mathrm{e}", "x", ""),
    (r"\hat{\mathbf{y}}^T \mathbf{X}^{(\text{train})\top} \mathbf{w}", r"\mathbf{w}", ""),
    (r"\begin{cases} \mathbf{w}^T\mathbf{x} & b > 0 \\ 0 & \text{otherwise} \end{cases}",
     r"\mathbf{w}", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}", ""),
    (r"\frac{ND}{2} \log s + \mathbf{x}^T \mathbf{I} \mathbf{x}", "s", r"X \in \mathbb{R}^{N \times D}"),
]


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_course_notation_results_pasted_back_are_accepted(layout):
    for function, wrt, where in NOTES:
        (result,) = run(Request(function=function, wrt=wrt, where=where, layout=layout)).results
        again = run(Request(function=function, wrt=wrt, where=where, layout=layout,
                            expect=result.result))
        assert again.results[0].checked == [result.result], function


@pytest.mark.parametrize("text", TEMPLATES + MORE)
def test_every_construct_of_the_random_derivations_is_derived_and_read_back(text):
    """No template is always refused, so the random derivations below exercise each one: the
    shown result of each, around a fixed vector, reads back and pastes back as :expect:."""
    function, wrt, where = ((text, "X", MATRIX_WHERE) if text in MORE else
                            (text.format(v=r"(\mathbf{x} + t)"), r"\mathbf{x}", CONSTRUCT_WHERE))
    (result,) = run(Request(function=function, wrt=wrt, where=where, functions=FUNCTIONS),
                    timeout=60).results
    again = run(Request(function=function, wrt=wrt, where=where, expect=result.result,
                        functions=FUNCTIONS), timeout=60)
    assert again.results[0].checked == [result.result]


def test_random_derivations_read_back_every_formula(report):
    formulas: list[int] = []

    @settings(max_examples=200, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(requests(), st.sampled_from(["numerator", "denominator"]))
    def check(request, layout):
        function, wrt, where = request
        try:
            outcome = run(Request(function=function, wrt=wrt, where=where, layout=layout,
                                  functions=FUNCTIONS))
        except MatcalcError as error:  # refused with a reason is fine; a misprint is not
            assert error.subtype is not Subtype.INTERNAL, (function, error.message)
            return
        for result in outcome.results:
            formulas.append(1 + sum(1 + len(step.parts) for step in result.steps))

    check()
    report(f"read-back: {sum(formulas)} shown formulas of {len(formulas)} random derivations "
           "read back as themselves")
    assert len(formulas) >= 40


def test_more_intermediates_than_letters_read_back():
    """Past the eight letters (u, v, s, ...) intermediates are u_1, u_2, ...: named as the
    reader names them, so the shown steps read back as themselves (u_{1} was read as u_1)."""
    n = 12
    function = " + ".join(rf"\sin(\mathbf{{a}}_{{{k}}}\cdot\mathbf{{x}})^{{{k + 2}}}"
                          for k in range(1, n + 1))
    where = r"\mathbf{x}, " + ", ".join(rf"\mathbf{{a}}_{{{k}}}" for k in range(1, n + 1)) + \
        r" \in \mathbb{R}^{n}"
    outcome = run(Request(function=function, wrt=r"\mathbf{x}", where=where), timeout=120)
    assert "u_1" in " ".join(str(s) for s in outcome.results[0].steps)


#: Results with numbers longer than the reader once took (30 digits): 10^{-30} was printed
#: \frac{1}{1000000000000000000000000000000}, which did not read back (an internal error).
LONG_NUMBERS = [
    (r"\sqrt{x^2 + 10^{-300}}", "x", r"x \in \mathbb{R}", r"\frac{x}{\sqrt{x^2 + 10^{-300}}}"),
    (r"\sqrt{x^2 + 10^{-30}}", "x", r"x \in \mathbb{R}", r"\frac{x}{\sqrt{x^2 + 10^{-30}}}"),
    (r"\log(x^2 + 10^{-40})", "x", r"x \in \mathbb{R}", r"\frac{2x}{x^2 + 10^{-40}}"),
    (r"\sqrt{\mathbf{x}^T\mathbf{x} + 10^{-35}}", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}",
     r"\frac{\mathbf{x}^T}{\sqrt{\mathbf{x}^T\mathbf{x} + 10^{-35}}}"),
    (r"(10^{40} + 1) x^2", "x", r"x \in \mathbb{R}", r"2(10^{40} + 1) x"),
    (r"\frac{x^2}{3 \cdot 10^{40} + 7}", "x", r"x \in \mathbb{R}", r"\frac{2x}{3 \cdot 10^{40} + 7}"),
    (r"\frac{7}{2^{100}} x^3", "x", r"x \in \mathbb{R}", r"\frac{21 x^2}{2^{100}}"),
]


@pytest.mark.parametrize("function, wrt, where, claim", LONG_NUMBERS)
def test_results_with_long_numbers_are_shown_and_read_back(function, wrt, where, claim):
    outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim), timeout=60)
    shown = outcome.results[0].result
    run(Request(function=function, wrt=wrt, where=where, expect=shown), timeout=60)


def _read(text):
    from sphinx_matcalc.read import Notation, parse_expression
    return parse_expression(text, Notation(), second_reading=False).expr


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(-10 ** 90, 10 ** 90),
       st.one_of(st.integers(1, 10 ** 90), st.integers(0, 120).map(lambda k: 10 ** k),
                 st.tuples(st.integers(1, 99), st.integers(0, 90)).map(
                     lambda m: m[0] * 10 ** m[1])))
def test_rationals_with_long_numerators_and_denominators_read_back_as_themselves(p, q):
    import sympy
    r = sympy.Rational(p, q)
    assert _read(Printer().doprint(r)) == r
    x = sympy.Symbol("x", real=True)
    assert _read(Printer().doprint(r * x)).subs(sympy.Symbol("x"), x) == r * x


def test_the_longest_number_the_reader_takes_is_the_longest_the_printer_writes():
    import sympy
    from sphinx_matcalc.read import MAX_DIGITS
    for n in (10 ** (MAX_DIGITS - 1), 10 ** MAX_DIGITS - 1, 7 * 10 ** (MAX_DIGITS - 1) + 3):
        for r in (sympy.Integer(n), sympy.Rational(1, n), sympy.Rational(-n, 3)):
            assert _read(Printer().doprint(r)) == r
    with pytest.raises(MatcalcError) as caught:
        Printer().doprint(sympy.Integer(10 ** MAX_DIGITS))
    assert caught.value.subtype is Subtype.UNSUPPORTED


@pytest.mark.parametrize("function, where", [
    (r"(\sin y)^p", r"p \in \mathbb{R}"), (r"(\tanh y)^k", r"k \in \mathbb{Z}"),
    (r"(\cos y)^{p + 1} + (\sin y)^{-2}", r"p \in \mathbb{R}"),
    (r"(\cos y)^3 + x \log y", r"x \in \mathbb{R}")])  # sin(y) cos(y)^2: a factor after sin(y)
def test_a_power_of_a_functions_value_is_written_after_its_argument(function, where):
    """\\sin^{p - 1}(y) is not read (it could be an inverse or a power of the argument): the
    page writes (\\sin y)^{p - 1}; and \\sin(y), never SymPy's \\sin{(y)}, which latex2sympy2
    reads with the factor after it as the argument. Each pastes back as :expect:."""
    (result,) = run(Request(function=function, wrt="y", where=where)).results
    assert r"\sin^" not in result.result and r"\tanh^" not in result.result
    again = run(Request(function=function, wrt="y", where=where, expect=result.result))
    assert again.results[0].checked == [result.result]


@pytest.mark.parametrize("function, wrt, where", [
    ("x^{5/4}", "x", r"x \in \mathbb{R}"), ("|x|^{5/4}", "x", r"x \in \mathbb{R}"),
    (r"(\mathbf{x}^T\mathbf{x})^{5/4}", r"\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{n}")])
def test_a_root_other_than_square_is_written_as_a_power(function, wrt, where):
    """The notation reads square roots only (\sqrt[4]{x} is refused, and \sqrt[3] of a
    negative would mean another number than x^{1/3}): a fourth root is shown as x^{1/4}, so
    the result reads back and pastes back as :expect: (review 41: an internal error)."""
    (result,) = run(Request(function=function, wrt=wrt, where=where)).results
    assert r"\sqrt[" not in result.result and r"\frac{1}{4}" in result.result
    again = run(Request(function=function, wrt=wrt, where=where, expect=result.result))
    assert again.results[0].checked == [result.result]


PARTIAL_DOMAINS = [  # a step's ∂f/∂u ∂u/∂x has no value where the function has none
    (r"\log(\max(0, x))", "x", r"x \in \mathbb{R}", r"\frac{1}{x}"),
    (r"\log(\operatorname{relu}(x))", "x", r"x \in \mathbb{R}", r"\frac{1}{x}"),
    (r"\frac{1}{\max(0, x)}", "x", r"x \in \mathbb{R}", r"-\frac{1}{x^2}"),
    (r"\log(\max(0, \mathbf{w}^T \mathbf{x}))", r"\mathbf{w}", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^n",
     r"\frac{\mathbf{x}^T}{\mathbf{w}^T \mathbf{x}}"),
]


@pytest.mark.parametrize("function, wrt, where, claim", PARTIAL_DOMAINS)
def test_steps_are_compared_only_where_the_function_has_a_value(function, wrt, where, claim):
    """The steps' read-back compared formulas outside the function's domain too, where the
    shown ∂f/∂u ∂u/∂x has no value and ∂f/∂x is 0: an internal error for a right result."""
    (result,) = run(Request(function=function, wrt=wrt, where=where)).results
    assert result.steps
    run(Request(function=function, wrt=wrt, where=where, expect=claim))
    with pytest.raises(MatcalcError) as caught:
        run(Request(function=function, wrt=wrt, where=where, expect=f"2{claim}"))
    assert caught.value.subtype is Subtype.WRONG
