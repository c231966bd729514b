"""What a check reports: one `Finding` per problem, printed the way compilers and linters do.

Text: `path:line:col: CODE severity: message`, then an indented `hint:` line.
JSON: the same fields as an object, for machines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based line of the guide file, front matter included
    col: int  # 1-based column
    code: str
    severity: Severity
    message: str
    hint: str = ""

    def text(self) -> str:
        head = f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity}: {self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Suppressed:
    """A rule switched off in a guide's front matter, with the stated reason."""

    code: str
    reason: str
    hidden: int  # how many findings the switch hid
    line: int  # line of `disable_checks` in the front matter

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity == severity)


def exit_status(findings: Iterable[Finding], *, strict: bool = False) -> int:
    """0 when the findings allow publishing, 1 when they do not (`strict`: warnings fail too)."""
    failing = {ERROR, WARNING} if strict else {ERROR}
    return 1 if any(finding.severity in failing for finding in findings) else 0


def summary(findings: list[Finding], guides: int) -> str:
    errors, warnings = count(findings, ERROR), count(findings, WARNING)
    what = f"{guides} guide" + ("" if guides == 1 else "s")
    if not findings:
        return f"no findings in {what}"
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {what}"


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
