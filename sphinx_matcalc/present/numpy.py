"""A derivative as a numpy function: Python source generated from the engine's expression.

The source is written by walking the SymPy expression with one small rule per
node type (``singledispatch``, as the judge's evaluator walks it), never from
the author's text: names are made from the symbols' names by keeping letters
and digits only (``\\mathbf{w}`` → ``w``, ``W^{(1)}`` → ``W_1``), numbers are
printed from SymPy's numbers, and everything else comes from the table below.
A node without a rule is refused with a clear message. The pipeline runs the
function against the judge's evaluator at random points before anything shows it.

Conventions of the generated function: vectors are columns (a 1-D array is
taken as one), matrices 2-D arrays, per-sample data (x_i under a sum over i)
an array whose first axis is the sample; sizes are read from the arguments'
shapes (those that are not are keyword arguments); the value is a float or a
2-D array of the Jacobian's shape in the chosen layout. The module is longer than
400 lines for the reason ``judge/numeric.py`` is: one small rule per node type.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from functools import singledispatch

import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower, HadamardProduct,
                                        Identity, Inverse, MatAdd, MatMul, MatPow, MatrixSymbol,
                                        OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement

from ..errors import MatcalcError, Subtype
from ..nodes import MatrixSampleSum, sample_parts
from ..vocabulary import function_of

#: numpy for each element-wise function of the vocabulary, by its key ({} is the argument).
ELEMENTWISE = {"exp": "np.exp({})", "log": "np.log({})", "sin": "np.sin({})",
               "cos": "np.cos({})", "tanh": "np.tanh({})", "sigmoid": "1.0 / (1.0 + np.exp(-{}))",
               "relu": "np.maximum(0.0, {})", "abs": "np.abs({})", "sign": "np.sign({})"}
RELATIONS = {sympy.StrictLessThan: "np.less", sympy.StrictGreaterThan: "np.greater",
             sympy.LessThan: "np.less_equal", sympy.GreaterThan: "np.greater_equal",
             sympy.Eq: "np.equal", sympy.Ne: "np.not_equal"}
HELPERS = {
    "_apply": ("def _apply(f, a):\n    a = np.asarray(a, dtype=float)\n"
               "    return np.broadcast_to(f(a), a.shape).astype(float)\n"),
}


@dataclass
class _Context:
    names: dict[sympy.Basic, str]  # each symbol's Python name
    per_sample: frozenset[str]  # names (as the engine writes them) of per-sample symbols
    indices: dict[sympy.Symbol, str] = field(default_factory=dict)  # bound Σ indices
    helpers: set[str] = field(default_factory=set)
    dims: set[sympy.Symbol] = field(default_factory=set)  # sizes the code uses
    lows: dict[sympy.Symbol, int] = field(default_factory=dict)  # each Σ index's first value
    firsts: set[int] = field(default_factory=set)  # first sample of the sums over samples


@dataclass
class Program:
    """Generated source, the function's name, and the symbol behind each parameter."""

    source: str
    name: str
    parameters: list[tuple[str, sympy.Basic]]  # (parameter, symbol) in signature order
    sizes: list[tuple[str, sympy.Symbol]]  # keyword-only size parameters
    samples: list[str]  # parameters that hold per-sample data
    first: int = 1  # the sample in row 0 of those parameters (the sums' lower bound)


def identifier(name: str) -> str:
    """A Python name for a symbol's LaTeX name: letters, digits and underscores only."""
    text = re.sub(r"\\(mathbf|boldsymbol|bm|vec|mathrm|operatorname|hat|bar|tilde)\s*", "", name)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "v"
    if text[0].isdigit():
        text = "v" + text
    return text + "_" if keyword.iskeyword(text) or text in ("np", "_apply") else text


