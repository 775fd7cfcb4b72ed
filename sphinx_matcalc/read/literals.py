"""Vector and matrix literals: ``\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}`` and ``pmatrix``.

A mixin of the reader (``grammar.Parser``), like ``groupings``. A literal is a
SymPy explicit matrix (``ImmutableMatrix``) of scalar entries, which may be
expressions of declared scalars; its shape is concrete (2×1), so a product
with a declared ℝⁿ object then requires n = 2 (``shapes`` refuses a clash).
"""

from __future__ import annotations

import sympy

from ..errors import Subtype
from ..nodes import is_matrix
from .cursor import Parsed
from .lexer import Token

#: The environments read as literals: brackets and parentheses, as the paper writes them.
LITERALS = ("bmatrix", "pmatrix")
#: Environments that look like literals but are not read (vmatrix is a determinant).
OTHER_ARRAYS = ("matrix", "vmatrix", "Vmatrix", "Bmatrix", "smallmatrix", "array")
MAX_ENTRIES = 400  # a literal with more entries is refused, not built


class Literals:
    """Reading method for matrix literals (mixed into ``Parser``)."""

    def literal(self, tok: Token, env: str) -> Parsed:
        """The rows of a bmatrix/pmatrix, entries split by & and rows by \\\\: an ImmutableMatrix."""
        rows: list[list[sympy.Basic]] = [[]]
        row_spans: list[tuple[int, int]] = [(self.peek().start, self.peek().start)]
        while True:
            if self.at(r"\end", "&", r"\\"):
                raise self.error(f"An entry of \\begin{{{env}}} is empty here; write 0 for a "
                                 "zero entry.", self.peek())
            entry = self.expression()
            self.require_scalar_entry(entry, env)
            rows[-1].append(entry.expr)
            row_spans[-1] = (row_spans[-1][0], entry.end)
            if len(rows) * max(len(r) for r in rows) > MAX_ENTRIES:
                raise self.error(f"A literal of more than {MAX_ENTRIES} entries is not "
                                 "supported.", (tok.start, entry.end), Subtype.UNSUPPORTED)
            if self.at("&"):
                self.next()
                continue
            if self.at(r"\\"):
                self.next()
                if self.at(r"\end"):  # a \\ after the last row, as LaTeX allows
                    break
                rows.append([])
                row_spans.append((self.peek().start, self.peek().start))
                continue
            break
        close = self.close_literal(env)
        self.require_rectangular(rows, row_spans, env)
        return Parsed(sympy.ImmutableMatrix(rows), tok.start, close)

    def require_scalar_entry(self, entry: Parsed, env: str) -> None:
        """An entry is a scalar: a block literal (a vector inside a literal) is refused."""
        if is_matrix(entry.expr):
            sh = self.n.shapes
            raise self.error(
                f"{sh.text(entry.span)} is {sh.describe(entry.expr)}, but the entries of "
                f"\\begin{{{env}}} must be scalars; block matrices are not supported.",
                entry.span, Subtype.UNSUPPORTED)

    def close_literal(self, env: str) -> int:
        """Read \\end{env} after the last entry; the offset where it ends."""
        end = self.expect(r"\end", f"or '&' or '\\\\' in \\begin{{{env}}}")
        name, (_, close_end) = self.environment_name("\\end")
        if name != env:
            raise self.error(f"\\end{{{name}}} closes \\begin{{{env}}}; write \\end{{{env}}}.",
                             (end.start, close_end))
        return close_end

    def require_rectangular(self, rows: list[list[sympy.Basic]],
                            spans: list[tuple[int, int]], env: str) -> None:
        """Every row of a literal has as many entries as the first."""
        width = len(rows[0])
        for k, (row, span) in enumerate(zip(rows, spans)):
            if len(row) != width:
                raise self.error(
                    f"Row {k + 1} of \\begin{{{env}}} has {len(row)} "
                    f"entr{'y' if len(row) == 1 else 'ies'}, but row 1 has {width}: every row "
                    "of a matrix has the same number of entries.", span, Subtype.SHAPE)
