"""The configuration values: one definition each, registered by setup() and shown in the docs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..results import DEFAULT_HADAMARD


@dataclass(frozen=True)
class ConfigValue:
    """A conf.py value: name, default, what it rebuilds, accepted types, and what it means."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    help: str


CONFIG = [
    ConfigValue("matcalc_layout", "numerator", "env", (str,),
                "Default layout of results: ``numerator`` (the paper's) or ``denominator``; "
                "``:layout:`` overrides it per directive."),
    ConfigValue("matcalc_fail_on_error", True, "", (bool,),
                "A wrong or invalid derivation makes sphinx-build exit with status 1, after "
                "reporting all of them, on every build (also incremental and ``-j N``); "
                "``False`` reports them as warnings only."),
    ConfigValue("matcalc_symbols", {}, "env", (dict, str),
                "Project-wide shape declarations: a dict such as "
                r"``{'W': r'\mathbb{R}^{m \times n}'}`` or ``:where:`` text; ``:where:`` "
                "overrides them."),
    ConfigValue("matcalc_hadamard", list(DEFAULT_HADAMARD), "env", (list, tuple),
                "Operators read as the element-wise product; the first is used when printing."),
    ConfigValue("matcalc_functions", {}, "env", (dict,),
                "Reserved for extra element-wise functions (LaTeX name to derivative); not "
                "read yet."),
    ConfigValue("matcalc_timeout", 10, "env", (int, float),
                "Seconds one derivation may take before it is stopped and reported as too "
                "costly."),
]
