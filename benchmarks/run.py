"""Benchmark sphinx_matcalc against plain math on projects of distinct derivations.

    python benchmarks/run.py                       # prints the table (100 pages, 3 paired runs)
    python benchmarks/run.py --write               # ... and writes docs/benchmark-results.rst
    python benchmarks/run.py --pages 3 --runs 1    # what CI runs, to keep it working

Each page holds one distinct derivation with its ``:expect:``: the right claims
of the judge's corpus (``tests/claim_corpus.py``, 100 functions over vectors,
matrices, samples and branches), and past those the same functions made new by
a coefficient c_k. The plain project has the same pages with ``.. math::``
blocks of function and claim. Builds are paired (plain, then matcalc, run after
run) and each figure is the median over the runs. Measured: per-derivation
latency in a warm process (read, derive, judge, check the claim, present, read
back, render), cold build, no-change rebuild, a one-page change (and how many
derivations it re-ran), the ``-j 2`` speed-up and peak memory on a larger
project, and ``matcalc check`` cold and warm where the command is installed.
Timings are wall-clock on this machine; run it by hand, never as a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the corpus is test data, not the package

CONF = 'extensions = ["sphinx_matcalc"]\nmatcalc_timeout = 60\n'
PLAIN_CONF = "extensions = []\n"


def corpus() -> list[tuple[str, str, str, str, str]]:
    """The corpus's right claims: (function, wrt, where, claim, layout), each distinct."""
    import claim_corpus
    return [(b.function, b.wrt, b.where, b.claim, b.layout) for b in claim_corpus.BASES]


def case(k: int) -> tuple[str, str, str, str, str]:
    """Page k's derivation: the k-th corpus claim, past the corpus the same scaled by c_k."""
    items = corpus()
    function, wrt, where, claim, layout = items[k % len(items)]
    if k >= len(items):
        function, claim = rf"c_{{{k}}} \left({function}\right)", rf"c_{{{k}}} \left({claim}\right)"
        where = f"{where}; c_{{{k}}} \\in \\mathbb{{R}}" if where else f"c_{{{k}}} \\in \\mathbb{{R}}"
    return function, wrt, where, claim, layout


def derive_page(k: int, variant: int = 0) -> str:
    function, wrt, where, claim, layout = case(k)
    if variant:  # the page changed: another derivation (a coefficient 2 in front)
        function, claim = rf"2 \left({function}\right)", rf"2 \left({claim}\right)"
    options = f"   :wrt: {wrt}\n" + (f"   :where: {where}\n" if where else "")
    options += f"   :layout: {layout}\n   :expect: {claim}\n"
    return f"Derivation {k}\n{'=' * 20}\n\n.. derive:: {function}\n{options}"


def plain_page(k: int) -> str:
    function, wrt, _, claim, _ = case(k)
    return (f"Derivation {k}\n{'=' * 20}\n\n.. math::\n\n   f = {function}\n\n.. math::\n\n"
            f"   \\frac{{\\partial f}}{{\\partial {wrt}}} = {claim}\n")


def write_project(root: Path, conf: str, pages: list[str]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "conf.py").write_text(conf)
    toc = "\n".join(f"   p{k}" for k in range(len(pages)))
    (root / "index.rst").write_text(f"Benchmark\n=========\n\n.. toctree::\n\n{toc}\n")
    for k, text in enumerate(pages):
        (root / f"p{k}.rst").write_text(text)
    return root


#: One build, then its peak memory: the build's own plus its largest child's (a serial build's
#: worker, stopped first so that it counts; a parallel build's largest reader), as they run
#: at the same time.
BUILD = ("import resource, sys\nfrom sphinx.cmd.build import main\ncode = main(sys.argv[1:])\n"
         "worker = sys.modules.get('sphinx_matcalc.sphinx.background')\n"
         "if worker:\n    worker.shutdown()\n"
         "rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
         "       + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
         "print('MAXRSS', rss, file=sys.stderr)\nsys.exit(code)\n")


