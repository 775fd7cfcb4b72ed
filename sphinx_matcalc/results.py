"""The plain data of a derivation: what the author asked, and what the engine answered.

Only strings and lists of strings, and no SymPy: these objects are stored in
the Sphinx environment (pickled, merged from parallel readers), and a build
that derives nothing never has to import the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NUMERATOR, DENOMINATOR = "numerator", "denominator"
#: Operators read as the element-wise product unless configured otherwise; the first is printed.
DEFAULT_HADAMARD = (r"\odot", r"\circ", r"\otimes")
RULE_LABEL_PREFIX = "matcalc-rule-"  # a rule's catalogue entry is this plus its key


@dataclass
class Step:
    """One line of a derivation: ``lhs = parts[0] = parts[1] ...`` by ``rule``.

    Only strings, so steps pickle into the Sphinx environment and merge
    across parallel readers.
    """

    lhs: str
    parts: list[str]
    rule: str
    kind: str = "derivative"  # "let" introduces an intermediate
    shape: str = ""
    simplified: list[str] = field(default_factory=list)  # simplification rules applied


@dataclass
class Request:
    """What an author wrote in one ``derive`` directive."""

    function: str
    wrt: str
    where: str = ""
    expect: str = ""
    layout: str = NUMERATOR
    steps: list[str] = field(default_factory=list)
    symbols: str = ""  # project-wide declarations (matcalc_symbols)
    let: str = ""  # names for intermediates: "z = w · x + b; u = max(0, z)"
    hadamard: tuple[str, ...] = DEFAULT_HADAMARD
    check: bool = True
    code: str = ""  # "numpy": also generate a checked function computing the derivative
    #: conf.py's matcalc_functions: (name, defining formula in x), e.g. ("softplus", "\\log(1 + e^{x})")
    functions: tuple[tuple[str, str], ...] = ()


@dataclass
class Result:
    """One finished derivation, as strings only (it is stored in the environment)."""

    variable: str
    lhs: str
    result: str
    shape: str
    layout: str
    steps: list[Step]
    checked: list[str] = field(default_factory=list)  # the author's steps, as checked
    rules: list[str] = field(default_factory=list)  # keys of every rule the derivation used
    note: str = ""  # said beside the result, e.g. that the variable does not occur
    unchecked: list[str] = field(default_factory=list)  # the author's steps under :check: off
    code: str = ""  # the generated function (``:code: numpy``), checked against the judge


@dataclass
class Outcome:
    """Everything the renderer needs for one directive."""

    results: list[Result]
