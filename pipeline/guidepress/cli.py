"""The `guidepress` command: Click only. Each command parses options, calls one core function,
and turns a `GuidepressError` into a message and an exit status."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from guidepress import __version__
from guidepress.errors import GuidepressError
from guidepress.settings import BUILTIN_TEMPLATES, LOCK_WAIT_SECONDS, PAPERS, Settings
from guidepress.terminal import printable

T = TypeVar("T")

SOURCE_OPTION = click.option(
    "--source", "source_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("source"), show_default=True, help="Folder that holds the guides.")
TEMPLATES_OPTION = click.option(
    "--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
    default=None, help="Folder of page templates and CSS to use instead of the built-in ones.")
OUT_OPTION = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"), show_default=True, help="Folder the outputs are written to.")


def say(text: str) -> None:
    """Print `text`, with any control character of a guide's making shown as an escape."""
    click.echo(printable(text, keep="\n"))


def report_errors(action: Callable[[], T]) -> T:
    """Run `action`; print a GuidepressError the way users expect and exit with its status."""
    try:
        return action()
    except GuidepressError as error:
        click.echo(printable(f"error: {error}"), err=True)
        sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidepress")
def main() -> None:
    """Check Markdown guides and publish each one in every accessible format installed
    (`guidepress formats` lists them)."""


class FormatOption(click.Option):
    """`--format`, whose help lists the formats installed when it is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from guidepress import formats

        record = super().get_help_record(ctx)
        if record is None:
            return None
        names = ", ".join(formats.registry().names())
        return record[0], f"Only build this format ({names}); repeat for more."


def _format_options(command: Callable[..., T]) -> Callable[..., T]:
    """Options shared by `build` and `watch`: what to build, from where, to where."""
    for option in reversed([
        click.argument("guides", nargs=-1),
        click.option("--format", "formats", multiple=True, metavar="FORMAT", cls=FormatOption,
                     help="Only build this format; repeat for more."),
        click.option("--paper", type=click.Choice(PAPERS), default="letter",
                     show_default=True, help="Paper size of the printed editions."),
        click.option("--strict", is_flag=True, help="Warnings fail a guide, like errors."),
        SOURCE_OPTION,
        OUT_OPTION,
        TEMPLATES_OPTION,
        click.option("--quiet", "-q", is_flag=True, help="Print only errors and warnings."),
        click.option("--verbose", "-v", is_flag=True,
                     help="Also list the outputs that were up to date."),
    ]):
        command = option(command)
    return command


def _settings(values: dict[str, Any]) -> Settings:
    """The one Settings object of a command, from its options."""
    return Settings(source_dir=values["source_dir"], out_dir=values["out_dir"],
                    templates_dir=values["templates_dir"] or BUILTIN_TEMPLATES,
                    formats=values["formats"], paper=values["paper"], strict=values["strict"],
                    force=values.get("force", False), jobs=values.get("jobs") or 0,
                    wait=0 if values.get("no_wait") else values.get("wait", LOCK_WAIT_SECONDS))


@main.command()
@_format_options
@click.option("--force", is_flag=True, help="Rebuild every output, stale or not.")
@click.option("--explain", "--dry-run", "dry_run", is_flag=True,
              help="List what would be rebuilt and why; change nothing.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON summary of what was built, skipped and why.")
@click.option("--wait", type=click.FloatRange(min=0), default=LOCK_WAIT_SECONDS,
              show_default=True, metavar="SECONDS",
              help="How long to wait for another build of the same folder.")
@click.option("--no-wait", is_flag=True, help="Exit at once if another build is running.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core, as many as the free memory holds).")
@click.option("--validate", "validate_outputs", is_flag=True,
              help="Then check the outputs with the real validators (see `validate`).")
def build(guides: tuple[str, ...], quiet: bool, verbose: bool, dry_run: bool, as_json: bool,
          validate_outputs: bool, **options: Any) -> None:
    """Build GUIDES (default: every guide in the source folder) into the output folder.

    Only stale outputs are rebuilt: those whose guide, images, templates, options or tools
    changed since they were made. Each is listed with the reason.
    """
    settings = _settings(options)
    if not dry_run:
        from guidepress import prestart

        prestart.start_if_cold(settings)

    from guidepress import build as core
    from guidepress.build.progress import TerminalReport, is_live_terminal

    report = TerminalReport(quiet=quiet, verbose=verbose, machine=as_json,
                            live=is_live_terminal())
    if dry_run:
        summary = report_errors(lambda: core.explain(guides, settings, report))
    else:
        summary = report_errors(lambda: core.build(guides, settings, report,
                                                   validate=validate_outputs))
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
    elif not quiet:
        click.echo(summary.headline())
    sys.exit(summary.exit_code)


@main.command()
@_format_options
def watch(guides: tuple[str, ...], quiet: bool, verbose: bool, **options: Any) -> None:
    """Build GUIDES, then rebuild what each save of a guide, image or template affects.

    Errors are printed and the last good outputs kept; watching goes on until Ctrl-C.
    """
    from guidepress.build import watch as watcher
    from guidepress.build.progress import TerminalReport, is_live_terminal

    settings = _settings(options)
    report = TerminalReport(quiet=quiet, verbose=verbose, live=is_live_terminal())
    try:
        report_errors(lambda: watcher.watch(guides, settings, report))
    except KeyboardInterrupt:
        click.echo("stopped watching")


@main.command()
@_format_options
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port to serve on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; only loopback addresses unless --allow-remote.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a --host that other machines can reach (they can read every output).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
def preview(guides: tuple[str, ...], quiet: bool, verbose: bool, port: int, host: str,
            allow_remote: bool, open_browser: bool, **options: Any) -> None:
    """Build GUIDES, serve the outputs on this machine, and reload the open pages on every save.

    Each guide gets a page with its editions side by side and its source-check findings;
    the catalogue is the start page. A guide with errors shows them and keeps its last good
    outputs. Runs until Ctrl-C.
    """
    from guidepress import preview as core
    from guidepress.build.progress import TerminalReport, is_live_terminal

    settings = _settings(options)
    report = TerminalReport(quiet=quiet, verbose=verbose, live=is_live_terminal())
    chosen = core.Options(host, port, allow_remote, open_browser)
    try:
        report_errors(lambda: core.serve(guides, settings, report, chosen, echo=say))
    except KeyboardInterrupt:
        click.echo("stopped the preview")


@main.command()
def formats() -> None:
    """List the formats and validators installed, built in or added by other packages."""
    from guidepress import formats as registered
    from guidepress.validate.registry import for_format, guide_validators, registry

    def origin(name: str) -> str:
        where = registry().origin(name)
        return "" if where == "guidepress" else f" (from {where})"

    def show() -> None:
        found = registered.registry()
        for fmt in found:
            added = "" if found.origin(fmt.name) == "guidepress" else \
                f" (from {found.origin(fmt.name)})"
            checked = ", ".join(v.name + origin(v.name) for v in for_format(fmt.name))
            click.echo(f"{fmt.name}: {fmt.label} ({fmt.kind}), <slug>/{fmt.filename('<slug>')}"
                       f"{added}; checked by {checked or 'no validator'}")
        across = ", ".join(v.name + origin(v.name) for v in guide_validators())
        click.echo(f"across formats: {across or 'no validator'}")

    report_errors(show)


@main.command()
@click.argument("slug")
@click.option("--title", required=True, help="The guide's title.")
@click.option("--description", default="", help="One sentence saying what the guide is.")
@click.option("--lang", default="en-US", show_default=True, help="Language, as a BCP 47 tag.")
@SOURCE_OPTION
def new(slug: str, title: str, description: str, lang: str, source_dir: Path) -> None:
    """Start a guide at SOURCE/SLUG.md that already passes every check."""
    from guidepress import scaffold
    from guidepress.terminal import display

    path = report_errors(lambda: scaffold.new_guide(slug, title, source_dir,
                                                    description=description, lang=lang))
    click.echo(f"wrote {display(path)}; build it with `guidepress build {slug}`")


@main.command()
@click.argument("guides", nargs=-1)
@SOURCE_OPTION
@OUT_OPTION
@TEMPLATES_OPTION
@click.option("--force", is_flag=True,
              help="Check every output again, even those whose results are kept from an "
                   "earlier run on the same bytes.")
def validate(guides: tuple[str, ...], source_dir: Path, out_dir: Path,
             templates_dir: Path | None, force: bool) -> None:
    """Check the built outputs of GUIDES (default: every guide) with every validator
    installed (axe-core, the Nu HTML Checker, EPUBCheck, Ace, the PDF/UA checks...), and
    write conformance.html and conformance.json next to them. Exits 1 when any check fails.

    Results are kept in the output folder and reused while an output's bytes, the
    validator's code and tools stay the same; the report says which results are kept."""
    from guidepress import validate as core

    settings = Settings(source_dir=source_dir, out_dir=out_dir,
                        templates_dir=templates_dir or BUILTIN_TEMPLATES, force=force)
    summary = report_errors(lambda: core.validate(guides, settings, echo=say))
    sys.exit(summary.exit_code)


