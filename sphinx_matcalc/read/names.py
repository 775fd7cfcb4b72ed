"""Symbol names: a letter with its subscript (x_i, W_{12}) and its sample or layer superscript
(x^{(i)}, \\mathbf{W}^{(1)}, \\mathbf{X}^{(\\text{train})}), accented names (\\hat{\\mathbf{y}}),
and what a name means inside a sum.

A mixin of the reader (``grammar.Parser``), like ``constructs``. A superscript in parentheses
is part of the name, never a power: ``\\mathbf{W}^{(1)}`` is the first layer's weights, and
``x^{(i)}`` under ``\\sum_{i=1}^{N}`` is the i-th sample, as ``x_i`` is.
"""

from __future__ import annotations

import re
from typing import Iterable

import sympy

from ..errors import MatcalcError, Subtype
from ..nodes import is_matrix, sample_parts
from .cursor import Parsed
from .families import basis, entry, free_index
from .lexer import Token
from .notation import (ACCENTS, GREEK_LOWER, GREEK_UPPER, MATRIX, OPERATOR_NAMES, SCALAR,
                       TRANSPOSE_MARKS, VECTOR, VECTOR_STYLES)

#: How a vector's name is written, for the entries x_i of \mathbf{x}.
VECTOR_FORMS = (r"{}", r"\mathbf{{{}}}", r"\vec{{{}}}", r"\boldsymbol{{{}}}", r"\bm{{{}}}")

#: The standard basis vector e_i, for a free index i (families.py).
BASIS_FORMS = tuple(form.format("e") for form in VECTOR_FORMS[1:])


