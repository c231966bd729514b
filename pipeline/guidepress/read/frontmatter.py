"""The front-matter schema of a guide: every field, its type and its meaning, documented once.

`FIELDS` drives both validation and the schema table in the README (a test keeps them equal).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from guidepress.errors import Location, SourceError
from guidepress.read.yamlsafe import Mapping, Node, Scalar, Sequence

DEFAULT_MAX_GRADE = 9.0
# Dates every output can carry: ZIP files (EPUB, DOCX) store years 1980 to 2107 only.
FIRST_DATE, LAST_DATE = dt.date(1980, 1, 1), dt.date(2107, 12, 31)
NO_QR_LINK = "none"  # `qr_link: none`: the printed editions print no QR code

# BCP 47 well-formedness (RFC 5646 section 2.1), without grandfathered and private-use forms.
_LANG_TAG = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}"  # language and extended language subtags
    r"(-[A-Za-z]{4})?"  # script
    r"(-([A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*$"  # extensions
)
_RULE_CODE = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")


def well_formed_lang(tag: str) -> bool:
    """True when `tag` is a well-formed BCP 47 language tag (no registry lookup)."""
    return _LANG_TAG.fullmatch(tag) is not None


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class FrontMatter:
    title: str
    lang: str
    description: str
    updated: dt.date
    subtitle: str = ""
    audience: str = ""
    max_grade: float = DEFAULT_MAX_GRADE
    review_by: dt.date | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    publisher: str = ""
    license: str = ""
    identifier: str = ""
    keywords: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    qr_link: str = ""  # an address, "none", or "" for the default (see formats/qrcode.py)
    disable_checks: dict[str, str] = field(default_factory=dict)
    # 1-based line of each key in the source file, for findings that point at the front matter.
    lines: dict[str, int] = field(default_factory=dict, compare=False)


class _Reader:
    """Turns one YAML node into a typed value, or raises an error naming the key and line."""

    def __init__(self, path: str, key: str, key_line: int) -> None:
        self.path, self.key, self.key_line = path, key, key_line

    def fail(self, node: Node | None, message: str, hint: str = "") -> SourceError:
        line = node.line if node is not None else self.key_line
        return SourceError(Location(self.path, line), f"`{self.key}` {message}", hint)

    def text(self, node: Node, *, limit: int = 500) -> str:
        if not isinstance(node, Scalar):
            raise self.fail(node, "must be a single line of text, not a list or a mapping")
        value = " ".join(node.value.split())
        if not value:
            raise self.fail(node, "is empty", "write a value after the colon or remove the key")
        if len(value) > limit:
            raise self.fail(node, f"is longer than {limit} characters", "shorten it")
        return value

    def text_list(self, node: Node) -> tuple[str, ...]:
        if isinstance(node, Scalar):
            return (self.text(node),)
        if not isinstance(node, Sequence):
            raise self.fail(node, "must be a list of text items (one `- item` per line)")
        return tuple(self.text(item) for item in node.items)

    def date(self, node: Node) -> dt.date:
        raw = self.text(node)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise self.fail(node, f"must be a date written YYYY-MM-DD, not {raw!r}",
                            "for example 2026-11-25")
        try:
            date = dt.date.fromisoformat(raw)
        except ValueError:
            raise self.fail(node, f"is not a real date: {raw}",
                            "check the month (01-12) and the day of the month") from None
        if not FIRST_DATE <= date <= LAST_DATE:
            raise self.fail(node, f"is {raw}, outside the dates the outputs can carry",
                            f"use a date from {FIRST_DATE} to {LAST_DATE}")
        return date

    def mapping(self, node: Node) -> Mapping:
        if not isinstance(node, Mapping):
            raise self.fail(node, "must be a mapping of `name: value` lines indented under it")
        return node

    def text_map(self, node: Node) -> dict[str, str]:
        found = {}
        for key, value in self.mapping(node).items:
            if not re.fullmatch(r"[^\s]{1,40}", key.value):
                raise SourceError(Location(self.path, key.line),
                                  f"`{self.key}` has a name that is empty, too long or has spaces",
                                  "use the short form itself, e.g. `ABIM: American Board of ...`")
            found[key.value] = self.text(value)
        return found


def _title(r: _Reader, node: Node) -> str:
    return r.text(node, limit=200)


def _lang(r: _Reader, node: Node) -> str:
    tag = r.text(node, limit=35)
    if not well_formed_lang(tag):
        raise r.fail(node, f"is not a BCP 47 language tag: {tag!r}", "for example en-US or es")
    return tag


def _max_grade(r: _Reader, node: Node) -> float:
    settings = r.mapping(node)
    known = {"max_grade"}
    for key, _ in settings.items:
        if key.value not in known:
            raise SourceError(Location(r.path, key.line),
                              f"`reading_level` has no setting `{key.value}`",
                              "the only setting is max_grade")
    for _, value in settings.items:
        raw = r.text(value)
        try:
            grade = float(raw)
        except ValueError:
            raise r.fail(value, f"max_grade must be a number, not {raw!r}",
                         "for example 9") from None
        if not 1 <= grade <= 18:
            raise r.fail(value, f"max_grade must be between 1 and 18, not {raw}")
        return grade
    return DEFAULT_MAX_GRADE


def _sources(r: _Reader, node: Node) -> tuple[Source, ...]:
    if not isinstance(node, Sequence):
        raise r.fail(node, "must be a list; each item has `title:` and `url:`")
    found = []
    for item in node.items:
        entry = r.mapping(item)
        values = dict(zip(entry.keys(), (v for _, v in entry.items), strict=True))
        if set(values) != {"title", "url"}:
            raise r.fail(item, "items need exactly `title:` and `url:`")
        url = r.text(values["url"])
        if not _web_address(url):
            raise r.fail(values["url"], f"url must start with https:// or http://, not {url!r}")
        found.append(Source(r.text(values["title"]), url))
    return tuple(found)


def _qr_link(r: _Reader, node: Node) -> str:
    url = r.text(node)
    if url != NO_QR_LINK and not _web_address(url):
        raise r.fail(node, f"must be a web address (https:// or http://) or `none`, not {url!r}",
                     "name one of the guide's links, e.g. the first source's url")
    return url


def _disable_checks(r: _Reader, node: Node) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for key, value in r.mapping(node).items:
        if not _RULE_CODE.match(key.value):
            raise SourceError(Location(r.path, key.line),
                              f"`disable_checks` names {key.value!r}, which is not a rule code",
                              "use a code such as A101, as shown by `guidepress check`")
        reason = r.text(value) if isinstance(value, Scalar) and value.value.strip() else ""
        if len(reason) < 10:
            raise SourceError(Location(r.path, key.line),
                              f"switching off {key.value} needs a stated reason",
                              f"write `{key.value}: <why this rule does not apply here>`")
        reasons[key.value] = reason
    return reasons


def _web_address(url: str) -> bool:
    """An http(s) address with a host and nothing a browser would read differently."""
    if not re.match(r"^https?://[^\s/]+", url) or re.search(r"[\s\\<>\"`]", url):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # e.g. an unclosed [IPv6 address
        return False


@dataclass(frozen=True)
class FieldSpec:
    name: str
    read: Callable[[_Reader, Node], Any]
    required: bool
    doc: str
    attr: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", _title, True, "The guide's title; it is the one top-level heading."),
    FieldSpec("lang", _lang, True, "Language of the guide as a BCP 47 tag, e.g. `en-US`."),
    FieldSpec("description", lambda r, n: r.text(n), True,
              "One sentence saying what the guide is; used as the page summary."),
    FieldSpec("updated", lambda r, n: r.date(n), True,
              "Current-as-of date (YYYY-MM-DD); every date inside the outputs comes from it."),
    FieldSpec("subtitle", lambda r, n: r.text(n), False, "A short line shown under the title."),
    FieldSpec("audience", lambda r, n: r.text(n), False, "Who the guide is written for."),
    FieldSpec("reading_level", _max_grade, False,
              "`max_grade`: the highest Flesch-Kincaid grade allowed (default 9).", "max_grade"),
    FieldSpec("review_by", lambda r, n: r.date(n), False,
              "Date (YYYY-MM-DD) by which an editor should review the guide again."),
    FieldSpec("abbreviations", lambda r, n: r.text_map(n), False,
              "Mapping of abbreviation to its expansion, e.g. `ABIM: American Board of ...`."),
    FieldSpec("authors", lambda r, n: r.text_list(n), False, "List of authors."),
    FieldSpec("publisher", lambda r, n: r.text(n), False, "Publisher's name."),
    FieldSpec("license", lambda r, n: r.text(n), False, "License of the text, e.g. `CC BY 4.0`."),
    FieldSpec("identifier", lambda r, n: r.text(n), False,
              "Stable identifier for the EPUB (default: derived from the file name)."),
    FieldSpec("keywords", lambda r, n: r.text_list(n), False, "List of subject keywords."),
    FieldSpec("sources", _sources, False,
              "List of sources the facts come from; each item has `title:` and `url:`."),
    FieldSpec("qr_link", _qr_link, False,
              "The link the printed editions also give as a QR code on their last page: one of "
              "the guide's links or sources (default: the first source's `url`; `none` for no "
              "QR code)."),
    FieldSpec("disable_checks", _disable_checks, False,
              "Mapping of rule code to the reason it does not apply to this guide."),
)
_BY_NAME = {spec.name: spec for spec in FIELDS}


def read_front_matter(node: Mapping, path: str, first_line: int) -> FrontMatter:
    """Validate the front-matter mapping against `FIELDS` and build a `FrontMatter`."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, value in node.items:
        spec = _BY_NAME.get(key.value)
        if spec is None:
            raise SourceError(Location(path, key.line),
                              f"unknown front-matter key `{key.value}`", _suggest(key.value))
        lines[spec.name] = key.line
        values[spec.attr or spec.name] = spec.read(_Reader(path, spec.name, key.line), value)
    for spec in FIELDS:
        if spec.required and spec.name not in values:
            raise SourceError(Location(path, first_line),
                              f"the front matter has no `{spec.name}`",
                              f"add a line `{spec.name}: ...` ({spec.doc})")
    return FrontMatter(**values, lines=lines)


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key.lower(), list(_BY_NAME), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(_BY_NAME)


def schema_table() -> str:
    """The front-matter schema as a Markdown table (kept in the README; a test compares)."""
    rows = ["| key | required | meaning |", "|---|---|---|"]
    for spec in FIELDS:
        rows.append(f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {spec.doc} |")
    return "\n".join(rows)