FORMAT_OPTION = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="text for people, json for machines.")


@main.command()
@click.argument("guides", nargs=-1)
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@SOURCE_OPTION
def check(guides: tuple[str, ...], output_format: str, strict: bool, source_dir: Path) -> None:
    """Check GUIDES (default: every guide in the source folder): accessibility, reading level,
    plain language and metadata. Prints `path:line:col: CODE severity: message` and a hint for
    each finding. Exits 0 when clean, 1 when a guide has errors (with --strict, warnings too)."""
    from guidepress.checks import apply as checks
    from guidepress.checks import report

    results = report_errors(lambda: checks.check_guides(source_dir, guides))
    shown = report.check_json(results, strict=strict) if output_format == "json" else (
        report.check_text(results))
    say(shown)
    sys.exit(checks.status(results, strict=strict))


@main.command()
@click.argument("guide")
@FORMAT_OPTION
@click.option("--top", type=click.IntRange(0, 50), default=5, show_default=True,
              help="How many of the hardest sentences to list.")
@SOURCE_OPTION
def readability(guide: str, output_format: str, top: int, source_dir: Path) -> None:
    """Show the reading level of GUIDE: each section's scores against the guide's target
    grade, the hardest sentences and why, and plain-language suggestions. Exits 1 when the
    whole guide is over its target."""
    from guidepress.checks import apply as checks
    from guidepress.checks import report
    from guidepress.checks.reading import Report
    from guidepress.read import source

    def work() -> Report:
        path = source.find_guides(source_dir, (guide,))[0]
        return checks.readability_report(path, top)

    result = report_errors(work)
    shown = report.readability_json(result) if output_format == "json" else (
        report.readability_text(result))
    say(shown)
    sys.exit(1 if result.guide.over else 0)
