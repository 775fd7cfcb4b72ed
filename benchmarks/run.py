"""Benchmark sphinx_matcalc against plain math on projects of N pages.

    python benchmarks/run.py --pages 100            # writes docs/benchmark-results.rst

Each page holds one derivation (the paper's and beyond-paper cases, each
with :expect:, made distinct by a coefficient); the plain project has the
same pages with a ``.. math::`` block of the result. Measured: cold build,
no-change rebuild, one-page-changed rebuild (and how many derivations it
ran), cold build with -j 2, per-derivation latency (parse, derive, verify,
check, render) and peak memory. Timings are wall-clock on this machine;
run it by hand, never as a test (CI runs it at a tiny N to keep it working).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VEC = r"\mathbf{w}, \mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}; b, y \in \mathbb{R}"
# (function, wrt, result in numerator layout), all checked by :expect:
CASES = [
    (r"\mathbf{w} \cdot \mathbf{x} + b", r"\mathbf{w}", r"\mathbf{x}^T"),
    (r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{w}", r"\operatorname{diag}(\mathbf{x})"),
    (r"\operatorname{sum}(\mathbf{x})", r"\mathbf{x}", r"\mathbf{1}^T"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}",
     r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0] \mathbf{x}^T"),
    (r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", "b", r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0]"),
    (r"\frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, \mathbf{w} \cdot \mathbf{x}_i + b))^2", r"\mathbf{w}",
     r"\frac{2}{N} \sum_{i=1}^{N} \mathbb{1}[\mathbf{w} \cdot \mathbf{x}_i + b > 0] "
     r"(\mathbf{w} \cdot \mathbf{x}_i + b - y_i) \mathbf{x}_i^T"),
    (r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", r"\mathbf{x}^T (A + A^T)"),
    (r"\|A\mathbf{x} - \mathbf{a}\|_2^2", r"\mathbf{x}", r"2 (A\mathbf{x} - \mathbf{a})^T A"),
    (r"\log(1 + \exp(-y \mathbf{w} \cdot \mathbf{x}))", r"\mathbf{w}",
     r"-y \sigma(-y \mathbf{w} \cdot \mathbf{x}) \mathbf{x}^T"),
    (r"\sigma(W \mathbf{x})", r"\mathbf{x}",
     r"\operatorname{diag}(\sigma(W\mathbf{x}) \odot (\mathbf{1} - \sigma(W\mathbf{x}))) W"),
    (r"\log\det X", "X", "X^{-1}"),
    (r"\operatorname{tr}(A X)", "X", "A"),
]

CONF = 'extensions = ["sphinx_matcalc"]\nmatcalc_timeout = 60\n'
PLAIN_CONF = "extensions = []\n"


def case(k: int) -> tuple[str, str, str]:
    """Page k's derivation: a case, made distinct by the coefficient c_{k}."""
    function, wrt, result = CASES[k % len(CASES)]
    return rf"c_{{{k}}} \left({function}\right)", wrt, rf"c_{{{k}}} \left({result}\right)"


def derive_page(k: int, variant: int = 0) -> str:
    function, wrt, result = case(k + variant * 1000)
    return (f"Derivation {k}\n{'=' * 20}\n\n.. derive:: {function}\n   :wrt: {wrt}\n"
            f"   :where: {VEC}\n   :expect: {result}\n")


def plain_page(k: int) -> str:
    function, wrt, result = case(k)
    return (f"Derivation {k}\n{'=' * 20}\n\n.. math::\n\n   f = {function}\n\n.. math::\n\n"
            f"   \\frac{{\\partial f}}{{\\partial {wrt}}} = {result}\n")


def write_project(root: Path, conf: str, pages: list[str]) -> None:
    root.mkdir(parents=True)
    (root / "conf.py").write_text(conf)
    toc = "\n".join(f"   p{k}" for k in range(len(pages)))
    (root / "index.rst").write_text(f"Benchmark\n=========\n\n.. toctree::\n\n{toc}\n")
    for k, text in enumerate(pages):
        (root / f"p{k}.rst").write_text(text)


BUILD = ("import resource, sys\nfrom sphinx.cmd.build import main\ncode = main(sys.argv[1:])\n"
         "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
         "          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
         "print('MAXRSS', rss, file=sys.stderr)\nsys.exit(code)\n")