def program(expr: sympy.Basic, function: sympy.Basic, name: str, per_sample: frozenset[str],
            doc: str, first: tuple[sympy.Basic, ...] = ()) -> Program:
    """The source of ``def name(...)`` computing ``expr`` (the derivative of ``function``);
    the parameters are the symbols of ``first`` (the variables), then the others by name."""
    found = _symbols(function, expr)
    symbols = [s for s in first if s in found] + sorted(
        (s for s in found if s not in first), key=lambda s: (identifier(str(s.name)).lower(),
                                                             str(s.name)))
    names: dict[sympy.Basic, str] = {}
    for s in symbols:
        written = str(s.name)
        if written in per_sample:  # x_i's parameter holds every sample: x
            written = sample_parts(written)[0] or written
        base, k = identifier(written), 1
        while (base if k == 1 else f"{base}_{k}") in names.values():
            k += 1
        names[s] = base if k == 1 else f"{base}_{k}"
    context = _Context(names, per_sample)
    body = _code(expr, context)
    lines, sizes_found = [], {}
    for s in symbols:
        n = names[s]
        if str(s.name) in per_sample:
            lines.append(f"    {n} = np.asarray({n}, dtype=float)")
            if isinstance(s, MatrixSymbol) and isinstance(s.rows, sympy.Symbol):
                sizes_found.setdefault(s.rows, f"{n}.shape[1]")
        elif isinstance(s, MatrixSymbol):
            rows, cols = s.shape
            reshape = ".reshape(-1, 1)" if cols == 1 else ".reshape(1, -1)" if rows == 1 else ""
            lines.append(f"    {n} = np.asarray({n}, dtype=float){reshape}")
            for axis, d in enumerate(s.shape):
                if isinstance(d, sympy.Symbol) and d not in sizes_found:
                    sizes_found[d] = f"{n}.shape[{axis}]"
    dims = sorted(context.dims | {d for s in symbols if isinstance(s, MatrixSymbol)
                                  for d in s.shape if isinstance(d, sympy.Symbol)}, key=str)
    keyword_sizes = [(identifier(str(d)), d) for d in dims if d not in sizes_found]
    for d in dims:
        if d in sizes_found and d in context.dims:
            lines.append(f"    {identifier(str(d))} = {sizes_found[d]}")
    parameters = [(names[s], s) for s in symbols if s not in dims]
    signature = ", ".join(p for p, _ in parameters)
    if keyword_sizes:
        signature += (", " if signature else "") + "*, " + ", ".join(k for k, _ in keyword_sizes)
    helpers = "".join(HELPERS[h] + "\n\n" for h in sorted(context.helpers))
    quoted = repr(doc) if "\\" in doc or '"' in doc else f'"""{doc}"""'
    source = (f"import numpy as np\n\n\n{helpers}def {name}({signature}):\n"
              f"    {quoted}\n" + "".join(line + "\n" for line in lines) + f"    return {body}\n")
    samples = [names[s] for s in symbols if str(s.name) in per_sample]
    if len(context.firsts) > 1:  # row 0 would have to be two different samples
        raise MatcalcError("Code is not generated for sums over the same samples from "
                           "different first indices.", Subtype.UNSUPPORTED)
    return Program(source, name, parameters, keyword_sizes, samples,
                   min(context.firsts, default=1))


def _symbols(*exprs: sympy.Basic) -> list[sympy.Basic]:
    """The free symbols, in the order they are first met (dimensions and Σ indices apart)."""
    bound: set[sympy.Basic] = set()
    dims: set[sympy.Basic] = set()
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, (sympy.Sum, MatrixSampleSum)):
                bound |= {lim[0] for lim in node.limits}
            if isinstance(node, ElementwiseApplyFunction):
                bound |= set(node.function.variables)
            if isinstance(node, sympy.MatrixExpr):
                dims |= {s for d in node.shape for s in sympy.sympify(d).free_symbols}
    seen: dict[sympy.Basic, None] = {}
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if (isinstance(node, (sympy.Symbol, MatrixSymbol)) and node not in bound
                    and node not in dims and not isinstance(node, sympy.Dummy)):
                seen.setdefault(node, None)
    return list(seen)


def _unsupported(e: sympy.Basic) -> MatcalcError:
    return MatcalcError(f"No numpy code can be generated for {type(e).__name__} yet; the "
                        "derivation itself is shown without it.", Subtype.UNSUPPORTED)


@singledispatch
def _code(e: sympy.Basic, c: _Context) -> str:
    if isinstance(e, sympy.MatrixExpr) or not e.is_number:
        raise _unsupported(e)
    if e == sympy.pi:
        return "np.pi"
    if e == sympy.E:
        return "np.e"
    if e.is_Integer:
        return f"{int(e)}.0" if abs(int(e)) < 10**15 else repr(float(e))
    if e.is_Rational:
        return f"({int(e.p)}.0 / {int(e.q)}.0)"
    value = complex(e)
    if value.imag:
        raise _unsupported(e)
    return repr(value.real)


def _join(parts: list[str], sign: str) -> str:
    return "(" + f" {sign} ".join(parts) + ")"


