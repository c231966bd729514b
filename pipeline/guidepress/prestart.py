"""Start the workers' fork server first thing in a build that will surely render (no
manifest yet, or --force), before this process loads the rest of the build: the server's
start (mostly importing WeasyPrint) is the longest wait of a first build of one guide, and this
process has nothing for it to wait on meanwhile. The server learns which formats to load from
the environment it inherits (`guidepress.build.preload` reads it)."""

from __future__ import annotations

import os

from guidepress import contained, fonts
from guidepress.outdir import manifest
from guidepress.settings import Settings

FORMATS = "GUIDEPRESS_PRELOAD_FORMATS"


def start_if_cold(settings: Settings) -> None:
    """Start the fork server now when the build will render, else do nothing."""
    if manifest.path_in(settings.out_dir).is_file() and not settings.force:
        return  # maybe nothing is stale: the plan decides (guidepress.build.run)
    if not settings.source_dir.is_dir() or not any(settings.source_dir.glob("*.md")):
        return
    os.environ[FORMATS] = ",".join(settings.formats)  # none named: every installed format
    contained.start_server(("guidepress.build.preload",), fonts.private_fontconfig)
