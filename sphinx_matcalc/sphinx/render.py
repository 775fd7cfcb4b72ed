"""Turn an ``Outcome`` into standard docutils nodes that carry only strings.

Steps become a table (equation, rule, shape) whose rule names are
cross-references to the ``matcalc-rules`` catalogue; the result is a
``math_block``. Only standard nodes (and Sphinx's ``pending_xref``, resolved
before writing) are produced, so every builder and every math renderer
handles the output without visitors of our own.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..engine import CATALOGUE, Rule
from ..results import RULE_LABEL_PREFIX, Outcome, Result, Step

RULE_LABEL = RULE_LABEL_PREFIX + "{}"


def math_block(latex: str, docname: str, label: str | None = None,
               number: int | None = None) -> nodes.math_block:
    """A math_block with the attributes Sphinx's HTML writer requires."""
    return nodes.math_block(latex, latex, number=number, label=label, nowrap=False,
                            docname=docname)


def rule_reference(rule: Rule) -> nodes.Node:
    """The rule's name and source, linked to its catalogue entry where there is one."""
    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", refexplicit=True,
                                reftarget=RULE_LABEL.format(rule.key), refwarn=False)
    ref += nodes.inline(text=f"{rule.name} ({rule.section})", classes=["matcalc-rule"])
    return ref


def _entry(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    para = nodes.paragraph()
    para.extend(children)
    entry += para
    return entry


def _table(headers: list[str], widths: list[int], classes: list[str]) -> tuple[nodes.table,
                                                                               nodes.tbody]:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for title in headers:
        row += _entry(nodes.Text(title))
    head += row
    group += head
    body = nodes.tbody()
    group += body
    return table, body


def step_row(step: Step) -> nodes.row:
    """One step: the equation, the rule (and simplifications) that give it, its shape."""
    if step.kind == "let":
        equation = _entry(nodes.Text("let "), nodes.math(text=f"{step.lhs} = {step.parts[0]}"))
    else:
        equation = _entry(nodes.math(text=" = ".join([step.lhs, *step.parts])))
    rule_cell: list[nodes.Node] = []
    if step.rule in CATALOGUE:
        rule_cell.append(rule_reference(CATALOGUE[step.rule]))
    for key in step.simplified:
        if key in CATALOGUE:
            rule_cell += [nodes.Text("; "), rule_reference(CATALOGUE[key])]
    row = nodes.row()
    row += equation
    row += _entry(*rule_cell)
    row += _entry(nodes.math(text=step.shape) if step.shape else nodes.Text(""))
    return row


def result_nodes(result: Result, show: str, docname: str, label: str | None,
                 number: int | None) -> list[nodes.Node]:
    """The steps (unless only the result is wanted), the author's checked steps, the result."""
    out: list[nodes.Node] = []
    if show == "steps" and result.steps:
        intro = nodes.paragraph()
        intro += nodes.Text("Derivative with respect to ")
        intro += nodes.math(text=result.variable)
        intro += nodes.Text(f", {result.layout} layout:")
        out.append(intro)
        table, body = _table(["Step", "Rule", "Shape"], [60, 28, 12], ["matcalc-steps"])
        for step in result.steps:
            body += step_row(step)
        out.append(table)
    if result.note:
        out.append(nodes.paragraph(text=result.note, classes=["matcalc-note"]))
    if result.checked:
        checked = nodes.bullet_list(classes=["matcalc-checked"])
        for text in result.checked:
            item = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.math(text=f"= {text}")
            para += nodes.Text(" — checked")
            item += para
            checked += item
        out.append(checked)
    out.append(math_block(f"{result.lhs} = {result.result} \\in {result.shape}", docname,
                          label, number))
    return out


def render(outcome: Outcome, show: str, docname: str, label: str | None = None,
           number: int | None = None) -> list[nodes.Node]:
    """All nodes for one directive; the label goes on the first result."""
    container = nodes.container(classes=["matcalc-derivation"])
    for k, result in enumerate(outcome.results):
        container.extend(result_nodes(result, show, docname, label if k == 0 else None,
                                      number if k == 0 else None))
    return [container]


def catalogue_table(kinds: tuple[str, ...]) -> tuple[list[nodes.Node], list[nodes.target]]:
    """The rule catalogue as a table, with a target per rule for the steps' links."""
    table, body = _table(["Rule", "Source", "Formula", "Shapes"], [22, 16, 42, 20],
                         ["matcalc-rules"])
    targets = []
    for rule in CATALOGUE.values():
        if rule.kind not in kinds:
            continue
        label = RULE_LABEL.format(rule.key)
        target = nodes.target("", "", ids=[label], names=[label])
        targets.append(target)
        row = nodes.row()
        when = [nodes.Text(f"; applies when {rule.applies}")] if rule.applies else []
        row += _entry(target, nodes.strong(text=rule.name), nodes.Text(f" ({rule.key})"), *when)
        row += _entry(nodes.Text(rule.section))
        row += _entry(nodes.math(text=rule.formula))
        row += _entry(nodes.math(text=rule.shapes) if rule.shapes else nodes.Text(""))
        body += row
    return [table], targets
