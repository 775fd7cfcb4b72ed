"""The documentation of sphinx_matcalc, built with sphinx_matcalc."""

project = "sphinx_matcalc"
extensions = ["sphinx_matcalc", "myst_parser"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
exclude_patterns = ["_build"]
