"""Imported by the workers' fork server that `guidepress.prestart` starts: loads what the
formats named in its environment want (every installed format when it names none)."""

from __future__ import annotations

import importlib
import os

from guidepress import fonts, formats
from guidepress.build import workers
from guidepress.prestart import FORMATS

_named = [name for name in os.environ.get(FORMATS, "").split(",") if name]
with fonts.private_fontconfig():
    for _module in workers.wanted(_named or [fmt.name for fmt in formats.registry()]):
        importlib.import_module(_module)
