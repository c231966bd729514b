"""The output formats: one module each on the base in `base`, found through the entry-point
group `guidepress.formats` (the built-in ones are declared in pyproject.toml the same way a
separately installed package declares its own)."""

from __future__ import annotations

import functools

from guidepress import plugins
from guidepress.formats.base import Format, RenderContext

GROUP = "guidepress.formats"


@functools.cache
def registry() -> plugins.Registry[Format]:
    """Every installed format, in build order (loaded once per process)."""
    return plugins.load(GROUP, "format", Format)


__all__ = ["GROUP", "Format", "RenderContext", "registry"]
