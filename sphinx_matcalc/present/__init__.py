"""Present: the one place that writes LaTeX (the printer, and derivations as steps); the same
as plain Unicode text (``text.py``) and the derivative as generated numpy code (``numpy.py``)."""

from .latex import Printer
from .numpy import Program, identifier, program
from .steps import formulas, steps
from .text import to_text

__all__ = ["Printer", "Program", "formulas", "identifier", "program", "steps", "to_text"]
