"""The judge is sound by class: each blind spot is a mechanism, closed here with wrong claims
now refused and right claims now accepted (see docs/judge.rst)."""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices.expressions import OneMatrix, Transpose, ZeroMatrix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_matcalc.engine import derive
from sphinx_matcalc.errors import MatcalcError, Subtype
from sphinx_matcalc.judge import Setting, check_jacobian, compare
from sphinx_matcalc.pipeline import Request, run
from sphinx_matcalc.present import Printer
from sphinx_matcalc.read import Notation, parse_declarations, parse_expression

from test_properties import WHERE, scalars, vectors

VEC = (r"\mathbf{w}, \mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}; b, \lambda \in \mathbb{R}; "
       r"A \in \mathbb{R}^{n \times n}; W \in \mathbb{R}^{m \times n}; \mathbf{x}_i \in \mathbb{R}^{n}")
MSE = r"\frac{1}{N}\sum_{i=1}^N (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2"


def judged(function, wrt, claim, where=VEC):
    """None when accepted, else the error's subtype."""
    try:
        run(Request(function=function, wrt=wrt, where=where, expect=claim))
    except MatcalcError as error:
        return error.subtype, error.message
    return None


def refused(function, wrt, claim, where=VEC, subtype=Subtype.WRONG):
    outcome = judged(function, wrt, claim, where)
    assert outcome is not None, f"accepted: {claim}"
    assert outcome[0] is subtype, outcome
    return outcome[1]


def accepted(function, wrt, claim, where=VEC):
    assert judged(function, wrt, claim, where) is None, judged(function, wrt, claim, where)


# -- sizes: every n from 1 to 7, every N from 1 to 6, declared sizes as declared -----------
@pytest.mark.parametrize("claim", [
    r"\frac{2}{3}\sum_{i=1}^N (\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T",  # 1/3 for 1/N
    r"2\sum_{i=1}^N (\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T",  # right only at N = 1
    r"\frac{2}{N}\sum_{i=0}^N (\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T",  # from 0
])
def test_sizes_sample_count_is_drawn(claim):
    refused(MSE, r"\mathbf{w}", claim)


def test_sizes_right_sample_claims_with_any_index_are_accepted():
    accepted(MSE, r"\mathbf{w}", r"\frac{2}{N}\sum_{i=1}^N (\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T")
    accepted(MSE, r"\mathbf{w}", r"\frac{2}{N}\sum_{j=1}^N (\mathbf{w}\cdot\mathbf{x}_j - y_j)\mathbf{x}_j^T")


def test_sizes_dimension_one_and_above_four():
    # right at n = 2..4 only: n(n-2)(n-3)(n-4)... a claim with 1/n for the dimension
    refused(r"\mathbf{w}\cdot\mathbf{w} / n", r"\mathbf{w}", r"\frac{2}{3}\mathbf{w}^T")
    accepted(r"\mathbf{w}\cdot\mathbf{w} / n", r"\mathbf{w}", r"\frac{2}{n}\mathbf{w}^T")
    # transposes agree at n = 1 only: x^T A vs (A x)^T needs n >= 2, n = 1 must not hide it
    refused(r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"2 \mathbf{x}^T A")


def test_sizes_declared_small_size_keeps_its_literal():
    where = r"\mathbf{w} \in \mathbb{R}^{10}; c \in \mathbb{R}"
    accepted(r"\operatorname{sum}(c \mathbf{w} + \mathbf{w}) ", "c", r"\operatorname{sum}(\mathbf{w})", where)
    accepted(r"\mathbf{1}^T (\mathbf{w} + c \mathbf{1})", "c", "10", where)
    refused(r"\mathbf{1}^T (\mathbf{w} + c \mathbf{1})", "c", "9", where)


def test_sizes_huge_declared_size_literal_is_refused_not_misjudged():
    where = r"\mathbf{w} \in \mathbb{R}^{1000}; c \in \mathbb{R}"
    refused(r"\mathbf{1}^T (\mathbf{w} + c \mathbf{1})", "c", "1000", where, Subtype.UNCHECKED)
    assert judged(r"\mathbf{1}^T (\mathbf{w} + c \mathbf{1})", "c", "999", where) is not None


