"""The file system: a read-only or full output folder gives a clear error and keeps the old
outputs; guide names with spaces or other alphabets work; names with control characters or
terminal escapes are refused, shown escaped, and never reach an output.

A full disk and a read-only mount are real: the build runs in its own user and mount namespace
(`unshare`, no root needed where the system allows it) on a tiny tmpfs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import GOOD, build

# Runs inside the namespace, in a folder holding source/guide.md: build, break the output
# folder (`ro`: remount it read-only; `full`: fill it up), change the guide, build again.
NAMESPACE_SCRIPT = """
import json, os, subprocess, sys
from pathlib import Path
from tests.security.conftest import build

os.mkdir("output")
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", "output"], check=True)
first = build(("txt", "html"))
before = {p.name: p.read_bytes() for p in Path("output/guide").iterdir()}
if sys.argv[1] == "ro":
    subprocess.run(["mount", "-o", "remount,ro", "output"], check=True)
else:
    handle = os.open("output/filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(handle, bytes(4096))
    except OSError:
        os.close(handle)
guide = Path("source/guide.md")
guide.write_text(guide.read_text().replace("often", "very often"))
second = build(("txt", "html"))
after = {p.name: p.read_bytes() for p in Path("output/guide").iterdir()}
left = [str(p) for p in Path("output").rglob(".guidepress-*.tmp")]
print(json.dumps({"first": first, "second": second, "kept": before == after, "left": left}))
"""


def _in_namespace(folder: Path, mode: str) -> dict[str, object]:
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"],
                                         capture_output=True).returncode != 0:
        pytest.skip("this system does not allow a user and mount namespace (unshare -rm)")
    root = str(Path(__file__).parents[2])
    done = subprocess.run([unshare, "-rm", sys.executable, "-c", NAMESPACE_SCRIPT, mode],
                          cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": root})
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _source(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "guide.md").write_text(GOOD, "utf-8")
    return tmp_path


def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = _in_namespace(_source(tmp_path), "ro")
    assert result == {
        "first": [0, []],
        "second": [4, ["error: cannot write to output: Read-only file system (check that the "
                       "output folder is writable and the disk has room; the previous outputs "
                       "are unchanged)"]],
        "kept": True, "left": []}


def test_a_full_disk_is_a_clear_error_and_leaves_no_half_file(tmp_path: Path) -> None:
    result = _in_namespace(_source(tmp_path), "full")
    assert result["first"] == [0, []]
    assert result["second"] in (
        [4, ["error: the disk is full: cannot write output/guide/guide.html (free some disk "
             "space and build again; the previous outputs are unchanged)"]],
        [4, ["error: the disk is full: cannot write output/guide/guide.txt (free some disk "
             "space and build again; the previous outputs are unchanged)"]])
    assert result["kept"] is True and result["left"] == []


@pytest.mark.parametrize("name", ["hand washing", "lavage des mains", "мытьё рук", "手洗い",
                                  "-rf", "guide's \"quoted\" <name>"])
def test_names_with_spaces_and_other_alphabets_build(name: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / f"{name}.md").write_text(GOOD, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert build(("html", "pdf", "epub", "txt")) == (0, [])
    written = sorted(p.name for p in (tmp_path / "output" / name).iterdir())
    assert written == [f"{name}.{fmt}" for fmt in ("epub", "html", "pdf", "txt")]
    if "<" in name:  # the name is text in the index page, never markup
        index = (tmp_path / "output" / "index.html").read_text("utf-8")
        assert "<name>" not in index and "&lt;name&gt;" in index


@pytest.mark.parametrize(("name", "shown"), [
    ("red\x1b[31malert\x1b[0m", "red\\x1b[31malert\\x1b[0m"),
    ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
    ("new\nline", "new\\x0aline"),
    ("back\rspace", "back\\x0dspace"),
    ("txt\u202egnp", "txt\\u202egnp"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
])
def test_names_with_control_characters_are_refused_and_shown_escaped(
        name: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / f"{name}.md").write_text(GOOD, "utf-8")
    (tmp_path / "source" / "fine.md").write_text(GOOD, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, problems = build(("txt",))
    assert (code, problems) == (2, [
        f"error: source/{shown}.md: the file name cannot be used as a guide name (use letters, "
        "digits and hyphens, e.g. medical-oncology.md)"])
    assert not (tmp_path / "output" / "fine").exists()
    captured = capfd.readouterr()
    assert not any(c in captured.out + captured.err for c in "\x1b\x07\r\u202e")


def test_the_cli_shows_an_odd_name_escaped(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           run_cli: Callable[..., tuple[int, str]]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "evil\x1b[2J.md").write_text(GOOD, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("build")
    assert code == 2 and "evil\\x1b[2J.md" in output and "\x1b" not in output
