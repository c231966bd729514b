"""`guidepress preview` on the command line: loopback only unless asked, the address printed,
and a clean stop on Ctrl-C that frees the port."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from guidepress.errors import UsageError
from guidepress.preview.server import bind_address

from ..build.conftest import GUIDEPRESS, Project, cli_env
from .conftest import small_project, wait_for


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return small_project(tmp_path)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "2001:db8::1"])
def test_a_host_other_machines_can_reach_is_refused_unless_asked(host: str) -> None:
    with pytest.raises(UsageError, match=r"not a loopback address.*--allow-remote"):
        bind_address(host, allow_remote=False)
    assert bind_address(host, allow_remote=True) == (host, False)


@pytest.mark.parametrize(("host", "address"), [("127.0.0.1", "127.0.0.1"),
                                                ("localhost", "127.0.0.1"),
                                                ("127.0.0.9", "127.0.0.9"), ("::1", "::1"),
                                                ("[::1]", "::1")])
def test_loopback_addresses_are_served_without_asking(host: str, address: str) -> None:
    assert bind_address(host, allow_remote=False) == (address, True)


def test_the_command_refuses_a_remote_host_before_building(project: Project) -> None:
    done = project.cli("preview", "--host", "0.0.0.0", timeout=60)
    assert done.returncode == 2
    assert "refusing to serve on 0.0.0.0: it is not a loopback address" in done.stderr
    assert "--allow-remote" in done.stderr
    assert not project.out.exists()
    named = project.cli("preview", "--host", "preview.example.org", timeout=60)
    assert named.returncode == 2 and "is not an IP address" in named.stderr


def test_a_busy_port_is_a_usage_error(project: Project) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = project.cli("preview", "--port", str(port), timeout=60)
    assert done.returncode == 2
    assert f"cannot listen on http://127.0.0.1:{port}/" in done.stderr


def _opener(project: Project) -> tuple[dict[str, str], Path]:
    """An environment whose browser (for `webbrowser`) only writes down what it was given."""
    opened = project.root / "opened.txt"
    script = project.root / "browser.sh"
    script.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    script.chmod(0o755)
    return {**cli_env(), "BROWSER": str(script)}, opened


def test_preview_prints_its_address_serves_and_stops_on_ctrl_c(project: Project) -> None:
    log = project.root / "preview.log"
    env, opened = _opener(project)
    with log.open("w") as stream:
        running = subprocess.Popen([str(GUIDEPRESS), "preview", "--format", "txt",
                                    *project.folders()], stdout=stream,
                                   stderr=subprocess.STDOUT, env=env, cwd=project.root)
        try:
            wait_for(lambda: "previewing at" in log.read_text())
            found = re.search(r"previewing at (http://127\.0\.0\.1:(\d+)/) \(Ctrl-C stops\)",
                              log.read_text())
            assert found, log.read_text()
            with urllib.request.urlopen(found[1] + ".preview/beta/", timeout=30) as page:
                assert "The first words." not in page.read().decode()  # a page, not the text
            with urllib.request.urlopen(found[1] + "beta/beta.txt", timeout=30) as text:
                assert "The first words." in text.read().decode()
            with urllib.request.urlopen(found[1] + ".preview/events?page=beta", timeout=30):
                pass  # an open event stream must not keep the server from stopping
        finally:
            running.send_signal(signal.SIGINT)
            code = running.wait(timeout=60)
    output = log.read_text()
    assert code == 0, output
    assert output.rstrip().endswith("stopped the preview")
    assert not opened.exists()  # no browser unless asked
    assert "Traceback" not in output
    with socket.socket() as again:  # the port is free again: a new preview can listen on it
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
        again.bind(("127.0.0.1", int(found[2])))
        again.listen()


def test_open_opens_the_start_page_in_a_browser(project: Project) -> None:
    env, opened = _opener(project)
    log = project.root / "preview.log"
    with log.open("w") as stream:
        running = subprocess.Popen([str(GUIDEPRESS), "preview", "--open", "--format", "txt",
                                    *project.folders()], stdout=stream,
                                   stderr=subprocess.STDOUT, env=env, cwd=project.root)
        try:
            wait_for(lambda: opened.exists() and opened.read_text().strip() != "")
        finally:
            running.send_signal(signal.SIGINT)
            assert running.wait(timeout=60) == 0, log.read_text()
    url = re.search(r"previewing at (\S+)", log.read_text())
    assert url and opened.read_text().strip() == url[1]


def test_allow_remote_lets_another_address_through_with_a_warning(project: Project) -> None:
    # 192.0.2.1 is for documentation: no machine has it, so the bind itself fails, after the
    # address was allowed and the warning printed, and nothing is ever exposed.
    done = project.cli("preview", "--host", "192.0.2.1", "--allow-remote", timeout=60)
    assert "warning: serving on 192.0.2.1: anyone who can reach this machine" in done.stderr
    assert "cannot listen on http://192.0.2.1:0/" in done.stderr
    assert done.returncode == 2
