"""The expression nodes every stage shares: SymPy's matrix expressions plus ours.

Our own nodes are the logistic sigma, sums over samples (kept whole, as
written) and the unevaluated derivative of an author's step; beside them the
small structural helpers (is it a matrix, a 1×1 entry, a flat product, an
indicator) that the reader, the engine, the judge and the printer all ask,
the longest number the reader takes and the printer writes (``MAX_DIGITS``),
and the sign of a constant SymPy cannot compare (``constant_sign``), which a
kink of one (max(0, c), |c|, c > 0) needs.
"""

from __future__ import annotations

import sympy
from sympy.core.parameters import global_parameters
from sympy import MatrixExpr
from sympy.core.evalf import PrecisionExhausted
from sympy.matrices.expressions import MatAdd, MatMul, OneMatrix, Transpose
from sympy.matrices.expressions.matexpr import MatrixElement


class sigmoid(sympy.Function):  # noqa: N801  (SymPy's naming style for functions)
    """The logistic function 1/(1+e^{-x}), written \\sigma in the paper."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)


class UserFunction(sympy.Function):
    """A function defined in conf.py's ``matcalc_functions`` by its formula in x.

    Each definition is a subclass (``vocabulary.define``) carrying its formula (``body``,
    in ``variable``) and its vocabulary row (``row``: name, derivative, citation). The judge
    evaluates an application as the formula at the argument; the engine derives it with the
    row's derivative.
    """

    row: object = None  # the vocabulary.Function of the subclass
    body: sympy.Basic = sympy.Integer(0)
    variable: sympy.Symbol = sympy.Symbol("x", real=True)

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return type(self).row.derivative(self.args[0])

    def _latex(self, printer: object, exp: str | None = None) -> str:
        # SymPy's printers skip _print_ methods of Function subclasses named otherwise
        # than the class itself; the printer's own method for these writes them
        return printer._print_UserFunction(self, exp)

    def expanded(self) -> sympy.Basic:
        """The defining formula at this argument: softplus(u) → log(1 + e^u)."""
        return type(self).body.xreplace({type(self).variable: self.args[0]})


# -- numbers -------------------------------------------------------------------------
MAX_BITS = 10_000  # a number's power larger than this is refused before SymPy computes it
#: The longest integer, in digits, that the reader takes and the printer writes: that of a
#: number of MAX_BITS bits, so every number a power the reader takes can make is written out
#: and read back (10^{3010}, written so, reads back too). Longer literals are hostile input.
MAX_DIGITS = len(str(2 ** MAX_BITS))


# -- constants whose sign SymPy cannot decide ---------------------------------------
SIGN_DIGITS = 1000  # the working precision (digits) a constant is told from 0 with


def constant_sign(c: sympy.Basic) -> int | None:
    """The sign (-1, 0 or 1) of a real constant; None where it is not decided.

    SymPy's assumptions first; then a proof that it is 0 (``equals``: simplification and
    minimal polynomials, exact algebra: log 6 − log 2 − log 3 and √2 + √3 − √(5 + 2√6) are 0,
    which no number of digits shows); then SymPy's evaluation, at 30, 120, ... up to
    ``SIGN_DIGITS`` digits, until a non-zero value stays put when the digits are doubled.
    (That evaluation is SymPy's own: it is not an enclosure, but a value it rounds away at
    one precision does not survive the next.)
    """
    for sign, known in ((0, c.is_zero), (1, c.is_extended_positive),
                        (-1, c.is_extended_negative)):
        if known:
            return sign
    try:  # (equals is slow where SymPy knows it is not 0: 10⁴⁰⁰ log 6 takes minutes)
        if c.is_zero is None and c.equals(0) is True:
            return 0
    except (TypeError, ValueError, ArithmeticError, NotImplementedError):
        pass
    digits = 30
    while digits <= SIGN_DIGITS:  # a value that stays put when the digits double
        try:  # (log(1 + 10⁻²⁰⁰) evaluates to 0 below 200 digits, strict or not)
            value, finer = (sympy.sympify(c).evalf(n) for n in (digits, 2 * digits))
        except (PrecisionExhausted, TypeError, ValueError, ArithmeticError):
            return None
        if value.is_comparable and finer.is_comparable and value != 0 and finer != 0 and \
                (value > 0) == (finer > 0) and \
                abs(value - finer) <= sympy.Float(10, digits) ** (-digits // 2) * abs(finer):
            return 1 if finer > 0 else -1
        digits *= 4
    return None


def undecided(c: sympy.Basic) -> bool:
    """Is ``c`` a constant SymPy cannot compare (its value too close to 0 for its check)?
    Never while SymPy does not evaluate (a text read again as written, ``read.written``:
    comparing an unevaluated tree expands it without end)."""
    if not global_parameters.evaluate:
        return False
    return isinstance(c, sympy.Expr) and c.is_number and not c.is_comparable


def settled(c: sympy.Basic) -> sympy.Basic:
    """``c`` with each constant SymPy cannot compare that is exactly 0 made 0: the whole of
    ``c``, or the factor of a product (the c of c x, c A): what a kink (|u|, sign u,
    max(0, u), u > 0) needs, whose value at log 6 − log 2 − log 3 no enclosure decides."""
    if undecided(c):
        return sympy.Integer(0) if constant_sign(c) == 0 else c
    if not global_parameters.evaluate or not isinstance(c, sympy.Basic) or \
            not c.has(sympy.Mul, sympy.MatMul):
        return c
    return c.replace(lambda a: isinstance(a, (sympy.Mul, sympy.MatMul)) and _zero_factor(a),
                     lambda a: sympy.ZeroMatrix(*a.shape) if is_matrix(a) else sympy.Integer(0))


def _zero_factor(product: sympy.Basic) -> bool:
    return any(undecided(f) and constant_sign(f) == 0 for f in product.args)


def compared(relation: type, lhs: sympy.Basic, rhs: sympy.Basic) -> sympy.Basic:
    """``relation(lhs, rhs)``, decided where lhs − rhs is a constant SymPy cannot compare."""
    lhs, rhs = settled(lhs), settled(rhs)
    d = lhs - rhs
    if isinstance(d, sympy.Expr) and d.is_number and not d.is_Rational:
        # SymPy compares constants at two digits (log(1 + 10⁻²⁰⁰) > 0 is False there)
        sign = constant_sign(d)
        if sign is not None:
            return relation(sympy.Integer(sign), 0)
        return relation(lhs, rhs, evaluate=False)
    return relation(lhs, rhs)


def maximum(*args: sympy.Basic) -> sympy.Basic:
    """SymPy's Max of ``args``, where SymPy's own refuses (ValueError) a constant it cannot
    compare: such a constant is decided first (``constant_sign``), so max(0, log 6 − log 2 −
    log 3) is 0; one whose sign cannot be decided leaves the maximum unevaluated, for the
    judge's evaluators. (A subclass of Max would not do: SymPy's Max tests ``cls == Max``.)"""
    args = [settled(sympy.sympify(a)) for a in args]
    open_ = [a for a in args if undecided(a)]
    if not open_:
        return sympy.Max(*args)
    rest = [a for a in args if a not in open_]
    if len(open_) == 1 and rest in ([], [0]):  # max(0, c), c ≠ 0: c or 0 by its sign
        sign = constant_sign(open_[0])
        if sign is not None:
            return open_[0] if sign > 0 or not rest else sympy.Integer(0)
    return sympy.Max(*args, evaluate=False)


class SampleSum(sympy.Sum):
    """Σ over samples of scalar terms (per-sample data x_i, y_i), kept as written."""

    def __new__(cls, function: sympy.Basic, *limits: tuple) -> "SampleSum":
        obj = sympy.Expr.__new__(cls, function, *(sympy.Tuple(*lim) for lim in limits))
        obj.is_commutative = function.is_commutative
        return obj


class MatrixSampleSum(sympy.MatrixExpr):
    """Σ over samples of vector or matrix terms (a gradient over a data set).

    SymPy's Sum rewrites a matrix-valued body entry by entry whenever it is
    built or rebuilt; this node keeps it whole and has the body's shape.
    """

    def __new__(cls, function: sympy.Basic, *limits: tuple) -> "MatrixSampleSum":
        return sympy.Basic.__new__(cls, function, *(sympy.Tuple(*lim) for lim in limits))

    @property
    def function(self) -> sympy.Basic:
        return self.args[0]

    @property
    def limits(self) -> tuple:
        return self.args[1:]

    @property
    def shape(self) -> tuple:
        return self.function.shape


def sample_sum(function: sympy.Basic, *limits: tuple) -> sympy.Basic:
    """Σ_{i=1}^{N} of ``function``: a matrix node when the terms are matrices."""
    if isinstance(function, sympy.MatrixExpr):
        return MatrixSampleSum(function, *limits)
    return SampleSum(function, *limits)


# -- structure ---------------------------------------------------------------------
def dimension(name: str | int) -> sympy.Expr:
    """A declared dimension: a positive integer symbol, or an integer."""
    if isinstance(name, int):
        return sympy.Integer(name)
    return sympy.Symbol(name, integer=True, positive=True)


def integer_scalar(name: str, natural: bool = False) -> sympy.Symbol:
    """A declared whole number (k \\in \\mathbb{Z}, or \\mathbb{N}: k ≥ 0), such as the exponent
    of a matrix power; unlike a size it may be 0 or negative."""
    return sympy.Symbol(name, integer=True, nonnegative=True) if natural \
        else sympy.Symbol(name, integer=True)


def integer_scalars(*exprs: sympy.Basic) -> list[sympy.Symbol]:
    """The declared whole numbers in ``exprs`` (not sizes, counts or indices: those are
    positive), by name."""
    found = {s for e in exprs for s in e.free_symbols
             if isinstance(s, sympy.Symbol) and not isinstance(s, sympy.Dummy)
             and s.is_integer and not s.is_positive}
    return sorted(found, key=str)


def sample_parts(name: str) -> tuple[str, str]:
    """(base, index) of a symbol name: x_i → (x, i), \\mathbf{x}_{i} → (\\mathbf{x}, i),
    x^{(i)} → (x^{()}, i), and a function of a sample, read as a sample (read/names.py):
    \\phi(\\mathbf{x}_n) → (\\phi(\\mathbf{x}), n); ("", "") for a name without an index."""
    head, paren, argument = name.partition("(")
    if paren and name.endswith(")") and not head.endswith("^{"):
        base, index = sample_parts(argument[:-1])
        return (f"{head}({base})", index) if base else ("", "")
    if name.endswith(")}") and "^{(" in name:
        base, _, index = name.rpartition("^{(")
        return f"{base}^{{()}}", index[:-2]
    base, _, index = name.rpartition("_")
    return (base, index.strip("{}")) if base else ("", "")


def is_matrix(expr: sympy.Basic) -> bool:
    """True for matrix and vector expressions, False for scalars."""
    return isinstance(expr, MatrixExpr)


def scalar_of(expr: sympy.Expr) -> sympy.Expr:
    """Turn a 1×1 matrix expression into the scalar it stands for."""
    return MatrixElement(expr, 0, 0)


def flat_matmul(*factors: sympy.Expr) -> sympy.Expr:
    """A MatMul of the factors, nested products flattened, the matrices' order kept.

    Scalar factors go first (w · (x b) is b wᵀx, never wᵀ x b): every rule may then take a
    product's matrix factors to be its last ones, as SymPy's own MatMul does."""
    args: list[sympy.Expr] = []
    for f in factors:
        args.extend(f.args if isinstance(f, MatMul) else (f,))
    if any(is_matrix(a) for a in args):
        args = [a for a in args if not is_matrix(a)] + [a for a in args if is_matrix(a)]
    return args[0] if len(args) == 1 else MatMul(*args)


def indicator(cond: sympy.Basic) -> sympy.Basic:
    """1 where ``cond`` holds, 0 elsewhere (printed \\mathbb{1}[cond])."""
    return sympy.Piecewise((sympy.Integer(1), cond), (sympy.Integer(0), True))


def is_indicator(e: sympy.Basic) -> bool:
    """Is ``e`` an indicator 𝟙[c] as ``indicator`` builds it (1 where c, else 0)?"""
    return (isinstance(e, sympy.Piecewise) and len(e.args) == 2 and e.args[0].expr == 1
            and e.args[1].expr == 0 and e.args[1].cond is sympy.true)


def indicator_condition(e: sympy.Basic) -> sympy.Basic | None:
    """The condition c when ``e`` is 𝟙[c], written 1/0 or 0/1 (then c is negated); else None."""
    if not (isinstance(e, sympy.Piecewise) and len(e.args) == 2 and e.args[1].cond is sympy.true):
        return None
    (value, cond), (other, _) = e.args
    if value == 1 and other == 0:
        return cond
    if value == 0 and other == 1:
        return sympy.Not(cond)
    return None


def is_row_of_ones(a: sympy.Basic) -> bool:
    """𝟏ᵀ, written as a 1×n ones matrix or as the transpose of a ones column."""
    return (isinstance(a, OneMatrix) and a.shape[0] == 1) or (
        isinstance(a, Transpose) and isinstance(a.arg, OneMatrix) and a.arg.shape[1] == 1)


def is_column_of_ones(a: sympy.Basic) -> bool:
    """𝟏, the ones column."""
    return isinstance(a, OneMatrix) and a.shape[1] == 1


class _OfBy:
    """What an unevaluated derivative is of, and by what."""

    args: tuple

    @property
    def of(self) -> sympy.Basic:
        return self.args[0]

    @property
    def by(self) -> sympy.Basic:
        return self.args[1]


class Partial(_OfBy, sympy.Expr):
    """∂f/∂v left unevaluated, scalar-valued.

    It stands in a shown step for a local derivative (∂u/∂x), and in an
    author's step for the operator they wrote, evaluated after reading.
    """

    is_commutative = True

    def __new__(cls, of: sympy.Basic, by: sympy.Basic) -> "Partial":
        return sympy.Expr.__new__(cls, of, by)


class MatrixPartial(_OfBy, sympy.MatrixExpr):
    """∂f/∂v left unevaluated, with the shape of the Jacobian it stands for."""

    def __new__(cls, of: sympy.Basic, by: sympy.Basic, rows: sympy.Expr,
                cols: sympy.Expr) -> "MatrixPartial":
        return sympy.Basic.__new__(cls, of, by, sympy.sympify(rows), sympy.sympify(cols))

    @property
    def shape(self) -> tuple:
        return self.args[2], self.args[3]


def partial(of: sympy.Basic, by: sympy.Basic,
            shape: tuple[sympy.Expr, sympy.Expr] | None = None) -> sympy.Basic:
    """The unevaluated ∂of/∂by: a matrix node when ``shape`` is given, else a scalar one."""
    return Partial(of, by) if shape is None else MatrixPartial(of, by, *shape)


def occurs_in(of: sympy.Basic, expr: sympy.Basic) -> bool:
    """Does ``of`` contain ``expr``, whole or as part of a longer sum (``rewritten``)?"""
    if of.has(expr):
        return True
    name = (sympy.MatrixSymbol("_occurs", *expr.shape) if isinstance(expr, sympy.MatrixExpr)
            else sympy.Dummy("occurs"))
    return rewritten(of, expr, name).has(name)


def rewritten(of: sympy.Basic, expr: sympy.Basic, name: sympy.Basic) -> sympy.Basic:
    """``of`` with ``expr`` written as ``name``, whole and as part of a longer sum (w·x + b − y
    is z − y for z = w·x + b, 2w·x + 2b is 2z)."""
    out = of.xreplace({expr: name})
    if isinstance(expr, (sympy.Add, MatAdd)):
        out = out.replace(lambda e: isinstance(e, type(expr)),
                          lambda e: _sum_in_terms_of(e, expr, name))
    return out


def _sum_in_terms_of(total: sympy.Basic, expr: sympy.Basic, name: sympy.Basic) -> sympy.Basic:
    """The sum ``total`` with ``expr``'s terms, or a multiple of them, taken as ``name``."""
    terms = list(total.args)
    for t in terms:
        scale = _ratio(t, expr.args[0])
        if scale is None:
            continue
        wanted = [t] + [_scaled(scale, a) for a in expr.args[1:]]
        rest = list(terms)
        try:
            for w in wanted:
                rest.remove(w)
        except ValueError:
            continue
        return type(total)(_scaled(scale, name), *rest)
    return total


def _ratio(t: sympy.Basic, a: sympy.Basic) -> sympy.Basic | None:
    """The number c with t = c·a, if there is one."""
    if t == a:
        return sympy.Integer(1)
    c, rest = (t.as_coeff_Mul() if not isinstance(t, sympy.MatrixExpr) else
               (t.args[0], MatMul(*t.args[1:])) if isinstance(t, MatMul) and t.args[0].is_number
               else (None, None))
    if c is None or not c.is_number:
        return None
    if isinstance(rest, MatMul) and len(rest.args) == 1:
        rest = rest.args[0]
    return c if rest == a else None


def _scaled(c: sympy.Basic, a: sympy.Basic) -> sympy.Basic:
    return a if c == 1 else c * a