# -- values: every magnitude and sign, in high precision ----------------------------------
@pytest.mark.parametrize("claim", [
    r"2x + 10^{-40} x^{40}",
    r"2x + \exp(x - 100)",
    r"2x + \begin{cases} 1 & x > 1000 \\ 0 & x \le 1000 \end{cases}",
    r"2x + \begin{cases} 1 & x < -1000 \\ 0 & x \ge -1000 \end{cases}",
    r"2x + \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases} \begin{cases} 1 & x < 0.01 \\ 0 & x \ge 0.01 \end{cases}",
    r"2.00001 x",
])
def test_values_far_and_small_differences_are_seen(claim):
    refused("x^2", "x", claim)


@pytest.mark.parametrize("claim", [r"\exp(x) + \exp(x - 100)", r"(1 + 10^{-45}) \exp(x)",
                                   r"\exp(x) (1 + 10^{-46})"])
def test_tolerance_a_difference_of_constant_tiny_relative_size_is_seen(claim):
    """Wrong everywhere by a relative 10⁻⁴⁴ or less: no tolerance decides it, the persistence
    of the difference at twice the digits does (rounding shrinks, a real difference stays)."""
    refused(r"\exp(x)", "x", claim)


def test_values_right_claims_with_large_values_are_accepted():
    accepted(r"\exp(1000 x)", "x", r"1000 \exp(1000 x)")
    accepted("x^2 + 10^{9}", "x", "2x")


# -- matrices: general, not symmetric positive definite -----------------------------------
def test_matrices_symmetric_only_claims_are_refused_under_domains():
    message = refused(r"\sqrt{\mathbf{x}^T A \mathbf{x}}", r"\mathbf{x}",
                      r"\frac{\mathbf{x}^T A}{\sqrt{\mathbf{x}^T A \mathbf{x}}}")
    refused(r"\log(\mathbf{x}^T A \mathbf{x})", r"\mathbf{x}",
            r"\frac{2 \mathbf{x}^T A}{\mathbf{x}^T A \mathbf{x}}")
    accepted(r"\log(\mathbf{x}^T A \mathbf{x})", r"\mathbf{x}",
             r"\frac{\mathbf{x}^T (A + A^T)}{\mathbf{x}^T A \mathbf{x}}")
    assert "symmetric" in refused(r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"2 \mathbf{x}^T A")


def test_matrices_log_det_domain():
    where = r"A \in \mathbb{R}^{n \times n}"
    accepted(r"\log \det(A)", "A", r"A^{-1}", where)
    refused(r"\log \det(A)", "A", r"A^{-T}", where)


# -- tolerance: high precision --------------------------------------------------------------
def test_tolerance_small_regulariser_and_tiny_factor_are_refused():
    f = r"\|A\mathbf{x} - \mathbf{a}\|^2 + 10^{-5} \mathbf{x} \cdot \mathbf{x}"
    right = r"2 (A\mathbf{x} - \mathbf{a})^T A + 2 \cdot 10^{-5} \mathbf{x}^T"
    accepted(f, r"\mathbf{x}", right)
    message = refused(f, r"\mathbf{x}", r"2 (A\mathbf{x} - \mathbf{a})^T A")
    assert "missing" in message
    refused(r"\mathbf{w} \cdot \mathbf{w}", r"\mathbf{w}", r"2.00002 \mathbf{w}^T")


# -- branches: both sides of every condition of claim and truth ------------------------------
def test_branches_thin_slice_and_all_negative():
    refused(r"|x - 3|", "x", r"\begin{cases} 1 & x > 3.0000001 \\ -1 & x \le 3.0000001 \end{cases}")
    accepted(r"|x - 3|", "x", r"\operatorname{sign}(x - 3)")
    where = r"a, b, c, d, e \in \mathbb{R}"
    wrong = (r"1 + \mathbb{1}[a < 0] \mathbb{1}[b < 0] \mathbb{1}[c < 0] \mathbb{1}[d < 0]"
             r" \mathbb{1}[e < 0]")
    refused(r"x + a + b + c + d + e", "x", wrong, where)
    refused(r"\operatorname{relu}(W\mathbf{x})", r"\mathbf{x}", r"W", )
    accepted(r"\operatorname{relu}(W\mathbf{x})", r"\mathbf{x}",
             r"\operatorname{diag}(\mathbb{1}[W\mathbf{x} > 0]) W")


