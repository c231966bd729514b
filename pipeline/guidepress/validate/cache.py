"""Validation results kept between runs, so that outputs that did not change are not checked
again (like the build's manifest, a file in the output folder).

`<out>/.guidepress-validation.json` maps the key of each result (`keys.py`: everything the
result depends on) to what the validator found and when. A result comes back only under the
same key, marked as from the cache with the time it was checked; `guidepress validate --force`
uses none and checks everything again. Each save keeps the results of the guides this run did
not validate, and of those it did, only what it used or found: the file stays the size of
one run over every guide.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from guidepress import __version__
from guidepress.outdir.atomic import write_atomic
from guidepress.validate import report
from guidepress.validate.base import Outcome

FILENAME = ".guidepress-validation.json"
FORMAT_VERSION = 1


class ResultCache:
    def __init__(self, path: Path, entries: dict[str, dict[str, Any]], force: bool) -> None:
        self.path = path
        self.force = force
        self._earlier = entries
        self._kept: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, out_dir: Path, force: bool = False) -> ResultCache:
        """The results kept in `out_dir`; none when the file is missing, damaged or from
        another version of this format."""
        path = out_dir / FILENAME
        entries: dict[str, dict[str, Any]] = {}
        with contextlib.suppress(OSError, ValueError, TypeError):
            data = json.loads(path.read_bytes())
            if data.get("format") == FORMAT_VERSION and isinstance(data.get("results"), dict):
                entries = data["results"]
        return cls(path, entries, force)

    def get(self, key: str) -> Outcome | None:
        """The outcome kept under `key`, its checks marked as from the cache."""
        if self.force:
            return None
        with self._lock:
            entry = self._earlier.get(key) or self._kept.get(key)
            if entry is None:
                return None
            try:
                outcome = outcome_from_data(entry["outcome"], str(entry["checked"]))
            except (KeyError, TypeError, ValueError):
                return None  # a damaged entry is checked again
            self._kept[key] = entry
        return outcome

    def put(self, key: str, slug: str, outcome: Outcome, checked: str) -> None:
        with self._lock:
            self._kept[key] = {"slug": slug, "checked": checked,
                               "outcome": outcome_data(outcome)}

    def save(self, slugs: Iterable[str]) -> None:
        validated = set(slugs)
        with self._lock:
            results = {key: entry for key, entry in self._earlier.items()
                       if entry.get("slug") not in validated}
            results.update(self._kept)
        data = {"format": FORMAT_VERSION, "guidepress": __version__, "results": results}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, sort_keys=True)
                                 + "\n").encode("utf-8"))


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    """An outcome as JSON data; notes that are not plain data (a parsed EPUB) are left out,
    and whoever reads them reads the output again."""
    return {
        "checks": [report.check_data(replace(check, checked="", cached=False))
                   for check in outcome.checks],
        "reviews": [report.review_data(review) for review in outcome.reviews],
        "notes": {name: value for name, value in outcome.notes.items() if _plain(value)},
    }


def outcome_from_data(data: dict[str, Any], checked: str) -> Outcome:
    checks = [replace(report.check_from_data(check), checked=checked, cached=True)
              for check in data["checks"]]
    return Outcome(checks, [report.review_from_data(review) for review in data["reviews"]],
                   dict(data["notes"]))


def _plain(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
