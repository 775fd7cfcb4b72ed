"""Read the notation of SPEC §5 into typed SymPy matrix expressions.

latex2sympy2 reads every product as commutative (``x^T A x`` becomes
``A*x*x``) and mis-lexes ``\\odot``, so the structure of an expression is
read here, by recursive descent over tokens that keep their offsets; see
``crosscheck`` for where latex2sympy2 is used. Every node is built by a
shape-checked constructor of ``shapes.ShapeContext``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import sympy
from sympy.matrices.expressions import (Determinant, DiagMatrix, HadamardPower, Inverse, MatPow,
                                        MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from . import crosscheck
from .errors import MatcalcError, Subtype
from .functions import sample_sum, sigmoid
from .lexer import Token, tokenize
from .shapes import ShapeContext, dimension, flat_matmul, is_matrix, scalar_of

SCALAR, VECTOR, MATRIX = "scalar", "vector", "matrix"

GREEK_LOWER = {r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\zeta",
               r"\eta", r"\theta", r"\vartheta", r"\iota", r"\kappa", r"\lambda", r"\mu", r"\nu",
               r"\xi", r"\pi", r"\rho", r"\sigma", r"\tau", r"\upsilon", r"\phi", r"\varphi",
               r"\chi", r"\psi", r"\omega"}
GREEK_UPPER = {r"\Gamma", r"\Delta", r"\Theta", r"\Lambda", r"\Xi", r"\Pi", r"\Sigma",
               r"\Upsilon", r"\Phi", r"\Psi", r"\Omega"}
VECTOR_STYLES = {r"\mathbf", r"\vec", r"\boldsymbol", r"\bm"}
SIZING = {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr",
          r"\big", r"\Big", r"\bigg", r"\Bigg", r"\left.", r"\right."}
TRANSPOSE_MARKS = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}"}
OPERATOR_NAMES = {r"\operatorname", r"\mathrm", r"\text", r"\textrm", r"\textnormal"}
RELATIONS = {"<": sympy.StrictLessThan, ">": sympy.StrictGreaterThan,
             r"\le": sympy.LessThan, r"\leq": sympy.LessThan, r"\leqslant": sympy.LessThan,
             r"\ge": sympy.GreaterThan, r"\geq": sympy.GreaterThan,
             r"\geqslant": sympy.GreaterThan}

_t = sympy.Dummy("t", real=True)


def _elementwise(f: Callable[[sympy.Expr], sympy.Expr]) -> Callable[[sympy.Expr], sympy.Expr]:
    """Lift a scalar function to act on each entry of a vector or matrix."""
    body = f(_t)

    def apply(arg: sympy.Expr) -> sympy.Expr:
        if is_matrix(arg):
            return ElementwiseApplyFunction(sympy.Lambda(_t, body), arg)
        return body.xreplace({_t: arg})
    return apply


#: Element-wise functions by the name they are written with.
FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    r"\exp": _elementwise(sympy.exp),
    r"\log": _elementwise(sympy.log),
    r"\ln": _elementwise(sympy.log),
    r"\sin": _elementwise(sympy.sin),
    r"\cos": _elementwise(sympy.cos),
    r"\tanh": _elementwise(sympy.tanh),
    r"\sigma": _elementwise(sigmoid),
    "relu": _elementwise(lambda t: sympy.Max(0, t)),
    "ReLU": _elementwise(lambda t: sympy.Max(0, t)),
    "sign": _elementwise(sympy.sign),
    "sgn": _elementwise(sympy.sign),
    "abs": _elementwise(sympy.Abs),
    "sqrt": _elementwise(sympy.sqrt),
}
DEFAULT_HADAMARD = (r"\odot", r"\circ", r"\otimes")
MAX_DEPTH = 50  # nested groups and arguments; deeper input is refused, not recursed into
MAX_DIGITS = 30  # longer numbers are refused
MAX_BITS = 10_000  # a number's power larger than this is refused before SymPy computes it
PRODUCT_OPS = {r"\times", "*"}
ELEMENTWISE_DIVISION = {r"\oslash"}
MATRIX_FUNCTIONS = {"tr", "Tr", "trace", "diag", "sum", "det", "softmax", "logsumexp", "LSE"}


@dataclass
class Declaration:
    """A symbol's declared kind and shape, with where it was declared."""

    name: str
    kind: str
    rows: sympy.Expr | None = None
    cols: sympy.Expr | None = None
    span: tuple[int, int] = (0, 0)


@dataclass
class Notation:
    """Symbols and shapes shared by every text of one derivation.

    The function, ``:wrt:``, ``:expect:`` and each step are parsed against
    one ``Notation`` so they share symbols and dimensions.
    """

    declarations: dict[str, Declaration] = field(default_factory=dict)
    hadamard: tuple[str, ...] = DEFAULT_HADAMARD
    shapes: ShapeContext = field(default_factory=ShapeContext)
    symbols: dict[str, sympy.Basic] = field(default_factory=dict)
    counts: set[str] = field(default_factory=set)
    per_sample: dict[str, str] = field(default_factory=dict)

    def declare(self, decls: list[Declaration]) -> None:
        """Add declarations; a later one overrides an earlier (configuration) one."""
        for d in decls:
            self.declarations[d.name] = d

    def symbol(self, name: str, kind: str, span: tuple[int, int]) -> sympy.Basic:
        """The SymPy object for a symbol name, made on first use."""
        if name in self.symbols:
            return self.symbols[name]
        decl = self.declarations.get(name)
        if decl is not None:
            kind = decl.kind
        if name in self.counts:
            obj: sympy.Basic = sympy.Symbol(name, integer=True, positive=True)
        elif kind == SCALAR:
            obj = sympy.Symbol(name, real=True)
        else:
            rows = decl.rows if decl and decl.rows is not None else self.shapes.fresh()
            cols = (decl.cols if decl and decl.cols is not None
                    else sympy.Integer(1) if kind == VECTOR else self.shapes.fresh())
            obj = MatrixSymbol(name, rows, cols)
        self.symbols[name] = obj
        return obj

    def kind_of(self, name: str) -> str | None:
        """The kind a name has here, if it has been used or declared."""
        if name in self.symbols:
            obj = self.symbols[name]
            if not is_matrix(obj):
                return SCALAR
            return VECTOR if obj.shape[1] == 1 else MATRIX
        decl = self.declarations.get(name)
        return decl.kind if decl else None

    def finish(self, *exprs: sympy.Basic) -> list[sympy.Basic]:
        """Replace placeholder dimensions by what use fixed, or by fresh names."""
        taken = {str(d) for decl in self.declarations.values() for d in (decl.rows, decl.cols)
                 if d is not None}
        mapping = self.shapes.resolution(taken)
        self.symbols = {k: v.xreplace(mapping) for k, v in self.symbols.items()}
        return [e.xreplace(mapping) for e in exprs]


