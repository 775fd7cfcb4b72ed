"""The generated reference directives: ``matcalc-rules`` (the rule catalogue) and
``matcalc-config`` (the configuration values), from the same data the code uses."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..results import RULE_LABEL_PREFIX


class RulesDirective(SphinxDirective):
    """``.. matcalc-rules::`` renders the engine's rule catalogue from its registry."""

    option_spec = {"kind": lambda arg: directives.choice(
        (arg or "").strip(), ("derivative", "simplification", "adjoint", "all"))}

    def run(self) -> list[nodes.Node]:
        from .render import catalogue_table  # loads the engine, whose rules fill the catalogue
        kind = self.options.get("kind", "all")
        kinds = ("derivative", "citation", "simplification", "adjoint") if kind == "all" else (
            (kind, "citation") if kind == "derivative" else (kind,))
        content, targets = catalogue_table(kinds, self.config.matcalc_hadamard[0],
                                           self.env.docname)
        for target in targets:
            self.state.document.note_explicit_target(target)
        return content


class ConfigDirective(SphinxDirective):
    """``.. matcalc-config::`` renders the configuration values from their definitions."""

    def run(self) -> list[nodes.Node]:
        from .config import CONFIG
        items = nodes.definition_list()
        for value in CONFIG:
            item = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.literal(text=value.name)
            term += nodes.Text(f" (default {value.default!r})")
            item += term
            definition = nodes.definition()
            self.state.nested_parse(StringList([value.help], source="sphinx_matcalc.config"),
                                    0, definition)
            item += definition
            items += item
        return [items]


def unresolved_rule_link(app: Sphinx, env: BuildEnvironment, node: nodes.Element,
                         contnode: nodes.Element) -> nodes.Node | None:
    """Without a catalogue page, a step's rule name stays plain text (and warns nothing)."""
    if node.get("reftarget", "").startswith(RULE_LABEL_PREFIX):
        return contnode
    return None
