"""The ``matcalc`` command, run as a user runs it: a subprocess of ``python -m sphinx_matcalc``
(and of the installed ``matcalc`` script where it is installed), on real files.

The lines it reports are compared with those of a real Sphinx build of the same project,
for RST and for both MyST fences; the example project and the project's docs pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx_projects import build, messages, project

ROOT = Path(__file__).parents[1]
COMMAND = [sys.executable, "-m", "sphinx_matcalc"]

#: One failure of each kind of place: the argument, an option, a step, a body line, a
#: :layout: in the wrong case (accepted), a YAML option block, nested fences, code to skip.
RST = r"""Lines
=====

Text before.

.. derive:: x^2
   :wrt: x
   :expect: 3x

.. derive:: x^2
   :wrt: x

   = 2x
   = 3x

.. derive:: x^2
   :wrt: x
   :where: x \in \mathbb{Q}

.. note::

   .. derive:: x^{2
      :wrt: x

.. derive:: \mathbf{w} \cdot \mathbf{x}
   :wrt: \mathbf{w}
   :layout: Denominator
   :expect: \mathbf{x}

.. derive:: x^2
   :wrt: x

   2x

.. code-block:: rst

   .. derive:: x^2
      :wrt: x
      :expect: 5x

A literal block::

   .. derive:: x^2
      :wrt: x
      :expect: 6x

..
   .. derive:: x^2
      :wrt: x
      :expect: 7x
"""

MD = r"""# Lines

```{derive} x^2
:wrt: x
:expect: 3x
```

:::{derive} x^2
:wrt: x

= 2x
= 3x
:::

```{derive} x^2
:wrt: x
= 2x
= 3x
```

````{note}
```{derive} x^{2
:wrt: x
```
````

```{derive} x^2
---
wrt: x
expect: 3x
---
```

```{derive} x^2
:wrt: x
:layout: sideways
```

````md
```{derive} x^2
:wrt: x
:expect: 5x
```
````
"""


def run(*args: str, cwd: Path, command: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "MATCALC_CACHE_DIR": str(cwd / ".matcalc-cache")}
    return subprocess.run([*(command or COMMAND), *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=600)


def located(output: str) -> list[str]:
    """'file:line:subtype' of each message the command printed."""
    found = []
    for line in output.splitlines():
        if line.startswith(" ") or "[matcalc." not in line:
            continue
        where, _, rest = line.partition(": ")
        name, line_number = where.rsplit(":", 1)
        found.append(f"{Path(name).name}:{line_number}:{rest.rsplit('[matcalc.', 1)[1][:-1]}")
    return found


def test_check_reports_at_the_lines_the_sphinx_build_reports(tmp_path):
    root = project(tmp_path / "docs", {"lines.rst": RST, "md.md": MD})
    code, output = build(root)
    expected = sorted(messages(output))
    assert len(expected) == 11  # the two wrong pages' failures, nothing from code blocks
    out = run("check", "docs", cwd=tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    assert sorted(located(out.stdout)) == expected
    assert "md.md:5:" in "\n".join(expected) and "lines.rst:8:" in "\n".join(expected)
    assert out.stdout.strip().splitlines()[-1] == (
        "matcalc: 12 derivation(s) in 3 file(s) checked, 11 failed.")


def test_one_wrong_claim_in_a_myst_file_fails_at_its_line_and_the_fix_passes(tmp_path):
    good = "# Good\n\n```{derive} \\mathbf{w} \\cdot \\mathbf{x}\n:wrt: \\mathbf{w}\n" \
           ":expect: \\mathbf{x}^T\n```\n"
    root = project(tmp_path / "notes", {"good.md": good, "bad.md": good.replace(
        ":expect: \\mathbf{x}^T", ":expect: \\mathbf{x}")})
    out = run("check", str(root), cwd=tmp_path)
    assert out.returncode == 1
    first = out.stdout.splitlines()[0]
    assert first.startswith(f"{root / 'bad.md'}:5: The claim \\mathbf{{x}} is the transpose")
    assert first.endswith("[matcalc.wrong]")
    assert len(located(out.stdout)) == 1
    (root / "bad.md").write_text(good)
    again = run("check", str(root), cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert again.stdout.strip().endswith("all correct.")


@pytest.mark.parametrize("folder, least", [("example_project", 15), ("docs", 4)])
def test_the_example_project_and_the_docs_pass(folder, least, tmp_path):
    out = run("check", "-j", "2", "--format", "json", str(ROOT / folder), cwd=tmp_path)
    report = json.loads(out.stdout)
    assert out.returncode == 0, report["failures"]
    assert report["ok"] and report["failures"] == []
    assert report["derivations"] >= least  # (the docs' other examples are code blocks)


def test_the_installed_matcalc_script_is_the_same_command(tmp_path):
    script = shutil.which("matcalc", path=str(Path(sys.executable).parent))
    if script is None:
        if os.environ.get("MATCALC_REQUIRE_COMMAND"):
            pytest.fail("the matcalc script is not installed beside this Python")
        pytest.skip("the matcalc console script is not installed here (pip install -e . "
                    "installs it; CI requires it)")
    project(tmp_path / "p", {"md.md": MD})
    by_script = run("check", "--no-cache", "p", cwd=tmp_path, command=[script])
    by_module = run("check", "--no-cache", "p", cwd=tmp_path)
    assert by_script.returncode == by_module.returncode == 1
    assert by_script.stdout == by_module.stdout and len(located(by_script.stdout)) == 6


def test_the_cache_is_used_on_the_second_run_and_can_be_placed(tmp_path):
    root = project(tmp_path / "p", {"md.md": MD})
    cache = tmp_path / "ci-cache"
    first = run("check", "--cache-dir", str(cache), "p", cwd=tmp_path)
    assert (cache / "derivations.json").exists()
    assert "from the cache" not in first.stdout
    second = run("check", "--cache-dir", str(cache), "p", cwd=tmp_path)
    assert located(second.stdout) == located(first.stdout)
    # every directive that made a request (the sixth fails at its :layout: before that)
    assert "(5 from the cache)" in second.stdout
    (cache / "derivations.json").write_text("{not json")  # a damaged cache is an empty one
    third = run("check", "--cache-dir", str(cache), "p", cwd=tmp_path)
    assert located(third.stdout) == located(first.stdout)
    none = run("check", "--no-cache", "p", cwd=tmp_path)
    assert not (tmp_path / ".matcalc-cache").exists() and none.returncode == 1
    assert root.exists()


def test_parallel_and_sharded_checks_find_the_same_failures(tmp_path):
    pages = {f"p{k}.rst": RST for k in range(4)} | {f"m{k}.md": MD for k in range(3)}
    project(tmp_path / "p", pages)
    serial = run("check", "--no-cache", "p", cwd=tmp_path)
    parallel = run("check", "--no-cache", "-j", "2", "p", cwd=tmp_path)
    assert parallel.stdout == serial.stdout
    shards = [run("check", "--no-cache", "--shard", f"{k}/3", "p", cwd=tmp_path)
              for k in (1, 2, 3)]
    found = [located(s.stdout) for s in shards]
    assert sorted(sum(found, [])) == sorted(located(serial.stdout))
    files = [{m.split(":")[0] for m in f} for f in found]
    assert all(not (a & b) for i, a in enumerate(files) for b in files[i + 1:])
    again = run("check", "--no-cache", "--shard", "2/3", "p", cwd=tmp_path)
    assert again.stdout == shards[1].stdout
    bad = run("check", "--shard", "4/3", "p", cwd=tmp_path)
    assert bad.returncode == 2 and "1 ≤ K ≤ N" in bad.stderr


def test_conf_py_is_run_and_with_no_conf_only_read(tmp_path):
    page = ("Page\n====\n\n.. derive:: \\mathbf{w} \\cdot \\mathbf{x}\n   :wrt: \\mathbf{w}\n"
            "   :expect: \\mathbf{x}\n")
    conf = ('import os\nextensions = ["sphinx_matcalc"]\n'
            'matcalc_layout = "denomi" + "nator"  # computed: only running conf.py knows it\n')
    root = project(tmp_path / "p", {"page.rst": page}, conf=conf)
    assert build(root)[0] == 0
    assert run("check", "p", cwd=tmp_path).returncode == 0  # conf.py was run
    read_only = run("check", "--no-conf", "p", cwd=tmp_path)
    assert read_only.returncode == 1
    assert f"{Path('p') / 'conf.py'}:3: matcalc_layout in conf.py is not a literal" in \
        read_only.stdout
    (root / "conf.py").write_text('extensions = ["sphinx_matcalc"]\n'
                                  'matcalc_layout = "Denominator"\n')
    assert run("check", "--no-conf", "p", cwd=tmp_path).returncode == 0  # literal, any case
    assert build(root)[0] == 0


def test_a_bad_config_value_is_reported_once_at_its_conf_py_line(tmp_path):
    page = "Page\n====\n\n" + ".. derive:: x^2\n   :wrt: x\n\n" * 3
    conf = 'extensions = ["sphinx_matcalc"]\n\nmatcalc_layout = "sideways"\n'
    root = project(tmp_path / "p", {"page.rst": page}, conf=conf)
    out = run("check", "p", cwd=tmp_path)
    assert out.returncode == 1
    assert located(out.stdout) == ["conf.py:3:declaration"]
    code, output = build(root)
    assert code == 1 and output.count("matcalc_layout in conf.py must be") == 1


def test_conf_py_that_fails_is_reported_not_a_traceback(tmp_path):
    conf = 'extensions = ["sphinx_matcalc"]\nraise RuntimeError("no such theme")\n'
    project(tmp_path / "p", {"page.rst": "Page\n====\n"}, conf=conf)
    out = run("check", "p", cwd=tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert "conf.py:2: conf.py could not be run (RuntimeError: no such theme)" in out.stdout


def test_suppressed_and_non_fatal_failures_follow_conf_py(tmp_path):
    wrong = "Page\n====\n\n.. derive:: x^2\n   :wrt: x\n   :expect: 3x\n"
    conf = 'extensions = ["sphinx_matcalc"]\nmatcalc_fail_on_error = False\n'
    project(tmp_path / "p", {"page.rst": wrong}, conf=conf)
    out = run("check", "p", cwd=tmp_path)
    assert out.returncode == 0 and located(out.stdout) == ["page.rst:6:wrong"]


def test_a_missing_path_is_a_usage_error(tmp_path):
    out = run("check", "nowhere", cwd=tmp_path)
    assert out.returncode == 2 and "nowhere: no such file or directory" in out.stderr


NEURON = [r"a = \max(0, \mathbf{w} \cdot \mathbf{x} + b)", "--wrt", r"\mathbf{w}, b", "--where",
          r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}"]


def test_derive_prints_the_papers_neuron_readably(tmp_path):
    out = run("derive", *NEURON, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "∂a/∂𝐰, numerator layout:"
    assert "  let u = 𝐰 · 𝐱 + b" in lines
    assert "∂a/∂𝐰 = 𝟙[𝐰 · 𝐱 + b > 0] 𝐱ᵀ   ∈ ℝ^(1×n)" in lines
    assert "∂a/∂b = 𝟙[𝐰 · 𝐱 + b > 0]   ∈ ℝ" in lines
    assert any("[Vector chain rule]" in line for line in lines)
    assert "\\" not in out.stdout  # no LaTeX left over


def test_derive_markdown_is_a_block_that_checks(tmp_path):
    out = run("derive", *NEURON, "--markdown", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.count("```{derive}") == 2
    root = project(tmp_path / "notes", {"neuron.md": "# Neuron\n\n" + out.stdout})
    checked = run("check", str(root), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "2 derivation(s)" in checked.stdout
    code, output = build(root, "-W")
    assert code == 0, output


def test_derive_latex_and_a_wrong_expect(tmp_path):
    latex = run("derive", r"\mathbf{x}^T A \mathbf{x}", "--wrt", r"\mathbf{x}", "--where",
                r"A \in \mathbb{R}^{n \times n}, \mathbf{x} \in \mathbb{R}^{n}", "--latex",
                cwd=tmp_path)
    assert latex.returncode == 0
    assert latex.stdout.startswith("\\begin{aligned}")
    assert r"\mathbf{x}^T \left(A + A^T\right) \in \mathbb{R}^{1 \times n}" in latex.stdout
    wrong = run("derive", "x^2", "--wrt", "x", "--expect", "3x", cwd=tmp_path)
    assert wrong.returncode == 1 and wrong.stdout == ""
    assert wrong.stderr.startswith("matcalc: The claim 3x is not the derivative")
    assert "[matcalc.wrong]" in wrong.stderr
    bad = run("derive", "x^{2", "--wrt", "x", cwd=tmp_path)
    assert bad.returncode == 1 and "    x^{2\n        ^" in bad.stderr


def test_derive_code_prints_a_function_that_runs(tmp_path):
    out = run("derive", *NEURON, "--code", "numpy", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "def da_dw(w, b, x):" in out.stdout and "def da_db(w, b, x):" in out.stdout
    module = tmp_path / "neuron_grad.py"
    module.write_text(out.stdout)
    use = ("import numpy as np\nfrom neuron_grad import da_dw\n"
           "w, x = np.array([1.0, -2.0]), np.array([3.0, 0.5])\n"
           "print(da_dw(w, 0.25, x).tolist(), da_dw(w, -5.0, x).tolist())\n")
    result = subprocess.run([sys.executable, "-c", use], cwd=tmp_path, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[[3.0, 0.5]] [[0.0, 0.0]]"


def test_a_gen_or_tests_folder_where_the_build_runs_breaks_nothing(tmp_path):
    """latex2sympy2 imports a top-level ``gen``: the build's directory's own must not shadow it."""
    for name in ("gen", "tests"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(f"raise ImportError('the project's {name}')\n")
    (tmp_path / "gen" / "PSParser.py").write_text("raise ImportError('not the parser')\n")
    scalar = "Page\n====\n\n.. derive:: x^2 + \\sin x\n   :wrt: x\n   :expect: 2x + \\cos x\n"
    project(tmp_path / "p", {"page.rst": scalar})
    built = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "p",
                            "p/_build"], cwd=tmp_path, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stderr
    checked = run("check", "p", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    code = "import sphinx_matcalc.read as r; r.latex2sympy2_module(); import gen"
    other = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                           text=True)
    assert "the project's gen" in other.stderr  # the project's own gen is still its own


def test_the_python_api_checks_and_reports_progress(tmp_path):
    import sphinx_matcalc
    root = project(tmp_path / "p", {"md.md": MD})
    seen = []
    report = sphinx_matcalc.check(root, cache=False, progress=lambda done, total: seen.append(
        (done, total)))
    assert not report.ok and len(report.failures) == 6
    assert seen and seen[-1][0] == seen[-1][1] == len(seen)
    assert [f.line for f in report.failures] == sorted(f.line for f in report.failures)
    (root / "md.md").write_text("# Fixed\n")
    assert sphinx_matcalc.check(root, cache=False).ok
    assert sphinx_matcalc.derive(r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}").results[0] \
        .result == r"\mathbf{x}^T"  # as derive's docstring says


def test_by_default_many_derivations_are_made_in_one_process_per_cpu(tmp_path, monkeypatch):
    """jobs=0 (the command's default): a pool of one process per CPU from AUTO_FROM
    derivations to make, none below (each process pays for the engine's import)."""
    from concurrent.futures import ThreadPoolExecutor

    import sphinx_matcalc
    pools = []

    class Counted(ThreadPoolExecutor):  # threads stand in for processes: the count matters
        def __init__(self, max_workers, initializer=None):
            pools.append(max_workers)
            super().__init__(max_workers=max_workers, initializer=initializer)
    monkeypatch.setattr("sphinx_matcalc.api.checking.ProcessPoolExecutor", Counted)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    page = "Page {k}\n=======\n\n.. derive:: x^{{{k}}}\n   :wrt: x\n   :expect: {k} x^{{{j}}}\n"
    few = project(tmp_path / "few", {f"p{k}.rst": page.format(k=k, j=k - 1) for k in range(2, 5)})
    assert sphinx_matcalc.check(few, jobs=0, cache=False).ok and pools == []
    many = project(tmp_path / "many", {f"p{k}.rst": page.format(k=k, j=k - 1)
                                       for k in range(2, 20)})
    report = sphinx_matcalc.check(many, jobs=0, cache=False)
    assert report.ok and pools == [2]
    serial = sphinx_matcalc.check(many, jobs=1, cache=False)
    assert [f.message for f in serial.failures] == [f.message for f in report.failures] == []


LISTED_RST = """Listed
======

- .. derive:: x^2
     :wrt: x
     :expect: 3x

.. list-table::

   * - Rule
     - .. derive:: x^3
          :wrt: x
          :expect: 2x
   * - .. derive:: x^4
          :wrt: x
          :expect: 4x^3
     - text
"""

LISTED_MD = """# Listed

```{list-table}
* - Rule
  - ```{derive} x^3
    :wrt: x
    :expect: 2x
    ```
```

```{eval-rst}
Some RST.

.. derive:: x^5
   :wrt: x
   :expect: 4x^4
```
"""


def test_check_finds_derivations_in_lists_tables_and_eval_rst(tmp_path):
    """A derive directive in a list item, a list-table (RST and MyST) or MyST's eval-rst is
    one the build runs: check finds it there, at the build's line (before, it was skipped,
    and check passed a project whose build failed)."""
    root = project(tmp_path / "docs", {"listed.rst": LISTED_RST, "table.md": LISTED_MD})
    code, output = build(root)
    expected = sorted(messages(output))
    assert code == 1 and len(expected) == 4, output[-2000:]
    out = run("check", "docs", cwd=tmp_path)
    assert out.returncode == 1 and sorted(located(out.stdout)) == expected, out.stdout
