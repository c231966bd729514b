"""The validators, found through the entry-point group `guidepress.validators` (the built-in
ones are declared in pyproject.toml the same way a separately installed package declares its
own), and which of them check a format."""

from __future__ import annotations

import functools

from guidepress import plugins
from guidepress.validate.base import GuideValidator, OutputValidator, Validator

GROUP = "guidepress.validators"


@functools.cache
def _load() -> tuple[plugins.Registry[Validator], dict[str, str]]:
    unavailable: dict[str, str] = {}
    return plugins.load(GROUP, "validator", Validator, unavailable), unavailable


def registry() -> plugins.Registry[Validator]:
    """Every validator that can run here, in run order (loaded once per process)."""
    return _load()[0]


def unavailable() -> dict[str, str]:
    """Validators that need a Python package that is not installed: name -> that package."""
    return _load()[1]


def for_format(name: str) -> list[OutputValidator]:
    """The validators registered against the format `name`."""
    return [v for v in output_validators() if name in v.formats]


def output_validators() -> list[OutputValidator]:
    return [v for v in registry() if isinstance(v, OutputValidator)]


def guide_validators() -> list[GuideValidator]:
    return [v for v in registry() if isinstance(v, GuideValidator)]