# -- domains: compare only where the function is defined; never accept unchecked -------------
def test_domains():
    refused(r"\begin{cases} x^2 & x > 5 \end{cases}", "x", "0")
    accepted(r"\begin{cases} x^2 & x > 5 \end{cases}", "x", "2x")
    accepted(r"\log(x - 5)", "x", r"\frac{1}{x - 5}")
    refused(r"\log(x - 10)", "x", r"\frac{1}{x}")
    accepted(r"\log(x)", "x", r"\frac{1}{|x|}")  # equal wherever log x is defined
    accepted(r"\sqrt{x}", "x", r"\frac{1}{2\sqrt{x}}")
    accepted(r"\begin{cases} x^2 & x > 10^{30} \end{cases}", "x", "2x")  # lines reach 10³⁰⁰
    refused(r"\begin{cases} x^2 & x > 10^{30} \end{cases}", "x", "2x + 1")
    refused(r"\begin{cases} x^2 & x > 10^{400} \end{cases}", "x", "2x", subtype=Subtype.UNCHECKED)


# -- symbols: nothing undeclared, dimensions are sizes ----------------------------------------
def test_symbols():
    assert "q" in refused("x^2", "x", "2x + q", subtype=Subtype.UNCHECKED)
    refused(MSE, r"\mathbf{w}", r"\frac{2}{N}\sum_{i=1}^N (\mathbf{w}\cdot\mathbf{x}_j - y_i)"
            r"\mathbf{x}_i^T", subtype=Subtype.UNCHECKED)
    accepted(r"\lambda \mathbf{w} \cdot \mathbf{w}", r"\mathbf{w}", r"2 \lambda \mathbf{w}^T")
    accepted(r"n \mathbf{w} \cdot \mathbf{w}", r"\mathbf{w}", r"2 n \mathbf{w}^T")
    refused(r"n \mathbf{w} \cdot \mathbf{w}", r"\mathbf{w}", r"6 \mathbf{w}^T")


# -- large constants: the engine's own check -----------------------------------------------
@pytest.mark.parametrize("function", [r"\mathbf{w}\cdot\mathbf{w} + 10^{5}",
                                      r"\mathbf{w}\cdot\mathbf{w} + 10^{9}",
                                      r"x^2 + 10^{12}"])
def test_large_constants_do_not_defeat_the_engine_check(function):
    wrt = "x" if "x" in function else r"\mathbf{w}"
    run(Request(function=function, wrt=wrt, where=VEC))


# -- feedback ----------------------------------------------------------------------------------
def test_feedback_factor_and_missing_term():
    assert "factor of 2" in refused(r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}",
                                    r"2\mathbf{x}^T (A + A^T)")
    message = refused(r"\mathbf{w}\cdot\mathbf{x} + \lambda \mathbf{w}\cdot\mathbf{w}",
                      r"\mathbf{w}", r"\mathbf{x}^T")
    assert r"missing 2 \lambda \mathbf{w}^T" in message
    assert "n = 1" in message  # the smallest counterexample first


# -- property: random perturbations of right results are all refused ------------------------
def _truth(text, variable):
    notation = Notation()
    notation.declare(parse_declarations(WHERE))
    f = parse_expression(text, notation).expr
    v = parse_expression(variable, notation).expr
    f, v = notation.finish(f, v)
    return f, v, derive(f, v, Printer()).numerator_result


