"""The configuration values (``matcalc_*`` in conf.py): one definition each, and their checks.

Sphinx-free, so the command line checks a project's settings exactly as the
build does: ``sphinx/config.py`` registers these definitions and runs the same
checks at ``config-inited``. ``Settings`` is what one directive's request takes
from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..results import DEFAULT_HADAMARD, DENOMINATOR, NUMERATOR


@dataclass(frozen=True)
class ConfigValue:
    """A conf.py value: name, default, what it rebuilds, accepted types, what it means, a
    check that returns what is wrong with a value ('' when nothing is), and the value as it
    is used (``Denominator`` is used as ``denominator``)."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    help: str
    check: Callable[[Any], str] = lambda value: ""
    normal: Callable[[Any], Any] = lambda value: value


def layout_name(value: Any) -> str | None:
    """``numerator`` or ``denominator`` whatever the case, else None."""
    text = value.strip().lower() if isinstance(value, str) else None
    return text if text in (NUMERATOR, DENOMINATOR) else None


def _layout(value: Any) -> str:
    return "" if layout_name(value) else "must be numerator or denominator"


def _functions(value: Any) -> str:
    ok = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                         for k, v in value.items())
    return "" if ok else "must be a dict of function names to LaTeX formulas in x"


def _hadamard(value: Any) -> str:
    ok = isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)
    return "" if ok else "must be a non-empty list of LaTeX operators such as \\odot"


def _timeout(value: Any) -> str:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    return "" if ok else "must be a positive number of seconds"


def _symbols(value: Any) -> str:
    if isinstance(value, str):
        return ""
    ok = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                         for k, v in value.items())
    return "" if ok else "must be :where: text or a dict of LaTeX names to spaces"


def _boolean(value: Any) -> str:
    return "" if isinstance(value, bool) else "must be True or False"


CONFIG = [
    ConfigValue("matcalc_layout", NUMERATOR, "env", (str,),
                "Default layout of results: ``numerator`` (the paper's) or ``denominator`` "
                "(in any case); ``:layout:`` overrides it per directive.", _layout,
                lambda value: layout_name(value) or value),
    ConfigValue("matcalc_fail_on_error", True, "", (bool,),
                "A wrong or invalid derivation makes sphinx-build (and ``matcalc check``) exit "
                "with status 1, after reporting all of them, on every build (also incremental "
                "and ``-j N``); ``False`` reports them as warnings only.", _boolean),
    ConfigValue("matcalc_symbols", {}, "env", (dict, str),
                "Project-wide shape declarations: a dict such as "
                r"``{'W': r'\mathbb{R}^{m \times n}'}`` or ``:where:`` text; ``:where:`` "
                "overrides them.", _symbols),
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
BY_NAME = {value.name: value for value in CONFIG}


def problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, message) for each bad value among ``values``, in the build's words."""
    found = []
    for name, value in values.items():
        definition = BY_NAME.get(name)
        problem = definition.check(value) if definition else ""
        if problem:
            found.append((name, f"{name} in conf.py {problem}, not {value!r}; using "
                                f"{definition.default!r}."))
    return found


@dataclass(frozen=True)
class Settings:
    """The configuration values one request takes, checked and normalised."""

    layout: str = NUMERATOR
    symbols: str = ""
    hadamard: tuple[str, ...] = DEFAULT_HADAMARD
    timeout: float = 10.0
    fail_on_error: bool = True
    functions: tuple[tuple[str, str], ...] = ()  # matcalc_functions: (name, formula in x)

    @classmethod
    def of(cls, values: dict[str, Any]) -> "Settings":
        """From conf.py's values (missing or bad ones: their defaults)."""
        used = {}
        for value in CONFIG:
            given = values.get(value.name, value.default)
            used[value.name] = value.default if value.check(given) else value.normal(given)
        return cls(used["matcalc_layout"], symbols_text(used["matcalc_symbols"]),
                   tuple(used["matcalc_hadamard"]), float(used["matcalc_timeout"]),
                   bool(used["matcalc_fail_on_error"]),
                   tuple(sorted(dict(used["matcalc_functions"]).items())))


def symbols_text(value: Any) -> str:
    """matcalc_symbols as :where: text: a string, or a dict symbol → space."""
    if isinstance(value, str):
        return value
    return "; ".join(f"{name} \\in {space}" for name, space in dict(value).items())
