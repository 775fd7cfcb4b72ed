"""Derivative operators in a derivation's steps: \\frac{\\partial y}{\\partial x},
\\frac{\\partial}{\\partial x}(...), \\frac{d}{dx}, \\nabla_{x}.

A mixin of the reader (``grammar.Parser``), like ``constructs``.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions import Transpose

from ..errors import Subtype
from ..nodes import is_matrix, partial
from ..results import DENOMINATOR
from .cursor import Parsed
from .families import entry, is_entry
from .lexer import Token
from .notation import derivative_shape


class Derivatives:
    """Reading methods for derivative operators (mixed into ``Parser``)."""

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
        if self.operators is None:
            raise self.error(f"Derivative operators ({tok.text}) are only understood in a "
                             "derivation's steps (the lines starting with '='), not in the "
                             "function or :expect:.", tok, Subtype.UNSUPPORTED)

    def derivative_fraction(self, tok: Token, marker: str) -> Parsed:
        r"""\frac{\partial E}{\partial x}, or \frac{\partial}{\partial x} followed by what it applies to."""
        self.require_steps(tok)
        self.expect("{", "after \\frac")
        self.next()  # the marker
        top = None if self.at("}") else self.expression()
        self.expect("}", "to close the numerator of the derivative")
        self.expect("{", "for the denominator of the derivative")
        self.next()  # the marker
        var = self.power()
        close = self.expect("}", "to close the denominator of the derivative")
        operand = top if top is not None else self.operand()
        end = max(close.end, operand.end)
        return Parsed(self.operator(operand.expr, var.expr, (tok.start, end)), tok.start, end)

    def operand(self) -> Parsed:
        """What a derivative operator applies to: the parenthesised group right after it with
        its superscripts, as in ordinary mathematics ((d/dx)(x²)·x is 2x·x, (d/dx)(x + 1)² is
        2(x + 1), never (d(x + 1)/dx)²), or else the product that follows."""
        if self.at("("):
            return self.power()
        return self.term()

    def operator(self, of: sympy.Basic, by: sympy.Basic, span: tuple[int, int]) -> sympy.Basic:
        """The unevaluated ∂of/∂by, with the shape its value has in the page's layout; by an
        entry θ_j of a vector (a free index), entry j of the gradient by θ."""
        of = self.operators.names.get(getattr(of, "name", None), of)
        if is_entry(by) and not is_matrix(of) and not of.has(by.args[1]):
            vector, index = by.args[0], by.args[1]
            layout = self.operators.layout
            by_vector = partial(of, vector, derivative_shape(of, vector, layout))
            return entry(by_vector if layout == DENOMINATOR else Transpose(by_vector), index)
        if not isinstance(by, (sympy.Symbol, sympy.MatrixSymbol)):
            raise self.error("A derivative is taken with respect to a variable, such as "
                             "\\mathbf{w} or b, or an entry of one, \\theta_j, of a scalar "
                             "that does not have j in it.", span)
        return partial(of, by, derivative_shape(of, by, self.operators.layout))

    def nabla(self, tok: Token) -> Parsed:
        r"""\nabla_{x} E: the derivative of the term after it, in the page's layout."""
        self.require_steps(tok)
        self.next()
        self.expect("_", "after \\nabla (write \\nabla_{\\mathbf{w}})")
        var = self.group_or_atom("the variable of \\nabla")
        operand = self.operand()
        return Parsed(self.operator(operand.expr, var.expr, (tok.start, operand.end)),
                      tok.start, operand.end)
