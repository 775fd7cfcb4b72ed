"""Constructs of the notation, one method each: scripts, styled symbols, functions,
operator names, fractions, \\sqrt, \\max, \\det (derivative operators are ``derivatives``).

A mixin of the reader (``grammar.Parser``), which supplies the precedence
levels (``expression``, ``term``, ``power``) these call back into. To add a
LaTeX construct, add a method here and its command to ``Parser.command_atom``.
"""

from __future__ import annotations

import math
import re

import sympy
from sympy.matrices.expressions import (HadamardPower, Identity, Inverse, MatPow, OneMatrix,
                                        Transpose, ZeroMatrix)

from ..errors import Subtype
from ..nodes import dimension, integer_scalars, is_matrix
from .cursor import Parsed, quoted
from .lexer import Token
from .notation import (ACCENTS, FUNCTIONS, GREEK_LOWER, GREEK_UPPER, MATRIX, MATRIX_FUNCTIONS,
                       MAX_BITS, MAX_DIGITS, VECTOR, VECTOR_STYLES)

#: What may not follow an unbracketed function argument: where the argument ends is unclear.
AMBIGUOUS_AFTER_ARGUMENT = {"(", "[", "{", r"\{", r"\lbrace", "|", r"\|", r"\lVert", r"\Vert",
                            r"\lvert", r"\vert", r"\frac", r"\begin"}


def _bold(name: str) -> str:
    """A vector of that name: x_i as \\mathbf{x}_i, \\alpha as \\boldsymbol{\\alpha}."""
    letter = re.match(r"\\[A-Za-z]+|.", name).group()
    style = r"\boldsymbol" if letter.startswith("\\") else r"\mathbf"
    return f"{style}{{{letter}}}{name[len(letter):]}"