def build(root: Path, *args: str) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB, output) of one sphinx-build run (quiet unless -v is asked)."""
    started = time.perf_counter()
    quiet = [] if any(a.startswith("-v") for a in args) else ["-q"]
    out = subprocess.run([sys.executable, "-c", BUILD, "--no-color", "-b", "html", *quiet, *args, str(root),
                          str(root / "_build")], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{out.stdout}\n{out.stderr}")
    rss = int(re.search(r"MAXRSS (\d+)", out.stderr).group(1)) // 1024
    return seconds, rss, out.stdout + out.stderr


def latencies(n: int) -> list[float]:
    """Per-derivation seconds (parse, derive, verify, check) in one warm process."""
    from sphinx_matcalc.pipeline import Request, run
    from sphinx_matcalc.sphinx import render as rendering
    render = rendering.render
    run(Request(function="x^2", wrt="x"))  # pay imports and ANTLR warm-up once, as a build does
    times = []
    for k in range(n):
        function, wrt, result = case(k)
        started = time.perf_counter()
        outcome = run(Request(function=function, wrt=wrt, where=VEC, expect=result), timeout=60)
        render(outcome, "steps", "page")
        times.append(time.perf_counter() - started)
    return times


def machine() -> str:
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1) if found else cpu
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).parent.parent / "docs" / "benchmark-results.rst")
    args = parser.parse_args()
    n = args.pages
    work = Path(tempfile.mkdtemp(prefix="matcalc-bench-"))
    try:
        matcalc, plain, parallel = work / "matcalc", work / "plain", work / "parallel"
        write_project(matcalc, CONF, [derive_page(k) for k in range(n)])
        write_project(plain, PLAIN_CONF, [plain_page(k) for k in range(n)])
        write_project(parallel, CONF, [derive_page(k) for k in range(n)])

        plain_cold, plain_rss, _ = build(plain)
        cold, rss, _ = build(matcalc)
        plain_again, _, _ = build(plain)
        again, _, _ = build(matcalc)
        (matcalc / "p1.rst").write_text(derive_page(1, variant=1))
        one_page, _, output = build(matcalc, "-vv")
        rederived = len(re.findall(r"\[matcalc\] deriving", output))
        cold_j2, rss_j2, _ = build(parallel, "-j", "2")
        times = latencies(n)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    rows = [
        ("per-derivation latency, p50", f"{p50 * 1000:.0f} ms", "≤ 50 ms", p50 <= 0.050),
        ("per-derivation latency, p99", f"{p99 * 1000:.0f} ms", "≤ 500 ms", p99 <= 0.500),
        (f"cold build, {n} pages", f"{cold:.1f} s vs {plain_cold:.1f} s plain "
         f"({cold / plain_cold:.2f}×)", "≤ 3× plain", cold <= 3 * plain_cold),
        ("no-change rebuild", f"{again:.1f} s vs {plain_again:.1f} s plain "
         f"({again / plain_again:.2f}×)", "≤ 1.2× plain", again <= 1.2 * plain_again),
        ("one page changed", f"{one_page:.1f} s, {rederived} derivation(s) re-run",
         "that page only", rederived == 1),
        ("cold build with -j 2", f"{cold_j2:.1f} s ({cold / cold_j2:.2f}× speed-up)",
         "≥ 1.5× speed-up", cold / cold_j2 >= 1.5),
        ("peak memory", f"{rss} MiB (plain {plain_rss} MiB, -j 2 {rss_j2} MiB)", "", True),
    ]
    width = [max(len(r[i]) for r in rows + [("Measure", "Result", "Target", True)])
             for i in range(3)]
    line = "  ".join("=" * w for w in width) + "  ====="
    table = [line, "  ".join(h.ljust(w) for h, w in zip(("Measure", "Result", "Target"), width))
             + "  Met", line]
    for measure, result, target, met in rows:
        table.append("  ".join(c.ljust(w) for c, w in zip((measure, result, target), width))
                     + ("  yes" if met else "  no"))
    table.append(line)
    text = (f".. Generated by benchmarks/run.py --pages {n}; do not edit by hand.\n\n"
            f"Measured on {time.strftime('%Y-%m-%d')}: {machine()}.\n\n" + "\n".join(table) + "\n")
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
