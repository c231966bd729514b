"""Imported by the workers' fork server that `guidepress.prestart` starts: loads what the
formats named in its environment want (every installed format when it names none), and what
every worker needs for its first guide besides: the source checks with their word lists, and
the facts the outputs must show."""

from __future__ import annotations

import importlib
import os

from guidepress import fonts, formats
from guidepress.build import workers
from guidepress.checks import readability
from guidepress.prestart import FORMATS

_named = [name for name in os.environ.get(FORMATS, "").split(",") if name]
_wanted = workers.wanted(_named or [fmt.name for fmt in formats.registry()])
with fonts.private_fontconfig():
    for _module in ("guidepress.checks.apply", "guidepress.validate.expect", *_wanted):
        importlib.import_module(_module)
readability.load_data()
