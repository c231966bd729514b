"""What a build says: where its lines go (a `Report`), the record of what it did or would do
(a `Summary`), and the wording of both, shared by a real build and by `--explain`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Echo = Callable[[str], None]


class Report(Protocol):
    """Where the build's messages go. Lines arrive in a stable order."""

    def info(self, text: str) -> None:
        """What was (or would be) built and why."""

    def detail(self, text: str) -> None:
        """What was up to date: only worth showing when asked."""

    def problem(self, text: str) -> None:
        """Errors and warnings."""

    def progress(self, done: int, total: int) -> None:
        """`done` of `total` stale guides are finished."""


@dataclass
class EchoReport:
    """A Report that sends every line that matters to one function."""

    echo: Echo

    def info(self, text: str) -> None:
        self.echo(text)

    def detail(self, text: str) -> None:
        pass

    def problem(self, text: str) -> None:
        self.echo(text)

    def progress(self, done: int, total: int) -> None:
        pass


def as_report(echo: Echo | Report) -> Report:
    return EchoReport(echo) if callable(echo) else echo


@dataclass(frozen=True)
class Action:
    """One output: what happened to it (or would), and why."""

    guide: str
    format: str
    path: str
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"guide": self.guide, "format": self.format, "path": self.path,
                "reasons": list(self.reasons)}


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)  # guides with new outputs
    failed: list[str] = field(default_factory=list)
    written: list[Action] = field(default_factory=list)  # outputs built (or, dry, to build)
    skipped: list[Action] = field(default_factory=list)  # outputs already up to date
    removed: list[str] = field(default_factory=list)  # outputs of guides that are gone
    problems: dict[str, list[str]] = field(default_factory=dict)  # guide -> errors, warnings
    exit_codes: list[int] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return max(self.exit_codes, default=0)

    def failure(self, slug: str, lines: list[str], exit_code: int, report: Report) -> None:
        self.failed.append(slug)
        self.problems[slug] = lines
        self.exit_codes.append(exit_code)
        for line in lines:
            report.problem(line)

    def headline(self) -> str:
        if not (self.written or self.removed or self.failed):
            return (f"Nothing to build: {plural(len(self.skipped), 'output')} up to date "
                    f"({self.seconds:.1f} s)")
        verb = "would build" if self.dry_run else "built"
        guides = len({action.guide for action in self.written if action.guide})
        parts = []
        if self.written:
            parts.append(f"{verb} {plural(len(self.written), 'output')}"
                         + (f" of {plural(guides, 'guide')}" if guides else ""))
        if self.skipped:
            parts.append(f"{len(self.skipped)} up to date")
        if self.removed:
            parts.append(("would remove " if self.dry_run else "removed ")
                         + plural(len(self.removed), "output"))
        if self.failed:
            parts.append(f"{plural(len(self.failed), 'guide')} failed: "
                         + ", ".join(self.failed))
        text = "; ".join(parts)
        return f"{text[0].upper()}{text[1:]} ({self.seconds:.1f} s)"

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "built": [action.as_dict() for action in self.written],
            "skipped": [action.as_dict() for action in self.skipped],
            "removed": self.removed,
            "failed": [{"guide": slug, "messages": self.problems.get(slug, [])}
                       for slug in self.failed],
            "warnings": {slug: lines for slug, lines in self.problems.items()
                         if slug not in self.failed},
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }


def grouped(slug: str, actions: list[Action]) -> list[str]:
    """`slug.pdf: reason` lines, with formats that share their reasons on one line."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for action in actions:
        groups.setdefault(action.reasons, []).append(action.format)
    lines = []
    for reasons, names in groups.items():
        label = f"{slug}.{names[0]}" if len(names) == 1 else f"{slug} ({', '.join(names)})"
        lines.append(f"{label}: {reason_text(reasons)}")
    return lines


def reason_text(reasons: tuple[str, ...]) -> str:
    shown = "; ".join(reasons[:3])
    return shown + (f"; and {len(reasons) - 3} more changes" if len(reasons) > 3 else "")


def plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
