"""Load latex2sympy2 on every supported Python, and check it is the real one.

latex2sympy2 pins antlr4-python3-runtime 4.7.2, which does ``from typing.io
import TextIO``; ``typing.io`` was removed in Python 3.13. We register a
stand-in module before importing it, so users patch nothing. latex2sympy2
also installs top-level packages named ``gen`` and ``tests``; we refuse to
run with a ``gen`` that is not the one shipped beside latex2sympy2.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
import typing
from functools import lru_cache


def _install_typing_io_shim() -> None:
    """Provide ``typing.io`` (TextIO, BinaryIO, IO) where Python no longer has it."""
    try:
        importlib.import_module("typing.io")  # Python < 3.13 still has it
        return
    except ImportError:
        pass
    shim = types.ModuleType("typing.io")
    shim.TextIO = typing.TextIO  # type: ignore[attr-defined]
    shim.BinaryIO = typing.BinaryIO  # type: ignore[attr-defined]
    shim.IO = typing.IO  # type: ignore[attr-defined]
    sys.modules["typing.io"] = shim


@lru_cache(maxsize=None)
def latex2sympy2_module() -> types.ModuleType:
    """Import latex2sympy2 once per process (its ANTLR tables are costly)."""
    _install_typing_io_shim()
    import latex2sympy2

    here = os.path.dirname(os.path.abspath(latex2sympy2.__file__))
    parser_file = os.path.abspath(sys.modules[latex2sympy2.PSParser.__module__].__file__)
    if not parser_file.startswith(os.path.join(here, "gen")):
        raise ImportError(
            f"latex2sympy2's parser was loaded from {parser_file}, not from its own "
            f"'gen' package beside {here}: another top-level module named 'gen' shadows it."
        )
    return latex2sympy2
