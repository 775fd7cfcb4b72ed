"""Turn an ``Outcome`` into standard docutils nodes that carry only strings.

Steps become a table (equation, rule, shape): each step's chain of equalities
is a ``math_block`` with one ``= part`` per line (MathJax does not break long
inline math), its rule a short name linked to the ``matcalc-rules`` catalogue
with the paper's section as its explanation (a hover title in HTML, spelled
out in print). The author's steps are an aligned derivation marked checked (or
not checked, under ``:check: off``); the result is a ``math_block``. Only
standard nodes (and Sphinx's ``pending_xref``, resolved before writing) are
produced, so every builder and every math renderer handles the output without
visitors of our own.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from ..engine import CATALOGUE, Rule
from ..results import DEFAULT_HADAMARD, RULE_LABEL_PREFIX, Outcome, Result, Step

RULE_LABEL = RULE_LABEL_PREFIX + "{}"
DENOMINATOR_RULE = "denominator-layout"
#: The paper's symbol for the element-wise product, as rule formulas are written.
PAPER_HADAMARD = re.compile(r"\\otimes(?![A-Za-z])")
#: A left-hand side longer than this (in visible characters, roughly) gets a line of its own.
SHORT_LHS = 24
CHECK_MARK = r"\checkmark"
NOT_CHECKED = r"\text{not checked}"


def math_block(latex: str, docname: str, label: str | None = None,
               number: int | None = None, classes: list[str] | None = None) -> nodes.math_block:
    """A math_block with the attributes Sphinx's HTML writer requires."""
    return nodes.math_block(latex, latex, number=number, label=label, nowrap=False,
                            docname=docname, classes=classes or [])


def visible_length(latex: str) -> int:
    """A rough count of the characters ``latex`` shows (commands count as one)."""
    text = re.sub(r"\\(left|right|mathbf|mathbb|operatorname|boldsymbol|vec|bm|text)(?![A-Za-z])",
                  "", latex)
    text = re.sub(r"\\[A-Za-z]+", "x", text)
    return len(re.sub(r"[{}\s^_]", "", text))


def chain(lhs: str, parts: list[str], marks: list[str] | None = None) -> str:
    r"""``lhs = parts[0] = parts[1] ...`` as an ``aligned`` block, one ``= part`` per line.

    A long left-hand side stands on its own line above the equalities; ``marks``
    (one per part) go in a column of their own at the right (``\checkmark``).
    """
    lines = []
    own_line = len(parts) > 0 and visible_length(lhs) > SHORT_LHS
    if own_line:
        lines.append(f"& {lhs}")
    for k, part in enumerate(parts):
        start = lhs + " " if k == 0 and not own_line else ""
        mark = f" && {marks[k]}" if marks and marks[k] else ""
        lines.append(f"{start}&= {part}{mark}")
    return aligned(lines)


def aligned(lines: list[str]) -> str:
    """``lines`` as an ``aligned`` block."""
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def display(latex: str, docname: str, classes: list[str]) -> nodes.math_block:
    r"""Displayed math that Sphinx does not wrap: ``\[ ... \]`` as written.

    Sphinx wraps a math_block in amsmath's ``split``, which collects its body as
    an argument and so cannot hold the ``&`` of an ``aligned`` inside a LaTeX
    table cell; ``\[ ... \]`` is display math for LaTeX and MathJax alike.
    """
    latex = f"\\[{latex}\\]"
    return nodes.math_block(latex, latex, number=None, label=None, nowrap=True,
                            docname=docname, classes=classes)


def rule_reference(rule: Rule) -> nodes.Node:
    """The rule's name, linked to its catalogue entry where there is one; its source on hover.

    The name is an ``abbreviation`` whose explanation is the rule's section:
    HTML shows it as a title, the text, man and LaTeX writers spell it out.
    """
    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", refexplicit=True,
                                reftarget=RULE_LABEL.format(rule.key), refwarn=False)
    ref += nodes.inline(text=rule.name, classes=["matcalc-rule"])
    if rule.kind == "simplification" or not rule.section:
        return ref
    cited = nodes.abbreviation(explanation=rule.section, classes=["matcalc-cite"])
    cited += ref
    return cited


def _entry(*children: nodes.Node) -> nodes.entry:
    """A cell: inline children go into one paragraph, block children stand as they are."""
    entry = nodes.entry()
    para = None
    for child in children:
        if isinstance(child, (nodes.Inline, nodes.Text)):
            if para is None:
                para = nodes.paragraph()
                entry += para
            para += child
        else:
            entry += child
            para = None
    if not len(entry):
        entry += nodes.paragraph()
    return entry


def _table(headers: list[str], widths: list[int], classes: list[str]) -> tuple[nodes.table,
                                                                               nodes.tbody]:
    """A table whose column widths are given (HTML and LaTeX both keep them)."""
    table = nodes.table(classes=[*classes, "colwidths-given"])
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


