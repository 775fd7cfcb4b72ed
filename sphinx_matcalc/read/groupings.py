"""Constructs that group what they enclose: bars and norms, sums (indicators and cases are
``cases``).

A mixin of the reader (``grammar.Parser``), like ``constructs``.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy.matrices.expressions import Determinant, OneMatrix, Trace, Transpose

from ..errors import Subtype
from ..nodes import flat_matmul, is_matrix, sample_sum, scalar_of, settled
from .cursor import Parsed
from .lexer import Token
from .notation import ACCENTS, FUNCTIONS, GREEK_LOWER, GREEK_UPPER, MAX_DIGITS, VECTOR


class Groupings:
    """Reading methods for enclosing constructs (mixed into ``Parser``)."""

    def delimited(self, tok: Token, close: str, what: str,
                  build: Callable[[Parsed, int], Parsed]) -> Parsed:
        self.next()
        saved = self.awaiting
        self.awaiting = saved + (close,)
        inner = self.expression()
        self.awaiting = saved
        self.expect(close, f"to close the {what} opened at character {tok.start + 1}")
        return build(inner, tok.start)

    def absolute(self, inner: Parsed, start: int) -> Parsed:
        """|x| element-wise for scalars and vectors; |A| of a matrix is its determinant (the
        Matrix Cookbook's, CS229's and Bishop's notation)."""
        end = self.tokens[self.i - 1].end
        expr, sh = inner.expr, self.n.shapes
        shape = sh.shape(expr)
        if shape is not None and 1 not in shape:
            if not sh.unify(*shape):
                raise self.error(
                    f"|{sh.text(inner.span)}| of a matrix is its determinant, but "
                    f"{sh.text(inner.span)} is {sh.describe(expr)}, not square; write "
                    "\\operatorname{abs}(...) for the absolute value of each entry.",
                    (start, end), Subtype.SHAPE)
            return Parsed(Determinant(expr), start, end)
        return Parsed(FUNCTIONS["abs"](inner.expr), start, end)

    def norm(self, inner: Parsed, start: int) -> Parsed:
        r"""\|x\|, \|x\|_1, \|x\|_2, \|X\|_F: the 2-norm of a vector, Frobenius of a matrix."""
        expr = inner.expr
        end = self.tokens[self.i - 1].end
        which = "2"
        self.scripts_in_order()
        if self.at("_"):
            self.next()
            which = self.norm_subscript(start)
            end = self.tokens[self.i - 1].end
        sh = self.n.shapes
        if not is_matrix(expr):
            return Parsed(sympy.Abs(settled(expr)), start, end)
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
        r"""\sum_{i=1}^{N} over samples (per-sample x_i, \mathbf{x}_i, y^{(i)}), or over the
        entries of a vector: \sum_i x_i, \sum_{i=1}^{n} x_i with \mathbf{x} \in \mathbb{R}^{n}
        (x_i is the i-th entry of \mathbf{x}), also written \sum_{i=0}^{n-1}."""
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
        lower = sympy.Integer(1)
        if self.at("="):
            self.next()
            bound = self.next()
            if bound.kind != "num" or not bound.text.isdigit():
                raise self.error("The lower bound of \\sum must be a whole number.", bound)
            lower = sympy.Integer(bound.text)
        if braced:
            self.expect("}", "to close the subscript of \\sum")
        upper = self.upper_bound() if self.at("^") else None
        head = (tok.start, self.tokens[self.i - 1].end)
        if self.over_entries(index.text, lower, upper, head):
            saved = self.element_index
            self.element_index = index.text
            body = self.term()
            self.element_index = saved
            if not is_matrix(body.expr):
                raise self.error(f"\\sum_{index.text}: no vector has elements {index.text} here; "
                                 "declare the vector (for example \\mathbf{x} \\in "
                                 "\\mathbb{R}^{n}) or give the sum bounds, \\sum_{i=1}^{N}.",
                                 (tok.start, body.end), Subtype.UNSUPPORTED)
            total = scalar_of(flat_matmul(OneMatrix(1, body.expr.shape[0]), body.expr))
            return Parsed(total, tok.start, body.end)
        saved_indices = self._sum_indices
        self._sum_indices = saved_indices + (index.text,)
        body = self.term()
        self._sum_indices = saved_indices
        i = sympy.Symbol(index.text, integer=True, positive=True)
        return Parsed(sample_sum(body.expr, (i, lower, upper)), tok.start, body.end)

    def upper_bound(self) -> sympy.Expr:
        """The upper bound of \\sum: N, N-1, N+1 or a whole number."""
        caret = self.next()
        braced = self.at("{")
        if braced:
            self.next()
        tok = self.next()
        if tok.kind == "num" and tok.text.isdigit() and len(tok.text) <= MAX_DIGITS:
            value: sympy.Expr = sympy.Integer(tok.text)
        elif tok.kind == "letter":
            value = sympy.Symbol(tok.text, integer=True, positive=True)
            if braced and self.at("+", "-") and self.peek(1).kind == "num" \
                    and self.peek(1).text.isdigit() and len(self.peek(1).text) <= MAX_DIGITS:
                sign = 1 if self.next().text == "+" else -1
                value = value + sign * sympy.Integer(self.next().text)
        else:
            raise self.error("The upper bound of \\sum is a letter (N), N-1 or a number.",
                             tok if tok.kind != "eof" else caret)
        if braced:
            self.expect("}", "to close the upper bound of \\sum (N, N-1 or a number)")
        return value

    def over_entries(self, index: str, lower: sympy.Expr, upper: sympy.Expr | None,
                     head: tuple[int, int]) -> bool:
        """Does this sum run over the entries of vectors (x_i of \\mathbf{x}), or over samples?

        Entries when every name indexed by it is the entry of a vector (declared, or used as
        one) and, with bounds, the bounds count exactly that vector's entries; samples when no
        indexed name is the entry of a vector. Anything between is refused, never guessed."""
        plain, other = self.indexed_names(index)
        vectors = {b: self.vector_of(b) for b in plain}
        entries = [b for b, v in vectors.items() if v is not None]
        loose = [f"{b}_{index}" for b, v in vectors.items() if v is None] + other
        if upper is None:
            if loose:
                raise self.error(
                    f"\\sum_{index} sums the entries of vectors, but {loose[0]} is not the entry "
                    f"of a declared vector: declare it (\\mathbf{{{loose[0].split('_')[0]}}} \\in "
                    "\\mathbb{R}^{n}), or give the sum bounds for a sum over samples "
                    "(\\sum_{i=1}^{N}).", head, Subtype.UNSUPPORTED)
            return True
        if not entries:
            return False
        vector = vectors[entries[0]]
        if loose:
            raise self.error(
                f"This sum is ambiguous: {entries[0]}_{index} is an entry of {vector}, but "
                f"{loose[0]} is not the entry of a declared vector, so {index} would count both "
                "entries and samples. Declare the vector, write the sum of entries as "
                "\\mathbf{x}^T\\mathbf{y} or \\operatorname{sum}(...), or give samples names "
                "of their own.", head, Subtype.UNSUPPORTED)
        sh = self.n.shapes
        with sympy.evaluate(True):  # also when read again as written, evaluation off
            terms = sympy.expand(upper - lower + 1)
        for base in entries:
            name = vectors[base]
            length = sh.find(self.n.symbol(name, VECTOR, head).shape[0])
            if sh.is_unknown(length):
                raise self.error(
                    f"This sum is ambiguous: {base}_{index} may be an entry of {name}, whose "
                    f"length is not declared, or a sample. For its entries declare {name} \\in "
                    f"\\mathbb{{R}}^{{{terms}}}; for samples "
                    f"name them differently from {name}.", head, Subtype.UNSUPPORTED)
            with sympy.evaluate(True):
                differs = sympy.expand(length - terms) != 0
            if differs:
                raise self.error(
                    f"{sh.text(head)} runs over {terms} terms, but {base}_{index} is an entry "
                    f"of {name}, which has {length}: a sum over a vector's entries runs over "
                    f"all of them (\\sum_{{{index}=1}}^{{{length}}}).", head, Subtype.SHAPE)
        return True

    def indexed_names(self, index: str) -> tuple[list[str], list[str]]:
        """In the term after a \\sum (up to a + or − outside brackets): the bases x of the
        names x_i indexed by ``index``, and the other indexed names (\\mathbf{x}_i, x^{(i)})."""
        plain: list[str] = []
        other: list[str] = []
        k, depth, t = self.i, 0, self.token
        while t(k).kind != "eof":
            text = t(k).text
            if t(k).kind == "punct" and text in "([{":
                depth += 1
            elif t(k).kind == "punct" and text in ")]}":
                depth -= 1
            if depth < 0 or (depth == 0 and text in ("+", "-", "=", "&", r"\\", ",")):
                break
            sub = t(k + 2).text if t(k + 1).text == "{" and t(k + 3).text == "}" else \
                t(k + 1).text
            if text == "_" and sub == index:
                before = t(k - 1)
                accented = before.text == "}" and t(k - 3).text == "{" \
                    and t(k - 4).text in ACCENTS and t(k - 2).kind == "letter"  # \hat{y}_i
                if accented:
                    base = f"{t(k - 4).text}{{{t(k - 2).text}}}"
                    plain += [] if base in plain else [base]
                elif before.kind == "letter" or before.text in GREEK_LOWER | GREEK_UPPER:
                    plain += [] if before.text in plain else [before.text]
                else:
                    j = k - 1  # \\mathbf{x}_i: from the command that styles it
                    while j > 0 and t(j).text != "{":
                        j -= 1
                    other.append(self.text[t(max(j - 1, 0)).start:t(k + 1).end])
            if text == "^" and t(k + 1).text == "{" and t(k + 2).text == "(" \
                    and t(k + 3).text == index and t(k + 4).text == ")":
                other.append(f"^{{({index})}}")
            k += 1
        return plain, other
