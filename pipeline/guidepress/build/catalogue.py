"""`output/index.html`: one accessible page that lists every guide, what it is, how current it
is, and a link to each of its formats with the file's size.

It is made from the manifest alone (no guide is read again), so it costs nothing to keep
current, and the same manifest always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import asdict, dataclass
from urllib.parse import quote

from guidepress import formats
from guidepress.formats import RenderContext
from guidepress.formats.base import long_date
from guidepress.outdir.manifest import Manifest, sha256_bytes

FILENAME = "index.html"
TEMPLATE = "index/index.html"
TEMPLATES = (TEMPLATE, "index/index.css")
TITLE = "Guides"


@dataclass(frozen=True)
class File:
    label: str
    kind: str
    href: str
    media_type: str
    size: str


@dataclass(frozen=True)
class Entry:
    slug: str
    title: str
    subtitle: str
    description: str
    lang: str
    updated: str
    updated_long: str
    files: tuple[File, ...]


def entries(manifest: Manifest) -> list[Entry]:
    """Every guide with at least one output, by title."""
    found = []
    for slug, record in manifest.guides.items():
        made = {name: output for name, output in record.outputs.items() if not output.skipped}
        files = tuple(_file(name, made[name].file, made[name].size) for name in _ordered(made))
        if files:
            meta = record.meta
            found.append(Entry(slug, meta.get("title", slug), meta.get("subtitle", ""),
                               meta.get("description", ""), meta.get("lang", "en"),
                               meta.get("updated", ""), _long(meta.get("updated", "")), files))
    return sorted(found, key=lambda entry: (entry.title.casefold(), entry.slug))


def fingerprint(listing: list[Entry]) -> str:
    data = json.dumps([asdict(entry) for entry in listing], sort_keys=True, ensure_ascii=False)
    return sha256_bytes(data.encode("utf-8"))


def render(listing: list[Entry], context: RenderContext) -> bytes:
    page = context.env.get_template(TEMPLATE).render(
        title=TITLE, guides=listing, css=context.template_text("index/index.css"))
    return page.encode("utf-8")


def human_size(size: int) -> str:
    """A file size as people read it: 812 bytes, 17 KB, 2.4 MB."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _ordered(names: Collection[str]) -> list[str]:
    """In the formats' order; outputs of a format no longer installed come last, by name."""
    registry = formats.registry()
    known = [name for name in registry.names() if name in names]
    return known + sorted(name for name in names if name not in registry)


def _file(name: str, file: str, size: int) -> File:
    registry = formats.registry()
    if name in registry:
        fmt = registry[name]
        return File(fmt.label, fmt.kind, quote(file), fmt.media_type, human_size(size))
    return File(name.upper(), name, quote(file), "application/octet-stream", human_size(size))


def _long(iso: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso
