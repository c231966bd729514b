"""The conformance model (checks, findings, review items) and its two writers:
`conformance.json` for machines and `conformance.html` (accessible itself) for people."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2

from guidepress import clock, formats
from guidepress.outdir.atomic import write_atomic
from guidepress.settings import BUILTIN_TEMPLATES
from guidepress.validate.refs import Ref

TEMPLATE = "report/conformance.html"
JSON_NAME = "conformance.json"
HTML_NAME = "conformance.html"
SCHEMA_VERSION = 1

# Checks that belong to no one format.
ACROSS = "all"
REPORT = "report"
_GROUPS = {ACROSS: "Across formats", REPORT: "This report"}


def format_names() -> dict[str, str]:
    """What each group of checks is called, in report order: each format, then the rest."""
    names = {fmt.name: fmt.kind[:1].upper() + fmt.kind[1:] for fmt in formats.registry()}
    return {**names, **_GROUPS}


def format_name(key: str) -> str:
    return format_names().get(key, key)


class Result(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not applicable"
    REVIEW = "needs human review"


@dataclass(frozen=True)
class Finding:
    """One thing a checker found: what, where, the tool's own rule name, how to fix it."""

    message: str
    where: str = ""
    rule: str = ""
    help: str = ""
    criteria: tuple[str, ...] = ()  # WCAG 2.2 success criteria it breaks, e.g. ("1.1.1",)

    def __str__(self) -> str:
        head = f"{self.where}: " if self.where else ""
        rule = f"{self.rule} " if self.rule else ""
        return f"{head}{rule}{self.message}"


@dataclass(frozen=True)
class Check:
    id: str
    format: str  # a format's name, ACROSS or REPORT
    title: str
    result: Result
    tool: str
    tool_version: str
    refs: tuple[Ref, ...] = ()
    findings: tuple[Finding, ...] = ()
    detail: str = ""  # what was checked, in a sentence
    checked: str = ""  # when the tool ran, UTC, ISO 8601 (e.g. "2026-11-25T14:02:07Z")
    cached: bool = False  # the result of an earlier run, on the same inputs

    @property
    def failed(self) -> bool:
        return self.result is Result.FAIL


def judged(check_id: str, fmt: str, title: str, tool: str, version: str, refs: Iterable[Ref],
           findings: Iterable[Finding], detail: str = "", applies: bool = True) -> Check:
    """A check that passes when it has no findings and fails otherwise; "not applicable" when
    the output has nothing it could check (no images, no tables, ...)."""
    found = tuple(findings)
    result = Result.FAIL if found else Result.PASS if applies else Result.NOT_APPLICABLE
    return Check(check_id, fmt, title, result, tool, version, tuple(refs), found, detail)


@dataclass(frozen=True)
class Review:
    """Something only a person can judge, and what to look at."""

    id: str
    format: str
    title: str
    look_at: str
    refs: tuple[Ref, ...] = ()
    items: tuple[str, ...] = ()


@dataclass
class Report:
    slug: str
    title: str
    lang: str
    outputs: dict[str, str]  # format -> file name
    checks: list[Check] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    claims: dict[str, list[str]] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)
    date: str = field(default_factory=lambda: clock.today().isoformat())
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of the run

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.failed]

    @property
    def passed(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        return {result.value: sum(1 for c in self.checks if c.result is result)
                for result in Result}

    def by_format(self) -> list[tuple[str, str, list[Check]]]:
        groups = []
        for key, name in format_names().items():
            checks = [c for c in self.checks if c.format == key]
            if checks:
                groups.append((key, name, checks))
        return groups

    def replace_check(self, check: Check) -> None:
        self.checks = [check if c.id == check.id else c for c in self.checks]
        if check.id not in {c.id for c in self.checks}:
            self.checks.append(check)


def to_data(report: Report) -> dict[str, Any]:
    counts = report.counts()
    return {
        "schema": SCHEMA_VERSION,
        "guide": report.slug,
        "title": report.title,
        "date": report.date,
        "passed": report.passed,
        "summary": counts,
        "outputs": report.outputs,
        "tools": report.tools,
        "seconds": report.seconds,
        "timings": report.timings,
        "claims": report.claims,
        "checks": [_check_data(c) for c in report.checks],
        "reviews": [_review_data(r) for r in report.reviews],
    }


def _check_data(check: Check) -> dict[str, Any]:
    data = asdict(check)
    data["result"] = check.result.value
    data["refs"] = [asdict(ref) for ref in check.refs]
    data["findings"] = [asdict(f) for f in check.findings]
    return data


def _review_data(review: Review) -> dict[str, Any]:
    data = asdict(review)
    data["refs"] = [asdict(ref) for ref in review.refs]
    return data


def check_data(check: Check) -> dict[str, Any]:
    """A check as JSON data (as in conformance.json); `check_from_data` reads it back."""
    return _check_data(check)


def review_data(review: Review) -> dict[str, Any]:
    return _review_data(review)


def check_from_data(data: dict[str, Any]) -> Check:
    return Check(
        str(data["id"]), str(data["format"]), str(data["title"]), Result(data["result"]),
        str(data["tool"]), str(data["tool_version"]),
        tuple(Ref(**ref) for ref in data["refs"]),
        tuple(Finding(f["message"], f["where"], f["rule"], f["help"], tuple(f["criteria"]))
              for f in data["findings"]),
        str(data["detail"]), str(data.get("checked", "")), bool(data.get("cached", False)))


def review_from_data(data: dict[str, Any]) -> Review:
    return Review(str(data["id"]), str(data["format"]), str(data["title"]),
                  str(data["look_at"]), tuple(Ref(**ref) for ref in data["refs"]),
                  tuple(str(item) for item in data["items"]))


def to_json(report: Report) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


@functools.cache  # one per folder: each report then reuses the compiled template
def _environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["slug"] = lambda text: "".join(c if c.isalnum() else "-" for c in str(text))
    return env


def to_html(report: Report, templates_dir: Path = BUILTIN_TEMPLATES) -> str:
    template = _environment(templates_dir).get_template(TEMPLATE)
    return template.render(report=report, counts=report.counts(), groups=report.by_format(),
                           Result=Result, format_names=format_names())


def write(report: Report, folder: Path, templates_dir: Path = BUILTIN_TEMPLATES
          ) -> tuple[Path, Path]:
    """Write conformance.json and conformance.html into `folder`."""
    json_path, html_path = folder / JSON_NAME, folder / HTML_NAME
    write_atomic(json_path, to_json(report).encode("utf-8"))
    write_atomic(html_path, to_html(report, templates_dir).encode("utf-8"))
    return json_path, html_path
