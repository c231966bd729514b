"""The preview server over real HTTP: it serves the outputs and its own pages, nothing outside
the output folder, with a strict policy on every response; its pages follow every save."""

from __future__ import annotations

import http.client
import os
from pathlib import Path

import pytest

from guidepress.preview import page

from ..build.conftest import guide_text
from .conftest import Served, wait_for

ESCAPES = [
    "/../secret.txt",
    "/beta/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/beta/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/beta%2f..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/%252e%252e/secret.txt",
    "/./beta/beta.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc/passwd",
    "/beta/beta.txt%00.html",
]


@pytest.fixture(scope="module")
def secret(shared: Served) -> Path:
    path = shared.project.root / "secret.txt"
    path.write_text("SECRET outside the output folder\n", encoding="utf-8")
    return path


def test_paths_that_leave_the_output_folder_get_404(shared: Served, secret: Path) -> None:
    assert shared.get("/beta/beta.txt").status == 200  # the same server does serve files
    for target in ESCAPES:
        assert shared.get(target).status == 404, target


def test_absolute_paths_get_404(shared: Served, secret: Path) -> None:
    assert shared.get(str(secret)).status == 404
    assert shared.get(shared.url + "../secret.txt").status == 404  # the absolute form
    assert shared.get(f"{shared.url}beta/beta.txt").status == 200


def test_links_out_of_the_output_folder_get_404_and_links_inside_are_served(
    shared: Served, secret: Path,
) -> None:
    out = shared.project.out
    os.symlink(secret, out / "beta" / "leak.txt")
    os.symlink(secret.parent, out / "whole-project")
    os.symlink(out / "beta" / "beta.txt", out / "beta" / "same.txt")
    assert shared.get("/beta/leak.txt").status == 404
    assert shared.get("/whole-project/secret.txt").status == 404
    assert shared.get("/beta/same.txt").status == 200


def test_no_folder_is_listed_and_no_hidden_file_is_served(shared: Served) -> None:
    for target in ("/beta/", "/beta", "/.guidepress-manifest.json", "/.guidepress.lock",
                   "/.preview/", "/.preview/beta", "/.preview/nobody/"):
        assert shared.get(target).status == 404, target


def test_every_response_has_a_strict_policy_and_nosniff(shared: Served) -> None:
    kinds = {"/": "start page", "/.preview/beta/": "guide page", "/index.html": "catalogue",
             "/beta/beta.html": "web page", "/beta/beta.pdf": "handout", "/beta/beta.txt":
             "text", "/../x": "404"}
    for target, kind in kinds.items():
        response = shared.get(target)
        policy = response.getheader("Content-Security-Policy") or ""
        assert response.getheader("X-Content-Type-Options") == "nosniff", kind
        assert policy.startswith("default-src 'none'"), kind
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, kind
        if target in ("/", "/.preview/beta/"):
            assert f"script-src {page.SCRIPT_HASH};" in policy
        else:
            assert "script-src" not in policy, kind
    output = shared.get("/beta/beta.html").getheader("Content-Security-Policy") or ""
    assert "script-src" not in output and "style-src 'sha256-" in output
    assert shared.get("/beta/beta.txt").getheader("Content-Type") == "text/plain; charset=utf-8"


def test_head_and_other_methods_get_the_same_headers(shared: Served) -> None:
    address, port = shared.running.server.server_address[:2]
    for method, status in (("HEAD", 200), ("POST", 501), ("PUT", 501)):
        connection = http.client.HTTPConnection(str(address), int(port), timeout=30)
        connection.request(method, "/beta/beta.txt")
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == status, method
        assert (response.getheader("Content-Security-Policy") or "").startswith(
            "default-src 'none'"), method
        assert response.getheader("X-Content-Type-Options") == "nosniff", method
        assert response.getheader("Server") == "guidepress-preview", method
        if method == "HEAD":
            assert body == b"" and response.getheader("Content-Length") == str(
                (shared.project.out / "beta" / "beta.txt").stat().st_size)


def test_a_page_elsewhere_that_points_its_name_here_gets_nothing(shared: Served) -> None:
    assert shared.get("/", host="attacker.example:80").status == 403
    assert shared.get("/beta/beta.txt", host="attacker.example").status == 403
    port = shared.running.server.server_address[1]
    assert shared.get("/", host=f"localhost:{port}").status == 200


def test_the_guide_page_follows_saves_shows_findings_and_keeps_the_last_good_outputs(
    served: Served,
) -> None:
    text = served.project.out / "beta" / "beta.txt"
    start = served.body("/")
    assert 'href=".preview/beta/">Beta</a>' in start and "no findings" in start
    assert served.running.live.stamp("beta") in served.body("/.preview/beta/")

    served.project.write("beta", guide_text("Beta", "Saved in the preview."))
    wait_for(lambda: "Saved in the preview." in text.read_text())

    broken = guide_text("Beta", "Broken now.") + "\n#### Too deep\n\nWords.\n"
    served.project.write("beta", broken)
    line = broken.splitlines().index("#### Too deep") + 1
    wait_for(lambda: "A002" in served.body("/.preview/beta/"))
    shown = served.body("/.preview/beta/")
    assert "The last save did not build" in shown  # the findings are the failed build's
    assert f"<code>A002</code> at <code>{served.project.source / 'beta.md'}:{line}:1</code>" \
        in shown
    assert "Saved in the preview." in text.read_text()  # the last good output stays
    assert "the last save did not build" in served.body("/")

    served.project.write("beta", guide_text("Beta", "Fixed again."))
    wait_for(lambda: "Fixed again." in text.read_text())
    wait_for(lambda: "A002" not in served.body("/.preview/beta/"))
    assert "The last save did not build" not in served.body("/.preview/beta/")


def test_no_output_file_holds_the_reload_script(served: Served) -> None:
    served.project.write("beta", guide_text("Beta", "Once more."))
    wait_for(lambda: "Once more." in (served.project.out / "beta" / "beta.txt").read_text())
    assert page.SCRIPT.strip() in served.body("/.preview/beta/")
    files = [path for path in served.project.out.rglob("*") if path.is_file()]
    assert len(files) >= 4
    for path in files:
        data = path.read_bytes()
        for marker in (page.SCRIPT.strip().encode(), b"EventSource", b".preview/events"):
            assert marker not in data, path
