r"""The page's LaTeX as plain Unicode text, for a terminal and for generated code: ∂a/∂𝐰 = 𝟙[𝐰·𝐱 + b > 0] 𝐱ᵀ.

A small reader of the LaTeX the printer writes (``present/latex.py``):
commands become their symbols, ``\mathbf`` letters bold ones, scripts
superscript and subscript characters where Unicode has them (``^{(i)}``
otherwise), fractions ``a/b`` with parentheses where the parts are compound.
A command it does not know is shown as written, never dropped.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)
SYMBOLS = {
    r"\cdot": "·", r"\times": "×", r"\odot": "⊙", r"\circ": "∘", r"\otimes": "⊗",
    r"\oslash": "⊘", r"\in": " ∈ ", r"\partial": "∂", r"\sum": "Σ", r"\prod": "Π",
    r"\nabla": "∇", r"\infty": "∞", r"\neq": "≠", r"\ne": "≠", r"\le": "≤", r"\leq": "≤",
    r"\ge": "≥", r"\geq": "≥", r"\to": "→", r"\rightarrow": "→", r"\checkmark": "✓",
    r"\|": "‖", r"\lVert": "‖", r"\rVert": "‖", r"\vert": "|", r"\lvert": "|", r"\rvert": "|",
    r"\left": "", r"\right": "", r"\big": "", r"\Big": "", r"\,": " ", r"\;": " ", r"\:": " ",
    r"\ ": " ", r"\quad": "  ", r"\qquad": "    ", r"\!": "", r"\{": "{", r"\}": "}",
    r"\ldots": "…", r"\dots": "…", r"\cdots": "⋯", r"\vdots": "⋮", r"\ddots": "⋱",
    r"\top": "ᵀ", r"\intercal": "ᵀ", r"\pm": "±", r"\mp": "∓", r"\approx": "≈",
    r"\equiv": "≡", r"\land": "∧", r"\wedge": "∧", r"\lor": "∨", r"\vee": "∨", r"\neg": "¬",
    r"\lambda": "λ", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
    r"\epsilon": "ε", r"\varepsilon": "ε", r"\zeta": "ζ", r"\eta": "η", r"\theta": "θ",
    r"\iota": "ι", r"\kappa": "κ", r"\mu": "μ", r"\nu": "ν", r"\xi": "ξ", r"\pi": "π",
    r"\rho": "ρ", r"\sigma": "σ", r"\tau": "τ", r"\phi": "φ", r"\varphi": "φ", r"\chi": "χ",
    r"\psi": "ψ", r"\omega": "ω", r"\Gamma": "Γ", r"\Delta": "Δ", r"\Theta": "Θ",
    r"\Lambda": "Λ", r"\Sigma": "Σ", r"\Phi": "Φ", r"\Psi": "Ψ", r"\Omega": "Ω",
}
WORDS = {"max", "min", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "det", "tr", "sgn"}
FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathbb", r"\vec", r"\hat", r"\bar",
         r"\tilde", r"\operatorname", r"\text", r"\mathrm", r"\mathsf", r"\mathit"}
SUPER = dict(zip("0123456789+-=()niTt", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗ"))
SUB = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
BLACKBOARD = {"R": "ℝ", "S": "𝕊", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "1": "𝟙", "E": "𝔼"}


def _bold(text: str) -> str:
    out = []
    for ch in text:
        if "A" <= ch <= "Z":
            out.append(chr(0x1D400 + ord(ch) - ord("A")))
        elif "a" <= ch <= "z":
            out.append(chr(0x1D41A + ord(ch) - ord("a")))
        elif "0" <= ch <= "9":
            out.append(chr(0x1D7CE + ord(ch) - ord("0")))
        elif "α" <= ch <= "ω":
            out.append(chr(0x1D6C2 + ord(ch) - ord("α")))
        else:
            out.append(ch)
    return "".join(out)


class _Reader:
    def __init__(self, latex: str):
        self.tokens = TOKEN.findall(latex)
        self.k = 0

    def peek(self) -> str | None:
        return self.tokens[self.k] if self.k < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.k]
        self.k += 1
        return tok

    def skip_space(self) -> None:
        while self.peek() is not None and self.peek().isspace():
            self.k += 1

    def group(self) -> str:
        """The next argument: a {group}, or one token."""
        self.skip_space()
        if self.peek() == "{":
            self.take()
            return self.sequence("}")
        return self.atom() if self.peek() is not None else ""

    def raw_group(self) -> str:
        """The next {group}'s text, unread (an environment's name)."""
        self.skip_space()
        if self.peek() != "{":
            return ""
        self.take()
        out = []
        while self.peek() not in (None, "}"):
            out.append(self.take())
        if self.peek() == "}":
            self.take()
        return "".join(out)

    def sequence(self, until: str | None = None) -> str:
        out = []
        while self.peek() is not None:
            if self.peek() == until:
                self.take()
                break
            out.append(self.atom())
        return "".join(out)

    def atom(self) -> str:
        tok = self.take()
        if tok.isspace():
            return " "
        if tok == "{":
            return self.sequence("}")
        if tok in ("^", "_"):
            return _script(self.group(), SUPER if tok == "^" else SUB, tok)
        if tok == "&":
            return ""
        if tok == r"\\":
            return "; "
        if tok == r"\frac":
            top, bottom = self.group(), self.group()
            return f"{_wrap(top)}/{_wrap(bottom)} "
        if tok == r"\sqrt":
            return f"√{_wrap(self.group())}"
        if tok in FONTS:
            return self.font(tok)
        if tok == r"\begin":
            name = self.raw_group()
            return self.environment(name)
        if tok == r"\end":
            self.raw_group()
            return ""
        if tok in SYMBOLS:
            return SYMBOLS[tok]
        if tok.startswith("\\") and tok[1:] in WORDS:
            return tok[1:]
        return tok

    def font(self, command: str) -> str:
        inner = self.group()
        if command in (r"\mathbf", r"\boldsymbol", r"\bm"):
            return _bold(inner)
        if command == r"\mathbb":
            return "".join(BLACKBOARD.get(ch, ch) for ch in inner)
        if command == r"\vec":
            return inner + "\u20d7"
        if command == r"\hat":
            return inner + "\u0302"
        if command == r"\bar":
            return inner + "\u0304"
        if command == r"\tilde":
            return inner + "\u0303"
        return inner

    def environment(self, name: str) -> str:
        rows = self.sequence_until_end(name)
        if name == "cases":
            return "{ " + rows.strip("; ") + " }"
        if name.endswith("matrix"):
            return "[" + rows.strip("; ") + "]"
        return rows

    def sequence_until_end(self, name: str) -> str:
        out = []
        while self.peek() is not None:
            if self.peek() == r"\end":
                self.take()
                self.raw_group()
                break
            tok = self.peek()
            if tok == "&":
                self.take()
                out.append(", ")
                continue
            out.append(self.atom())
        return "".join(out)


def _script(text: str, table: dict[str, str], mark: str) -> str:
    stripped = re.sub(r"\s+", "", text)
    if stripped and all(ch in table for ch in stripped):
        return "".join(table[ch] for ch in stripped)
    if stripped == "ᵀ" and mark == "^":
        return "ᵀ"
    return f"{mark}{stripped}" if len(stripped) == 1 else f"{mark}({stripped})"


ATOM = r"[\w\u0300-\u036f\u20d7\U0001D400-\U0001D7FFᵀ⁻⁰¹²³⁴⁵⁶⁷⁸⁹ᵢⱼₖₙ₀₁₂₃₄₅₆₇₈₉]+"


def _wrap(text: str) -> str:
    """A fraction's part, in parentheses unless it is one atom (∂ of an atom or of a group)."""
    text = text.strip()
    rest = re.sub(r"^[∂∇]\s*", "", text)
    if re.fullmatch(ATOM, rest) or (rest.startswith("(") and _closing(rest) == len(rest) - 1):
        return text
    return f"({text})"


def _closing(text: str) -> int:
    """The index of the parenthesis that closes the one ``text`` opens with (-1: none)."""
    depth = 0
    for k, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return k
    return -1


def to_text(latex: str) -> str:
    """``latex`` (as the printer writes it) in Unicode, spaces tidied."""
    text = _Reader(latex).sequence()
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    text = re.sub(r"∂\s+", "∂", text)
    text = re.sub(r"\s+([,;])", r"\1", text)
    return text.strip()
