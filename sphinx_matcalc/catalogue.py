"""The rule catalogue: every rule the engine applies, as data.

A rule is a small function registered with its name, the section of Parr &
Howard's paper (or the reference) it comes from, and its formula. The engine
dispatches on the expression's type, trying that type's rules in order; the
docs' rule catalogue is generated from the same registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sympy import MatrixExpr


@dataclass(frozen=True)
class Rule:
    """One derivative or simplification rule."""

    key: str
    name: str
    section: str
    formula: str
    node: type | tuple[type, ...] | None
    apply: Callable[..., Any]
    when: Callable[..., bool] | None = None
    kind: str = "derivative"  # or "citation", "adjoint", "simplification"
    shapes: str = ""  # the shapes it takes and gives, in LaTeX


CATALOGUE: dict[str, Rule] = {}
#: Keys of the rules applied in this process (tests show every rule is exercised).
APPLIED: set[str] = set()


def rule(key: str, name: str, section: str, formula: str, node: type | tuple[type, ...] | None = None,
         when: Callable[..., bool] | None = None, kind: str = "derivative",
         shapes: str = "") -> Callable:
    """Register the decorated function as a rule of the catalogue."""
    def register(fn: Callable) -> Callable:
        if key in CATALOGUE:
            raise ValueError(f"rule {key!r} registered twice")
        CATALOGUE[key] = Rule(key, name, section, formula, node, fn, when, kind, shapes)
        return fn
    return register


def note(key: str, name: str, section: str, formula: str, shapes: str = "") -> None:
    """Register a rule that is cited in steps but applied inside another rule."""
    rule(key, name, section, formula, None, kind="citation", shapes=shapes)(lambda *a: None)


def matches(r: Rule, expr: Any) -> bool:
    """Does ``r`` apply to nodes like ``expr``?

    SymPy's MatMul and MatAdd subclass the scalar Mul and Add, so a rule for
    a scalar node never matches a matrix expression.
    """
    if r.node is None or not isinstance(expr, r.node):
        return False
    nodes = r.node if isinstance(r.node, tuple) else (r.node,)
    matrix_rule = any(issubclass(t, MatrixExpr) for t in nodes)
    return matrix_rule == isinstance(expr, MatrixExpr)


def complete() -> dict[str, Rule]:
    """The whole catalogue: importing the rule modules registers their rules."""
    from . import adjoints, rules, simplify  # noqa: F401  (imported for registration)
    return CATALOGUE


def rules_for(expr: Any, kind: str = "derivative") -> list[Rule]:
    """The rules of ``kind`` whose node type matches ``expr``, in registration order."""
    return [r for r in CATALOGUE.values() if r.kind == kind and matches(r, expr)]