def test_every_perturbation_of_a_right_result_is_refused(report):
    counts = {"scale": 0, "add": 0, "transpose": 0, "unchecked": 0}

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.one_of(vectors(None), scalars()), st.sampled_from([r"\mathbf{x}", "t"]),
           st.one_of(st.integers(1, 12), st.integers(40, 400)),  # beyond 50 digits too
           st.sampled_from(["scale", "add", "transpose"]))
    def check(text, variable, k, kind):
        f, v, truth = _truth(text, variable)
        if truth == 0 or isinstance(truth, ZeroMatrix) or sympy.count_ops(truth) > 30:
            return  # nothing to perturb, or too large to judge quickly in a test
        setting = Setting(function=(f,))
        try:
            if compare(sympy.Mul(2, truth, evaluate=False) if not isinstance(
                    truth, sympy.MatrixExpr) else 2 * truth, truth, setting) is None:
                return  # zero, though not written as 0: every multiple is right
        except MatcalcError:
            pass
        eps = sympy.Integer(10) ** -k
        if kind == "scale":
            wrong = sympy.Mul(1 + eps, truth, evaluate=False) if not isinstance(
                truth, sympy.MatrixExpr) else (1 + eps) * truth
        elif kind == "add":  # ε times a term of the right shape that is not in the truth
            wrong = truth + eps * (OneMatrix(*truth.shape) if isinstance(truth, sympy.MatrixExpr) else sympy.Symbol("c", real=True) ** 2 + 1)
        else:
            if not isinstance(truth, sympy.MatrixExpr) or truth.shape[0] != truth.shape[1] or truth.shape[0] == 1:
                return
            wrong = Transpose(truth)
            if compare(wrong, truth, setting) is None:
                return  # a symmetric result: its transpose is right
        try:
            assert compare(wrong, truth, setting) is not None, (text, variable, kind, k)
        except MatcalcError as error:
            assert error.subtype is Subtype.UNCHECKED
            counts["unchecked"] += 1
            return
        counts[kind] += 1

    check()
    report(f"perturbation test: {counts['unchecked']} refused as unchecked; refused every "
           f"perturbation ({counts['scale']} scaled by 1+10^-k, {counts['add']} with an added "
           f"ε term, {counts['transpose']} transposed)")
    assert counts["scale"] + counts["add"] >= 8


# -- property: an enclosure contains the value ------------------------------------------------
def test_an_enclosure_contains_the_exact_value(report):
    """Interval arithmetic (the judge's proofs) encloses what 120 digits compute, for the
    functions and the engine's results alike: a refusal resting on an enclosure is right."""
    import mpmath
    import numpy as np
    from sphinx_matcalc.judge import Symbols, Undefined, draw, evaluate_interval, evaluate_precise
    counts = {"enclosed": 0, "no enclosure": 0}

    @settings(max_examples=80, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.one_of(vectors(None), scalars()), st.sampled_from([r"\mathbf{x}", "t"]),
           st.integers(0, 47), st.integers(0, 2 ** 32))
    def check(text, variable, k, seed):
        f, v, truth = _truth(text, variable)
        for e in (f, truth):
            p = draw(Symbols.of((e,)), frozenset(), k, np.random.default_rng(seed))
            try:
                exact = np.asarray(evaluate_precise(e, p, 120), dtype=object).reshape(-1)
            except Undefined:
                continue
            try:
                box = np.asarray(evaluate_interval(e, p, 60), dtype=object).reshape(-1)
            except Undefined:
                counts["no enclosure"] += 1
                continue
            with mpmath.workdps(130):  # the bounds as they are, not rounded to 15 digits
                for x, b in zip(exact, np.broadcast_to(box, exact.shape)):
                    slack = mpmath.mpf(10) ** -100 * (abs(x) + mpmath.mpf(10) ** -300)
                    low, high = (mpmath.mpf(end) for end in b._mpi_)
                    assert low - slack <= x <= high + slack, (text, e, p)
            counts["enclosed"] += 1

    check()
    report(f"enclosures: {counts['enclosed']} contained the 120-digit value; "
           f"{counts['no enclosure']} could not be enclosed (an undecided comparison)")
    assert counts["enclosed"] >= 40



@pytest.mark.parametrize("text", [r"\sin(e^{x})", r"\cos(x^{7})", r"e^{e^{e^{x}}}", r"2^{2^{2^{x}}}",
                                  r"\left(\frac{3}{2}\right)^{e^{x}}", r"\sin(x^{2^{x}})"])