@dataclass
class Parsed:
    """An expression with the span of text it was read from."""

    expr: sympy.Basic
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


#: Evaluates ∂e/∂v for derivative operators in steps: (e, v, span) -> the derivative.
DerivativeOperator = Callable[[sympy.Basic, sympy.Basic, tuple[int, int]], sympy.Basic]


class Parser:
    """Recursive descent over tokens; one instance reads one text."""

    def __init__(self, notation: Notation, text: str,
                 derivative: DerivativeOperator | None = None) -> None:
        self.n = notation
        self.text = text
        self.derivative = derivative  # evaluates ∂/∂x in an author's steps; None elsewhere
        self.n.shapes.source = text
        self.tokens = [t for t in tokenize(text) if t.text not in SIZING]
        self.i = 0
        self.abs_depth = 0
        self.depth = 0
        self.element_index: str | None = None  # inside \sum_i x_i: element mode
        self._prescan_counts()

    # -- token helpers -----------------------------------------------------
    def peek(self, k: int = 0) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind != "eof" and tok.text in texts

    def expect(self, text: str, what: str) -> Token:
        tok = self.peek()
        if tok.text != text or tok.kind == "eof":
            raise self.error(f"Expected {text!r} {what}, found {self.found(tok)}.", tok)
        return self.next()

    def found(self, tok: Token) -> str:
        return "the end of the expression" if tok.kind == "eof" else repr(tok.text)

    def error(self, message: str, tok: Token | tuple[int, int],
              subtype: Subtype = Subtype.SYNTAX) -> MatcalcError:
        start, end = (tok.start, tok.end) if isinstance(tok, Token) else tok
        if end <= start:
            end = start + 1
        return MatcalcError(message, subtype, start, end, self.text)

    def _prescan_counts(self) -> None:
        """Upper bounds of \\sum (the N of 1/N Σ_{i=1}^N) are sample counts: scalars."""
        for k, tok in enumerate(self.tokens):
            if tok.text == r"\sum":
                j = k + 1
                if self.tokens[j].text == "_":
                    j = self._skip_group(j + 1)
                if self.tokens[j].text == "^":
                    inner = self.tokens[j + 2] if self.tokens[j + 1].text == "{" else self.tokens[j + 1]
                    if inner.kind == "letter":
                        self.n.counts.add(inner.text)

    def _skip_group(self, j: int) -> int:
        """Index after the token or brace group starting at j."""
        if self.tokens[j].text != "{":
            return j + 1
        depth = 0
        while self.tokens[j].kind != "eof":
            depth += {"{": 1, "}": -1}.get(self.tokens[j].text, 0)
            j += 1
            if depth == 0:
                break
        return j

    # -- grammar -----------------------------------------------------------
    def parse(self) -> Parsed:
        """The whole text as one expression."""
        if self.peek().kind == "eof":
            raise self.error("The expression is empty.", (0, max(1, len(self.text))))
        result = self.expression()
        tok = self.peek()
        if tok.kind != "eof":
            raise self.error(f"Unexpected {self.found(tok)} here; the expression seemed to end "
                             "before it.", tok)
        return result

    def expression(self) -> Parsed:
        """Sums and differences (refusing nesting deeper than MAX_DEPTH)."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self.error(f"The expression is nested more than {MAX_DEPTH} levels deep.",
                                 self.peek(), Subtype.UNSUPPORTED)
            return self._sum()
        finally:
            self.depth -= 1

    def _sum(self) -> Parsed:
        left = self.term()
        while self.at("+", "-"):
            op = self.next()
            right = self.term()
            rhs = right.expr if op.text == "+" else self.negate(right.expr)
            expr = self.n.shapes.add(left.expr, rhs, left.span, right.span)
            left = Parsed(expr, left.start, right.end)
        return left

    def negate(self, expr: sympy.Expr) -> sympy.Expr:
        return flat_matmul(sympy.Integer(-1), expr) if is_matrix(expr) else -expr

    def term(self) -> Parsed:
        """Products with explicit operators (⊙, ⊘, ·, ×, /), left to right."""
        left = self.juxtaposition()
        while True:
            tok = self.peek()
            if tok.text in self.n.hadamard or tok.text in PRODUCT_OPS or tok.text in (
                    r"\cdot", r"\oslash", "/", r"\div"):
                self.next()
                right = self.juxtaposition()
                left = Parsed(self.binary(tok, left, right), left.start, right.end)
            else:
                return left

    def juxtaposition(self) -> Parsed:
        """Products written side by side (W\mathbf{x}), which bind tighter than operators."""
        left = self.unary()
        while self.starts_operand(self.peek()):
            right = self.power()
            left = Parsed(self.product(left, right), left.start, right.end)
        return left

    def binary(self, op: Token, left: Parsed, right: Parsed) -> sympy.Expr:
        sh = self.n.shapes
        a, b = left.expr, right.expr
        if op.text in self.n.hadamard:
            return sh.hadamard(a, b, left.span, right.span)
        if op.text in ELEMENTWISE_DIVISION or op.text in ("/", r"\div"):
            return sh.divide(a, b, left.span, right.span)
        if op.text == r"\cdot" and is_matrix(a) and is_matrix(b) and sh.shape(a)[1] == 1 \
                and sh.shape(b)[1] == 1:
            sh.same_shape(a, b, left.span, right.span, "take the dot product of")
            return scalar_of(flat_matmul(Transpose(a), b))
        return self.product(left, right)

    def product(self, left: Parsed, right: Parsed) -> sympy.Expr:
        if self.element_index is not None and is_matrix(left.expr) and is_matrix(right.expr):
            return self.n.shapes.hadamard(left.expr, right.expr, left.span, right.span)
        return self.n.shapes.matmul(left.expr, right.expr, left.span, right.span)

    def starts_operand(self, tok: Token) -> bool:
        """Can ``tok`` begin a factor written by juxtaposition?"""
        if tok.kind in ("letter", "num"):
            return True
        if tok.kind == "punct":
            return tok.text in "([" or (tok.text == "|" and self.abs_depth == 0)
        if tok.kind == "cmd":
            return tok.text not in self.n.hadamard and tok.text not in {
                r"\cdot", r"\times", r"\oslash", r"\div", r"\end", r"\\", r"\rVert", r"\rvert",
                r"\}", r"\le", r"\leq", r"\ge", r"\geq", r"\leqslant", r"\geqslant", r"\neq",
                r"\ne", r"\in", r"\|"} | TRANSPOSE_MARKS
        return False

    def unary(self) -> Parsed:
        tok = self.peek()
        if tok.text in ("-", "+") and tok.kind == "punct":
            self.next()
            operand = self.unary()
            expr = operand.expr if tok.text == "+" else self.negate(operand.expr)
            return Parsed(expr, tok.start, operand.end)
        return self.power()

    def power(self) -> Parsed:
        """An atom with its superscripts: ^T, ^{-1}, ^{-T}, powers."""
        base = self.atom()
        if self.at("^"):
            self.next()
            base = self.superscript(base)
            if self.at("^"):
                raise self.error("Double superscript: LaTeX does not allow a^b^c; use braces, "
                                 "such as {a^b}^c or a^{b^c}.", self.peek())
        if self.at("_"):
            raise self.error("A subscript here is not understood: subscripts go on symbol "
                             "names (x_i) or on norms (\\|x\\|_2).", self.peek())
        if self.at("'"):
            raise self.error("Primes (f') are not part of the notation; write the derivative "
                             "with \\frac{\\partial}{\\partial x}.", self.peek(), Subtype.UNSUPPORTED)
        return base

    def superscript(self, base: Parsed) -> Parsed:
        mark = self.transpose_mark()
        sh = self.n.shapes
        if mark == "T":
            end = self.tokens[self.i - 1].end
            expr = base.expr
            if isinstance(expr, sympy.Symbol) and expr.name not in self.n.declarations:
                raise self.error(
                    f"{expr.name}^T transposes a scalar: plain lowercase letters are scalars. "
                    f"Write \\mathbf{{{expr.name}}} for a vector, or declare "
                    f"{expr.name} \\in \\mathbb{{R}}^{{n}} in :where:.", (base.start, end),
                    Subtype.SHAPE)
            return Parsed(sh.transpose(expr), base.start, end)
        if mark in ("-1", "-T"):
            end = self.tokens[self.i - 1].end
            if not is_matrix(base.expr):
                expr = sympy.Pow(base.expr, -1)
                return Parsed(expr, base.start, end)
            sh.square(base.expr, base.span, "An inverse")
            inverse = Inverse(base.expr)
            return Parsed(Transpose(inverse) if mark == "-T" else inverse, base.start, end)
        exponent = self.group_or_atom("an exponent")
        end = exponent.end
        if is_matrix(exponent.expr):
            raise self.error("An exponent must be a scalar.", exponent.span, Subtype.SHAPE)
        if not is_matrix(base.expr):
            self.check_size(base.expr, exponent.expr, (base.start, end))
            return Parsed(sympy.Pow(base.expr, exponent.expr), base.start, end)
        shape = sh.shape(base.expr)
        if self.element_index is not None:
            return Parsed(HadamardPower(base.expr, exponent.expr), base.start, end)
        if sh.find(shape[1]) == 1 or sh.find(shape[0]) == 1:
            raise self.error(
                f"{sh.text(base.span)}^{{...}}: a power of a vector is ambiguous; write "
                "\\mathbf{x} \\odot \\mathbf{x} for the element-wise square or "
                "\\|\\mathbf{x}\\|^2 for the squared norm.", (base.start, end), Subtype.SHAPE)
        if not (exponent.expr.is_Integer and exponent.expr > 0):
            raise self.error("A matrix can only be raised to a positive integer power "
                             "(or ^{-1} for its inverse).", exponent.span, Subtype.UNSUPPORTED)
        sh.square(base.expr, base.span, "A matrix power")
        return Parsed(MatPow(base.expr, exponent.expr), base.start, end)

    def check_size(self, base: sympy.Basic, exponent: sympy.Basic, span: tuple[int, int]) -> None:
        """Refuse a number raised to a power so large that computing it would never end."""
        if not (base.is_Number and exponent.is_Number) or base in (0, 1, -1):
            return
        bits = abs(float(exponent)) * max(1.0, abs(sympy.log(abs(base), 2).evalf()))
        if bits > MAX_BITS:
            raise self.error(f"{self.n.shapes.text(span)} is a number of more than {MAX_BITS} "
                             "bits; write it with a symbol instead.", span, Subtype.UNSUPPORTED)

    def transpose_mark(self) -> str | None:
        """Consume ^T-style or ^{-1}-style marks; None (nothing consumed) for a power."""
        toks = self.tokens
        j = self.i
        braced = toks[j].text == "{"
        k = j + 1 if braced else j
        candidates = [
            ([r"\mathsf", "{", "T", "}"], "T"), ([r"\mathrm", "{", "T", "}"], "T"),
            ([r"\text", "{", "T", "}"], "T"), (["T"], "T"), ([r"\top"], "T"),
            ([r"\intercal"], "T"), (["-", "1"], "-1"), (["-", "T"], "-T"), (["-", r"\top"], "-T"),
        ]
        for pattern, meaning in candidates:
            if meaning != "T" and not braced:
                continue
            texts = [t.text for t in toks[k:k + len(pattern)]]
            if texts == pattern:
                after = k + len(pattern)
                if braced:
                    if toks[after].text != "}":
                        continue
                    after += 1
                self.i = after
                return meaning
        return None

    def group_or_atom(self, what: str) -> Parsed:
        """A {braced} expression or a single token (LaTeX's one-character argument)."""
        tok = self.peek()
        if tok.text == "{":
            return self.braced(what)
        if tok.kind == "num" and len(tok.text) > 1:
            # x^23 is x^{2}3 in LaTeX: take one digit, leave the rest.
            self.tokens[self.i] = Token("num", tok.text[1:], tok.start + 1, tok.end)
            return Parsed(sympy.Integer(tok.text[0]), tok.start, tok.start + 1)
        if tok.kind in ("num", "letter") or tok.text in GREEK_LOWER:
            return self.atom()
        raise self.error(f"Expected {what}, found {self.found(tok)}.", tok)

    def braced(self, what: str) -> Parsed:
        open_ = self.expect("{", f"to open {what}")
        inner = self.expression()
        close = self.expect("}", f"to close {what} opened at character {open_.start + 1}")
        return Parsed(inner.expr, open_.start, close.end)

    # -- atoms -------------------------------------------------------------
    def atom(self) -> Parsed:
        tok = self.peek()
        if tok.kind == "num":
            self.next()
            if len(tok.text) > MAX_DIGITS:
                raise self.error(f"Numbers longer than {MAX_DIGITS} digits are not supported.",
                                 tok, Subtype.UNSUPPORTED)
            return Parsed(sympy.Rational(tok.text), tok.start, tok.end)
        if tok.kind == "letter":
            return self.letter_atom()
        if tok.kind == "punct":
            return self.punct_atom(tok)
        if tok.kind == "cmd":
            return self.command_atom(tok)
        raise self.error(f"Expected an operand, found {self.found(tok)}.", tok)

    def punct_atom(self, tok: Token) -> Parsed:
        if tok.text in "([{":
            close = {"(": ")", "[": "]", "{": "}"}[tok.text]
            self.next()
            saved, self.abs_depth = self.abs_depth, 0
            inner = self.expression()
            self.abs_depth = saved
            end = self.expect(close, f"to close the {tok.text!r} at character {tok.start + 1}")
            return Parsed(inner.expr, tok.start, end.end)
        if tok.text == "|":
            return self.delimited(tok, "|", "absolute value", self.absolute)
        raise self.error(f"Expected an operand, found {self.found(tok)}.", tok)

    def letter_atom(self) -> Parsed:
        tok = self.peek()
        name, end = self.read_name(tok.text, self.i + 1)
        if name == "e" and self.tokens[end].text == "^" and "e" not in self.n.declarations:
            self.i = end + 1
            exponent = self.group_or_atom("an exponent")
            return Parsed(FUNCTIONS[r"\exp"](exponent.expr), tok.start, exponent.end)
        if name == "I" and "I" not in self.n.declarations:
            self.i = end
            return Parsed(self.n.shapes.identity(), tok.start, self.tokens[end - 1].end)
        kind = MATRIX if tok.text.isupper() else SCALAR
        return self.symbol_atom(name, kind, tok.start, end)

    def read_name(self, base: str, j: int) -> tuple[str, int]:
        """base plus an optional subscript (x_i, x_{12}); returns (name, next index)."""
        if self.tokens[j].text != "_":
            return base, j
        sub_start = j + 1
        tok = self.tokens[sub_start]
        if tok.text == "{":
            k = sub_start + 1
            parts = []
            while self.tokens[k].kind in ("letter", "num") or self.tokens[k].text == ",":
                parts.append(self.tokens[k].text)
                k += 1
            if self.tokens[k].text != "}" or not parts:
                raise self.error("A symbol's subscript may only hold letters and digits "
                                 "(x_i, W_{12}).", self.tokens[k])
            sub, after = "".join(parts), k + 1
        elif tok.kind in ("letter", "num"):
            sub, after = tok.text[0], sub_start + 1
            if tok.kind == "num" and len(tok.text) > 1:
                self.tokens[sub_start] = Token("num", tok.text[1:], tok.start + 1, tok.end)
                after = sub_start
        else:
            raise self.error("A symbol's subscript may only hold letters and digits.", tok)
        return (f"{base}_{sub}" if len(sub) == 1 else f"{base}_{{{sub}}}"), after

    def symbol_atom(self, name: str, kind: str, start: int, end_index: int) -> Parsed:
        self.i = end_index
        end = self.tokens[end_index - 1].end
        if self.element_index is not None:
            element = self.element_of(name)
            if element is not None:
                return Parsed(element, start, end)
        base, _, sub = name.partition("_")
        if sub in self._sum_indices:
            self.n.per_sample[name] = sub
        return Parsed(self.n.symbol(name, kind, (start, end)), start, end)

    _sum_indices: tuple[str, ...] = ()

    def element_of(self, name: str) -> sympy.Basic | None:
        """In \\sum_i x_i, x_i is an element of the vector x (bold, arrow or declared)."""
        base, _, sub = name.partition("_")
        if sub != self.element_index:
            return None
        for candidate in (base, rf"\mathbf{{{base}}}", rf"\vec{{{base}}}",
                          rf"\boldsymbol{{{base}}}", rf"\bm{{{base}}}"):
            if self.n.kind_of(candidate) == VECTOR:
                return self.n.symbol(candidate, VECTOR, (0, 0))
        return None

    def command_atom(self, tok: Token) -> Parsed:
        word = tok.text
        if word in VECTOR_STYLES:
            return self.styled_symbol(tok)
        if word == r"\sigma" and self.peek(1).text == "(" and r"\sigma" not in self.n.declarations:
            return self.function(tok, r"\sigma")
        if word in GREEK_LOWER or word in GREEK_UPPER:
            name, end = self.read_name(word, self.i + 1)
            return self.symbol_atom(name, MATRIX if word in GREEK_UPPER else SCALAR,
                                    tok.start, end)
        if word in FUNCTIONS:
            return self.function(tok, word)
        if word in OPERATOR_NAMES:
            return self.operator_name(tok)
        if word == r"\frac":
            return self.fraction(tok)
        if word == r"\sqrt":
            self.next()
            if self.at("["):
                raise self.error("Only square roots are supported; \\sqrt[n]{...} is not.",
                                 self.peek(), Subtype.UNSUPPORTED)
            arg = self.group_or_atom("the argument of \\sqrt")
            return Parsed(FUNCTIONS["sqrt"](arg.expr), tok.start, arg.end)
        if word == r"\max":
            return self.maximum(tok)
        if word == r"\det":
            self.next()
            arg = self.argument(r"\det")
            self.n.shapes.square(arg.expr, arg.span, "A determinant")
            return Parsed(Determinant(arg.expr), tok.start, arg.end)
        if word in (r"\|", r"\lVert", r"\Vert"):
            close = {r"\|": r"\|", r"\lVert": r"\rVert", r"\Vert": r"\Vert"}[word]
            return self.delimited(tok, close, "norm", self.norm)
        if word in (r"\lvert", r"\vert"):
            return self.delimited(tok, {r"\lvert": r"\rvert", r"\vert": r"\vert"}[word],
                                  "absolute value", self.absolute)
        if word == r"\sum":
            return self.summation(tok)
        if word == r"\mathbb":
            return self.indicator(tok)
        if word == r"\begin":
            return self.cases(tok)
        if word == r"\nabla":
            return self.nabla(tok)
        if word == r"\partial":
            self.require_steps(tok)
            raise self.error("Write derivatives as \\frac{\\partial y}{\\partial x} or "
                             "\\frac{\\partial}{\\partial x}(...).", tok, Subtype.SYNTAX)
        raise self.error(f"{word} is not part of the notation sphinx_matcalc understands.", tok,
                         Subtype.UNSUPPORTED)

    def styled_symbol(self, tok: Token) -> Parsed:
        r"""\mathbf{x}, \vec{x}, \boldsymbol{\theta}, \bm{x}; \mathbf{1} and \mathbf{0}."""
        self.next()
        style = tok.text
        if self.at("{"):
            self.next()
            inner = self.next()
            close = self.expect("}", f"to close {style}{{...}}")
        else:
            inner = self.next()
            close = inner
        if inner.kind == "num" and inner.text in ("0", "1"):
            rows = self.n.shapes.fresh()
            ctor = OneMatrix if inner.text == "1" else ZeroMatrix
            return Parsed(ctor(rows, 1), tok.start, close.end)
        if not (inner.kind == "letter" or inner.text in GREEK_LOWER | GREEK_UPPER):
            raise self.error(f"{style}{{...}} should hold one letter, such as {style}{{x}}.",
                             inner)
        base = f"{style}{{{inner.text}}}"
        name, end = self.read_name(base, self.i)
        upper = inner.text[0].isupper() if inner.kind == "letter" else inner.text in GREEK_UPPER
        return self.symbol_atom(name, MATRIX if upper else VECTOR, tok.start, end)

    def argument(self, name: str) -> Parsed:
        """A function's argument: (parenthesised), {braced}, or the next factor."""
        tok = self.peek()
        if tok.text in ("(", "[", "{"):
            return self.punct_atom(tok)
        if tok.kind == "eof" or not self.starts_operand(tok):
            raise self.error(f"{name} needs an argument.", tok)
        return self.power()

    def function(self, tok: Token, name: str) -> Parsed:
        self.next()
        if self.at("^"):
            raise self.error(f"Write powers of {name} after its argument: ({name} x)^2.",
                             self.peek(), Subtype.UNSUPPORTED)
        arg = self.argument(name)
        return Parsed(FUNCTIONS[name](arg.expr), tok.start, arg.end)

    def operator_name(self, tok: Token) -> Parsed:
        r"""\operatorname{relu}, \operatorname{diag}, \mathrm{tr}, ..."""
        self.next()
        self.expect("{", f"after {tok.text}")
        parts = []
        while self.peek().kind in ("letter", "num") or self.at("_"):
            parts.append(self.next().text)
        close = self.expect("}", f"to close {tok.text}{{...}}")
        name = "".join(parts)
        span = (tok.start, close.end)
        if name in FUNCTIONS:
            arg = self.argument(name)
            return Parsed(FUNCTIONS[name](arg.expr), tok.start, arg.end)
        if name not in MATRIX_FUNCTIONS:
            shown = self.text[tok.start:close.end]
            raise self.error(f"{shown}: unknown function {name!r}. Known: "
                             f"{', '.join(sorted(set(FUNCTIONS) | MATRIX_FUNCTIONS - {'abs'}))} "
                             "(declare more with matcalc_functions).", span, Subtype.UNSUPPORTED)
        arg = self.argument(name)
        sh = self.n.shapes
        expr = arg.expr
        if name in ("tr", "Tr", "trace"):
            sh.square(expr, arg.span, "A trace")
            return Parsed(Trace(expr), tok.start, arg.end)
        if name == "det":
            sh.square(expr, arg.span, "A determinant")
            return Parsed(Determinant(expr), tok.start, arg.end)
        if name in ("softmax", "logsumexp", "LSE"):
            shape = sh.shape(expr)
            if shape is None or not sh.unify(shape[1], sympy.Integer(1)):
                raise self.error(f"{sh.text(arg.span)}: {name} needs a vector, but it is "
                                 f"{sh.describe(expr)}.", arg.span, Subtype.SHAPE)
            exps = FUNCTIONS[r"\exp"](expr)
            total = scalar_of(flat_matmul(OneMatrix(1, expr.shape[0]), exps))
            value = flat_matmul(sympy.Pow(total, -1), exps) if name == "softmax" else sympy.log(total)
            return Parsed(value, tok.start, arg.end)
        if name == "sum":
            if not is_matrix(expr):
                return Parsed(expr, tok.start, arg.end)
            rows, cols = expr.shape
            total = flat_matmul(OneMatrix(1, rows), expr)
            if sh.find(cols) != 1:
                total = flat_matmul(total, OneMatrix(cols, 1))
            return Parsed(scalar_of(total), tok.start, arg.end)
        # diag
        shape = sh.shape(expr)
        if shape is None or not sh.unify(shape[1], sympy.Integer(1)):
            raise self.error(f"{sh.text(arg.span)}: diag needs a vector, but it is "
                             f"{sh.describe(expr)}.", arg.span, Subtype.SHAPE)
        return Parsed(DiagMatrix(expr), tok.start, arg.end)

    def fraction(self, tok: Token) -> Parsed:
        self.next()
        marker = self._derivative_marker()
        if marker is not None:
            return self.derivative_fraction(tok, marker)
        num = self.group_or_atom("the numerator of \\frac")
        den = self.group_or_atom("the denominator of \\frac")
        expr = self.n.shapes.divide(num.expr, den.expr, num.span, den.span)
        return Parsed(expr, tok.start, den.end)

    def _derivative_marker(self) -> str | None:
        """'\\partial' or 'd' when this \\frac is ∂/∂x or d/dx (both groups start with it)."""
        if not self.at("{"):
            return None
        after = self._skip_group(self.i)
        if after + 1 >= len(self.tokens) or self.tokens[after].text != "{":
            return None
        first, second = self.peek(1), self.tokens[after + 1]
        for marker in (r"\partial", "d"):
            if first.text == marker and second.text == marker:
                return marker
        return None

    def require_steps(self, tok: Token) -> None:
        if self.derivative is None:
            raise self.error(f"Derivative operators ({tok.text}) are only understood in a "
                             "derivation's steps (the lines starting with '='), not in the "
                             "function or :expect:.", tok, Subtype.UNSUPPORTED)

    def derivative_fraction(self, tok: Token, marker: str) -> Parsed:
        r"""\frac{\partial}{\partial x} E (applies to the term after it) or \frac{\partial E}{\partial x}."""
        self.require_steps(tok)
        self.expect("{", "after \\frac")
        self.next()  # the marker
        top = None if self.at("}") else self.expression()
        self.expect("}", "to close the numerator of the derivative")
        self.expect("{", "for the denominator of the derivative")
        self.next()  # the marker
        var = self.power()
        close = self.expect("}", "to close the denominator of the derivative")
        operand = top if top is not None else self.term()
        end = max(close.end, operand.end)
        return Parsed(self.derivative(operand.expr, var.expr, (tok.start, end)), tok.start, end)

    def nabla(self, tok: Token) -> Parsed:
        r"""\nabla_{x} E: the derivative of the term after it, in the page's layout."""
        self.require_steps(tok)
        self.next()
        self.expect("_", "after \\nabla (write \\nabla_{\\mathbf{w}})")
        var = self.group_or_atom("the variable of \\nabla")
        operand = self.term()
        return Parsed(self.derivative(operand.expr, var.expr, (tok.start, operand.end)),
                      tok.start, operand.end)

    def maximum(self, tok: Token) -> Parsed:
        r"""\max(0, z): ReLU, element-wise for vectors. Other maxima are refused."""
        self.next()
        open_ = self.expect("(", "after \\max")
        first = self.expression()
        self.expect(",", "between the two arguments of \\max")
        second = self.expression()
        close = self.expect(")", f"to close \\max( opened at character {open_.start + 1}")
        if first.expr == 0:
            arg = second
        elif second.expr == 0:
            arg = first
        else:
            raise self.error("Only \\max(0, z) (the ReLU) is supported: one argument must be 0.",
                             (tok.start, close.end), Subtype.UNSUPPORTED)
        return Parsed(FUNCTIONS["relu"](arg.expr), tok.start, close.end)

    def delimited(self, tok: Token, close: str, what: str,
                  build: Callable[[Parsed, int], Parsed]) -> Parsed:
        self.next()
        saved = self.abs_depth
        self.abs_depth = 1
        inner = self.expression()
        self.abs_depth = saved
        self.expect(close, f"to close the {what} opened at character {tok.start + 1}")
        return build(inner, tok.start)

    def absolute(self, inner: Parsed, start: int) -> Parsed:
        end = self.tokens[self.i - 1].end
        return Parsed(FUNCTIONS["abs"](inner.expr), start, end)

    def norm(self, inner: Parsed, start: int) -> Parsed:
        r"""\|x\|, \|x\|_1, \|x\|_2, \|X\|_F: the 2-norm of a vector, Frobenius of a matrix."""
        expr = inner.expr
        end = self.tokens[self.i - 1].end
        which = "2"
        if self.at("_"):
            self.next()
            sub = self.group_or_atom_text()
            end = self.tokens[self.i - 1].end
            if sub not in ("1", "2", "F"):
                raise self.error(f"Unknown norm \\|\\cdot\\|_{sub}: use _1, _2 or _F.",
                                 (start, end), Subtype.UNSUPPORTED)
            which = sub
        sh = self.n.shapes
        if not is_matrix(expr):
            return Parsed(sympy.Abs(expr), start, end)
        is_vector = sh.find(sh.shape(expr)[1]) == 1
        if which == "1":
            if not is_vector:
                raise self.error("The 1-norm is supported for vectors only.", (start, end),
                                 Subtype.UNSUPPORTED)
            total = flat_matmul(OneMatrix(1, expr.shape[0]), FUNCTIONS["abs"](expr))
            return Parsed(scalar_of(total), start, end)
        if which == "2" and not is_vector:
            raise self.error("The 2-norm of a matrix (its largest singular value) is not "
                             "supported; write \\|X\\|_F for the Frobenius norm.", (start, end),
                             Subtype.UNSUPPORTED)
        if is_vector:
            return Parsed(sympy.sqrt(scalar_of(flat_matmul(Transpose(expr), expr))), start, end)
        return Parsed(sympy.sqrt(Trace(flat_matmul(Transpose(expr), expr))), start, end)

    def group_or_atom_text(self) -> str:
        tok = self.next()
        if tok.text != "{":
            return tok.text
        parts = []
        while not self.at("}") and self.peek().kind != "eof":
            parts.append(self.next().text)
        self.expect("}", "to close the subscript")
        return "".join(parts)

    def summation(self, tok: Token) -> Parsed:
        r"""\sum_{i=1}^{N} (samples, per-sample x_i, y_i) or \sum_i x_i (elements)."""
        self.next()
        if not self.at("_"):
            raise self.error("\\sum needs an index: \\sum_{i=1}^{N} or \\sum_i.", tok)
        self.next()
        braced = self.at("{")
        if braced:
            self.next()
        index = self.next()
        if index.kind != "letter":
            raise self.error("The index of \\sum must be a letter.", index)
        lower = None
        if self.at("="):
            self.next()
            lower = self.next()
            if lower.kind != "num":
                raise self.error("The lower bound of \\sum must be a number.", lower)
        if braced:
            self.expect("}", "to close the subscript of \\sum")
        upper = None
        if self.at("^"):
            self.next()
            upper = self.group_or_atom_text()
        saved_indices = self._sum_indices
        if upper is None or (upper not in self.n.counts):
            saved = self.element_index
            self.element_index = index.text
            body = self.term()
            self.element_index = saved
            if not is_matrix(body.expr):
                raise self.error(f"\\sum_{index.text}: no vector has elements {index.text} here; "
                                 "declare the vector (for example \\mathbf{x} \\in "
                                 "\\mathbb{R}^{n}) or give the sum bounds, \\sum_{i=1}^{N}.",
                                 (tok.start, body.end), Subtype.UNSUPPORTED)
            rows, cols = body.expr.shape
            total = scalar_of(flat_matmul(OneMatrix(1, rows), body.expr))
            return Parsed(total, tok.start, body.end)
        self._sum_indices = saved_indices + (index.text,)
        body = self.term()
        self._sum_indices = saved_indices
        i = sympy.Symbol(index.text, integer=True, positive=True)
        count = sympy.Symbol(upper, integer=True, positive=True)
        start_value = sympy.Integer(lower.text) if lower is not None else sympy.Integer(1)
        return Parsed(sample_sum(body.expr, (i, start_value, count)), tok.start, body.end)

    def indicator(self, tok: Token) -> Parsed:
        r"""\mathbb{1}[cond] or \mathbb{1}_{cond}: 1 where cond holds, else 0."""
        self.next()
        self.expect("{", "after \\mathbb")
        what = self.next()
        self.expect("}", "after \\mathbb{...")
        if what.text != "1":
            raise self.error(f"\\mathbb{{{what.text}}} is not an expression; \\mathbb{{1}}[...] "
                             "is the indicator, \\mathbb{R} belongs in :where:.", tok,
                             Subtype.UNSUPPORTED)
        if self.at("["):
            self.next()
            cond = self.condition()
            close = self.expect("]", "to close the indicator's condition")
        else:
            self.expect("_", "or '[' after \\mathbb{1}")
            self.expect("{", "to open the indicator's condition")
            cond = self.condition()
            close = self.expect("}", "to close the indicator's condition")
        return Parsed(self.piecewise([(sympy.Integer(1), cond), (sympy.Integer(0), True)],
                                     (tok.start, close.end)), tok.start, close.end)

    def condition(self) -> sympy.Basic:
        if self.at(r"\text", r"\mathrm", r"\textrm"):
            self.next()
            self.expect("{", "after \\text")
            words = []
            while not self.at("}") and self.peek().kind != "eof":
                words.append(self.next().text)
            self.expect("}", "to close \\text{...}")
            word = "".join(words)
            if word in ("otherwise", "else"):
                return sympy.true
            if word != "if":
                raise self.error(f"\\text{{{word}}} is not understood in a condition.",
                                 self.tokens[self.i - 1])
        left = self.expression()
        rel = self.peek()
        if rel.text not in RELATIONS:
            raise self.error(f"Expected a comparison (<, >, \\le, \\ge), found {self.found(rel)}.",
                             rel)
        self.next()
        right = self.expression()
        if is_matrix(left.expr) or is_matrix(right.expr):
            return ("elementwise", RELATIONS[rel.text], left.expr, right.expr)
        return RELATIONS[rel.text](left.expr, right.expr)

    def piecewise(self, pieces: list, span: tuple[int, int]) -> sympy.Basic:
        """A Piecewise; element-wise when its conditions compare vectors with scalars."""
        vector_conditions = [c for _, c in pieces if isinstance(c, tuple)]
        if not vector_conditions:
            return sympy.Piecewise(*pieces)
        if len(pieces) != 2 or any(is_matrix(v) for v, _ in pieces):
            raise self.error("Element-wise cases are supported with two constant pieces only.",
                             span, Subtype.UNSUPPORTED)
        _, rel, left, right = vector_conditions[0]
        if is_matrix(right) or not is_matrix(left):
            raise self.error("Write element-wise conditions as vector < scalar.", span,
                             Subtype.UNSUPPORTED)
        body = sympy.Piecewise((pieces[0][0], rel(_t, right)), (pieces[1][0], True))
        return ElementwiseApplyFunction(sympy.Lambda(_t, body), left)

    def cases(self, tok: Token) -> Parsed:
        r"""\begin{cases} value & condition \\ ... \end{cases}"""
        self.next()
        self.expect("{", "after \\begin")
        env = "".join(self.next().text for _ in range(5))
        if env != "cases":
            raise self.error("Only \\begin{cases} is understood.", tok, Subtype.UNSUPPORTED)
        self.expect("}", "after \\begin{cases")
        pieces = []
        while True:
            value = self.expression()
            self.expect("&", "between a value and its condition in cases")
            if self.at(","):
                self.next()
            cond = self.condition()
            pieces.append((value.expr, cond))
            if self.at(r"\\"):
                self.next()
                if self.at(r"\end"):
                    break
                continue
            break
        self.expect(r"\end", "to close \\begin{cases}")
        self.expect("{", "after \\end")
        for _ in range(5):
            self.next()
        close = self.expect("}", "after \\end{cases")
        return Parsed(self.piecewise(pieces, (tok.start, close.end)), tok.start, close.end)


def parse_expression(text: str, notation: Notation,
                     derivative: DerivativeOperator | None = None) -> Parsed:
    """Parse one LaTeX expression against ``notation``; scalar ones are read twice.

    ``derivative`` is given for an author's steps, where ∂/∂x and ∇ are evaluated.
    """
    parser = Parser(notation, text, derivative)
    parsed = parser.parse()
    crosscheck.check(text, parser.tokens, parsed.expr)
    return parsed


_NAME = re.compile(r"\s*(.*?)\s*(\(.*\))?\s*$", re.S)


def split_name(text: str) -> tuple[str | None, str, int]:
    """Split 'a = f' or 'C(w, b) = f' into (the name's LaTeX, f, offset of f)."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "=" and depth == 0 and not text[k - 1:k] in ("\\", "<", ">", "!"):
            name = text[:k].strip()
            if not name:
                raise MatcalcError("Nothing stands before '='; write 'f = ...' or just the "
                                   "expression.", Subtype.SYNTAX, k, k + 1, text)
            rest_offset = k + 1
            return name, text[rest_offset:], rest_offset
    return None, text, 0


def parse_declarations(text: str, notation: Notation | None = None) -> list[Declaration]:
    r"""Read ':where:' text: 'W \in \mathbb{R}^{m \times n}; \mathbf{x}, b \in \mathbb{R}'."""
    scratch = notation or Notation()
    parser = Parser(Notation(declarations=dict(scratch.declarations)), text)
    decls: list[Declaration] = []
    pending: list[tuple[str, str, tuple[int, int]]] = []
    while parser.peek().kind != "eof":
        tok = parser.peek()
        if tok.text in (";", ","):
            parser.next()
            continue
        if tok.text == r"\in":
            if not pending:
                raise parser.error("\\in needs a symbol before it.", tok, Subtype.DECLARATION)
            parser.next()
            kind, rows, cols = _read_space(parser)
            for name, span in pending:
                decls.append(Declaration(name, kind, rows, cols, span))
            pending = []
            continue
        pending.append(_read_declared_name(parser))
        if parser.peek().kind != "eof" and not parser.at(",", ";", r"\in"):
            raise parser.error(f"Expected ',' or \\in after the symbol, found "
                               f"{parser.found(parser.peek())}.", parser.peek(),
                               Subtype.DECLARATION)
    if pending:
        name, span = pending[-1]
        raise parser.error(f"{name} has no shape: write {name} \\in \\mathbb{{R}}^{{n}} (or "
                           "\\mathbb{R} for a scalar).", span, Subtype.DECLARATION)
    seen: dict[str, Declaration] = {}
    for d in decls:
        if d.name in seen and (seen[d.name].kind, seen[d.name].rows, seen[d.name].cols) != (
                d.kind, d.rows, d.cols):
            raise MatcalcError(f"{d.name} is declared twice with different shapes.",
                               Subtype.DECLARATION, d.span[0], d.span[1], text)
        seen[d.name] = d
    return decls


def _read_declared_name(parser: Parser) -> tuple[str, tuple[int, int]]:
    """A symbol being declared, written as in expressions; (its name, its span)."""
    tok = parser.peek()
    if tok.kind == "letter" or tok.text in GREEK_LOWER or tok.text in GREEK_UPPER:
        name, end = parser.read_name(tok.text, parser.i + 1)
    elif tok.text in VECTOR_STYLES:
        parser.next()
        parser.expect("{", f"after {tok.text}")
        inner = parser.next()
        parser.expect("}", f"to close {tok.text}{{...}}")
        name, end = parser.read_name(f"{tok.text}{{{inner.text}}}", parser.i)
    else:
        raise parser.error(f"Expected a symbol to declare, found {parser.found(tok)}.", tok,
                           Subtype.DECLARATION)
    parser.i = end
    return name, (tok.start, parser.tokens[end - 1].end)


def _read_space(parser: Parser) -> tuple[str, sympy.Expr | None, sympy.Expr | None]:
    r"""\mathbb{R}, \mathbb{R}^{n}, \mathbb{R}^{m \times n} → (kind, rows, cols)."""
    tok = parser.peek()
    if tok.text != r"\mathbb":
        raise parser.error("Expected \\mathbb{R} after \\in.", tok, Subtype.DECLARATION)
    parser.next()
    parser.expect("{", "after \\mathbb")
    field_tok = parser.next()
    if field_tok.text != "R":
        raise parser.error(f"Only real spaces (\\mathbb{{R}}) are supported, not "
                           f"\\mathbb{{{field_tok.text}}}.", field_tok, Subtype.DECLARATION)
    parser.expect("}", "after \\mathbb{R")
    if not parser.at("^"):
        return SCALAR, None, None
    parser.next()
    braced = parser.at("{")
    if braced:
        parser.next()
    dims = [_read_dimension(parser)]
    if parser.at(r"\times", "x", "*"):
        parser.next()
        dims.append(_read_dimension(parser))
    if braced:
        parser.expect("}", "to close the dimensions")
    if len(dims) == 1:
        return VECTOR, dims[0], sympy.Integer(1)
    return MATRIX, dims[0], dims[1]


def _read_dimension(parser: Parser) -> sympy.Expr:
    tok = parser.next()
    if tok.kind == "num" and "." not in tok.text and len(tok.text) <= MAX_DIGITS:
        value = int(tok.text)
        if parser.at("^"):  # 10^{9}
            parser.next()
            exponent = parser.group_or_atom_text()
            if not exponent.isdigit() or int(exponent) > 100:
                raise parser.error("Write a dimension as an integer, a power such as 10^{9}, or "
                                   "a symbol.", tok, Subtype.DECLARATION)
            value = value ** int(exponent)
        if value < 1:
            raise parser.error("A dimension must be at least 1.", tok, Subtype.DECLARATION)
        return dimension(value)
    if tok.kind == "letter":
        name, end = parser.read_name(tok.text, parser.i)
        parser.i = end
        return dimension(name)
    raise parser.error(f"Expected a dimension (a symbol such as n, or an integer), found "
                       f"{parser.found(tok)}.", tok, Subtype.DECLARATION)
