"""Check: the judge. The engine's result against the function, the author's claims against the result.

Nothing the engine or SymPy says is trusted without it. To add a kind of
check, open ``claims.py``; the evaluator every check uses is ``numeric.py``.
"""

from .algebra import Normal, equal
from .budget import within
from .cases import distinct_cases
from .claims import check_claim, claim_fit, compare, same
from .identity import identical
from .jacobian import check_jacobian
from .draws import draw
from .numeric import EvaluationError, Point, evaluate
from .points import Setting, Symbols
from .precise import Undefined, Unresolved, evaluate_interval, evaluate_precise
from .program import check_program

__all__ = ["EvaluationError", "Normal", "Point", "Setting", "Symbols", "Undefined", "Unresolved",
           "check_claim", "check_jacobian", "check_program", "claim_fit", "compare",
           "distinct_cases", "draw",
           "equal", "evaluate", "evaluate_interval", "evaluate_precise", "identical", "same",
           "within"]
