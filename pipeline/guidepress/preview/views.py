"""What the preview pages show, as plain values made from the manifest, the formats registry
and the last build's messages; pure, so the pages can be tested without a server.

An edition is shown in the page when the browser can show it in a frame (a web page, or a
PDF in the browser's own viewer), and linked otherwise. Which is which comes from each
format's media type, never from its name, so a format added later is shown the right way.

The findings are those of the source checks the build ran on the guide it built (or tried
to): the manifest keeps a published guide's warnings, and a failed build's messages hold the
findings that stopped it. They come as the lines the build prints (`Finding.text`) and are
read back here; running the checks again would cost as much as building the web page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from urllib.parse import quote

from guidepress import formats
from guidepress.build.catalogue import human_size
from guidepress.checks.findings import ERROR, WARNING, Finding, Severity
from guidepress.outdir.manifest import GuideRecord

# Media types the browser shows inside a frame on its own (PDF: in its built-in viewer).
FRAMED = {"text/html": "page", "application/pdf": "document"}
# `Finding.text()`: `path:line:col: CODE severity: message`, then maybe `\n    hint: ...`.
_FINDING = re.compile(r"(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) "
                      r"(?P<severity>error|warning): (?P<message>[^\n]*)"
                      r"(?:\n    hint: (?P<hint>[^\n]*))?")


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
class GuideView:
    slug: str
    title: str
    source: str  # the guide's file, as the terminal shows it
    editions: tuple[Edition, ...] = ()
    findings: tuple[Finding, ...] = ()
    failed: bool = False  # the last build of this guide failed and kept the old outputs
    messages: tuple[str, ...] = ()  # what that build said, less the findings

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
        errors, warnings = _count(self.findings, ERROR), _count(self.findings, WARNING)
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


def read_finding(line: str) -> Finding | None:
    """The Finding a build's message line shows, or None when it shows none."""
    found = _FINDING.fullmatch(line)
    if found is None:
        return None
    severity: Severity = ERROR if found["severity"] == ERROR else WARNING
    return Finding(found["path"], int(found["line"]), int(found["col"]), found["code"],
                   severity, found["message"], found["hint"] or "")


def split_messages(lines: Iterable[str]) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """A build's messages as the findings they show, in order, and the other lines."""
    findings, others = [], []
    for line in lines:
        finding = read_finding(line)
        if finding is None:
            others.append(line)
        else:
            findings.append(finding)
    return tuple(sorted(findings)), tuple(others)


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


def guide_view(slug: str, source: str, record: GuideRecord | None,
               failure: tuple[str, ...] | None, selected: tuple[str, ...]) -> GuideView:
    """`failure`: the messages of the build that failed on the guide as it is now, or None
    when its last build published it (its warnings are then in the manifest)."""
    title = record.meta.get("title", slug) if record is not None else slug
    said = failure if failure is not None else (record.warnings if record is not None else ())
    findings, others = split_messages(said)
    return GuideView(slug, title, source, editions(record, selected), findings,
                     failure is not None, others)


def overview(guides: Mapping[str, GuideView], catalogue: str, catalogue_sha256: str,
             notice: str = "") -> Overview:
    ordered = sorted(guides.values(), key=lambda guide: (guide.title.casefold(), guide.slug))
    return Overview(tuple(ordered), catalogue, catalogue_sha256, notice)


def _count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity == severity)


def _digest(value: object) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
