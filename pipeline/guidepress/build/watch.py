"""`guidepress watch`: build, then rebuild whatever each save affects, until Ctrl-C.

Saves are gathered until the files have been quiet for a moment (editors write several files
per save), then one incremental build runs: the manifest works out which outputs the change
made stale. A guide with errors prints them and keeps its last good outputs; watching goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from guidepress.build import workers
from guidepress.build.report import Report, Summary
from guidepress.build.run import build, selected
from guidepress.errors import GuidepressError
from guidepress.outdir import place
from guidepress.outdir.atomic import TEMP_PREFIX
from guidepress.settings import Settings
from guidepress.terminal import display

# A burst of saves ends when nothing changed for STEP_MS; a busy tree still builds each DEBOUNCE_MS.
STEP_MS = 100
DEBOUNCE_MS = 1600
SHOWN_CHANGES = 3


class _Filter(watchfiles.DefaultFilter):
    """The default filter (editor swap files, VCS folders...), minus the build's own files."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        self.out_dir = out_dir.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        where = Path(path)
        return (super().__call__(change, path) and not where.name.startswith(TEMP_PREFIX)
                and not where.resolve().is_relative_to(self.out_dir))


class _Watching:
    """The stop event handed to watchfiles, which asks it only once its watcher is in place:
    the first question is the moment saves start being seen, when `on_watching` runs."""

    def __init__(self, stop: threading.Event | None, on_watching: Callable[[], None]) -> None:
        self.stop = stop
        self.on_watching: Callable[[], None] | None = on_watching

    def is_set(self) -> bool:
        if self.on_watching is not None:
            started, self.on_watching = self.on_watching, None
            started()
        return self.stop is not None and self.stop.is_set()


def watch(names: tuple[str, ...], settings: Settings, report: Report,
          stop: threading.Event | None = None,
          on_build: Callable[[Summary | None], None] = lambda _: None,
          on_watching: Callable[[], None] = lambda: None) -> None:
    """Build now and after every burst of changes to the guides, images or templates.

    `on_watching` is called once the first build is done and every save from then on will
    be seen. Returns when `stop` is set; Ctrl-C raises KeyboardInterrupt, which the caller
    reports.
    """
    place.check_apart(settings.source_dir, settings.out_dir, settings.templates_dir)
    on_build(build_once(names, settings, report))
    warm_up(settings)
    folders = [settings.source_dir, settings.templates_dir]
    report.info("watching " + " and ".join(display(f) for f in folders)
                + " for changes (Ctrl-C stops)")
    for changes in watchfiles.watch(*folders, watch_filter=_Filter(settings.out_dir),
                                    debounce=DEBOUNCE_MS, step=STEP_MS,
                                    stop_event=_Watching(stop, on_watching)):
        report.info(describe(path for _, path in changes))
        on_build(build_once(names, settings, report))


def build_once(names: tuple[str, ...], settings: Settings, report: Report) -> Summary | None:
    """One incremental build; a problem is printed, never the end of watching."""
    try:
        summary = build(names, settings, report)
    except GuidepressError as error:
        report.problem(f"error: {error}")
        return None
    report.info(summary.headline())
    return summary


def describe(paths: Iterable[str]) -> str:
    shown = sorted({display(Path(path)) for path in paths})
    more = len(shown) - SHOWN_CHANGES
    return "changed: " + ", ".join(shown[:SHOWN_CHANGES]) + (f" and {more} more" if more > 0
                                                               else "")


def warm_up(settings: Settings) -> None:
    """Have the workers' fork server load what the formats preload now (it lives as long as
    the watch), so the first save is rebuilt as fast as the ones after it."""
    workers.warm_up([fmt.name for fmt in selected(settings)])