def rule_cell(step: Step) -> nodes.entry:
    """The rule that gives a step, a note when it turns the Jacobian into its transpose,
    and the simplifications applied after it."""
    entry = nodes.entry()
    if step.rule in CATALOGUE:
        para = nodes.paragraph()
        para += rule_reference(CATALOGUE[step.rule])
        entry += para
    if step.rule == DENOMINATOR_RULE:
        entry += nodes.paragraph(text="denominator layout: transpose",
                                 classes=["matcalc-layout-note"])
    simplified = [CATALOGUE[key] for key in step.simplified if key in CATALOGUE]
    if simplified:
        para = nodes.paragraph(classes=["matcalc-simplified"])
        para += nodes.Text("then ")
        for k, rule in enumerate(simplified):
            if k:
                para += nodes.Text(", ")
            para += rule_reference(rule)
        entry += para
    if not len(entry):
        entry += nodes.paragraph()
    return entry


def step_row(step: Step, docname: str) -> nodes.row:
    """One step: the equation, the rule (and simplifications) that give it, its shape."""
    if step.kind == "let":
        latex = chain(rf"\text{{let }} {step.lhs}", step.parts[:1])
    else:
        latex = chain(step.lhs, step.parts)
    row = nodes.row(classes=["matcalc-denominator"] if step.rule == DENOMINATOR_RULE else [])
    row += _entry(display(latex, docname, ["matcalc-step"]))
    row += rule_cell(step)
    row += _entry(nodes.math(text=step.shape) if step.shape else nodes.Text(""))
    return row


def authors_steps(result: Result, docname: str) -> list[nodes.Node]:
    """The author's derivation (steps, then ``:expect:``): checked, or not checked."""
    if result.checked:
        claims, mark = result.checked, CHECK_MARK
        words = "The author's derivation, each line checked:"
        classes = ["matcalc-checked"]
    elif result.unchecked:
        claims, mark = result.unchecked, NOT_CHECKED
        words = "The author's derivation, not checked (:check: off):"
        classes = ["matcalc-unchecked"]
    else:
        return []
    intro = nodes.paragraph(text=words, classes=classes)
    latex = chain(result.lhs, list(claims), [mark] * len(claims))
    return [intro, display(latex, docname, classes)]


def result_nodes(result: Result, show: str, docname: str, label: str | None,
                 number: int | None) -> list[nodes.Node]:
    """The steps (unless only the result is wanted), the author's steps, the result."""
    out: list[nodes.Node] = []
    if show == "steps" and result.steps:
        intro = nodes.paragraph()
        intro += nodes.Text("Derivative with respect to ")
        intro += nodes.math(text=result.variable)
        intro += nodes.Text(f", {result.layout} layout:")
        out.append(intro)
        # "longtable": LaTeX may break a long derivation across pages
        table, body = _table(["Step", "Rule", "Shape"], [72, 18, 10],
                             ["matcalc-steps", "longtable"])
        for step in result.steps:
            body += step_row(step, docname)
        out.append(table)
    if result.note:
        out.append(nodes.paragraph(text=result.note, classes=["matcalc-note"]))
    out.extend(authors_steps(result, docname))
    out.append(math_block(f"{result.lhs} = {result.result} \\in {result.shape}", docname,
                          label, number, classes=["matcalc-result"]))
    if result.code:
        out.append(code_block(result.code, "numpy, checked against the judge"))
    return out


def code_block(code: str, caption: str) -> nodes.container:
    """Generated code under the result: a literal block with a caption, as ``code-block``
    with ``:caption:`` makes it (every builder shows it; HTML highlights it as Python)."""
    wrapper = nodes.container(classes=["literal-block-wrapper", "matcalc-code"],
                              literal_block=True)
    wrapper += nodes.caption(caption, caption)
    block = nodes.literal_block(code, code, language="python")
    wrapper += block
    return wrapper


def render(outcome: Outcome, show: str, docname: str, label: str | None = None,
           number: int | None = None) -> list[nodes.Node]:
    """All nodes for one directive; the label goes on the first result."""
    container = nodes.container(classes=["matcalc-derivation"])
    for k, result in enumerate(outcome.results):
        container.extend(result_nodes(result, show, docname, label if k == 0 else None,
                                      number if k == 0 else None))
    return [container]


def error_box(message: str, pointer: str = "") -> nodes.Element:
    """A failed derivation, at its place on the page: the message (and the caret line)."""
    box = nodes.error(classes=["matcalc-error"])
    box += nodes.paragraph(text="This derivation failed and is not shown: " + message)
    if pointer:
        box += nodes.literal_block(pointer, pointer, classes=["matcalc-pointer"])
    return box