def build(root: Path, *args: str, fresh: bool = False) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB, output) of one sphinx-build run (quiet unless -v is asked)."""
    if fresh:
        shutil.rmtree(root / "_build", ignore_errors=True)
    started = time.perf_counter()
    quiet = [] if any(a.startswith("-v") for a in args) else ["-q"]
    out = subprocess.run([sys.executable, "-c", BUILD, "--no-color", "-b", "html", *quiet, *args,
                          str(root), str(root / "_build")], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    rss = int(re.search(r"MAXRSS (\d+)", out.stderr).group(1)) // 1024
    return seconds, rss, out.stdout + out.stderr


def latencies(n: int) -> list[float]:
    """Per-derivation seconds (read, derive, judge, check, present, read back, render) of n
    distinct derivations in one warm process."""
    from sphinx_matcalc.pipeline import Request, run
    from sphinx_matcalc.sphinx import render as rendering
    run(Request(function="x^2", wrt="x"))  # pay imports and ANTLR warm-up once, as a build does
    times = []
    for k in range(n):
        function, wrt, where, claim, layout = case(k)
        started = time.perf_counter()
        outcome = run(Request(function=function, wrt=wrt, where=where, expect=claim,
                              layout=layout), timeout=60)
        rendering.render(outcome, "steps", "page")
        times.append(time.perf_counter() - started)
    return times


def check_command() -> list[str] | None:
    """``matcalc`` as this interpreter runs it, if the package has the command."""
    try:
        import importlib.util
        found = importlib.util.find_spec("sphinx_matcalc.__main__")
    except ImportError:
        found = None
    return [sys.executable, "-m", "sphinx_matcalc"] if found else None


def timed_check(command: list[str], root: Path, cache: Path) -> float:
    started = time.perf_counter()
    out = subprocess.run([*command, "check", "--cache-dir", str(cache), str(root)],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"matcalc check of {root} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return seconds


def machine() -> str:
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    if Path("/proc/meminfo").exists():
        kib = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kib / 2**20:.0f} GiB"
    import sphinx
    import sympy
    return (f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()}, "
            f"Sphinx {sphinx.__version__}, SymPy {sympy.__version__}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def paired(runs: int, first, second) -> tuple[float, float, float]:
    """Median seconds of ``first()`` and ``second()`` run alternately, and the median ratio."""
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b), statistics.median(
        y / x for x, y in zip(a, b))


def measure(n: int, big: int, runs: int, work: Path) -> list[tuple[str, str, str, bool]]:
    matcalc = write_project(work / "matcalc", CONF, [derive_page(k) for k in range(n)])
    plain = write_project(work / "plain", PLAIN_CONF, [plain_page(k) for k in range(n)])
    rss: dict[str, int] = {}

    def cold(root: Path, *args: str) -> float:
        seconds, peak, _ = build(root, *args, fresh=True)
        rss[str(root) + " ".join(args)] = peak
        return seconds

    plain_cold, cold_s, cold_ratio = paired(runs, lambda: cold(plain), lambda: cold(matcalc))
    plain_again, again, again_ratio = paired(runs, lambda: build(plain)[0], lambda: build(matcalc)[0])
    (matcalc / "p1.rst").write_text(derive_page(1, variant=1))
    one_page, _, output = build(matcalc, "-vv")
    rederived = len(re.findall(r"\[matcalc\] deriving", output))

    large = write_project(work / "large", CONF, [derive_page(k) for k in range(big)])
    large_plain = write_project(work / "large-plain", PLAIN_CONF, [plain_page(k) for k in range(big)])
    serial, parallel, _ = paired(runs, lambda: cold(large), lambda: cold(large, "-j", "2"))
    _, _, output = build(large, "-j", "2", "-vv", fresh=True)
    parallel_derived = len(re.findall(r"\[matcalc\] deriving", output))
    cold(large_plain)
    memory = rss[str(large)] / rss[str(large_plain)]

    times = latencies(max(n, min(big, 100)))
    p50, p99, worst = percentile(times, 0.5), percentile(times, 0.99), max(times)
    rows = [
        (f"per derivation, p50 ({len(times)} distinct)", f"{p50 * 1000:.0f} ms", "≤ 10 ms",
         p50 <= 0.010),
        ("per derivation, p99", f"{p99 * 1000:.0f} ms", "≤ 150 ms", p99 <= 0.150),
        ("per derivation, max", f"{worst * 1000:.0f} ms", "≤ 1 s", worst <= 1.0),
        (f"cold build, {n} pages", f"{cold_s:.1f} s vs {plain_cold:.1f} s plain ({cold_ratio:.2f}×)",
         "≤ 1.5× plain", cold_ratio <= 1.5),
        ("no-change rebuild", f"{again:.2f} s vs {plain_again:.2f} s plain ({again_ratio:.2f}×)",
         "≤ 1.05× plain", again_ratio <= 1.05),
        ("one page changed", f"{one_page:.1f} s, {rederived} derivation(s) re-run",
         "that page only", rederived == 1),
        (f"-j 2 cold speed-up, {big} pages", f"{serial:.1f} s → {parallel:.1f} s "
         f"({serial / parallel:.2f}×), {parallel_derived} derivations for {big} pages",
         "≥ 1.3×, none redone", serial / parallel >= 1.3 and parallel_derived == big),
        (f"peak memory, {big} pages", f"{rss[str(large)]} MiB vs {rss[str(large_plain)]} MiB "
         f"plain ({memory:.2f}×)", "≤ 1.6× plain", memory <= 1.6),
    ]
    command = check_command()
    if command:
        cache = work / "check-cache"
        shutil.rmtree(cache, ignore_errors=True)
        cold_check = timed_check(command, large, cache)
        warm_check = statistics.median(timed_check(command, large, cache) for _ in range(runs))
        budget = 0.5 + 0.015 * big
        rows += [
            (f"matcalc check, {big} derivations, cold", f"{cold_check:.1f} s",
             f"≤ {budget:.1f} s", cold_check <= budget),
            (f"matcalc check, {big} derivations, warm cache", f"{warm_check:.2f} s", "≤ 2 s",
             warm_check <= 2.0),
        ]
    return rows


def table(rows: list[tuple[str, str, str, bool]], n: int, runs: int) -> str:
    head = ("Measure", "Result", "Target")
    width = [max(len(r[i]) for r in [(*head, True), *rows]) for i in range(3)]
    line = "  ".join("=" * w for w in width) + "  ====="
    out = [line, "  ".join(h.ljust(w) for h, w in zip(head, width)) + "  Met", line]
    for measure_, result, target, met in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip((measure_, result, target), width))
                   + ("  yes" if met else "  no"))
    out.append(line)
    return (f".. Generated by benchmarks/run.py --pages {n} --runs {runs} --write; do not edit "
            f"by hand.\n\nMeasured on {time.strftime('%Y-%m-%d')}: {machine()}. Builds are "
            f"medians of {runs} paired runs.\n\n" + "\n".join(out) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the cold-build project")
    parser.add_argument("--large", type=int, default=None,
                        help="pages of the -j 2, memory and check project (default 2 × pages)")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per build figure")
    parser.add_argument("--write", action="store_true",
                        help="write the table to docs/benchmark-results.rst (else only print it)")
    parser.add_argument("--out", type=Path, default=None, help="write the table here instead")
    args = parser.parse_args()
    big = args.large or 2 * args.pages
    work = Path(tempfile.mkdtemp(prefix="matcalc-bench-"))
    try:
        rows = measure(args.pages, big, args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows, args.pages, args.runs)
    out = args.out or (HERE.parent / "docs" / "benchmark-results.rst" if args.write else None)
    if out is not None:
        out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
