"""Turn an ``Outcome`` into standard docutils nodes that carry only strings.

Only ``paragraph``, ``enumerated_list``, ``math`` and ``math_block`` (and
their plain relatives) are produced, so every builder and every math
renderer (MathJax, imgmath, LaTeX) handles the output without visitors of
our own.
"""

from __future__ import annotations

from docutils import nodes

from .catalogue import CATALOGUE
from .engine import Step
from .pipeline import Outcome, Result


def math_block(latex: str, docname: str, label: str | None = None,
               number: int | None = None) -> nodes.math_block:
    """A math_block with the attributes Sphinx's HTML writer requires."""
    return nodes.math_block(latex, latex, number=number, label=label, nowrap=False,
                            docname=docname)


def step_item(step: Step) -> nodes.list_item:
    """One step: its equation, then the rule that gives it and where it comes from."""
    para = nodes.paragraph()
    if step.kind == "let":
        para += nodes.Text("Let ")
        para += nodes.math(text=f"{step.lhs} = {step.parts[0]}")
    else:
        para += nodes.math(text=" = ".join([step.lhs, *step.parts]))
    rule = CATALOGUE.get(step.rule)
    if rule is not None:
        para += nodes.Text(" — ")
        para += nodes.emphasis(text=f"{rule.name} ({rule.section})")
    names = [CATALOGUE[key].name for key in step.simplified if key in CATALOGUE]
    if names:
        para += nodes.Text("; simplified: ")
        para += nodes.emphasis(text=", ".join(names))
    item = nodes.list_item()
    item += para
    return item


def result_nodes(result: Result, show: str, docname: str, label: str | None,
                 number: int | None) -> list[nodes.Node]:
    """The steps (unless only the result is wanted), the author's checked steps, the result."""
    out: list[nodes.Node] = []
    if show == "steps" and result.steps:
        intro = nodes.paragraph()
        intro += nodes.Text("Derivation with respect to ")
        intro += nodes.math(text=result.variable)
        intro += nodes.Text(f" ({result.layout} layout):")
        out.append(intro)
        steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for step in result.steps:
            steps += step_item(step)
        out.append(steps)
    if result.checked:
        checked = nodes.bullet_list()
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
