"""Read: LaTeX text into typed SymPy matrix expressions, with shapes and positions.

``parse_expression`` reads one text against a ``Notation`` (the symbols and
shapes one derivation shares); ``parse_declarations`` reads ``:where:``.
To add a LaTeX construct, open ``constructs.py`` (or ``groupings.py`` for one
that encloses what it applies to, ``cases.py`` for conditions, ``derivatives.py`` for
derivative operators) and dispatch to it from
``grammar.Parser.command_atom``; the lexer, cursor and precedence levels
rarely change.
"""

from .crosscheck import COMMANDS, latex2sympy2_module, second_reading
from .cursor import split_top_level
from .declarations import parse_declarations
from .definitions import read_definitions, split_definitions
from .families import Family, claim_family, family_of, is_entry
from .grammar import parse_expression, split_name
from .names import namesake
from .variables import refuse_hidden
from .undeclared import refuse_numbered_entries, refuse_scalar_matrices
from .notation import MATRIX_FUNCTIONS, MAX_DIGITS, Declaration, Notation, Operators
from .cursor import Parsed
from .written import lost_restrictions



def crosscheck_commands() -> set[str]:
    """The LaTeX commands latex2sympy2 is trusted to read as this reader does."""
    return set(COMMANDS)


__all__ = ["claim_family", "crosscheck_commands", "Declaration", "Family", "family_of",
           "is_entry", "lost_restrictions", "MATRIX_FUNCTIONS", "MAX_DIGITS", "Notation", "Operators", "Parsed",
           "latex2sympy2_module",
           "namesake", "parse_declarations", "parse_expression", "read_definitions",
           "refuse_hidden", "refuse_numbered_entries", "refuse_scalar_matrices", "second_reading", "split_definitions",
           "split_name", "split_top_level"]
