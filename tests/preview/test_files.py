"""Which file a URL path may read: only regular files inside the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidepress.preview.files import open_file, resolve, segments


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "output"
    (folder / "beta").mkdir(parents=True)
    (folder / "beta" / "beta.txt").write_text("inside\n", encoding="utf-8")
    (folder / "index.html").write_text("<!DOCTYPE html>\n", encoding="utf-8")
    (folder / ".guidepress-manifest.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("path", [
    "/..", "/../secret.txt", "/beta/../../secret.txt", "/%2e%2e/secret.txt",
    "/%2E%2e/secret.txt", "/..%2fsecret.txt", "/beta%2f..%2f..%2fsecret.txt",
    "/..%5csecret.txt", "/.%2e/secret.txt", "//secret.txt", "/beta//beta.txt", "/./index.html",
    "/beta/beta.txt%00", "/%ff", "relative/beta.txt", "", "/",
])
def test_unsafe_paths_are_refused_before_the_disk_is_looked_at(path: str) -> None:
    assert not segments(path)


def test_safe_paths_are_decoded() -> None:
    assert segments("/beta/beta.txt") == ["beta", "beta.txt"]
    assert segments("/caf%C3%A9/a%20b.txt") == ["café", "a b.txt"]
    assert segments("/%252e%252e/x") == ["%2e%2e", "x"]  # decoded once, never twice


def test_only_regular_files_inside_the_folder_resolve(out: Path) -> None:
    assert resolve(out, "/beta/beta.txt") == (out / "beta" / "beta.txt").resolve()
    assert resolve(out, "/index.html") is not None
    assert resolve(out, "/beta") is None  # a folder is never listed
    assert resolve(out, "/beta/") is None
    assert resolve(out, "/missing.txt") is None
    assert resolve(out, "/.guidepress-manifest.json") is None
    assert resolve(out, str(out.parent / "secret.txt")) is None  # an absolute path, as a URL


def test_links_out_are_refused_and_links_in_followed(out: Path) -> None:
    secret = out.parent / "secret.txt"
    os.symlink(secret, out / "beta" / "leak.txt")
    os.symlink(out.parent, out / "up")
    os.symlink(out / "beta" / "beta.txt", out / "same.txt")
    os.symlink("loop-b", out / "loop-a")
    os.symlink("loop-a", out / "loop-b")
    assert resolve(out, "/beta/leak.txt") is None
    assert resolve(out, "/up/secret.txt") is None
    assert resolve(out, "/loop-a") is None
    assert resolve(out, "/same.txt") == (out / "beta" / "beta.txt").resolve()


def test_a_file_swapped_for_a_link_after_resolving_is_not_opened(out: Path) -> None:
    real = resolve(out, "/beta/beta.txt")
    assert real is not None
    stream = open_file(real)
    assert stream is not None and stream.read() == b"inside\n"
    stream.close()
    real.unlink()
    os.symlink(out.parent / "secret.txt", real)
    assert open_file(real) is None
    os.mkfifo(out / "pipe")
    assert open_file(out / "pipe") is None
