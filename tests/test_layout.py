"""The package's layout: one folder per stage, imports that point down the pipeline only.

The import graph is read from the source (every import statement, also those
inside functions), so a cycle or a stage reaching into Sphinx fails here even
where a lazy import would hide it at run time.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "sphinx_matcalc"
SHARED = {"errors", "results", "nodes", "quantities", "vocabulary"}
#: What each part may import from the package: earlier stages and the shared modules.
ALLOWED = {
    "shared": {"shared"},
    "read": {"shared", "read"},
    "engine": {"shared", "engine"},
    "judge": {"shared", "judge"},
    "present": {"shared", "engine", "present"},
    "readback": {"shared", "read", "engine", "judge"},
    "pipeline": {"shared", "read", "engine", "judge", "present", "readback", "pipeline"},
    # the Python API (derive, check) and what check needs: Sphinx-free, below the extension
    "api": {"shared", "pipeline", "api"},
    "sphinx": {"shared", "read", "engine", "judge", "present", "readback", "pipeline", "api",
               "sphinx", "top"},
    "cli": {"shared", "read", "engine", "judge", "present", "readback", "pipeline", "api",
            "cli", "top"},
    "top": {"api", "sphinx", "top"},
}
OUTSIDE_SPHINX = {"shared", "read", "engine", "judge", "present", "readback", "pipeline", "api",
                  "cli"}
#: Modules tests and the benchmark may import (packages: the names in their __all__).
PUBLIC = {"sphinx_matcalc", "sphinx_matcalc.errors", "sphinx_matcalc.results",
          "sphinx_matcalc.pipeline", "sphinx_matcalc.vocabulary", "sphinx_matcalc.read",
          "sphinx_matcalc.engine", "sphinx_matcalc.judge", "sphinx_matcalc.present",
          "sphinx_matcalc.sphinx", "sphinx_matcalc.api", "sphinx_matcalc.cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (relative imports resolved), wherever the statement is."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names}
            submodules = {m for m in submodules
                          if (PACKAGE.parent / m.replace(".", "/")).with_suffix(".py").exists()}
            found |= submodules  # from . import rules imports the module rules
            if len(submodules) < len(node.names):
                found.add(base)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {i for i in imports(p) if i in modules and i != m} for m, p in modules.items()}


def part(module: str) -> str:
    pieces = module.split(".")[1:]
    if not pieces:
        return "top"
    if pieces[0] in SHARED:
        return "shared"
    return {"__main__": "cli"}.get(pieces[0], pieces[0])


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_in_a_circle():
    edges = graph()
    assert len(edges) > 20
    assert cycles(edges) == []
    stage_edges = {part(m): set() for m in edges}
    for m, targets in edges.items():
        stage_edges[part(m)] |= {part(t) for t in targets} - {part(m)}
    assert cycles(stage_edges) == []


def test_imports_point_down_the_pipeline():
    wrong = [(m, t) for m, targets in graph().items() for t in targets
             if part(t) not in ALLOWED[part(m)]]
    assert wrong == []


def test_reader_engine_judge_and_printer_never_import_sphinx():
    wrong = [(module_name(p), i) for p in PACKAGE.rglob("*.py")
             if part(module_name(p)) in OUTSIDE_SPHINX
             for i in imports(p) if i.split(".")[0] in ("sphinx", "docutils", "myst_parser")
             or i.startswith("sphinx_matcalc.sphinx")]
    assert wrong == []


def test_a_derivation_loads_no_sphinx_module():
    code = ("import sys; from sphinx_matcalc.pipeline import Request, run, warm_up; warm_up(); "
            "run(Request(function=r'\\mathbf{w} \\cdot \\mathbf{x}', wrt=r'\\mathbf{w}', "
            "expect=r'\\mathbf{x}^T')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _exported(module: str) -> set[str]:
    init = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__"
                                                for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def test_tests_and_the_benchmark_import_only_the_public_api():
    wrong = []
    files = list(Path(__file__).parent.glob("*.py")) + list(
        (PACKAGE.parent / "benchmarks").glob("*.py"))
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [(a.name, None) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [(node.module, a.name) for a in node.names]
            else:
                continue
            for module, name in names:
                if not module or not module.startswith("sphinx_matcalc"):
                    continue
                is_package = (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()
                if module not in PUBLIC or (is_package and module != "sphinx_matcalc" and name
                                            and name not in _exported(module)):
                    wrong.append(f"{path.name}: {module} {name or ''}")
    assert wrong == []


def test_modules_stay_small():
    """About 400 lines at most, unless the module's docstring says why it is longer."""
    long = [module_name(p) for p in PACKAGE.rglob("*.py")
            if len(p.read_text().splitlines()) > 420
            and "longer than" not in (ast.get_docstring(ast.parse(p.read_text())) or "")]
    assert long == []
