"""One base error with an exit code, and a subclass per kind of failure.

The CLI translates these once, at its boundary; the core only raises them.
"""

from __future__ import annotations

from dataclasses import dataclass


class GuidepressError(Exception):
    """Base class: something the user can act on, with the exit status to report."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __reduce__(self) -> tuple[type[GuidepressError], tuple[str, str]]:
        # Errors travel back from worker processes (guidepress.contained) by pickle.
        return (type(self), (self.message, self.hint))


@dataclass(frozen=True)
class Location:
    """A place in a source file: `path:line` (line is 1-based, 0 when unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class SourceError(GuidepressError):
    """The guide's own content is wrong: a bad front matter, an unsafe reference, ..."""

    def __init__(self, where: Location, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.where = where

    def __reduce__(self) -> tuple[type[SourceError], tuple[Location, str, str]]:  # type: ignore[override]
        return (type(self), (self.where, self.message, self.hint))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ChecksFailed(GuidepressError):
    """The guide was read but failed its checks at error level."""


class BuildLocked(GuidepressError):
    """Another build is writing the same output folder, and it did not finish in time."""


class UsageError(GuidepressError):
    """The command was called wrongly: unknown guide, bad option value."""

    exit_code = 2


class ToolError(GuidepressError):
    """An external tool (pandoc, WeasyPrint, a validator) is missing, failed or timed out."""

    exit_code = 3


class OutputError(GuidepressError):
    """An output could not be written (read-only folder, full disk)."""

    exit_code = 4
