"""What the preview pages show, as plain values made from the manifest, the formats registry
and the source checks; pure, so the pages can be tested without a server.

An edition is shown in the page when the browser can show it in a frame (a web page, or a
PDF in the browser's own viewer), and linked otherwise. Which is which comes from each
format's media type, never from its name, so a format added later is shown the right way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import quote

from guidepress import formats
from guidepress.build.catalogue import human_size
from guidepress.checks.findings import ERROR, WARNING, Finding
from guidepress.outdir.manifest import GuideRecord

# Media types the browser shows inside a frame on its own (PDF: in its built-in viewer).
FRAMED = {"text/html": "page", "application/pdf": "document"}


@dataclass(frozen=True)
class Edition:
    format: str
    label: str  # "Printable handout"
    kind: str  # "PDF"
    href: str  # relative to the output folder, URL-quoted
    media_type: str
    size: str  # "17 KB"
    sha256: str  # only to tell a new file from the old one
    framed: str = ""  # "page" or "document" when shown in a frame, "" when linked
    skipped: str = ""  # why the guide has no file in this format
    current: bool = True  # False when this preview does not rebuild the format


@dataclass(frozen=True)
class Checked:
    """A guide's source checks: the findings, or why the guide could not be read at all."""

    findings: tuple[Finding, ...] = ()
    error: str = ""  # the guide could not be read: `path:line: message (hint)`

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == ERROR) + (
            1 if self.error else 0)

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == WARNING)


@dataclass(frozen=True)
class GuideView:
    slug: str
    title: str
    source: str  # the guide's file, as the terminal shows it
    editions: tuple[Edition, ...] = ()
    checked: Checked = field(default_factory=Checked)
    failed: tuple[str, ...] = ()  # why the last build of this guide kept the old outputs

    @property
    def stamp(self) -> str:
        """Changes whenever anything this guide's page shows changes."""
        return _digest(asdict(self))

    @property
    def framed(self) -> tuple[Edition, ...]:
        return tuple(e for e in self.editions if e.framed and not e.skipped)

    @property
    def linked(self) -> tuple[Edition, ...]:
        return tuple(e for e in self.editions if not e.framed or e.skipped)

    @property
    def counts(self) -> str:
        errors, warnings = self.checked.errors, self.checked.warnings
        if not (errors or warnings):
            return "no findings"
        return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"

    @property
    def status(self) -> str:
        """One line for the list of guides: did it build, and what did the checks find."""
        return f"the last save did not build; {self.counts}" if self.failed else self.counts


@dataclass(frozen=True)
class Overview:
    """The start page: every guide, and the catalogue."""

    guides: tuple[GuideView, ...] = ()
    catalogue: str = ""  # the catalogue's href, "" before it exists
    catalogue_sha256: str = ""
    notice: str = ""  # a problem with the whole build (another build held the folder...)

    @property
    def stamp(self) -> str:
        return _digest([self.catalogue, self.catalogue_sha256, self.notice,
                        [(guide.slug, guide.title, guide.status) for guide in self.guides]])


def editions(record: GuideRecord | None, selected: tuple[str, ...]) -> tuple[Edition, ...]:
    """The guide's editions as the manifest records them, in the formats' order."""
    if record is None:
        return ()
    registry = formats.registry()
    known = [name for name in registry.names() if name in record.outputs]
    found = []
    for name in known:
        output, fmt = record.outputs[name], registry[name]
        found.append(Edition(name, fmt.label, fmt.kind, quote(output.file), fmt.media_type,
                             human_size(output.size), output.sha256,
                             FRAMED.get(fmt.media_type, ""), output.skipped,
                             not selected or name in selected))
    return tuple(found)


def failure_lines(lines: Iterable[str], findings: Iterable[Finding]) -> tuple[str, ...]:
    """A failed build's messages, less those the findings already show."""
    shown = {finding.text() for finding in findings}
    return tuple(line for line in lines if line not in shown)


def title_of(record: GuideRecord | None, slug: str) -> str:
    return record.meta.get("title", slug) if record is not None else slug


def guide_view(slug: str, source: str, record: GuideRecord | None, checked: Checked,
               failed: Iterable[str], selected: tuple[str, ...]) -> GuideView:
    return GuideView(slug, title_of(record, slug), source, editions(record, selected),
                     checked, failure_lines(failed, checked.findings))


def overview(guides: Mapping[str, GuideView], catalogue: str, catalogue_sha256: str,
             notice: str = "") -> Overview:
    ordered = sorted(guides.values(), key=lambda guide: (guide.title.casefold(), guide.slug))
    return Overview(tuple(ordered), catalogue, catalogue_sha256, notice)


def _digest(value: object) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
