"""Conditions and what switches on them: indicators, \\begin{cases}, comparisons.

A mixin of the reader (``grammar.Parser``), like ``groupings``.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..errors import Subtype
from ..nodes import compared, flat_matmul, indicator, is_matrix
from .conditions import COMPLEMENTS, overlap, upward
from .cursor import Parsed
from .lexer import Token
from .literals import LITERALS, OTHER_ARRAYS
from .notation import EQUALITIES, RELATIONS, _t


class Cases:
    """Reading methods for conditions and cases (mixed into ``Parser``)."""

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
