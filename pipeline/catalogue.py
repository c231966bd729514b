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

from .formats import FORMATS, RenderContext
from .formats.base import long_date
from .manifest import Manifest, sha256_bytes

FILENAME = "index.html"
TEMPLATE = "index/index.html"
TEMPLATES = (TEMPLATE, "index/index.css")
TITLE = "Guides"
# What each format is called on the page; a format not named here shows its name.
LABELS = {
    "html": ("Web page", "HTML"),
    "pdf": ("Printable handout", "PDF"),
    "epub": ("E-book", "EPUB"),
    "txt": ("Plain text", "text"),
    "docx": ("Word document", "DOCX"),
}


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
        files = tuple(_file(name, record.outputs[name].file, record.outputs[name].size)
                      for name in _ordered(record.outputs))
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
    known = [name for name in FORMATS if name in names]
    return known + sorted(name for name in names if name not in FORMATS)


def _file(name: str, file: str, size: int) -> File:
    label, kind = LABELS.get(name, (name.upper(), name))
    fmt = FORMATS.get(name)
    media_type = fmt.media_type if fmt else "application/octet-stream"
    return File(label, kind, quote(file), media_type, human_size(size))


def _long(iso: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso
