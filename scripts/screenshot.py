"""Make the README's picture: the example project's neuron page, built and photographed.

    python scripts/screenshot.py [--out docs/images/neuron.png] [--page neuron]

Builds example_project/ (with MathJax served from tests/mathjax, no network: run
``npm install`` there first) into a temporary folder and takes a 1200 px wide
screenshot with headless Chromium (Debian's ``chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "tests" / "mathjax" / "node_modules" / "mathjax-full" / "es5" / "tex-svg-full.js"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "neuron.png")
    parser.add_argument("--page", default="neuron")
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs Chromium (apt-get install chromium)")
    if not BUNDLE.is_file():
        sys.exit(f"needs MathJax: (cd {BUNDLE.parents[3]} && npm install)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "example"
        shutil.copytree(ROOT / "example_project", root, ignore=shutil.ignore_patterns("_build"))
        (root / "_mathjax").mkdir()
        shutil.copy(BUNDLE, root / "_mathjax" / BUNDLE.name)
        with (root / "conf.py").open("a") as conf:
            conf.write('\nhtml_static_path = ["_mathjax"]\nmathjax_path = "tex-svg-full.js"\n')
        html = Path(tmp) / "html"
        subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(root),
                        str(html)], check=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--hide-scrollbars",
                        f"--user-data-dir={Path(tmp) / 'profile'}", "--virtual-time-budget=20000",
                        f"--window-size=1200,{args.height}", f"--screenshot={args.out.resolve()}",
                        (html / f"{args.page}.html").as_uri()], check=True, capture_output=True,
                       timeout=300)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
