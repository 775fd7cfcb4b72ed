"""The configuration values at config-inited: their definitions (``api.settings``, shared with
the command line) are registered by setup(), checked once here, and shown in the docs."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..api.settings import CONFIG, ConfigValue, problems

__all__ = ["CONFIG", "ConfigValue", "validate"]

logger = logging.getLogger(__name__)


def validate(app: Sphinx, config: Config) -> None:
    """At config-inited: report each bad value once, fall back to its default, fail the build;
    a good value is used in its normal form (``Denominator`` as ``denominator``)."""
    bad = dict(problems({value.name: config[value.name] for value in CONFIG}))
    for value in CONFIG:
        if value.name in bad:
            logger.warning(bad[value.name], type="matcalc", subtype="declaration")
            setattr(config, value.name, value.default)
            app.matcalc_config_errors = getattr(app, "matcalc_config_errors", 0) + 1
        else:
            setattr(config, value.name, value.normal(config[value.name]))
