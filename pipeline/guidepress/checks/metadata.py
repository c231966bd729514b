"""Metadata: pandoc's own warnings and what the front matter says beyond its schema."""

from __future__ import annotations

import re
from collections.abc import Iterator

from guidepress import clock
from guidepress.checks import readability
from guidepress.checks.context import Context, Hit
from guidepress.checks.language import is_language_tag
from guidepress.checks.tree import Pos
from guidepress.read.frontmatter import NO_QR_LINK

_PANDOC_POS = re.compile(r"line (\d+),? column (\d+)")


def pandoc_warning(ctx: Context) -> Iterator[Hit]:
    for warning in ctx.document.warnings:
        message = warning.removeprefix("[WARNING]").strip()
        found = _PANDOC_POS.search(message)
        where = (Pos(int(found.group(1)) + ctx.guide.body_line - 1, int(found.group(2)))
                 if found else Pos(ctx.guide.body_line, 1))
        yield Hit(where, f"pandoc: {message}")


def review_before_update(ctx: Context) -> Iterator[Hit]:
    review_by, updated = ctx.meta.review_by, ctx.meta.updated
    if review_by is not None and review_by <= updated:
        yield Hit(ctx.key_pos("review_by"), f"review_by ({review_by}) is not after updated "
                  f"({updated})")


def review_overdue(ctx: Context) -> Iterator[Hit]:
    review_by, today = ctx.meta.review_by, clock.today()
    if review_by is not None and review_by < today:
        days = (today - review_by).days
        yield Hit(ctx.key_pos("review_by"), f"review_by ({review_by}) has passed: the guide "
                  f"was due for review {days} day{'' if days == 1 else 's'} ago")


def description_sentences(ctx: Context) -> Iterator[Hit]:
    text = ctx.meta.description
    count = len(readability.split_sentences(text))
    if count != 1 or not re.search(r"[.!?][\"'\u201d\u2019)]*$", text):
        what = f"{count} sentences" if count != 1 else "a sentence without a full stop"
        yield Hit(ctx.key_pos("description"), f"description should be one sentence, not {what}")


def unknown_language(ctx: Context) -> Iterator[Hit]:
    if not is_language_tag(ctx.meta.lang):
        yield Hit(ctx.key_pos("lang"), f"lang {ctx.meta.lang!r} names no known language")


def unused_abbreviation(ctx: Context) -> Iterator[Hit]:
    texts = [block.run.text for block in ctx.text_blocks]
    texts += [ctx.meta.title, ctx.meta.subtitle, ctx.meta.description]
    everything = "\n".join(texts)
    for key in ctx.meta.abbreviations:
        if not re.search(rf"\b{re.escape(key)}\b", everything):
            yield Hit(ctx.key_pos("abbreviations"), f"abbreviation {key!r} is listed but "
                      "never used")


def unknown_disabled_code(ctx: Context) -> Iterator[Hit]:
    for code in ctx.meta.disable_checks:
        if code not in ctx.rule_codes:
            yield Hit(ctx.key_pos("disable_checks"), f"disable_checks names {code}, which is "
                      "no rule")


def qr_link_elsewhere(ctx: Context) -> Iterator[Hit]:
    """The QR code of the printed editions is never the only way to its link: `qr_link` must
    be a link of the guide or one of its sources, so that every edition gives it in words."""
    url = ctx.meta.qr_link
    if not url or url == NO_QR_LINK:
        return
    targets = {str(link["c"][2][0]) for link in ctx.elements("Link")}
    targets |= {source.url for source in ctx.meta.sources}
    if url not in targets:
        yield Hit(ctx.key_pos("qr_link"), f"qr_link {url} is neither a link of the guide nor "
                  "one of its sources")
