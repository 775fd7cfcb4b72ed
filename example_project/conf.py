"""Course notes reproducing Parr & Howard with sphinx_matcalc (built with -W)."""

project = "The Matrix Calculus You Need — checked notes"
extensions = ["sphinx_matcalc", "myst_parser"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
matcalc_symbols = {r"\mathbf{w}": r"\mathbb{R}^{n}", r"\mathbf{x}": r"\mathbb{R}^{n}"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
# what an e-book needs (sphinx-build -b epub -W)
version = "1.0"
copyright = "the authors of these notes"
