"""The rule catalogue: every rule the engine applies, as data.

A rule is a small function registered with its name, the section of Parr &
Howard's paper (or the reference) it comes from, its formula, and the shapes
it takes and gives; the docs' rule catalogue is generated from the same
registry. The engine asks ``rules_for`` for an expression's rules: those
registered for its node type (SymPy's class hierarchy, indexed once per
type), in the order they are written in their module. A rule with a guard
(``when``) says in ``applies`` when it applies; the first rule whose guard
holds is the one used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from sympy import MatrixExpr


@dataclass(frozen=True)
class Rule:
    """One derivative, adjoint or simplification rule (or a citation used inside others)."""

    key: str
    name: str
    section: str
    formula: str
    node: type | tuple[type, ...] | None
    apply: Callable[..., Any]
    when: Callable[..., bool] | None = None
    kind: str = "derivative"  # or "citation", "adjoint", "simplification"
    shapes: str = ""  # the shapes it takes and gives, in LaTeX
    applies: str = ""  # when the guard ``when`` holds, in words


CATALOGUE: dict[str, Rule] = {}


def rule(key: str, name: str, section: str, formula: str, node: type | tuple[type, ...] | None = None,
         when: Callable[..., bool] | None = None, kind: str = "derivative",
         shapes: str = "", applies: str = "") -> Callable:
    """Register the decorated function as a rule of the catalogue."""
    if when is not None and not applies:
        raise ValueError(f"rule {key!r} has a guard but does not say when it applies")

    def register(fn: Callable) -> Callable:
        if key in CATALOGUE:
            raise ValueError(f"rule {key!r} registered twice")
        CATALOGUE[key] = Rule(key, name, section, formula, node, fn, when, kind, shapes, applies)
        _rules_for_type.cache_clear()
        return fn
    return register


def note(key: str, name: str, section: str, formula: str, shapes: str = "") -> None:
    """Register a rule that is cited in steps but applied inside another rule."""
    rule(key, name, section, formula, None, kind="citation", shapes=shapes)(lambda *a: None)


def matches(r: Rule, node_type: type) -> bool:
    """Does ``r`` apply to nodes of ``node_type``?

    SymPy's MatMul and MatAdd subclass the scalar Mul and Add, so a rule for
    a scalar node never matches a matrix expression.
    """
    if r.node is None or not issubclass(node_type, r.node):
        return False
    nodes = r.node if isinstance(r.node, tuple) else (r.node,)
    matrix_rule = any(issubclass(t, MatrixExpr) for t in nodes)
    return matrix_rule == issubclass(node_type, MatrixExpr)


@lru_cache(maxsize=None)
def _rules_for_type(node_type: type, kind: str) -> tuple[Rule, ...]:
    return tuple(r for r in CATALOGUE.values() if r.kind == kind and matches(r, node_type))


def rules_for(expr: Any, kind: str = "derivative") -> tuple[Rule, ...]:
    """The rules of ``kind`` for nodes like ``expr``, in the order they were written."""
    return _rules_for_type(type(expr), kind)
