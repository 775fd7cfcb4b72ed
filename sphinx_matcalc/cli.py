"""The ``matcalc`` command (also ``python -m sphinx_matcalc``): check derivations anywhere.

``matcalc check PATH...`` checks every derive directive in the .rst and .md
files under the paths as the Sphinx build would, and prints
``file:line: message [matcalc.subtype]`` with a one-line summary; the exit
status is 1 when a derivation failed. ``matcalc derive LATEX --wrt V`` prints
one derivation as Unicode text, ``--latex``, ``--markdown`` (a MyST block to
paste) or ``--code numpy``. Both are the Python API (``sphinx_matcalc.api``)
with a command line around it; nothing here imports Sphinx.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from typing import Sequence, TextIO

from . import __version__
from .api import MatcalcError, check, derive
from .api.checking import AUTO_FROM, parse_shard
from .api.written import message
from .present import to_text
from .results import Outcome, Result

PROGRESS_FROM = 20  # derivations: a progress bar on a terminal from this many


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="matcalc", description="Check matrix-calculus derivations written with "
        "sphinx_matcalc's derive directive, or derive one at the terminal.")
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("check", help="check every derive directive under the paths",
                              description="Check every derive directive in the .rst and .md "
                              "files under PATH (default: .), as the Sphinx build does.")
    run.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    run.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                     help="derive in N processes ('auto': one per CPU; by default one per "
                     f"CPU from {AUTO_FROM} derivations to make, else one)")
    run.add_argument("--format", choices=("text", "json"), default="text")
    run.add_argument("--no-conf", action="store_true",
                     help="do not run conf.py: read only its literal matcalc_* assignments")
    run.add_argument("--cache-dir", metavar="DIR",
                     help="where outcomes are cached between runs (default: "
                     "$MATCALC_CACHE_DIR, else ~/.cache/sphinx_matcalc)")
    run.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    run.add_argument("--shard", metavar="K/N", type=_shard,
                     help="check only the K-th of N deterministic shards of the files")

    one = commands.add_parser("derive", help="derive one expression and print it",
                              description="Derive LATEX as the directive would and print it.")
    one.add_argument("function", metavar="LATEX", help=r"the function, e.g. '\mathbf{w} "
                     r"\cdot \mathbf{x} + b' (quote it for the shell)")
    one.add_argument("--wrt", required=True, help="the variable(s), comma-separated")
    one.add_argument("--where", default="", help="shape declarations, as :where:")
    one.add_argument("--expect", default="", help="a claimed result, checked")
    one.add_argument("--let", default="", help="names for intermediates, as :let:")
    one.add_argument("--layout", default="numerator", help="numerator (default) or denominator")
    one.add_argument("--show", choices=("steps", "result"), default="steps")
    shown = one.add_mutually_exclusive_group()
    shown.add_argument("--latex", action="store_true", help="print LaTeX")
    shown.add_argument("--markdown", action="store_true",
                       help="print a MyST derive block (its :expect: the result) to paste")
    shown.add_argument("--code", choices=("numpy",), help="print a checked numpy function")
    one.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    return main


def _jobs(text: str) -> int:
    if text == "auto":
        return os.cpu_count() or 1
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"-j takes a number or 'auto', not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("-j takes a number of at least 1")
    return value


def _shard(text: str) -> str:
    try:
        parse_shard(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; its exit status (0 all correct, 1 a failure, 2 a usage error)."""
    out = out or sys.stdout
    args = parser().parse_args(argv)
    try:
        return _check(args, out) if args.command == "check" else _derive(args, out)
    except BrokenPipeError:  # matcalc check | head: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace, out: TextIO) -> int:
    for path in args.paths:
        if not os.path.exists(path):
            print(f"matcalc: {path}: no such file or directory", file=sys.stderr)
            return 2
    report = check(*args.paths, conf=not args.no_conf, jobs=args.jobs,
                   cache_dir=args.cache_dir, cache=not args.no_cache, shard=args.shard,
                   progress=_progress_bar() if args.format == "text" else None)
    if args.format == "json":
        json.dump({"ok": report.ok, "files": report.files, "derivations": report.derivations,
                   "cached": report.cached, "summary": report.summary(),
                   "failures": [asdict(f) for f in report.failures]}, out, indent=2)
        out.write("\n")
    else:
        for failure in report.failures:
            print(failure, file=out)
        print(report.summary(), file=out)
    return 0 if report.ok else 1


def _progress_bar():
    """A bar on stderr when it is a terminal and there is much to derive, else None."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()
    return show


def _derive(args: argparse.Namespace, out: TextIO) -> int:
    try:
        outcome = derive(args.function, args.wrt, where=args.where, expect=args.expect,
                         let=args.let, layout=args.layout, code=args.code or "",
                         timeout=args.timeout)
    except MatcalcError as error:
        first, *rest = message(error).split("\n")
        print(f"matcalc: {first} [matcalc.{error.subtype.value}]", file=sys.stderr)
        for line in rest:
            print(f"    {line}", file=sys.stderr)
        return 1
    if args.code:
        out.write("\n\n".join(r.code for r in outcome.results))
    elif args.markdown:
        out.write(markdown(args, outcome))
    else:
        for k, result in enumerate(outcome.results):
            if k:
                out.write("\n")
            out.write(latex(result, args.show) if args.latex else text(result, args.show))
    return 0


def text(result: Result, show: str = "steps") -> str:
    """One result as Unicode text: the steps (each with its rule), the result and its shape."""
    from .engine import CATALOGUE
    lines = [f"{to_text(result.lhs)}, {result.layout} layout:"]
    if show == "steps":
        for step in result.steps:
            rule = CATALOGUE[step.rule].name if step.rule in CATALOGUE else step.rule
            if step.kind == "let":
                lines.append(f"  let {to_text(step.lhs)} = {to_text(step.parts[0])}")
                continue
            chain = " = ".join(to_text(p) for p in [step.lhs, *step.parts])
            lines.append(f"  {chain}    [{rule}]")
    for claim in result.checked:
        lines.append(f"  ✓ checked: {to_text(result.lhs)} = {to_text(claim)}")
    lines.append(f"{to_text(result.lhs)} = {to_text(result.result)}   ∈ {to_text(result.shape)}")
    if result.note:
        lines.append(f"  ({result.note})")
    return "\n".join(lines) + "\n"


def latex(result: Result, show: str = "steps") -> str:
    """One result as LaTeX: an aligned block of the steps, then the result."""
    rows = []
    if show == "steps":
        for step in result.steps:
            lhs = rf"\text{{let }} {step.lhs}" if step.kind == "let" else step.lhs
            parts = step.parts[:1] if step.kind == "let" else step.parts
            rows.append(f"{lhs} &= " + " \\\\\n  &= ".join(parts))
    rows.append(f"{result.lhs} &= {result.result} \\in {result.shape}")
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n"


def markdown(args: argparse.Namespace, outcome: Outcome) -> str:
    """A MyST derive block to paste into notes: the function, its options, the result claimed
    (``:expect:``, so the notes stay checked), one block per variable."""
    blocks = []
    for result in outcome.results:
        options = [f":wrt: {result.variable}"]
        if args.where:
            options.append(f":where: {args.where}")
        if args.let:
            options.append(f":let: {args.let}")
        if result.layout != "numerator":
            options.append(f":layout: {result.layout}")
        options.append(f":expect: {result.result}")
        blocks.append("```{derive} " + " ".join(args.function.split()) + "\n"
                      + "\n".join(options) + "\n```\n")
    return "\n".join(blocks)