class Names:
    """Reading symbol names and their indices (mixed into ``Parser``)."""

    _sum_indices: tuple[str, ...] = ()

    def read_name(self, base: str, j: int) -> tuple[str, int]:
        """base plus an optional subscript (x_i, x_{12}) and an optional superscript in
        parentheses (x^{(i)}, W^{(1)}); returns (name, next index)."""
        name, j = self._subscript(base, j)
        return self._parenthesised_superscript(name, j)

    def _subscript(self, base: str, j: int) -> tuple[str, int]:
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

    def _parenthesised_superscript(self, name: str, j: int) -> tuple[str, int]:
        r"""^{(i)}, ^{(1)}, ^{(\text{train})}, and ^{(\text{train})\top}: the index joins the
        name; a transpose written after it inside the braces stays for the power to read.
        Anything else in ^{(...)} (e^{(a + b)}) is an ordinary superscript."""
        toks, t = self.tokens, self.token
        if not (t(j).text == "^" and t(j + 1).text == "{" and t(j + 2).text == "("):
            return name, j
        k, named = j + 3, t(j + 3).text in OPERATOR_NAMES  # (\text{train})
        if named:
            if t(k + 1).text != "{":
                return name, j
            k += 2
        words = []
        while t(k).kind in ("letter", "num"):
            words.append(t(k).text)
            k += 1
        if not words or (named and t(k).text != "}"):
            return name, j
        index = f"{t(j + 3).text}{{{''.join(words)}}}" if named else "".join(words)
        close = k + 1 if named else k
        if t(close).text != ")":
            return name, j
        if t(close + 1).text == "}":
            if t(close + 2).text == "^":  # LaTeX's double superscript: W^{(1)}^T
                raise self.error(
                    f"Double superscript: write {{{name}^{{({index})}}}}^T or "
                    f"{name}^{{({index})\\top}} for the transpose of {name}^{{({index})}}.",
                    t(close + 2))
            return f"{name}^{{({index})}}", close + 2
        end = self._skip_transpose_mark(close + 1)
        if end is None or t(end).text != "}":
            return name, j
        # ^{(\text{train})\top}: the name, then ^{\top} for the superscript to read
        self.tokens = toks[:j] + [t(j), t(j + 1)] + toks[close + 1:]
        return f"{name}^{{({index})}}", j

    def _skip_transpose_mark(self, k: int) -> int | None:
        """Index after a transpose mark (T, \\top, \\mathsf{T}, ...) starting at k, or None."""
        t = self.token
        if t(k).text in TRANSPOSE_MARKS:  # T, \top, \intercal
            return k + 1
        if t(k).text in (r"\mathsf", r"\mathrm", r"\text") and t(k + 1).text == "{" \
                and t(k + 2).text == "T" and t(k + 3).text == "}":
            return k + 4
        return None

    def accented_symbol(self, tok: Token) -> Parsed:
        r"""\hat{\mathbf{y}}, \tilde{x}, \bar{X}: a symbol of its own, of the kind accented."""
        name, kind, end = self.accented_name(tok)
        return self.symbol_atom(name, kind, tok.start, end)

    def accented_name(self, tok: Token) -> tuple[str, str, int]:
        """An accented symbol's name and kind (also in :where:), and the index after it."""
        self.next()
        braced = self.at("{")
        if braced:
            self.next()
        inner = self.peek()
        if inner.text in VECTOR_STYLES:
            self.next()
            self.expect("{", f"after {inner.text}")
            letter = self.next()
            self.expect("}", f"to close {inner.text}{{...}}")
            written = f"{inner.text}{{{letter.text}}}"
            kind = MATRIX if letter.text[:1].isupper() or letter.text in GREEK_UPPER else VECTOR
        elif inner.kind == "letter" or inner.text in GREEK_LOWER | GREEK_UPPER:
            self.next()
            letter, written = inner, inner.text
            kind = MATRIX if inner.text.isupper() or inner.text in GREEK_UPPER else SCALAR
        else:
            raise self.error(f"{tok.text}{{...}} should hold one symbol, such as {tok.text}{{x}} "
                             f"or {tok.text}{{\\mathbf{{y}}}}.", inner)
        if letter.kind != "letter" and letter.text not in GREEK_LOWER | GREEK_UPPER:
            raise self.error(f"{tok.text}{{...}} should hold one symbol.", letter)
        if braced:
            self.expect("}", f"to close {tok.text}{{...}}")
        name, end = self.read_name(f"{tok.text}{{{written}}}", self.i)
        return name, kind, end

    def own_function(self, name: str, start: int) -> Parsed:
        r"""In a step, the name of a function defined with arguments, followed by some:
        C(\mathbf{w}, b) as it is defined is the function; C(\mathbf{w}, 0) is the function at
        those arguments. (A name defined without arguments, a = σ(z), stands for the function,
        and a(1 − a) is a product, as for any letter before parentheses.)"""
        function = self.operators.names[name]
        text, parameters = self.operators.arguments.get(name, ("", None))
        close = self._skip_parentheses(self.i)
        inside = self.text[self.peek().end:self.tokens[close - 1].start]
        end = self.tokens[close - 1].end
        if "".join(inside.split()) == "".join(text.split()):
            self.i = close
            return Parsed(function, start, end)
        if parameters is None:
            raise self.error(
                f"{name} is defined with arguments that are not its variables, so "
                f"{self.text[start:end]} cannot be read as {name} at other arguments; write "
                f"{name}({text}) or the expression itself.", (start, end), Subtype.UNSUPPORTED)
        self.next()  # (
        values = [self.expression()]
        while self.at(","):
            self.next()
            values.append(self.expression())
        self.expect(")", f"to close the arguments of {name}")
        if len(values) != len(parameters):
            raise self.error(f"{name} has {len(parameters)} argument(s), ({text}), and "
                             f"{self.text[start:end]} gives {len(values)}.", (start, end))
        for parameter, value in zip(parameters, values):
            if not self._fits(parameter, value.expr):
                raise self.error(f"{self.text[value.start:value.end]} does not have the shape of "
                                 f"the argument it stands for in {name}({text}).",
                                 (value.start, value.end), Subtype.SHAPE)
        return Parsed(function.xreplace({p: v.expr for p, v in zip(parameters, values)}),
                      start, end)

    def _fits(self, parameter: sympy.Basic, value: sympy.Basic) -> bool:
        """Can ``value`` stand for the argument ``parameter`` (the same shape)?"""
        if is_matrix(parameter) != is_matrix(value):
            return False
        if not is_matrix(value):
            return True
        shape = self.n.shapes.shape(value)
        return all(self.n.shapes.unify(a, b) for a, b in zip(shape, parameter.shape))

    def symbol_atom(self, name: str, kind: str, start: int, end_index: int) -> Parsed:
        self.i = end_index
        end = self.tokens[end_index - 1].end
        if self.operators is not None and name in self.operators.names:
            self.own_name_read = True  # in a step, the function's name stands for it
            if self.at("(") and name in self.operators.arguments and \
                    self.operators.arguments[name][0]:
                return self.own_function(name, start)
            return Parsed(self.operators.names[name], start, end)  # a(1 − a): a times (1 − a)
        if self.element_index is not None:
            element = self.element_of(name)
            if element is not None:
                return Parsed(element, start, end)
        applied = self.function_of_a_sample(name, start)
        if applied is not None:
            return applied
        free = self.free_entry(name)
        if free is not None:
            return Parsed(free, start, end)
        base, sub = sample_parts(name)
        if base and sub in self._sum_indices:
            self.n.per_sample[name] = sub
        obj = self.n.symbol(name, kind, (start, end))
        if self.element_index is not None and is_matrix(obj):
            raise self.error(
                f"{name} is not indexed by {self.element_index}: inside a sum over the entries "
                f"of a vector (\\sum_{self.element_index} x_{self.element_index}) every vector "
                f"is written by its entries; take {name} out of the sum, or write "
                f"\\mathbf{{x}}^T \\mathbf{{a}} for the whole product.", (start, end),
                Subtype.SHAPE)
        return Parsed(obj, start, end)

    def apply_formula(self, name: str, start: int) -> Parsed:
        r"""p(x_i; \beta) of a p that :where: defines by a formula (definitions.py): the
        formula, read with each parameter standing for its argument."""
        params, body = self.n.formulas[name]
        self.next()
        args = [self.expression()]
        while self.at(";", ","):
            self.next()
            args.append(self.expression())
        close = self.expect(")", f"to close {name}(...)")
        if len(args) != len(params):
            raise self.error(f"{name} takes {len(params)} argument{'s' * (len(params) > 1)} "
                             f"as :where: defines it, not {len(args)}.", (start, close.end),
                             Subtype.SHAPE)
        if name in self.n.applying:
            raise self.error(f"{name} is defined by a formula that applies {name} itself.",
                             (start, close.end), Subtype.DECLARATION)
        saved = {p: self.n.definitions.get(p) for p in params}
        self.n.definitions.update({p: a.expr for p, a in zip(params, args)})
        self.n.applying.add(name)
        try:
            value = type(self)(self.n, body).parse().expr
        except MatcalcError as error:
            raise self.error(f"{self.text[start:close.end]}: the formula of {name} in :where:, "
                             f"{body.strip()}, does not read with these arguments: "
                             f"{error.message}", (start, close.end), error.subtype) from None
        finally:
            self.n.applying.discard(name)
            for p, old in saved.items():
                if old is None:
                    self.n.definitions.pop(p, None)
                else:
                    self.n.definitions[p] = old
            self.n.shapes.source = self.text
        return Parsed(value, start, close.end)

    def function_of_a_sample(self, name: str, start: int) -> Parsed | None:
        r"""\boldsymbol{\phi}(\mathbf{x}_n) under \sum_n, \boldsymbol{\phi} no symbol here: a
        function of the sample, as PRML's basis functions; an opaque per-sample vector (its
        size fixed by use), a sample as \boldsymbol{\phi}_n is. None for anything else."""
        if not self.at("(") or not any(name.startswith(s + "{") for s in VECTOR_STYLES) \
                or name in self.n.declarations or name in self.n.symbols or "_" in name:
            return None
        close = self._skip_parentheses(self.i)
        inner = self.text[self.tokens[self.i].end:self.tokens[close - 1].start].strip()
        base, sub = sample_parts(inner)
        if not base or not _plain_sample(inner):
            return None
        argument = f"{base}_{sub}" if not base.endswith("^{()}") else inner
        written = f"{name}({argument})"
        if sub not in self._sum_indices and written not in self.n.symbols:
            return None  # (outside its sum: only as a formula of the page shows one sample's)
        self.n.per_sample[written] = sub
        self.n.applied[written] = argument
        self.i = close
        obj = self.n.symbol(written, VECTOR, (start, self.tokens[close - 1].end))
        return Parsed(obj, start, self.tokens[close - 1].end)

    def free_entry(self, name: str) -> sympy.Expr | None:
        """x_j where no sum binds j and x is a vector here (declared or used as one): entry j
        of x, j a free index (families.py); None for any other name (y_i of no vector, x_n
        with n a size, a declared x_j)."""
        base, _, sub = name.partition("_")
        if base in BASIS_FORMS and sub in self.n.indices and self.n.kind_of(base) is None \
                and name not in self.n.declarations:  # e_i, i a free index already
            indexed = self.n.symbols.get(self.n.index_vectors.get(sub, ""))
            size = indexed.shape[0] if indexed is not None else self.n.shapes.fresh()
            return basis(size, self.n.indices[sub])
        plain = len(base) == 1 and base.isalpha() or base in GREEK_LOWER | GREEK_UPPER
        if not plain or len(sub) != 1 or not sub.isalpha() or name in self.n.declarations \
                or sub in self._sum_indices or sub == self.element_index \
                or sub in self.n.dimension_names():
            return None
        vector = self.vector_of(base)
        if vector is None:
            return None
        index = self.n.indices.setdefault(sub, free_index(sub))
        symbol = self.n.symbol(vector, VECTOR, (0, 0))
        self.n.index_vectors.setdefault(sub, vector)
        return entry(symbol, index)

    def vector_of(self, base: str) -> str | None:
        """The vector whose entries base_i are (x for \\mathbf{x}), if there is one."""
        accent, _, inner = base.partition("{")  # \hat{y}: the entries of \hat{\mathbf{y}}
        for form in VECTOR_FORMS:
            candidate = form.format(base)
            if accent in ACCENTS and inner.endswith("}"):
                candidate = f"{accent}{{{form.format(inner[:-1])}}}"
            if self.n.kind_of(candidate) == VECTOR:
                return candidate
        toks = self.tokens  # written later in this text (\sum_{i} x_i + \mathbf{a}^T\mathbf{x})
        for k in range(len(toks) - 3):
            if toks[k].text in (r"\mathbf", r"\vec", r"\boldsymbol", r"\bm") and toks[k + 1].text \
                    == "{" and toks[k + 2].text == base and toks[k + 3].text == "}":
                return f"{toks[k].text}{{{base}}}"
        return None

    def element_of(self, name: str) -> sympy.Basic | None:
        """In \\sum_i x_i, x_i is an element of the vector x (bold, arrow or declared)."""
        base, _, sub = name.partition("_")
        if sub != self.element_index:
            return None
        vector = self.vector_of(base)
        return None if vector is None else self.n.symbol(vector, VECTOR, (0, 0))


def _plain_sample(text: str) -> bool:
    r"""Is ``text`` one sample's name: x_n, \mathbf{x}_n, \mathbf{x}_{n}, x^{(n)}?"""
    return re.fullmatch(r"(\\(mathbf|vec|boldsymbol|bm)\{\\?[A-Za-z]+\}|\\?[A-Za-z]+)"
                        r"(_\{?[A-Za-z]\}?|\^\{\([A-Za-z]\)\})", text) is not None


def _core(name: str) -> str:
    r"""A name without its vector style: \mathbf{x}_i → x_i, \vec{x} → x."""
    for style in (r"\mathbf", r"\vec", r"\boldsymbol", r"\bm"):
        if name.startswith(style + "{"):
            inner, _, rest = name[len(style) + 1:].partition("}")
            return inner + rest
    return name


def namesake(name: str, names: Iterable[str]) -> str | None:
    r"""Another of ``names`` written with the same letter in another style (\mathbf{x} for x,
    x for \vec{x}): what a :wrt: that does not occur was probably meant to be."""
    found = sorted(n for n in names if n != name and _core(n) == _core(name))
    return found[0] if found else None
