"""Today's date, from one place.

Only what judges a guide against the calendar reads it (a `review_by` date that has passed,
the date a conformance report was made); no output's bytes ever depend on it: every date
inside the outputs comes from the guide's `updated`. `GUIDEPRESS_TODAY=YYYY-MM-DD` sets it
for a whole run, and `frozen` for a block of code (tests).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

from guidepress.errors import UsageError

ENVIRONMENT = "GUIDEPRESS_TODAY"
_frozen: list[dt.date] = []


def today() -> dt.date:
    """The date the run takes as today: the innermost `frozen`, else $GUIDEPRESS_TODAY, else
    the system's date."""
    if _frozen:
        return _frozen[-1]
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{ENVIRONMENT}={value!r} is not a date",
                         "write it as YYYY-MM-DD, or unset it") from None


@contextlib.contextmanager
def frozen(day: dt.date) -> Iterator[dt.date]:
    """Within the block, today is `day`."""
    _frozen.append(day)
    try:
        yield day
    finally:
        _frozen.pop()
