"""The documentation of sphinx_matcalc, built with sphinx_matcalc."""

project = "sphinx_matcalc"
extensions = ["sphinx_matcalc", "myst_parser", "sphinx.ext.autodoc"]
autodoc_member_order = "bysource"
myst_enable_extensions = ["colon_fence", "dollarmath"]
exclude_patterns = ["_build"]
