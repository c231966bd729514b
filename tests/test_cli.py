"""The command line: help, version, build options, errors and exit statuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from guidepress import __version__
from guidepress.cli import main

from .conftest import MINIMAL


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_help_and_version() -> None:
    code, output = run("--help")
    assert code == 0 and "build" in output
    for command in main.commands.values():
        assert command.help, f"{command.name} has no help text"
    assert run("--version") == (0, f"guidepress, version {__version__}\n")


def test_build_one_format_into_another_folder(
    make_source: Callable[..., Path], tmp_path: Path
) -> None:
    guide = make_source()
    out = tmp_path / "elsewhere"
    code, output = run("build", "test-guide", "--format", "txt", "--source",
                       str(guide.parent), "--out", str(out))
    assert code == 0, output
    assert sorted(p.name for p in (out / "test-guide").iterdir()) == ["test-guide.txt"]
    assert "Opening words." in (out / "test-guide" / "test-guide.txt").read_text()


def test_bad_front_matter_exits_1_naming_file_and_line(
    make_source: Callable[..., Path], tmp_path: Path
) -> None:
    guide = make_source(MINIMAL.replace("updated: 2026-11-25", "updated: 2026-13-01"))
    code, output = run("build", "--source", str(guide.parent), "--out", str(tmp_path / "o"))
    assert code == 1
    assert f"{guide}:5: `updated` is not a real date: 2026-13-01" in output


def test_usage_errors_exit_2(make_source: Callable[..., Path], tmp_path: Path) -> None:
    guide = make_source()
    code, output = run("build", "no-such-guide", "--source", str(guide.parent))
    assert code == 2 and "no guide named 'no-such-guide'" in output and "test-guide" in output
    code, output = run("build", "--format", "rtf", "--source", str(guide.parent))
    assert code == 2 and "unknown format 'rtf'" in output
    assert run("build", "--paper", "legal")[0] == 2


def test_a_failed_guide_keeps_its_last_good_outputs(
    make_source: Callable[..., Path], tmp_path: Path
) -> None:
    guide = make_source()
    out = tmp_path / "out"
    args = ("build", "--source", str(guide.parent), "--out", str(out))
    assert run(*args)[0] == 0
    before = {p.name: p.read_bytes() for p in (out / "test-guide").iterdir()}
    assert set(before) == {f"test-guide.{s}" for s in ("html", "pdf", "epub", "txt", "docx",
                                                       "brf")} | {"test-guide-large-print.pdf"}
    guide.write_text(MINIMAL.replace("Some text", "![](images/missing.png)\n\nSome text"))
    code, output = run(*args)
    assert code == 1 and "does not exist" in output
    after = {p.name: p.read_bytes() for p in (out / "test-guide").iterdir()}
    assert after == before
