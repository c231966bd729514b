"""The build: `plan` (what is stale and why, pure) -> `render` (in `workers`) -> `publish`;
the `catalogue` of every guide; `watch`, which builds again on every save."""

from __future__ import annotations

from guidepress.build.report import Report, Summary
from guidepress.build.run import build, explain, selected

__all__ = ["Report", "Summary", "build", "explain", "selected"]