@_code.register(sympy.Symbol)
@_code.register(MatrixSymbol)
def _symbol(e: sympy.Basic, c: _Context) -> str:
    if e in c.indices:
        return c.indices[e]
    if e in c.names:
        name = c.names[e]
        if str(e.name) in c.per_sample:
            bound = next((s for s in c.indices if _sample_of(e, s)), None)
            if bound is None or bound not in c.lows:
                raise _unsupported(e)
            index, low = c.indices[bound], c.lows[bound]
            c.firsts.add(low)  # row 0 holds sample `low`: the first the sum takes
            if isinstance(e, MatrixSymbol):
                return (f"np.reshape({name}[{index} - {low}], ({_size(e.rows, c)}, "
                        f"{_size(e.cols, c)}))")
            return f"{name}[{index} - {low}]"
        return name
    c.dims.add(e)  # a size used as a value: n in 1/n
    return f"float({identifier(str(e))})"


def _sample_of(e: sympy.Basic, index: sympy.Symbol) -> bool:
    return sample_parts(str(e.name))[1] == str(index)


def _size(d: sympy.Expr, c: _Context) -> str:
    d = sympy.sympify(d)
    if d.is_Integer:
        return str(int(d))
    for s in d.free_symbols:
        c.dims.add(s)
    return _integer(d, c)


def _integer(d: sympy.Expr, c: _Context) -> str:
    """An integer expression (a size, an index): names for symbols, integer arithmetic."""
    if d.is_Integer:
        return str(int(d))
    if isinstance(d, sympy.Symbol):
        return c.indices.get(d) or identifier(str(d))
    if isinstance(d, sympy.Add):
        return _join([_integer(a, c) for a in d.args], "+")
    if isinstance(d, sympy.Mul):
        return _join([_integer(a, c) for a in d.args], "*")
    raise _unsupported(d)


@_code.register(sympy.Add)
@_code.register(MatAdd)
def _add(e: sympy.Basic, c: _Context) -> str:
    return _join([_code(a, c) for a in e.args], "+")


@_code.register(sympy.Mul)
@_code.register(HadamardProduct)
def _mul(e: sympy.Basic, c: _Context) -> str:
    return _join([_code(a, c) for a in e.args], "*")


@_code.register(MatMul)
def _matmul(e: MatMul, c: _Context) -> str:
    scalars = [_code(a, c) for a in e.args if not isinstance(a, sympy.MatrixExpr)]
    matrices = [_code(a, c) for a in e.args if isinstance(a, sympy.MatrixExpr)]
    product = matrices[0] if len(matrices) == 1 else _join(matrices, "@")
    return _join([*scalars, product], "*") if scalars else product


@_code.register(sympy.Pow)
@_code.register(HadamardPower)
def _pow(e: sympy.Basic, c: _Context) -> str:
    base, exp = e.args
    if exp == -1:
        return f"(1.0 / {_code(base, c)})"
    if exp == sympy.Rational(1, 2):
        return f"np.sqrt({_code(base, c)})"
    if exp.is_Integer and exp > 0:
        return f"({_code(base, c)} ** {int(exp)})"
    return f"np.power({_code(base, c)}, {_code(exp, c)})"


@_code.register(Transpose)
def _transpose(e: Transpose, c: _Context) -> str:
    return f"np.transpose({_code(e.arg, c)})"


@_code.register(Inverse)
def _inverse(e: Inverse, c: _Context) -> str:
    return f"np.linalg.inv({_code(e.arg, c)})"


@_code.register(MatPow)
def _matpow(e: MatPow, c: _Context) -> str:
    if e.exp.is_Integer:
        return f"np.linalg.matrix_power({_code(e.base, c)}, {int(e.exp)})"
    if not e.exp.is_integer:
        raise _unsupported(e)
    return f"np.linalg.matrix_power({_code(e.base, c)}, round({_code(e.exp, c)}))"


@_code.register(DiagMatrix)
def _diag(e: DiagMatrix, c: _Context) -> str:
    return f"np.diag(np.ravel({_code(e.args[0], c)}))"


@_code.register(DiagonalOf)
def _diagonal_of(e: DiagonalOf, c: _Context) -> str:
    return f"np.diag({_code(e.arg, c)}).reshape(-1, 1)"


@_code.register(Identity)
def _identity(e: Identity, c: _Context) -> str:
    return f"np.eye({_size(e.rows, c)})"


@_code.register(ZeroMatrix)
def _zeros(e: ZeroMatrix, c: _Context) -> str:
    return f"np.zeros(({_size(e.rows, c)}, {_size(e.cols, c)}))"


@_code.register(OneMatrix)
def _ones(e: OneMatrix, c: _Context) -> str:
    return f"np.ones(({_size(e.rows, c)}, {_size(e.cols, c)}))"


