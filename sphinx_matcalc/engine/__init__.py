"""Derive: the rule catalogue and the engine that applies it, step by step.

Importing this package registers every rule (``rules``, ``adjoints``,
``simplify``) in ``catalogue.CATALOGUE``; nothing here imports Sphinx.
To add a derivative rule, open ``rules.py`` (or ``adjoints.py`` for the
reverse mode used with respect to matrices).
"""

from . import adjoints, rules, simplify  # noqa: F401  (imported to register their rules)
from .catalogue import CATALOGUE, Rule
from .engine import Derivation, derive
from .operators import evaluate_operators

__all__ = ["CATALOGUE", "Derivation", "Rule", "derive", "evaluate_operators"]
