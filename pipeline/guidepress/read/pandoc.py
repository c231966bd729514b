"""Runs the pandoc that ships with pypandoc-binary, contained.

Every call is sandboxed (pandoc reads no file and fetches nothing), bounded in memory and time,
and killed with its whole process group when it runs over. Warnings are returned, not printed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from guidepress import runner
from guidepress.errors import ToolError

# Sources are CommonMark with named extensions; metadata blocks and raw-format blocks are off.
# `-raw_html` states the intent, but pandoc's CommonMark reader ignores it (jgm/pandoc#8305):
# raw HTML still arrives as RawBlock/RawInline, and `safety.clean` removes it for the writers.
# (pandoc 3.9 still passes raw HTML through this reader: document.neutralise_raw makes it text.)
READER = (
    "commonmark"
    "+pipe_tables+footnotes+definition_lists+attributes+implicit_figures"
    "+gfm_auto_identifiers+smart+strikeout+fenced_divs+bracketed_spans"
    "-raw_html"
)
TIMEOUT_SECONDS = 60
MEMORY_LIMIT = "1024m"
MAX_WARNINGS = 100  # a hostile input can make thousands; the first ones say enough


class LimitExceeded(ToolError):
    """pandoc went over its time or memory limit (the input, not pandoc, is the likely cause)."""


@dataclass(frozen=True)
class Result:
    output: bytes
    warnings: tuple[str, ...]


def executable() -> str:
    import pypandoc

    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise ToolError("pandoc is not installed",
                        "run `make build`, which installs pypandoc-binary") from None


def version() -> str:
    """The version of the pandoc that runs now (asked each time: watch may outlive a pandoc)."""
    done = runner.run([executable(), "--version"], tool="pandoc", timeout=TIMEOUT_SECONDS,
                      env=_environment())
    first = done.stdout.decode("utf-8", "replace").split("\n", 1)[0].split()
    if done.returncode != 0 or len(first) < 2:
        raise ToolError(f"pandoc --version failed: {done.tail()}")
    return first[1]


def run(args: list[str], stdin: bytes, env: dict[str, str] | None = None) -> Result:
    """Run pandoc with `args`, feeding `stdin`; raise ToolError on failure or time-out."""
    command = [executable(), "--sandbox", *args, "+RTS", f"-M{MEMORY_LIMIT}", "-RTS"]
    try:
        done = runner.run(command, tool="pandoc", timeout=TIMEOUT_SECONDS, stdin=stdin,
                          env=_environment(env))
    except runner.TimedOut:
        raise LimitExceeded(f"pandoc took longer than {TIMEOUT_SECONDS} s and was stopped",
                            "the guide may be too large or too deeply nested") from None
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        if "Heap exhausted" in message or done.returncode == 251:
            raise LimitExceeded(f"pandoc ran out of its {MEMORY_LIMIT} memory limit",
                                "the guide may be too large or too deeply nested")
        raise ToolError(f"pandoc failed: {message or f'exit status {done.returncode}'}")
    warnings = [line for line in message.splitlines() if line.strip()]
    if len(warnings) > MAX_WARNINGS:
        warnings[MAX_WARNINGS:] = [f"... and {len(warnings) - MAX_WARNINGS} more warnings"]
    return Result(done.stdout, tuple(warnings))


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A bare environment: pandoc needs nothing of the caller's but PATH and UTF-8."""
    return {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **(extra or {})}


def to_json(markdown: str, *, sourcepos: bool = False) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Parse Markdown into pandoc's JSON AST."""
    reader = READER + ("+sourcepos" if sourcepos else "")
    result = run(["--from", reader, "--to", "json"], markdown.encode("utf-8"))
    ast: dict[str, Any] = json.loads(result.output)
    return ast, result.warnings


def from_json(ast: dict[str, Any], to: str, extra: list[str] | None = None,
              env: dict[str, str] | None = None) -> Result:
    """Write a pandoc JSON AST out in another format."""
    data = json.dumps(ast, ensure_ascii=False).encode("utf-8")
    return run(["--from", "json", "--to", to, *(extra or []), "--output", "-"], data, env)