@_code.register(sympy.ImmutableDenseMatrix)
def _literal(e: sympy.ImmutableDenseMatrix, c: _Context) -> str:
    """A literal (bmatrix): a 2-D float array of its entries, row by row."""
    rows = ("[" + ", ".join(_code(e[i, j], c) for j in range(e.cols)) + "]" for i in range(e.rows))
    return f"np.array([{', '.join(rows)}], dtype=float)"


@_code.register(Trace)
@_code.register(Determinant)
def _reduction(e: sympy.Basic, c: _Context) -> str:
    fn = "np.trace" if isinstance(e, Trace) else "np.linalg.det"
    return f"float({fn}({_code(e.arg, c)}))"


@_code.register(sympy.Heaviside)
def _heaviside(e: sympy.Basic, c: _Context) -> str:
    return f"np.heaviside({_code(e.args[0], c)}, 0.5)"


@_code.register(sympy.Max)
@_code.register(sympy.Min)
def _extremum(e: sympy.Basic, c: _Context) -> str:
    row = function_of(e)
    if row is not None and row.key in ELEMENTWISE:
        return ELEMENTWISE[row.key].format(_code(row.argument(e), c))
    fn = "np.maximum" if isinstance(e, sympy.Max) else "np.minimum"
    out = _code(e.args[0], c)
    for a in e.args[1:]:
        out = f"{fn}({out}, {_code(a, c)})"
    return out


@_code.register(sympy.Function)
def _function(e: sympy.Basic, c: _Context) -> str:
    row = function_of(e)
    if row is None or row.key not in ELEMENTWISE:
        raise _unsupported(e)
    return ELEMENTWISE[row.key].format(_code(row.argument(e), c))


@_code.register(sympy.Piecewise)
def _piecewise(e: sympy.Piecewise, c: _Context) -> str:
    out = "np.nan"
    for value, condition in reversed(e.args):
        if condition == sympy.true:
            out = _code(value, c)
        else:
            out = f"np.where({_code(condition, c)}, {_code(value, c)}, {out})"
    return out


@_code.register(sympy.core.relational.Relational)
def _relation(e: sympy.Basic, c: _Context) -> str:
    if type(e) not in RELATIONS:
        raise _unsupported(e)
    return f"{RELATIONS[type(e)]}({_code(e.lhs, c)}, {_code(e.rhs, c)})"


@_code.register(sympy.logic.boolalg.BooleanTrue)
@_code.register(sympy.logic.boolalg.BooleanFalse)
def _truth(e: sympy.Basic, c: _Context) -> str:
    return repr(bool(e))


@_code.register(sympy.And)
@_code.register(sympy.Or)
def _connective(e: sympy.Basic, c: _Context) -> str:
    fn = "np.logical_and" if isinstance(e, sympy.And) else "np.logical_or"
    out = _code(e.args[0], c)
    for a in e.args[1:]:
        out = f"{fn}({out}, {_code(a, c)})"
    return out


@_code.register(sympy.Not)
def _not(e: sympy.Basic, c: _Context) -> str:
    return f"np.logical_not({_code(e.args[0], c)})"


@_code.register(sympy.Sum)
@_code.register(MatrixSampleSum)
def _sum(e: sympy.Basic, c: _Context) -> str:
    out_indices, out_lows = dict(c.indices), dict(c.lows)
    ranges = []
    for index, lo, hi in reversed(e.limits):  # the last limit is the outermost
        name = f"_{identifier(str(index))}"
        ranges.append(f"for {name} in range({_bound(lo, c)}, {_bound(hi, c)} + 1)")
        c.indices[index] = name
        if sympy.sympify(lo).is_Integer:
            c.lows[index] = int(lo)
    body = _code(e.function, c)
    c.indices, c.lows = out_indices, out_lows
    return f"sum({body} {' '.join(ranges)})"


def _bound(d: sympy.Basic, c: _Context) -> str:
    """A limit of a sum: an integer, an index, a size or a sample count (a parameter)."""
    if d.free_symbols - set(c.indices) - c.dims:  # a sample count: a parameter
        return f"int({_code(d, c)})"
    return _integer(d, c)


@_code.register(MatrixElement)
def _element(e: MatrixElement, c: _Context) -> str:
    return f"np.asarray({_code(e.parent, c)})[{_integer(e.i, c)}, {_integer(e.j, c)}]"


@_code.register(ElementwiseApplyFunction)
def _elementwise_apply(e: ElementwiseApplyFunction, c: _Context) -> str:
    lam = e.function
    (variable,) = lam.variables
    name = f"_{identifier(str(variable))}"
    c.helpers.add("_apply")
    before = dict(c.indices)
    c.indices[variable] = name
    body = _code(lam.expr, c)
    c.indices = before
    return f"_apply(lambda {name}: {body}, {_code(e.expr, c)})"
