"""What the preview server answers, as a callable core: one request target and Host header
in, one `Response` out. The HTTP handler in `server` only writes it to the socket.

URLs: `/` is the start page; `/.preview/<slug>/` a guide's page; `/.preview/events?page=KEY`
the event stream a page listens to; anything else a file of the output folder. A segment
that starts with a dot never names an output file (see `files`), and no guide's name starts
with a dot, so the server's own URLs can never hide an output.

Every response carries a strict Content-Security-Policy. The outputs have no script and may
load nothing but their own inline style (allowed by hash) and images; the preview pages may
run only their own inline script, by hash, and talk only to this server.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit

from guidepress import formats
from guidepress.preview import files, page
from guidepress.preview.live import START, Live

PREFIX = "/.preview/"
EVENTS = PREFIX + "events"
KEEPALIVE_SECONDS = 15.0  # a comment this often finds a closed page and ends its stream
RETRY_MS = 1000  # how soon a page's stream reconnects after the server is back

COMMON = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
LOCKED = "default-src 'none'; base-uri 'none'; form-action 'none'"
NOTHING_CSP = f"{LOCKED}; frame-ancestors 'none'"
FILE_CSP = f"{LOCKED}; frame-ancestors 'self'"
PAGE_CSP = (f"{LOCKED}; script-src {page.SCRIPT_HASH}; style-src {page.STYLE_HASH}; "
            "img-src 'self' data:; frame-src 'self'; connect-src 'self'; frame-ancestors 'none'")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: BinaryIO | None = None  # a file to send after the headers, then close
    events: Iterator[bytes] | None = None  # chunks to send until it ends

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


def html_csp(document: bytes) -> str:
    """The policy of an HTML output: nothing but its own inline style blocks and images."""
    text = document.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    hashes = sorted({page.source_hash(found) for found in _STYLE.findall(text)})
    style = " ".join(hashes) or "'none'"
    return f"{FILE_CSP}; style-src {style}; img-src 'self' data:; font-src 'self' data:"


def media_type(path: Path) -> str:
    """From the formats' own media types first (the catalogue and reports are HTML)."""
    by_suffix = {fmt.suffix: fmt.media_type for fmt in formats.registry()}
    found = by_suffix.get(path.suffix) or mimetypes.guess_type(path.name, strict=True)[0]
    found = found or "application/octet-stream"
    if found.startswith("text/") or found == "application/json":
        found += "; charset=utf-8"
    return found


class App:
    def __init__(self, live: Live, out_dir: Path, hosts: frozenset[str] | None) -> None:
        self.live = live
        self.out_dir = out_dir
        self.hosts = hosts  # the Host headers accepted; None accepts any (--allow-remote)

    def respond(self, target: str, host: str | None) -> Response:
        if self.hosts is not None and (host or "").lower() not in self.hosts:
            # A page elsewhere that rebinds its own name to this address gets nothing.
            return plain(403, "This preview answers only to its own address.")
        parts = urlsplit(target)
        path = parts.path
        if path == "/":
            return html(page.start_page(self.live.overview()))
        if path == EVENTS:
            key = parse_qs(parts.query).get("page", [START])[0]
            return self.events(key)
        if path.startswith(PREFIX):
            return self.guide(path[len(PREFIX):])
        return self.file(path)

    def guide(self, rest: str) -> Response:
        slug = unquote(rest[:-1]) if rest.endswith("/") and rest.count("/") == 1 else None
        shown = self.live.guide(slug) if slug else None
        return html(page.guide_page(shown)) if shown else not_found()

    def file(self, path: str) -> Response:
        real = files.resolve(self.out_dir, path)
        stream = files.open_file(real) if real else None
        if real is None or stream is None:
            return not_found()
        kind = media_type(real)
        if kind.startswith("text/html"):
            with stream:
                body = stream.read()
            return Response(200, body, [*COMMON, ("Content-Security-Policy", html_csp(body)),
                                        ("X-Frame-Options", "SAMEORIGIN"),
                                        ("Content-Type", kind),
                                        ("Content-Length", str(len(body)))])
        size = os.fstat(stream.fileno()).st_size
        return Response(200, b"", [*COMMON, ("Content-Security-Policy", FILE_CSP),
                                   ("X-Frame-Options", "SAMEORIGIN"), ("Content-Type", kind),
                                   ("Content-Length", str(size))], stream=stream)

    def events(self, key: str) -> Response:
        """A page whose guide is gone still gets a stream: its stamp differs, so it reloads
        into the 404 it now is."""
        return Response(200, b"", [*COMMON, ("Content-Security-Policy", NOTHING_CSP),
                                   ("Content-Type", "text/event-stream; charset=utf-8")],
                        events=self.stream(key))

    def stream(self, key: str) -> Iterator[bytes]:
        """The page's stamp now and whenever it changes, until the preview closes."""
        yield f"retry: {RETRY_MS}\n\n".encode()
        seen = ""
        while True:
            stamp = self.live.wait(key, seen, KEEPALIVE_SECONDS)
            if stamp is None:
                return
            yield f"data: {stamp}\n\n".encode() if stamp != seen else b": waiting\n\n"
            seen = stamp


def html(body: bytes) -> Response:
    return Response(200, body, [*COMMON, ("Content-Security-Policy", PAGE_CSP),
                                ("X-Frame-Options", "DENY"),
                                ("Content-Type", "text/html; charset=utf-8"),
                                ("Content-Length", str(len(body)))])


def plain(status: int, text: str) -> Response:
    body = (text + "\n").encode("utf-8")
    return Response(status, body, [*COMMON, ("Content-Security-Policy", NOTHING_CSP),
                                   ("Content-Type", "text/plain; charset=utf-8"),
                                   ("Content-Length", str(len(body)))])


def not_found() -> Response:
    return plain(404, "Not found: nothing outside the output folder is served, and no folder "
                 "is listed.")
