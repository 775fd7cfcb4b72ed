"""Present: the one place that writes LaTeX (the printer, and derivations as steps)."""

from .latex import Printer
from .steps import formulas, steps

__all__ = ["Printer", "formulas", "steps"]