def section_key(section: str) -> tuple[int, ...] | None:
    """The paper's section number a rule cites (``§4.5 (...)`` is (4, 5)), or None."""
    found = re.match(r"\s*§\s*(\d+(?:\.\d+)*)", section)
    return tuple(int(n) for n in found.group(1).split(".")) if found else None


def paper_order(rules: list[Rule]) -> list[Rule]:
    """The paper's rules in the paper's order (by section, stable within one), then the rest."""
    paper = [r for r in rules if section_key(r.section) is not None]
    rest = [r for r in rules if section_key(r.section) is None]
    return sorted(paper, key=lambda r: section_key(r.section)) + rest


def with_hadamard(latex: str, hadamard: str) -> str:
    r"""A rule's formula with the page's element-wise product symbol for the paper's ``\otimes``."""
    return PAPER_HADAMARD.sub(lambda _: hadamard, latex)


SPLIT = re.compile(r"\\(?:begin|end|left|right|quad|Rightarrow|to|text)(?![A-Za-z])|[{}=]")


def top_level(latex: str) -> list[tuple[int, str]]:
    """The offsets and texts of ``=``, ``\\quad``, ``\\Rightarrow``, ``\\to`` and ``\\text``
    outside braces, ``\\left...\\right`` and environments."""
    found, depth = [], 0
    for match in SPLIT.finditer(latex):
        token = match.group()
        if token in ("{", "\\left", "\\begin"):
            depth += 1
        elif token in ("}", "\\right", "\\end"):
            depth -= 1
        elif depth == 0:
            found.append((match.start(), token))
    return found


def formula_lines(latex: str) -> str:
    r"""A rule's formula as an ``aligned`` block that fits a narrow column.

    Each statement (the text between ``\quad``, ``\Rightarrow`` and ``\text``)
    gets a line of its own; a long one is broken before each ``=``.
    """
    cuts = [(start, token) for start, token in top_level(latex)
            if token in ("\\quad", "\\Rightarrow", "\\text")]
    statements, last = [], 0
    for start, token in cuts:
        statements.append(latex[last:start])
        last = start + len(token) if token == "\\quad" else start
    statements.append(latex[last:])
    lines: list[str] = []
    for statement in (s.strip().rstrip(",").strip() for s in statements):
        if not statement:
            continue
        if statement.startswith("\\text"):
            lines.append(f"& {statement}")
            continue
        equals = [start for start, token in top_level(statement) if token == "="]
        if not equals:
            lines.append(f"& {statement}")
            continue
        bounds = [*equals, len(statement)]
        lhs = statement[:equals[0]].strip()
        parts = [statement[bounds[k] + 1:bounds[k + 1]].strip() for k in range(len(equals))]
        if visible_length(statement) <= 2 * SHORT_LHS:
            lines.append(f"{lhs} &= {' = '.join(parts)}")
        else:
            lines.append(f"{lhs} &= {parts[0]}")
            lines.extend(f"&= {part}" for part in parts[1:])
    return aligned(lines)


def shape_lines(latex: str) -> str:
    r"""A rule's shapes: what it takes, and on the next line ``\to`` what it gives."""
    cut = [start for start, token in top_level(latex) if token == "\\to"]
    if not cut or visible_length(latex) <= SHORT_LHS // 3:
        return latex
    return aligned([f"& {latex[:cut[0]].strip()}", f"& {latex[cut[0]:].strip()}"])


def catalogue_table(kinds: tuple[str, ...], hadamard: str = DEFAULT_HADAMARD[0],
                    docname: str = "") -> tuple[list[nodes.Node], list[nodes.target]]:
    """The rule catalogue as a table, with a target per rule for the steps' links."""
    table, body = _table(["Rule", "Source", "Formula", "Shapes"], [18, 11, 47, 24],
                         ["matcalc-rules"])
    targets = []
    for rule in paper_order([r for r in CATALOGUE.values() if r.kind in kinds]):
        label = RULE_LABEL.format(rule.key)
        target = nodes.target("", "", ids=[label], names=[label])
        targets.append(target)
        row = nodes.row()
        when = [nodes.Text(f"; applies when {rule.applies}")] if rule.applies else []
        row += _entry(target, nodes.strong(text=rule.name), nodes.Text(f" ({rule.key})"), *when)
        # "(100)–(103)" may break after its dash in a narrow column
        row += _entry(nodes.Text(rule.section.replace("–", "–\u200b")))
        row += _entry(display(formula_lines(with_hadamard(rule.formula, hadamard)), docname,
                              ["matcalc-formula"]))
        row += _entry(display(shape_lines(with_hadamard(rule.shapes, hadamard)), docname,
                              ["matcalc-shapes"]) if rule.shapes else nodes.Text(""))
        body += row
    return [table], targets
