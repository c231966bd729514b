"""A preview running in this process over a small project: one guide, built as a web page, a
handout and plain text, served on a free loopback port."""

from __future__ import annotations

import http.client
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from guidepress import preview
from guidepress.preview.server import Preview
from guidepress.settings import BUILTIN_TEMPLATES

from ..build.conftest import Lines, Project, guide_text
from ..conftest import SOURCE

FORMATS = ("html", "pdf", "txt")


@dataclass
class Served:
    project: Project
    running: Preview
    lines: Lines

    @property
    def url(self) -> str:
        return self.running.url

    def get(self, target: str, host: str | None = None) -> http.client.HTTPResponse:
        """GET `target` exactly as written (no client-side clean-up of `..` or `%2e`)."""
        address, port = self.running.server.server_address[:2]
        connection = http.client.HTTPConnection(str(address), int(port), timeout=30)
        headers = {"Host": host} if host is not None else {}
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def body(self, target: str) -> str:
        address, port = self.running.server.server_address[:2]
        connection = http.client.HTTPConnection(str(address), int(port), timeout=30)
        connection.request("GET", target)
        text = connection.getresponse().read().decode("utf-8")
        connection.close()
        return text


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        time.sleep(0.05)


def small_project(root: Path) -> Project:
    shutil.copytree(SOURCE / "images", root / "source" / "images")
    shutil.copytree(BUILTIN_TEMPLATES, root / "templates")
    made = Project(root)
    made.write("beta", guide_text("Beta", "The first words."))
    return made


@contextmanager
def serving(root: Path) -> Iterator[Served]:
    project, lines = small_project(root), Lines()
    settings = project.settings(formats=FORMATS)
    with preview.running((), settings, lines, preview.Options()) as running:
        yield Served(project, running, lines)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A preview of its own, for a test that saves the guide."""
    with serving(tmp_path) as made:
        yield made


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One preview for the tests of a module that only read from it."""
    with serving(tmp_path_factory.mktemp("preview")) as made:
        yield made
