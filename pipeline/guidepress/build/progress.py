"""How a build talks to people: plain lines when piped or in CI, and on a terminal a progress
line for builds of several guides that redraws itself in place. Errors and warnings go to
standard error; `--quiet` keeps only them; `--json` keeps standard output for the summary."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

from guidepress.terminal import printable


def is_live_terminal() -> bool:
    """True on an interactive terminal; false when piped, in CI, or on a dumb terminal."""
    return (sys.stderr.isatty() and not os.environ.get("CI")
            and os.environ.get("TERM", "") != "dumb")


@dataclass
class TerminalReport:
    quiet: bool = False
    verbose: bool = False
    machine: bool = False  # standard output is reserved for a JSON summary
    live: bool = False  # draw a progress line on standard error
    _drawn: bool = False

    def info(self, text: str) -> None:
        if not (self.quiet or self.machine):
            self._say(text, err=False)

    def detail(self, text: str) -> None:
        if self.verbose and not self.machine:
            self._say(text, err=False)

    def problem(self, text: str) -> None:
        self._say(text, err=True)

    def progress(self, done: int, total: int) -> None:
        if not self.live or self.quiet or self.machine or total < 2:
            return
        width = 24
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r\x1b[2K[{bar}] {done}/{total} guides", nl=False, err=True)
        self._drawn = done < total
        if not self._drawn:
            self.clear()

    def clear(self) -> None:
        click.echo("\r\x1b[2K", nl=False, err=True)
        self._drawn = False

    def _say(self, text: str, *, err: bool) -> None:
        if self._drawn:
            self.clear()
        click.echo(printable(text, keep="\n"), err=err)  # guide text never drives the terminal
