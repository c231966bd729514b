"""A run's validator programs: one Java process checks every EPUB (and one every web page), one
Node process every EPUB with Ace; a checker that ends itself is started again; a program that
breaks or hangs gives a message that names it."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import zipfile
from pathlib import Path

import pytest

from guidepress import runner
from guidepress.errors import ToolError
from guidepress.formats import epub
from guidepress.validate import ace, epubcheck, nu, services

OPF = "EPUB/content.opf"


def broken_copy(book: Path, folder: Path) -> Path:
    """The book without its navigation document (EPUBCheck: RSC-005) and without its
    accessibility summary (Ace: a violation)."""
    entries = epub.read_entries(book.read_bytes())
    opf = entries[OPF].replace(b' properties="nav"', b"")
    entries[OPF] = b"\n".join(line for line in opf.split(b"\n")
                              if b"schema:accessibilitySummary" not in line)
    copy = folder / "broken.epub"
    copy.write_bytes(epub.write_entries(entries, dt.date(2026, 11, 25)))
    return copy


def python_service(code: str) -> services.Service:
    return services.Service("a test program", lambda: [sys.executable, "-c", code])


@pytest.mark.validators
def test_epubcheck_checks_every_book_in_one_java_process(outputs: dict[str, Path],
                                                         tmp_path: Path) -> None:
    broken = broken_copy(outputs["epub"], tmp_path)
    with contextlib.closing(epubcheck.service()) as server:
        good, bad, again = epubcheck.check_all([outputs["epub"], broken, outputs["epub"]],
                                               server)
        assert server.starts == 1
    assert good == [] and again == []
    assert any(f.rule.startswith("RSC-005 error") and "nav" in f.message for f in bad)


@pytest.mark.validators
def test_ace_checks_every_book_in_one_node_process(outputs: dict[str, Path],
                                                   tmp_path: Path) -> None:
    broken = broken_copy(outputs["epub"], tmp_path)
    with contextlib.closing(services.ace()) as server:
        (good, report), (bad, _) = ace.check_all([outputs["epub"], broken], server)
        assert server.starts == 1
    assert good == []
    assert ace.images(report)[0]["alt"].startswith("Flow chart")
    assert any("accessibilitySummary" in f.message or "accessibilitySummary" in f.rule
               for f in bad), [str(f) for f in bad]


@pytest.mark.validators
def test_the_nu_checker_ending_itself_is_started_again(outputs: dict[str, Path],
                                                       tmp_path: Path) -> None:
    """The Nu checker ends its process after a page with errors; the next pages still get
    their own findings."""
    invalid = tmp_path / "invalid.html"
    invalid.write_text("<!DOCTYPE html><html lang='en'><title>x</title><p><div></p>",
                       encoding="utf-8")
    with contextlib.closing(nu.service()) as server:
        first = nu.check([invalid, outputs["html"]], server)
        second = nu.check([outputs["html"]], server)
        assert server.starts == 2
    assert first[invalid] and first[outputs["html"]] == []
    assert second == {outputs["html"]: []}


def test_a_program_that_ends_without_answering_is_named() -> None:
    server = python_service("import sys; sys.stderr.write('cannot go on'); sys.exit(3)")
    with contextlib.closing(server), pytest.raises(ToolError) as caught:
        server.ask(["anything"], timeout=30)
    assert "a test program stopped without an answer: cannot go on" in caught.value.message


def test_a_program_that_does_not_answer_in_time_is_stopped() -> None:
    server = python_service("import time; time.sleep(60)")
    with contextlib.closing(server), pytest.raises(runner.TimedOut) as caught:
        server.ask(["anything"], timeout=0.5)
    assert "took longer than 0.5 s" in caught.value.message


def test_answers_are_read_a_line_each_and_a_path_with_a_tab_is_refused() -> None:
    echo = ("import sys\n"
            "for line in sys.stdin:\n"
            "    print('a line the tool printed itself', flush=True)\n"
            "    print('ok\\t' + line.strip().upper(), flush=True)\n")
    with contextlib.closing(python_service(echo)) as server:
        assert server.ask(["a", "b"], timeout=30) == ["ok", "A", "B"]
        assert server.ask(["c"], timeout=30) == ["ok", "C"]
        with pytest.raises(ToolError, match="a tab or a line break"):
            server.ask(["a\tb"], timeout=30)
        assert server.starts == 1


def test_signed_libraries_go_first_on_the_class_path_without_their_signatures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "lib").mkdir()
    with zipfile.ZipFile(tmp_path / "lib" / "signed.jar", "w") as signed:
        signed.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        signed.writestr("META-INF/SIGNER.SF", "signature")
        signed.writestr("META-INF/SIGNER.RSA", "key")
        signed.writestr("net/Example.class", b"\xca\xfe\xba\xbe")
    with zipfile.ZipFile(tmp_path / "lib" / "plain.jar", "w") as plain:
        plain.writestr("org/Other.class", b"\xca\xfe\xba\xbe")
    with zipfile.ZipFile(tmp_path / "tool.jar", "w") as tool:
        tool.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nClass-Path: lib/plai\n"
                      " n.jar lib/signed.jar\n")
    services.unsigned_libraries.cache_clear()
    try:
        (copy,) = services.unsigned_libraries(tmp_path / "tool.jar")
    finally:
        services.unsigned_libraries.cache_clear()
    assert copy.is_relative_to(tmp_path / "cache" / "guidepress") and copy.name == "signed.jar"
    with zipfile.ZipFile(copy) as unsigned:
        assert sorted(unsigned.namelist()) == ["META-INF/MANIFEST.MF", "net/Example.class"]


def test_a_changed_launcher_changes_the_versions_its_results_are_kept_under(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = services.launchers()
    assert before in ace.tool_version() and before in nu.tool_version()
    assert before in epubcheck.EpubCheckValidator().version()
    changed = tmp_path / "launch"
    changed.mkdir()
    for launcher in services.LAUNCH.iterdir():
        (changed / launcher.name).write_bytes(launcher.read_bytes() + b"\n")
    monkeypatch.setattr(services, "LAUNCH", changed)
    services.launchers.cache_clear()
    try:
        assert services.launchers() != before
    finally:
        services.launchers.cache_clear()
