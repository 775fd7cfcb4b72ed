"""Find every ``derive`` directive in a reStructuredText or MyST Markdown file, with its lines.

A reading of the text that finds what docutils and MyST would give the
directive: its argument, options and body, and the line of each, so that
``matcalc check`` reports at the build's lines (``Written.line`` does the rest).
RST: ``.. derive::`` at any indentation (also inside other directives), its
block being the lines indented below it. MyST: ```` ```{derive} ```` and
``:::{derive}`` fences, nested in other directives' fences too, options as
``:name: value`` lines or a ``---`` block; code fences and literal directives
are skipped, as MyST shows them as code. Notebooks (``.ipynb``, read by
myst-nb): each Markdown cell as MyST, its lines numbered as myst-nb numbers
them, so ``written.place`` names the cell and its line as the build does.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from .written import NOTEBOOK_CELL, Written

RST_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+derive::(.*)$")
RST_OPTION = re.compile(r"^:([\w-]+):(?:\s(.*)|$)")
#: Blocks whose text docutils shows as text (code, literal, raw) or drops (comments).
RST_LITERAL = re.compile(r"^\s*\.\.(\s*$|\s+(code-block|code|sourcecode|literalinclude|raw|"
                         r"parsed-literal|math|highlight)::|\s+(?![\w:-]+::|_|\[|\|))")
RST_ANY_DIRECTIVE = re.compile(r"^\s*\.\.\s+[\w:-]+::")
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\s*(\{([\w:-]+)\})?\s*(.*)$")
FENCE_OPEN = re.compile(r"^\s*(`{3,}|:{3,})\s*\{derive\}")
MYST_OPTION = re.compile(r"^:([\w-]+):(?:\s+(.*)|\s*$)")
#: Directives whose body MyST does not read as Markdown: a derive inside them is text.
LITERAL = {"code-block", "code", "sourcecode", "code-cell", "literalinclude", "math", "raw",
           "csv-table", "parsed-literal", "mermaid", "graphviz"}
#: A list item's marker (``*``, ``-``, ``+``, ``1.``, ``#.``) and the space after it.
MARKER = re.compile(r"^(\s*)([-*+]|\d+[.)]|#[.)])(\s+)")


def directives(text: str, suffix: str) -> list[Written]:
    """The derive directives of a file's text (``suffix`` ``.rst``, ``.md`` or ``.ipynb``)."""
    if suffix == ".ipynb":
        return _notebook(text)
    lines = text.splitlines()
    return _myst(lines) if suffix == ".md" else _rst(lines)


