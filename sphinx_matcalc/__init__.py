"""sphinx_matcalc: matrix-calculus derivations that are checked when the docs build.

``extensions = ["sphinx_matcalc"]`` adds the ``derive`` directive. See the
project's docs for the notation, the options and the messages.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    """Register the directive, the configuration values and the build-status handlers."""
    from .sphinx import directive
    from .sphinx.config import CONFIG

    for value in CONFIG:
        app.add_config_value(value.name, value.default, value.rebuild, types=list(value.types))
    app.add_directive("derive", directive.DeriveDirective)
    app.add_directive("matcalc-config", directive.ConfigDirective)
    app.add_directive("matcalc-rules", directive.RulesDirective)
    app.connect("missing-reference", directive.unresolved_rule_link)
    app.connect("env-before-read-docs", directive.note_read)
    app.connect("env-purge-doc", directive.purge)
    app.connect("env-merge-info", directive.merge)
    app.connect("build-finished", directive.finish)
    return {"version": __version__, "env_version": 3, "parallel_read_safe": True,
            "parallel_write_safe": True}
