"""The configuration values: one definition each, registered by setup(), checked once, shown in the docs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..results import DEFAULT_HADAMARD, DENOMINATOR, NUMERATOR

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfigValue:
    """A conf.py value: name, default, what it rebuilds, accepted types, what it means, and a
    check that returns what is wrong with a value ('' when nothing is)."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    help: str
    check: Callable[[Any], str] = lambda value: ""


def _layout(value: Any) -> str:
    return "" if value in (NUMERATOR, DENOMINATOR) else "must be numerator or denominator"


def _hadamard(value: Any) -> str:
    ok = isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)
    return "" if ok else "must be a non-empty list of LaTeX operators such as \\odot"


def _timeout(value: Any) -> str:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    return "" if ok else "must be a positive number of seconds"


def _functions(value: Any) -> str:
    ok = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                         for k, v in value.items())
    return "" if ok else "must be a dict of function names to LaTeX formulas in x"


CONFIG = [
    ConfigValue("matcalc_layout", NUMERATOR, "env", (str,),
                "Default layout of results: ``numerator`` (the paper's) or ``denominator``; "
                "``:layout:`` overrides it per directive.", _layout),
    ConfigValue("matcalc_fail_on_error", True, "", (bool,),
                "A wrong or invalid derivation makes sphinx-build exit with status 1, after "
                "reporting all of them, on every build (also incremental and ``-j N``); "
                "``False`` reports them as warnings only."),
    ConfigValue("matcalc_symbols", {}, "env", (dict, str),
                "Project-wide shape declarations: a dict such as "
                r"``{'W': r'\mathbb{R}^{m \times n}'}`` or ``:where:`` text; ``:where:`` "
                "overrides them."),
    ConfigValue("matcalc_hadamard", list(DEFAULT_HADAMARD), "env", (list, tuple),
                "Operators read as the element-wise product; the first is used when printing.",
                _hadamard),
    ConfigValue("matcalc_functions", {}, "env", (dict,),
                "Extra element-wise functions, name to defining formula in x: "
                r"``{'softplus': r'\log(1 + e^{x})'}``, written ``\operatorname{softplus}(z)`` "
                "(a one-letter name, ``f``, as ``f(z)``), and ``f'(z)`` for its derivative. "
                "The formula is read as LaTeX (smooth functions: + - * / powers, \\exp, "
                "\\log, \\sin, \\cos, \\tanh, \\sigma); the engine derives the derivative "
                "and cites conf.py, the judge evaluates the formula.", _functions),
    ConfigValue("matcalc_timeout", 10, "env", (int, float),
                "Seconds one derivation may take before it is stopped and reported as too "
                "costly.", _timeout),
]


def validate(app: Sphinx, config: Config) -> None:
    """At config-inited: report each bad value once, fall back to its default, fail the build."""
    for value in CONFIG:
        problem = value.check(config[value.name])
        if problem:
            logger.warning(f"{value.name} in conf.py {problem}, not {config[value.name]!r}; "
                           f"using {value.default!r}.", type="matcalc", subtype="declaration")
            setattr(config, value.name, value.default)
            app.matcalc_config_errors = getattr(app, "matcalc_config_errors", 0) + 1