class Constructs:
    """Reading methods for the constructs of the notation (mixed into ``Parser``)."""

    def superscript(self, base: Parsed) -> Parsed:
        mark = self.transpose_mark()
        sh = self.n.shapes
        if mark == "T":
            end = self.tokens[self.i - 1].end
            expr = base.expr
            if isinstance(expr, sympy.Symbol) and expr.name not in self.n.declarations:
                raise self.error(
                    f"{expr.name}^T transposes a scalar: plain lowercase letters are scalars. "
                    f"Write {_bold(expr.name)} for a vector, or declare "
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
        if self.at("{") and self.peek(1).text == r"\circ":
            return self.hadamard_power(base)
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
        free = exponent.expr.free_symbols
        whole = set(integer_scalars(exponent.expr))
        reals = ", ".join(sorted(str(s) for s in free - whole if not s.is_integer))
        sizes = ", ".join(sorted(str(s) for s in free - whole if s.is_integer))
        power = f"{sh.text(base.span)}^{sh.text(exponent.span)}"
        if reals:
            raise self.error(f"{power}: the exponent of a matrix power must be a whole number; "
                             f"declare {reals} \\in \\mathbb{{Z}} (or \\mathbb{{N}}) in :where:.",
                             exponent.span, Subtype.DECLARATION)
        if sizes:
            raise self.error(f"{power}: {sizes} is a size or an index here; the exponent of a "
                             "matrix power is written with whole numbers declared in :where: "
                             "(k \\in \\mathbb{Z}).", exponent.span, Subtype.UNSUPPORTED)
        if free and not exponent.expr.is_integer:
            raise self.error(f"{power}: the exponent of a matrix power must be a whole number "
                             "for every whole number in it.", exponent.span, Subtype.UNSUPPORTED)
        if not free and not (exponent.expr.is_Integer and exponent.expr > 0):
            raise self.error("A matrix can only be raised to a positive integer power, or to a "
                             "declared whole number k (or ^{-1} for its inverse).",
                             exponent.span, Subtype.UNSUPPORTED)
        sh.square(base.expr, base.span, "A matrix power")
        return Parsed(MatPow(base.expr, exponent.expr), base.start, end)

    def hadamard_power(self, base: Parsed) -> Parsed:
        r"""x^{\circ k}: the element-wise (Hadamard) power; of a scalar, the ordinary power."""
        self.next()
        self.next()  # \circ
        exponent = self.expression()
        close = self.expect("}", "to close the element-wise power")
        if is_matrix(exponent.expr):
            raise self.error("An exponent must be a scalar.", exponent.span, Subtype.SHAPE)
        if not is_matrix(base.expr):
            self.check_size(base.expr, exponent.expr, (base.start, close.end))
            return Parsed(sympy.Pow(base.expr, exponent.expr), base.start, close.end)
        return Parsed(HadamardPower(base.expr, exponent.expr), base.start, close.end)

    def check_size(self, base: sympy.Basic, exponent: sympy.Basic, span: tuple[int, int]) -> None:
        """Refuse a number raised to a power so large that computing it would never end."""
        if not (base.is_Number and exponent.is_Number) or base in (0, 1, -1):
            return
        with sympy.evaluate(True):  # also when the text is read again as written, evaluation
            # off (``written.py``), where SymPy's log and evalf recursed without end: floats
            b = abs(base)
            size = math.log2(b.p) - math.log2(b.q) if b.is_Rational else math.log2(float(b))
            bits = abs(float(exponent)) * max(1.0, abs(size))
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
        if style == r"\mathbf" and inner.text == "I" and r"\mathbf{I}" not in self.n.declarations:
            if self.at("_"):  # \mathbf{I}_n: the identity of size n
                self.next()
                size = self.size()
                return Parsed(Identity(size), tok.start, self.tokens[self.i - 1].end)
            return Parsed(self.n.shapes.identity(), tok.start, close.end)
        if inner.kind == "num" and inner.text in ("0", "1"):
            rows, cols, end = self.n.shapes.fresh(), None, close.end
            if self.at("_"):  # \mathbf{1}_{n}: the ones vector of length n; \mathbf{1}_{m \times n}
                self.next()
                rows, cols = self.sizes()
                end = self.tokens[self.i - 1].end
            ctor = OneMatrix if inner.text == "1" else ZeroMatrix
            return Parsed(ctor(rows, 1 if cols is None else cols), tok.start, end)
        if not (inner.kind == "letter" or inner.text in GREEK_LOWER | GREEK_UPPER):
            raise self.error(f"{style}{{...}} should hold one letter, such as {style}{{x}}.",
                             inner)
        base = f"{style}{{{inner.text}}}"
        name, end = self.read_name(base, self.i)
        upper = inner.text[0].isupper() if inner.kind == "letter" else inner.text in GREEK_UPPER
        return self.symbol_atom(name, MATRIX if upper else VECTOR, tok.start, end)

    def size(self) -> sympy.Expr:
        """A size written as a subscript (the n of I_n or \\mathbf{1}_{n}): a letter or a number."""
        rows, cols = self.sizes()
        if cols is not None:
            raise self.error("Only the ones and zeros matrices have two sizes, as in "
                             "\\mathbf{1}_{m \\times n}.", self.tokens[self.i - 1])
        return rows

    def sizes(self) -> tuple[sympy.Expr, sympy.Expr | None]:
        """n, {n}, or {m \\times n}: one size, or two (the second None when not written)."""
        braced = self.at("{")
        if braced:
            self.next()
        rows, cols = self._one_size(), None
        if braced and self.at(r"\times"):
            self.next()
            cols = self._one_size()
        if braced:
            self.expect("}", "to close the size")
        return rows, cols

    def _one_size(self) -> sympy.Expr:
        tok = self.next()
        if tok.kind == "num" and tok.text.isdigit() and len(tok.text) <= MAX_DIGITS:
            return sympy.Integer(int(tok.text))
        if tok.kind == "letter":
            name, end = self.read_name(tok.text, self.i)
            self.i = end
            return dimension(name)
        raise self.error("A size is a letter such as n, or a number.", tok)

    def argument(self, name: str) -> Parsed:
        r"""A function's argument: (parenthesised), {braced}, or the product that follows.

        Without brackets the argument runs over the product written after the name, as in
        \log 2x = log(2x) and \operatorname{tr} AX = tr(AX); it ends at an explicit operator
        (+, \cdot, \odot, ...) or at another function (\sin x \cos x is sin(x)·cos(x)). A
        bracket, fraction or bar after the product has begun is refused as ambiguous.
        """
        tok = self.peek()
        if tok.text in ("(", "[", "{"):
            return self.punct_atom(tok)
        if tok.text in (r"\{", r"\lbrace"):
            return self.brace_group(tok)
        if tok.kind == "eof" or not self.starts_operand(tok):
            raise self.error(f"{name} needs an argument.", tok)
        first = self.power()
        factors = [first]
        while self.starts_operand(self.peek()):
            nxt = self.peek()
            if nxt.text in AMBIGUOUS_AFTER_ARGUMENT:
                shown = self.text[first.start:nxt.start].strip()
                raise self.error(
                    f"After {name} {shown}, {quoted(nxt.text)} leaves unclear where the argument of "
                    f"{name} ends; put the whole argument in parentheses, {name}(...).", nxt)
            if not self.continues_argument(nxt):
                break
            factors.append(self.power())
        expr, start = first, first.start
        for factor in factors[1:]:
            expr = Parsed(self.product(expr, factor), start, factor.end)
        return expr

    def continues_argument(self, tok: Token) -> bool:
        """Does ``tok`` begin one more factor of a function's unbracketed argument?"""
        if tok.kind in ("letter", "num"):
            return True
        if tok.text == r"\sigma" and self.peek(1).text == "(":
            return False
        return tok.text in GREEK_LOWER | GREEK_UPPER | VECTOR_STYLES | ACCENTS

    def function(self, tok: Token, name: str) -> Parsed:
        self.next()
        return self.applied(tok.start, name)

    def applied(self, start: int, name: str) -> Parsed:
        """The function written ``name`` (just read) applied to its argument; f'(x), with a
        prime, is its derivative at x."""
        build = self.n.function(name)
        if self.at("'"):
            prime = self.next()
            build = self.n.prime(name)
            if self.at("'"):
                raise self.error("Only first derivatives are written with a prime (f'); write "
                                 "higher ones with \\frac{\\partial}{\\partial x}.", self.peek(),
                                 Subtype.UNSUPPORTED)
            if build is None:
                raise self.error(f"{name}' : {name} has no derivative of its own here; write "
                                 "\\frac{\\partial}{\\partial x} of it.", prime, Subtype.UNSUPPORTED)
        power = self.function_power(name) if self.at("^") else None
        arg = self.argument(name)
        value = build(arg.expr)
        if power is not None:  # \tanh^2 x: (tanh x)², entry-wise of a vector
            value = HadamardPower(value, power) if is_matrix(value) else sympy.Pow(value, power)
        return Parsed(value, start, arg.end)

    def function_power(self, name: str) -> sympy.Integer:
        """The k of \\tanh^k x, a whole number from 2: the power of the function's value, as
        in 1 − \\tanh^2 x. Any other (\\sin^{-1} x, arcsin or a reciprocal) is refused."""
        caret = self.next()
        exponent = self.group_or_atom("an exponent")
        k = exponent.expr
        if not (isinstance(k, sympy.Integer) and k >= 2):
            raise self.error(f"Write this power of {name} after its argument: ({name} x)^{{...}}; "
                             f"before it only a whole number from 2 is read ({name}^2 x).",
                             (caret.start, exponent.end), Subtype.UNSUPPORTED)
        return k

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
        if name == "e" and tok.text != r"\operatorname":  # \mathrm{e}: Euler's number
            if self.at("^"):
                self.next()
                exponent = self.group_or_atom("an exponent")
                return Parsed(FUNCTIONS[r"\exp"](exponent.expr), tok.start, exponent.end)
            return Parsed(sympy.E, tok.start, close.end)
        if self.n.function(name) is not None:
            return self.applied(tok.start, name)
        if name not in MATRIX_FUNCTIONS:
            shown = self.text[tok.start:close.end]
            known = set(FUNCTIONS) | set(self.n.functions) | MATRIX_FUNCTIONS - {"abs"}
            raise self.error(f"{shown}: unknown function {name!r}. Known: "
                             f"{', '.join(sorted(known))} (an element-wise function can be defined "
                             "in conf.py by its formula in x: matcalc_functions = "
                             f"{{{name!r}: r\"...\"}}).", span, Subtype.UNSUPPORTED)
        return self.matrix_function(name, tok.start, self.argument(name))

    def fraction(self, tok: Token) -> Parsed:
        self.next()
        marker = self._derivative_marker()
        if marker is not None:
            return self.derivative_fraction(tok, marker)
        num = self.group_or_atom("the numerator of \\frac")
        den = self.group_or_atom("the denominator of \\frac")
        self.refuse_matrix_denominator(den)
        expr = self.n.shapes.divide(num.expr, den.expr, num.span, den.span)
        return Parsed(expr, tok.start, den.end)

    def refuse_matrix_denominator(self, den: Parsed) -> None:
        """An undeclared uppercase letter alone below a fraction (1/N) is not silently a matrix."""
        expr = den.expr
        if isinstance(expr, sympy.MatrixSymbol) and expr.name not in self.n.declarations \
                and self.n.kind_of(expr.name) == MATRIX:
            name = expr.name
            raise self.error(
                f"{name} is read as a matrix (an undeclared uppercase letter), so dividing by it "
                f"would be element-wise. If {name} is a number, declare it ({name} \\in "
                f"\\mathbb{{R}}), or use it as a size or as the bound of a sum "
                f"(\\sum_{{i=1}}^{{{name}}}); for an element-wise division declare its shape.",
                den.span, Subtype.SHAPE)

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
