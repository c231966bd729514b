"""The preview's state: what every page shows, made anew after each build, and a wait for it
to change (what the open pages' event streams send).

`built` runs in the watch's thread after every build; the server's threads only read. A
guide's findings are those of the checks its last build ran: kept in the manifest when it
was published, in the build's messages when it failed (see `views`). A failure is
remembered until a build publishes the guide again, since a build that has nothing new to do
for a guide says nothing about it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from guidepress.build.report import Summary
from guidepress.errors import GuidepressError
from guidepress.outdir import manifest
from guidepress.preview import views
from guidepress.preview.views import GuideView, Overview
from guidepress.read import source
from guidepress.settings import Settings
from guidepress.terminal import display

START = ""  # the start page's key; every other page's key is its guide's slug
GONE = "gone"  # the stamp of a page whose guide is no longer there
UNFINISHED = "The last build did not finish; the terminal says why."


class Live:
    def __init__(self, names: tuple[str, ...], settings: Settings) -> None:
        self.names = names
        self.settings = settings
        self._changed = threading.Condition()
        self._closed = False
        self._paths: dict[str, Path] = {}
        self._failed: dict[str, tuple[str, ...]] = {}  # slug -> its failed build's messages
        self._guides: dict[str, GuideView] = {}
        self._overview = Overview()
        self._stamps: dict[str, str] = {}  # each page's stamp, by key

    # Written by the watch's thread ------------------------------------------------------------

    def built(self, summary: Summary | None) -> None:
        """After every build (the watch's `on_build`): show what it made and said."""
        notice = "" if summary is not None else UNFINISHED
        try:
            self._paths = {path.stem: path for path in
                           source.find_guides(self.settings.source_dir, self.names)}
        except GuidepressError as error:  # a named guide was deleted: keep the last list
            notice = f"error: {error}"
        if summary is not None:
            for slug in summary.failed:
                self._failed[slug] = tuple(summary.problems.get(slug, ()))
            for slug in summary.built:
                self._failed.pop(slug, None)
        self._show(notice)

    def _show(self, notice: str) -> None:
        recorded, problem = manifest.load(self.settings.out_dir)
        guides = {slug: views.guide_view(slug, display(path), recorded.guides.get(slug),
                                         self._failed.get(slug), self.settings.formats)
                  for slug, path in self._paths.items()}
        catalogue = recorded.catalogue
        overview = views.overview(guides, catalogue.file if catalogue else "",
                                  catalogue.sha256 if catalogue else "", notice or problem)
        stamps = {slug: guide.stamp for slug, guide in guides.items()} | {START: overview.stamp}
        with self._changed:
            self._guides, self._overview, self._stamps = guides, overview, stamps
            self._changed.notify_all()

    # Read by the server's threads ------------------------------------------------------------

    def overview(self) -> Overview:
        with self._changed:
            return self._overview

    def guide(self, slug: str) -> GuideView | None:
        with self._changed:
            return self._guides.get(slug)

    def stamp(self, key: str) -> str:
        with self._changed:
            return self._stamp(key)

    def _stamp(self, key: str) -> str:
        return self._stamps.get(key, GONE)

    def wait(self, key: str, seen: str, timeout: float) -> str | None:
        """The page's stamp once it differs from `seen` (or `timeout` passed); None once the
        preview is closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._stamp(key) != seen, timeout)
            return None if self._closed else self._stamp(key)

    def close(self) -> None:
        """Wake every waiting stream so that it ends."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
