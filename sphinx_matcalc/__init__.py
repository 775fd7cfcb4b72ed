"""sphinx_matcalc: matrix-calculus derivations that are checked when the docs build.

``extensions = ["sphinx_matcalc"]`` adds the ``derive`` directive. See the
project's docs for the notation, the options and the messages. The stages
live in ``read``, ``engine``, ``judge`` and ``present``, joined by
``pipeline``; ``sphinx`` is the extension itself, ``api`` the Python API
(``derive`` and ``check``, here too) and ``cli`` the ``matcalc`` command.
"""

from __future__ import annotations

from typing import Any

from .api import MatcalcError, check, derive

__version__ = "0.1.0"
__all__ = ["Failure", "MatcalcError", "Report", "__version__", "check", "derive", "setup"]


def __getattr__(name: str) -> Any:
    """``Failure`` and ``Report``, imported when first asked for (not by a Sphinx build)."""
    if name in ("Failure", "Report"):
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def setup(app: Any) -> dict[str, Any]:
    """Register the directives, the configuration values and the event handlers."""
    from .sphinx import catalogue, directive, envdata, resolve, static
    from .sphinx.config import CONFIG, validate

    for value in CONFIG:
        app.add_config_value(value.name, value.default, value.rebuild, types=list(value.types))
    app.add_directive("derive", directive.DeriveDirective)
    app.add_directive("matcalc-config", catalogue.ConfigDirective)
    app.add_directive("matcalc-rules", catalogue.RulesDirective)
    app.connect("config-inited", validate)
    app.connect("missing-reference", catalogue.unresolved_rule_link)
    app.connect("env-before-read-docs", envdata.note_read)
    app.connect("env-purge-doc", envdata.purge)
    app.connect("env-merge-info", envdata.merge)
    app.add_post_transform(resolve.ResolveDerivations)
    app.connect("doctree-read", resolve.note_equations)
    app.connect("build-finished", resolve.complete, priority=400)  # before the exit status
    app.connect("build-finished", envdata.finish)
    app.add_css_file(static.CSS)
    app.connect("html-collect-pages", static.copy_css)
    app.add_latex_package(static.LATEX_PACKAGE)
    app.connect("build-finished", static.copy_files)
    return {"version": __version__, "env_version": 6, "parallel_read_safe": True,
            "parallel_write_safe": True}
