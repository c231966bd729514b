"""Starting the workers' fork server, the one way every build does: first thing in a build
that will surely render (no manifest yet, or --force), before this process loads the rest of
the build, since the server's start (mostly importing WeasyPrint) is the longest wait of a
first build of one guide and this process has nothing for it to wait on meanwhile. The server
learns which formats to load from the environment it inherits (`guidepress.build.preload`
reads it)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from guidepress import contained, fonts
from guidepress.outdir import manifest
from guidepress.settings import Settings

FORMATS = "GUIDEPRESS_PRELOAD_FORMATS"
PRELOAD = "guidepress.build.preload"


def start_if_cold(settings: Settings) -> None:
    """Start the fork server now when the build will render, else do nothing."""
    if manifest.path_in(settings.out_dir).is_file() and not settings.force:
        return  # maybe nothing is stale: the plan decides (guidepress.build.run)
    if not settings.source_dir.is_dir() or not any(settings.source_dir.glob("*.md")):
        return
    start(settings.formats)


def start(names: Sequence[str]) -> None:
    """Start the fork server, loading what the formats called `names` need (every installed
    format when none is named); a no-op once it runs. Every build starts it this way."""
    os.environ[FORMATS] = ",".join(names)
    contained.start_server((PRELOAD,), fonts.private_fontconfig)
