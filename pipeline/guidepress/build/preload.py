"""Imported by the workers' fork server that `guidepress.prestart` starts: loads what the
formats named in its environment want (every installed format when it names none), and what
every worker needs for its first guide besides: the source checks with their word lists, and
the facts the outputs must show. It never fails: whatever goes wrong here (a broken format
package, say) goes wrong again in the build, which says so in its own words."""

from __future__ import annotations

import contextlib
import importlib
import os

from guidepress.prestart import FORMATS


def load(named: list[str]) -> None:
    from guidepress import fonts, formats
    from guidepress.build import workers
    from guidepress.checks import readability

    wanted = workers.wanted(named or [fmt.name for fmt in formats.registry()])
    with fonts.private_fontconfig():
        for module in ("guidepress.checks.apply", "guidepress.validate.expect", *wanted):
            importlib.import_module(module)
    readability.load_data()


with contextlib.suppress(Exception):
    load([name for name in os.environ.get(FORMATS, "").split(",") if name])
