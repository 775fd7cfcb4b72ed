"""The build's derivation cache: the environment's dictionary, keyed as ``matcalc check``
keys its own (``sphinx_matcalc.api.cache``), so both agree on what determines a derivation."""

from __future__ import annotations

from ..api.cache import LIMIT, UNCACHED, engine_version, key, lookup, store

__all__ = ["LIMIT", "UNCACHED", "engine_version", "key", "lookup", "store"]
