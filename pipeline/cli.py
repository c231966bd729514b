"""The `guidepress` command: Click only. Each command parses options, calls one core function,
and turns a `GuidepressError` into a message and an exit status."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from . import __version__
from .errors import GuidepressError

T = TypeVar("T")

SOURCE_OPTION = click.option(
    "--source", "source_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("source"), show_default=True, help="Folder that holds the guides.")
OUT_OPTION = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"), show_default=True, help="Folder the outputs are written to.")


def report_errors(action: Callable[[], T]) -> T:
    """Run `action`; print a GuidepressError the way users expect and exit with its status."""
    try:
        return action()
    except GuidepressError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidepress")
def main() -> None:
    """Check Markdown guides and publish them as accessible HTML, PDF, EPUB and plain text."""


@main.command()
@click.argument("guides", nargs=-1)
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help="Only build this format (html, pdf, epub, txt); repeat for more.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter", show_default=True,
              help="Paper size of the PDF handout.")
@SOURCE_OPTION
@OUT_OPTION
def build(guides: tuple[str, ...], formats: tuple[str, ...], paper: str, source_dir: Path,
          out_dir: Path) -> None:
    """Build GUIDES (default: every guide in the source folder) into the output folder."""
    from . import build as core

    options = core.Options(formats=formats, paper=paper, source_dir=source_dir, out_dir=out_dir)
    summary = report_errors(lambda: core.build(guides, options, echo=click.echo))
    sys.exit(summary.exit_code)