def _notebook(text: str) -> list[Written]:
    """A notebook's Markdown cells read as MyST, numbered as myst-nb numbers them."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    found = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        shift = (index + 1) * NOTEBOOK_CELL + 1
        for written in _myst(source.splitlines()):
            written.lineno += shift
            written.body = [(line + shift, row) for line, row in written.body]
            found.append(written)
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _unlisted(lines: list[str], opens: re.Pattern) -> list[str]:
    """The lines with the list markers before a directive made spaces (``* - .. derive::``
    in a list-table is a directive at the column of its ``..``), so its block is found by
    indentation as anywhere else."""
    out = []
    for line in lines:
        rest, width = line, 0
        while (m := MARKER.match(rest)) and not opens.match(rest):
            width += len(m.group(0))
            rest = rest[len(m.group(0)):]
        out.append(" " * width + rest if width and opens.match(rest) else line)
    return out


def _rst(lines: list[str]) -> list[Written]:
    lines = _unlisted(lines, RST_DIRECTIVE)
    found = []
    k = 0
    while k < len(lines):
        line = lines[k]
        match = RST_DIRECTIVE.match(line)
        end = _block_end(lines, k, _indent(line))
        if match:
            block = [match.group(2).strip()] + lines[k + 1:end]
            while len(block) > 1 and not block[-1].strip():
                block.pop()
            found.append(_rst_directive(block, k + 1, lines[k:k + len(block)]))
            k = end
        elif RST_LITERAL.match(line) or (line.rstrip().endswith("::") and line.strip()
                                          and not RST_ANY_DIRECTIVE.match(line)):
            k = end  # a literal block, a code block or a comment: shown as text
        else:
            k += 1
    return found


def _block_end(lines: list[str], k: int, marker: int) -> int:
    """The line after the block that line k opens (the lines indented below it)."""
    end = k + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > marker):
        end += 1
    return end


def _rst_directive(block: list[str], lineno: int, raw: list[str]) -> Written:
    """docutils' reading of a directive block: argument lines up to the first option or blank
    line, then the options, then (after the first blank line) the body."""
    width = min((_indent(b) for b in block[1:] if b.strip()), default=0)
    rows = [block[0]] + [b[width:] for b in block[1:]]
    blank = next((i for i, row in enumerate(rows) if not row.strip()), len(rows))
    head, body_start = rows[:blank], blank + 1
    first_option = next((i for i, row in enumerate(head) if RST_OPTION.match(row)), len(head))
    argument = "\n".join(head[:first_option]).strip()
    options = _options(head[first_option:], RST_OPTION)
    body = [(lineno + i, rows[i]) for i in range(body_start, len(rows))]
    return Written(argument, options, lineno, raw, body)


def _options(rows: list[str], pattern: re.Pattern) -> dict[str, str]:
    """``:name: value`` rows, a value going on over the more indented rows below it."""
    options: dict[str, str] = {}
    name = None
    for row in rows:
        match = pattern.match(row)
        if match:
            name = match.group(1)
            options[name] = (match.group(2) or "").strip()
        elif name is not None and row.strip():
            options[name] = f"{options[name]}\n{row.strip()}".strip()
    return options


def _myst(lines: list[str]) -> list[Written]:
    lines = _unlisted(lines, FENCE_OPEN)
    found: list[Written] = []
    k = 0
    closers: list[str] = []  # the fences of the directives we are inside
    while k < len(lines):
        line = lines[k]
        match = FENCE.match(line)
        if closers and line.strip() and _closes(line.strip(), closers[-1]):
            closers.pop()
            k += 1
            continue
        if not match:
            k += 1
            continue
        fence, name = match.group(2), match.group(4)
        end = _closing(lines, k, fence)
        if name == "derive":
            found.append(_myst_directive(lines, k, end, match.group(5).strip()))
            k = end + 1
        elif name == "eval-rst":  # its body is reStructuredText, read as such
            found += [_shifted(w, k + 1) for w in _rst(lines[k + 1:end])]
            k = end + 1
        elif name is None or name in LITERAL:
            k = end + 1  # code: nothing in it is a directive
        else:
            closers.append(fence)
            k += 1
    return found


def _shifted(written: Written, lines: int) -> Written:
    """``written`` found in a part of a file that starts ``lines`` lines into it."""
    return replace(written, lineno=written.lineno + lines,
                   body=[(n + lines, text) for n, text in written.body])


def _closes(stripped: str, fence: str) -> bool:
    return (stripped[0] == fence[0] and set(stripped) == {fence[0]}
            and len(stripped) >= len(fence))


def _closing(lines: list[str], k: int, fence: str) -> int:
    """The line of the fence that closes the one opened at line k (or the end of the file)."""
    for j in range(k + 1, len(lines)):
        if lines[j].strip() and _closes(lines[j].strip(), fence):
            return j
    return len(lines)


def _myst_directive(lines: list[str], k: int, end: int, argument: str) -> Written:
    """MyST's reading: options first (``:name:`` lines or a ``---`` block), then the body."""
    inner = lines[k + 1:end]
    options: dict[str, str] = {}
    if inner and inner[0].strip() == "---":
        close = next((i for i in range(1, len(inner)) if inner[i].strip() == "---"), None)
        if close is not None:
            options = _yaml_options(inner[1:close])
            start = close + 1
        else:
            start = 0
    else:
        start = 0
        while start < len(inner) and MYST_OPTION.match(inner[start].strip()):
            start += 1
        options = _options([row.strip() for row in inner[:start]], MYST_OPTION)
    body = [(k + 2 + i, inner[i]) for i in range(start, len(inner))]
    return Written(argument, options, k + 1, lines[k:end + 1], body)


def _yaml_options(rows: list[str]) -> dict[str, str]:
    """``name: value`` rows of a ``---`` block (quotes removed)."""
    options = {}
    for row in rows:
        name, colon, value = row.partition(":")
        if colon and name.strip():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            options[name.strip()] = value
    return options