def test_an_evaluation_past_every_magnitude_ends(text):
    """Values whose exponent or angle passes 10¹⁰⁰ bits (sin(e^{10⁵⁰}) would reduce by π to
    10⁵⁰ digits) are no value in numbers; an enclosure of sin or cos there is [−1, 1]. Without
    the bound these run for hours (the suite's stuck-test guard then ends the run)."""
    import mpmath
    from sphinx_matcalc.judge import Point, Undefined, Unresolved, evaluate_interval
    from sphinx_matcalc.judge import evaluate_precise
    notation = Notation()
    f, x = notation.finish(*(parse_expression(t, notation).expr for t in (text, "x")))
    try:
        truth = derive(f, x, Printer().doprint).result
    except MatcalcError:  # a^u has no rule: the function alone
        truth = f
    ends = []
    for value in (30, 10 ** 50, 10 ** 250):
        point = Point({}, {x: mpmath.mpf(value)})
        for e in (f, truth):
            for evaluate in (evaluate_precise, evaluate_interval):
                try:
                    out = evaluate(e, point, 60)
                except (Undefined, Unresolved):
                    continue
                if e is f and evaluate is evaluate_interval and value > 30:
                    ends.append((float(out.a.a), float(out.b.b)))
    assert not text.startswith(r"\sin(e") or ends == [(-1, 1)]  # (e^{10²⁵⁰} is no value)


# -- literals: \begin{bmatrix} claims are judged entry by entry -------------------------------
LITERAL = r"\mathbf{y} = \begin{bmatrix} \ln(x^2) \\ \sin(3x) \end{bmatrix}"


def test_literals_a_right_claim_is_accepted_in_any_written_form():
    accepted(LITERAL, "x", r"\begin{bmatrix} \frac{2}{x} \\ 3\cos(3x) \end{bmatrix}", "")
    accepted(LITERAL, "x", r"\begin{pmatrix} 2x^{-1} \\ 3\cos(3x) \end{pmatrix}", "")
    accepted(r"\begin{bmatrix} x & x^2 \\ 1 & \sin x \end{bmatrix}", "x",
             r"\begin{bmatrix} 1 & 2x \\ 0 & \cos x \end{bmatrix}", "")


@pytest.mark.parametrize("claim", [
    r"\begin{bmatrix} \frac{2}{x} \\ \cos(3x) \end{bmatrix}",  # the inner derivative 3 missing
    r"\begin{bmatrix} 3\cos(3x) \\ \frac{2}{x} \end{bmatrix}",  # the entries swapped
    r"\begin{bmatrix} \frac{2}{x} \\ 3\cos(3x) + 10^{-12} \end{bmatrix}",  # off by 10⁻¹² only
    r"\begin{bmatrix} \frac{2}{x} \\ 3\cos(3x) \\ 0 \end{bmatrix}",  # one entry too many
])
def test_literals_a_wrong_claim_is_refused(claim):
    outcome = judged(LITERAL, "x", claim, "")
    assert outcome is not None, f"accepted: {claim}"
    assert outcome[0] in (Subtype.WRONG, Subtype.SHAPE), outcome


def test_literals_a_row_for_a_column_is_named_the_transpose():
    message = refused(LITERAL, "x", r"\begin{bmatrix} \frac{2}{x} & 3\cos(3x) \end{bmatrix}", "")
    assert "transpose" in message


def test_literals_a_constant_literal_meets_vectors_of_its_size():
    where = r"\mathbf{x} \in \mathbb{R}^{2}"
    matrix = r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
    accepted(rf"\mathbf{{x}}^T {matrix} \mathbf{{x}}", r"\mathbf{x}",
             r"\mathbf{x}^T \begin{bmatrix} 2 & 5 \\ 5 & 8 \end{bmatrix}", where)
    refused(rf"\mathbf{{x}}^T {matrix} \mathbf{{x}}", r"\mathbf{x}",
            r"2\mathbf{x}^T \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", where)
    refused(rf"{matrix} \mathbf{{x}}", r"\mathbf{x}", matrix,
            r"\mathbf{x} \in \mathbb{R}^{n}", Subtype.SHAPE)

