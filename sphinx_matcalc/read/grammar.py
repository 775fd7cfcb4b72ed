"""Read the notation of SPEC §5 into typed SymPy matrix expressions: the precedence levels.

latex2sympy2 reads every product as commutative (``x^T A x`` becomes
``A*x*x``) and mis-lexes ``\\odot``, so the structure of an expression is
read here, by recursive descent over tokens that keep their offsets; see
``crosscheck`` for where latex2sympy2 is used. Every node is built by a
shape-checked constructor of ``shapes.ShapeContext``. The constructs
themselves (scripts, fractions, functions, norms, sums, cases, derivative operators) are
methods of the mixins in ``constructs``, ``groupings``, ``cases`` and ``derivatives``.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import Determinant, Identity, Transpose

from . import crosscheck
from ..errors import MatcalcError, Subtype
from ..nodes import dimension, flat_matmul, is_matrix, scalar_of
from .constructs import Constructs
from .cursor import Cursor, Parsed, quoted, top_level
from .cases import Cases
from .derivatives import Derivatives
from .groupings import Groupings
from .literals import Literals
from .lexer import Token, tokenize
from .names import Names
from .notes import CourseNotes
from .reductions import Reductions
from .notation import (ACCENTS, ELEMENTWISE_DIVISION, FUNCTIONS, GREEK_LOWER, GREEK_UPPER, MATRIX,
                       MAX_DEPTH, MAX_DIGITS, OPERATOR_NAMES, PRODUCT_OPS, SCALAR, SIZING,
                       TRANSPOSE_MARKS, VECTOR_STYLES, Notation, Operators)


class Parser(Cursor, Names, Constructs, Derivatives, Groupings, Cases, CourseNotes, Reductions,
             Literals):
    """Recursive descent over tokens; one instance reads one text."""

    def __init__(self, notation: Notation, text: str,
                 operators: Operators | None = None) -> None:
        self.n = notation
        self.text = text
        self.operators = operators  # ∂/∂x and ∇ are read in an author's steps; None elsewhere
        self.n.shapes.source = text
        self.tokens = [t for t in tokenize(text) if t.text not in SIZING]
        self.i = 0
        self.awaiting: tuple[str, ...] = ()  # the closing bars of the groups open here
        self.depth = 0
        self.element_index: str | None = None  # inside \sum_i x_i: element mode
        self.own_name_read = False  # the function's own name stood for it (latex2sympy2 cannot)
        self._prescan_counts()

    def _skip_parentheses(self, j: int) -> int:
        """Index after the balanced (...) group starting at j."""
        depth = 0
        while self.tokens[j].kind != "eof":
            depth += {"(": 1, ")": -1}.get(self.tokens[j].text, 0)
            j += 1
            if depth == 0:
                return j
        raise self.error("Unclosed '(' after the function's name.", self.tokens[j])

    def _prescan_counts(self) -> None:
        """Upper bounds of \\sum (the N of 1/N Σ_{i=1}^N) are sample counts: scalars."""
        for k, tok in enumerate(self.tokens):
            if tok.text == r"\sum":
                j = k + 1
                if self.tokens[j].text == "_":
                    j = self._skip_group(j + 1)
                if self.tokens[j].text == "^":
                    inner = self.tokens[j + 2] if self.tokens[j + 1].text == "{" else self.tokens[j + 1]
                    if inner.kind == "letter" and inner.text not in self.n.dimension_names():
                        self.n.counts.add(inner.text)  # (a declared size stays a size)

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
        self.n.shapes.settle_scalar_sums()
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
            self.n.note_sum(expr, left.expr, rhs)
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
        r"""Products written side by side (W\mathbf{x}), which bind tighter than operators."""
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
        if op.text in ("/", r"\div"):
            self.refuse_matrix_denominator(right)
        if op.text in ELEMENTWISE_DIVISION or op.text in ("/", r"\div"):
            return sh.divide(a, b, left.span, right.span)
        if op.text == r"\cdot" and is_matrix(a) and is_matrix(b) and sh.shape(a)[1] == 1 \
                and sh.shape(b)[1] == 1:
            sh.same_shape(a, b, left.span, right.span, "take the dot product of")
            dot = scalar_of(flat_matmul(Transpose(a), b))
            self.n.dots.add(dot)
            return dot
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
            return tok.text in "([{" or (tok.text == "|" and "|" not in self.awaiting)
        if tok.text in (r"\|", r"\Vert", r"\vert"):  # opens a norm unless one awaits it
            return tok.text not in self.awaiting
        if tok.kind == "cmd":
            return tok.text not in self.n.hadamard and tok.text not in {
                r"\cdot", r"\times", r"\oslash", r"\div", r"\end", r"\\", r"\rVert", r"\rvert",
                r"\}", r"\rbrace", r"\le", r"\leq", r"\ge", r"\geq", r"\leqslant", r"\geqslant",
                r"\neq", r"\ne", r"\in"} | TRANSPOSE_MARKS
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
            sup = self.superscript(base)  # (\|x\|^2_2: the subscript, read first, may end later)
            base = Parsed(sup.expr, sup.start, max(sup.end, base.end))
            if self.at("^"):
                raise self.error("Double superscript: LaTeX does not allow a^b^c; use braces, "
                                 "such as {a^b}^c or a^{b^c}.", self.peek())
        if self.at("_"):
            raise self.error("A subscript here is not understood: subscripts go on symbol "
                             "names (x_i) or on norms (\\|x\\|_2).", self.peek())
        if self.at("'"):
            raise self.error("A prime (f') marks the derivative of a function (\\sigma'(z), or "
                             "one of conf.py's matcalc_functions), and this is not one; write "
                             "the derivative with \\frac{\\partial}{\\partial x}.", self.peek(),
                             Subtype.UNSUPPORTED)
        return base

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
        saved, self.awaiting = self.awaiting, ()
        inner = self.expression()
        self.awaiting = saved
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
            saved, self.awaiting = self.awaiting, ()
            inner = self.expression()
            self.awaiting = saved
            end = self.expect(close, f"to close the {quoted(tok.text)} at character {tok.start + 1}")
            return Parsed(inner.expr, tok.start, end.end)
        if tok.text == "|":
            return self.delimited(tok, "|", "absolute value", self.absolute)
        raise self.error(f"Expected an operand, found {self.found(tok)}.", tok)

    def letter_atom(self) -> Parsed:
        tok = self.peek()
        word = self.plain_function_word()
        if word is not None:
            return self.plain_function(word)
        name, end = self.read_name(tok.text, self.i + 1)
        if name == "e" and self.tokens[end].text == "^" and "e" not in self.n.declarations:
            self.i = end + 1
            exponent = self.group_or_atom("an exponent")
            return Parsed(FUNCTIONS[r"\exp"](exponent.expr), tok.start, exponent.end)
        if name == "e" and "e" not in self.n.declarations:  # Euler's number
            self.i = end
            return Parsed(sympy.E, tok.start, tok.end)
        if name in self.n.formulas and self.tokens[end].text == "(":  # p(x_i; \beta)
            self.i = end
            return self.apply_formula(name, tok.start)
        if name in self.n.counts:  # a sample count used as a value: \frac{1}{N}
            return self.symbol_atom(name, SCALAR, tok.start, end)
        if name in self.n.dimension_names() and name not in self.n.declarations:
            self.i = end  # a declared size used as a value: \frac{ND}{2}
            return Parsed(dimension(name), tok.start, self.tokens[end - 1].end)
        if tok.text == "I" and "I" not in self.n.declarations and name not in self.n.declarations:
            if name != "I":  # I_n: the identity of size n
                self.i += 2
                size = self.size()
                return Parsed(Identity(size), tok.start, self.tokens[self.i - 1].end)
            self.i = end
            return Parsed(self.n.shapes.identity(), tok.start, self.tokens[end - 1].end)
        if name in self.n.functions and self.tokens[end].text in ("(", "'"):  # f(x), f'(x)
            self.i = end
            return self.applied(tok.start, name)
        kind = MATRIX if tok.text.isupper() else SCALAR
        return self.symbol_atom(name, kind, tok.start, end)

    def command_atom(self, tok: Token) -> Parsed:
        word = tok.text
        if word in VECTOR_STYLES:
            return self.styled_symbol(tok)
        if word == r"\sigma" and self.peek(1).text in ("(", "'") and \
                r"\sigma" not in self.n.declarations:
            return self.function(tok, r"\sigma")
        if word == r"\pi" and r"\pi" not in self.n.declarations and self.peek(1).text != "_":
            self.next()
            return Parsed(sympy.pi, tok.start, tok.end)
        if word in ACCENTS:
            return self.accented_symbol(tok)
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
        if word in (r"\{", r"\lbrace"):
            return self.brace_group(tok)
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


def parse_expression(text: str, notation: Notation, operators: Operators | None = None,
                     second_reading: bool = True) -> Parsed:
    """Parse one LaTeX expression against ``notation``; scalar ones are read twice.

    ``operators`` is given for an author's steps, where ∂/∂x and ∇ are read as
    unevaluated derivatives (``nodes.Partial``), for the engine to evaluate;
    ``second_reading`` is False only for text of our own, read back (not an author's).
    """
    parser = Parser(notation, text, operators)
    parsed = parser.parse()
    if second_reading and not parser.own_name_read:  # (latex2sympy2 would read f(2x) as f·2x)
        crosscheck.check(text, parser.tokens, parsed.expr)
    return parsed


def split_name(text: str) -> tuple[str | None, str, int]:
    """Split 'a = f' or 'C(w, b) = f' into (the name's LaTeX, f, offset of f)."""
    for k, ch in top_level(text):
        if ch == "=" and not text[k - 1:k] in ("\\", "<", ">", "!"):
            name = text[:k].strip()
            if not name:
                raise MatcalcError("Nothing stands before '='; write 'f = ...' or just the "
                                   "expression.", Subtype.SYNTAX, k, k + 1, text)
            rest_offset = k + 1
            return name, text[rest_offset:], rest_offset
    return None, text, 0
