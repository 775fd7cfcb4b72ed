"""Constructs that group what they enclose: bars and norms, sums, indicators, cases.

A mixin of the reader (``grammar.Parser``), like ``constructs``.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy.matrices.expressions import Determinant, OneMatrix, Trace, Transpose
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..errors import Subtype
from ..nodes import compared, flat_matmul, indicator, is_matrix, sample_sum, scalar_of, settled
from .conditions import COMPLEMENTS, overlap, upward
from .cursor import Parsed
from .lexer import Token
from .literals import LITERALS, OTHER_ARRAYS
from .notation import (ACCENTS, EQUALITIES, FUNCTIONS, GREEK_LOWER, GREEK_UPPER, MAX_DIGITS,
                       RELATIONS, VECTOR, _t)


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

    def indicator(self, tok: Token) -> Parsed:
        r"""\mathbb{1}[cond], \mathbb{1}\{cond\}, \mathbb{I}[cond] or \mathbb{1}_{cond}: 1 where
        cond holds, else 0."""
        self.next()
        self.expect("{", "after \\mathbb")
        what = self.next()
        self.expect("}", "after \\mathbb{...")
        if what.text != "1" and not (what.text == "I" and self.at("[", r"\{")):
            raise self.error(f"\\mathbb{{{what.text}}} is not an expression; \\mathbb{{1}}[...] "
                             "is the indicator, \\mathbb{R} belongs in :where:.", tok,
                             Subtype.UNSUPPORTED)
        if self.at("[", r"\{"):  # \mathbb{1}[x > 0], \mathbb{1}\{x > 0\} (CS229), \mathbb{I}[...]
            brace = self.next().text == r"\{"
            cond = self.condition()
            close = self.expect(r"\}" if brace else "]", "to close the indicator's condition")
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
        if rel.text in EQUALITIES:
            return self.equality(left, rel)
        if rel.text not in RELATIONS:
            raise self.error(f"Expected a comparison (<, >, \\le, \\ge, =, \\neq), found "
                             f"{self.found(rel)}.", rel)
        self.next()
        right = self.expression()
        if is_matrix(left.expr) or is_matrix(right.expr):
            return ("elementwise", RELATIONS[rel.text], left.expr, right.expr)
        held = [compared(RELATIONS[rel.text], left.expr, right.expr)]
        first = rel
        while self.peek().text in RELATIONS:  # a chain, 0 \le x < 1: each comparison holds
            rel, before = self.next(), right
            if upward(RELATIONS[rel.text]) != upward(RELATIONS[first.text]):
                raise self.error(
                    f"A chain of comparisons runs one way (0 \\le x < 1, or 1 > x \\ge 0); "
                    f"{first.text} then {rel.text} turns back, so it does not say which bounds "
                    "are meant.", rel)
            right = self.expression()
            if is_matrix(right.expr):
                raise self.error("A chain of comparisons compares scalars only.", right.span,
                                 Subtype.UNSUPPORTED)
            held.append(compared(RELATIONS[rel.text], before.expr, right.expr))
        return held[0] if len(held) == 1 else sympy.And(*held)

    def equality(self, left: Parsed, rel: Token) -> sympy.Basic:
        """x = c (the value at a kink: \\frac{1}{2} where x = 0) as x ≤ c ∧ x ≥ c, and x ≠ c as
        x < c ∨ x > c: the comparisons every search of the judge knows. Scalars only."""
        self.next()
        right = self.expression()
        if is_matrix(left.expr) or is_matrix(right.expr) or self.peek().text in RELATIONS \
                or self.peek().text in EQUALITIES:
            raise self.error(f"{rel.text} compares two scalars here, once (write a vector's "
                             "conditions with <, >, \\le, \\ge).", rel, Subtype.UNSUPPORTED)
        a, b = left.expr, right.expr
        if rel.text == "=":
            return sympy.And(compared(sympy.LessThan, a, b), compared(sympy.GreaterThan, a, b))
        return sympy.Or(compared(sympy.StrictLessThan, a, b),
                        compared(sympy.StrictGreaterThan, a, b))

    def piecewise(self, pieces: list, span: tuple[int, int]) -> sympy.Basic:
        """A Piecewise; element-wise when its conditions compare vectors with scalars."""
        vector_conditions = [c for _, c in pieces if isinstance(c, tuple)]
        if not vector_conditions:
            self.note_overlaps(pieces, span)
        if not vector_conditions and any(is_matrix(v) for v, _ in pieces):
            return self.matrix_cases(pieces, span)
        if not vector_conditions:
            return sympy.Piecewise(*pieces)
        if len(pieces) != 2 or any(is_matrix(v) for v, _ in pieces):
            raise self.error("Element-wise cases are supported with two constant pieces only.",
                             span, Subtype.UNSUPPORTED)
        _, rel, left, right = vector_conditions[0]
        if is_matrix(right) or not is_matrix(left):
            raise self.error("Write element-wise conditions as vector < scalar.", span,
                             Subtype.UNSUPPORTED)
        second = pieces[1][1]
        if not isinstance(pieces[0][1], tuple) or (second not in (True, sympy.true) and not (
                isinstance(second, tuple) and second[2:] == (left, right)
                and (rel, second[1]) in COMPLEMENTS)):
            raise self.error(  # the second piece is taken where the first does not hold
                "In element-wise cases, the second condition must be what is left of the "
                "first (x > c, then x \\le c) or \\text{otherwise}.", span, Subtype.UNSUPPORTED)
        body = sympy.Piecewise((pieces[0][0], rel(_t, right)), (pieces[1][0], True))
        return ElementwiseApplyFunction(sympy.Lambda(_t, body), left)

    def note_overlaps(self, pieces: list, span: tuple[int, int]) -> None:
        """Record each pair of cases whose conditions may both hold (not one the other's
        negation), for the judge to see that their values agree wherever both do."""
        for i, (a, ca) in enumerate(pieces):
            for j, (b, cb) in enumerate(pieces[i + 1:], i + 1):
                if sympy.true in (ca, cb) or a == b:
                    continue
                both = overlap(ca, cb)
                if both is not sympy.false:
                    self.n.overlaps.append((a, b, both, span, i + 1, j + 1))

    def matrix_cases(self, pieces: list, span: tuple[int, int]) -> sympy.Basic:
        r"""Cases whose values are vectors or matrices (the paper's §5 result: 0ᵀ where
        w·x + b ≤ 0, xᵀ where it is > 0), as the engine writes them: Σ 𝟙[case k] value_k.
        Every value has one shape (a plain 0 is the zeros of it); without an "otherwise"
        the cases are a partial function, undefined where no condition holds."""
        sh = self.n.shapes
        like = next(v for v, _ in pieces if is_matrix(v))
        for value, _ in pieces:
            if is_matrix(value):
                sh.same_shape(like, value, span, span, "give as cases both")
            elif value != 0:
                raise self.error(f"These cases mix {sh.describe(like)} with the scalar {value}; "
                                 "give every case the same shape (0 may stand for zeros).",
                                 span, Subtype.SHAPE)
        terms, earlier = [], sympy.false
        for value, cond in pieces:
            if is_matrix(value):
                terms.append(flat_matmul(indicator(sympy.And(cond, sympy.Not(earlier))), value))
            earlier = sympy.Or(earlier, cond)
        total = terms[0] if len(terms) == 1 else sympy.MatAdd(*terms)
        if earlier is not sympy.true:  # partial: 1 on the cases, undefined elsewhere
            total = flat_matmul(sympy.Piecewise((sympy.Integer(1), earlier)), total)
        return total

    def environment_name(self, command: str) -> tuple[str, tuple[int, int]]:
        """The {name} after \\begin or \\end, and its span."""
        open_ = self.expect("{", f"after {command}")
        letters = []
        while self.peek().kind == "letter":
            letters.append(self.next().text)
        close = self.expect("}", f"to close {command}{{...}}")
        return "".join(letters), (open_.start, close.end)

    def cases(self, tok: Token) -> Parsed:
        r"""\begin{cases} value & condition \\ ... \end{cases}, or a literal (bmatrix, pmatrix)."""
        self.next()
        env, span = self.environment_name("\\begin")
        if env in LITERALS:
            return self.literal(tok, env)
        if env in OTHER_ARRAYS:
            raise self.error(
                f"\\begin{{{env}}} is not read; write a vector or matrix literal as "
                "\\begin{bmatrix} ... \\end{bmatrix} or \\begin{pmatrix} ... \\end{pmatrix}"
                + (", and a determinant as \\det(...)" if env == "vmatrix" else "") + ".",
                (tok.start, span[1]), Subtype.UNSUPPORTED)
        if env != "cases":
            raise self.error(f"\\begin{{{env}}} is not understood; of the environments only "
                             "\\begin{cases}, bmatrix and pmatrix are.", (tok.start, span[1]), Subtype.UNSUPPORTED)
        pieces = []
        while True:
            value = self.expression()
            if self.at(","):  # 0, & x \le 0: the comma of prose, on either side of &
                self.next()
            self.expect("&", "between a value and its condition in cases")
            if self.at(","):
                self.next()
            cond = self.condition()
            if self.at(","):  # x > 0, \\ (a comma ending the line)
                self.next()
            pieces.append((value.expr, cond))
            if self.at(r"\\"):
                self.next()
                if self.at(r"\end"):
                    break
                continue
            break
        end = self.expect(r"\end", "to close \\begin{cases}")
        env, (_, close_end) = self.environment_name("\\end")
        if env != "cases":
            raise self.error(f"\\end{{{env}}} closes \\begin{{cases}}; write \\end{{cases}}.",
                             (end.start, close_end))
        close = self.tokens[self.i - 1]
        return Parsed(self.piecewise(pieces, (tok.start, close.end)), tok.start, close.end)
