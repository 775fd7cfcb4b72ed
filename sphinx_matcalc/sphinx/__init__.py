"""The Sphinx side: the directives, the environment's data, rendering, configuration, cache.

The only package that imports Sphinx or docutils; it reaches the stages
through ``sphinx_matcalc.pipeline``.
"""

#: Modules of this package that tests and tools may use directly.
__all__ = ["background", "cache", "catalogue", "config", "directive", "envdata", "render",
           "static"]
