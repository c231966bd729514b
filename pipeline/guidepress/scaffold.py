"""`guidepress new SLUG --title "..."`: a new guide that already passes every check, so an
author starts from a clean build and sees each problem they add as they add it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from guidepress import clock
from guidepress.errors import UsageError
from guidepress.read.source import SUFFIX
from guidepress.terminal import display

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_SLUG = 80

TEMPLATE = """\
---
title: {title}
lang: {lang}
description: {description}
updated: {updated}
---

## In short

This guide is new. Say here, in a few short sentences, what the job is and who it is for.

## What the work is like

Write about a normal day. Use short sentences and plain words. Explain each new term the first
time you use it.

## How to get there

Say what training it takes and how long it lasts. Put the steps in order.
"""


def new_guide(slug: str, title: str, source_dir: Path, *, description: str = "",
              lang: str = "en-US", today: dt.date | None = None) -> Path:
    """Write `source_dir/SLUG.md` from the template; never overwrite a guide."""
    check_slug(slug)
    title = _one_line(title, "--title")
    description = _one_line(description or f"A plain-language guide to {title}.",
                            "--description")
    if not source_dir.is_dir():
        raise UsageError(f"there is no source folder at {display(source_dir)}",
                         "run the command from the project folder or pass --source")
    path = source_dir / f"{slug}{SUFFIX}"
    text = TEMPLATE.format(title=_quoted(title), lang=lang, description=_quoted(description),
                           updated=(today or clock.today()).isoformat())
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise UsageError(f"{display(path)} already exists",
                         "choose another name, or edit that guide") from None
    return path


def check_slug(slug: str) -> None:
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        raise UsageError(f"{slug!r} cannot be a guide name",
                         "use lower-case letters, digits and single hyphens, "
                         "e.g. medical-oncology")


def _one_line(text: str, option: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise UsageError(f"{option} is empty", "give it some words")
    return value


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, so no title can change the front matter's shape."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
