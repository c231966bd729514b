"""`guidepress preview`: build, serve the output folder to the browser on this machine, and
rebuild and reload the open pages on every save, until Ctrl-C.

The server is the standard library's `http.server.ThreadingHTTPServer` behind a thin handler
over `app.App`. It needs no new dependency, and what it serves is small: a few pages and
files for one editor's browser, plus one event stream per open page, each a long response in
its own thread. An ASGI stack (an event loop, a server and a framework) would buy nothing
here that the threads do not, and would be three more things to pin and keep patched.

The watch (`build.watch.watch`: the first build, then one build per burst of saves, each
followed by `Live.built`) runs in the thread that calls `Preview.watch`: the main thread for
the command, so that the handout renders in this process (see `serve`); a thread of its own,
stopped by its `stop` event, under `running`. The server's loop runs in another thread, with
a thread per connection. Closing wakes every event stream so that it ends, shuts the server
down and joins its threads, so the port is free again once `listening` is left.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from guidepress.build.report import Report
from guidepress.build.run import selected
from guidepress.build.watch import watch
from guidepress.errors import GuidepressError, UsageError
from guidepress.preview.app import App, Response, plain
from guidepress.preview.live import Live
from guidepress.read import source
from guidepress.settings import Settings

DEFAULT_HOST = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SOCKET_TIMEOUT = 30.0  # a connection that sends or takes nothing for this long is closed
POLL_SECONDS = 0.5  # how often a caller waiting for the first build looks at the watch


@dataclass(frozen=True)
class Options:
    host: str = DEFAULT_HOST
    port: int = 0  # 0: a free port
    allow_remote: bool = False  # serve on an address other machines can reach
    open_browser: bool = False


def bind_address(host: str, allow_remote: bool) -> tuple[str, bool]:
    """The IP address to listen on, and whether it is a loopback address."""
    name = DEFAULT_HOST if host == "localhost" else host.strip("[]")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        raise UsageError(f"--host {host!r} is not an IP address",
                         "give one such as 127.0.0.1, or leave --host out") from None
    if address.is_loopback:
        return str(address), True
    if not allow_remote:
        raise UsageError(f"refusing to serve on {host}: it is not a loopback address, so "
                         "other machines could read the outputs",
                         "leave --host out to serve on 127.0.0.1 only, or add --allow-remote "
                         "if you mean it")
    return str(address), False


def host_of(address: str, port: int) -> str:
    """`address:port` as a URL or a Host header writes it."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def url_of(address: str, port: int) -> str:
    return f"http://{host_of(address, port)}/"


def own_hosts(address: str, port: int) -> frozenset[str]:
    """The Host headers a browser on this machine sends to the server: any other means a
    page elsewhere has pointed its own name at this address (DNS rebinding)."""
    return frozenset({f"{name}:{port}" for name in LOOPBACK_NAMES} | {host_of(address, port)})


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close joins every connection's thread
    block_on_close = True

    def __init__(self, address: str, port: int, app: App, log: Callable[[str], None]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.app = app
        self.log = log
        super().__init__((address, port), Handler)


class Handler(BaseHTTPRequestHandler):
    """Writes what `App.respond` returns; decides nothing itself."""

    server: PreviewServer
    server_version = "guidepress-preview"
    timeout = SOCKET_TIMEOUT

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self.answer(self.server.app.respond(self.path, self.headers.get("Host")))

    def do_HEAD(self) -> None:
        response = self.server.app.respond(self.path, self.headers.get("Host"))
        if response.stream is not None:
            response.stream.close()
        response.body, response.stream, response.events = b"", None, None
        self.answer(response)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Malformed requests and unknown methods get the same headers as everything else."""
        self.close_connection = True
        if getattr(self, "command", None) == "HEAD":
            self.answer(Response(code, headers=plain(code, "").headers))
        else:
            self.answer(plain(code, message or "The request could not be understood."))

    def answer(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)
            if response.stream is not None:
                shutil.copyfileobj(response.stream, self.wfile)
            for chunk in response.events or ():
                self.wfile.write(chunk)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the page was closed or reloaded
        finally:
            if response.stream is not None:
                response.stream.close()

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(f"{self.address_string()} {format % args}")


class _Thread(threading.Thread):
    """A thread that keeps what it raised, for the caller to raise again."""

    def __init__(self, name: str, target: Callable[[], None]) -> None:
        super().__init__(name=name, daemon=False)
        self.work = target
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.work()
        except BaseException as error:  # handed to the caller's thread, which reports it
            self.error = error


@dataclass
class Preview:
    """A listening server over the output folder, and the watch that keeps it current."""

    names: tuple[str, ...]
    settings: Settings
    report: Report
    server: PreviewServer
    live: Live
    url: str
    serving: _Thread | None = None

    def watch(self, stop: threading.Event | None = None,
              on_ready: Callable[[], None] = lambda: None) -> None:
        """Build, start serving, then rebuild on every save until `stop` is set (or Ctrl-C),
        in the calling thread. `on_ready` runs once the first build is served and saves are
        watched."""
        def ready() -> None:
            self.serving = _Thread("guidepress-server", self.server.serve_forever)
            self.serving.start()
            on_ready()

        watch(self.names, self.settings, self.report, stop, self.live.built, ready)

    def close(self) -> None:
        """End every event stream, stop serving, join the server's threads, free the port."""
        self.live.close()
        if self.serving is not None:
            self.server.shutdown()
            self.serving.join()
        self.server.server_close()


@contextmanager
def listening(names: tuple[str, ...], settings: Settings, report: Report,
              options: Options) -> Iterator[Preview]:
    """The port bound (after refusing an address other machines reach, unless allowed);
    nothing is built or served until `Preview.watch`. Closed on leaving."""
    address, _ = bind_address(options.host, options.allow_remote)
    selected(settings)  # an unknown --format or guide is a usage error before anything runs
    source.find_guides(settings.source_dir, names)
    live = Live(names, settings)
    try:
        server = PreviewServer(address, options.port, App(live, settings.out_dir, None),
                               report.detail)
    except OSError as error:
        raise UsageError(f"cannot listen on {url_of(address, options.port)}: {error.strerror}",
                         "choose another --port, or leave it out for a free one") from None
    port = server.server_address[1]
    if not options.allow_remote:
        server.app.hosts = own_hosts(address, port)
    preview = Preview(names, settings, report, server, live, url_of(address, port))
    try:
        yield preview
    finally:
        preview.close()


@contextmanager
def running(names: tuple[str, ...], settings: Settings, report: Report,
            options: Options) -> Iterator[Preview]:
    """The preview with its watch in a thread of its own, built and served on entry: for
    tests and for programs that embed it. Leaving stops the watch and frees the port."""
    with listening(names, settings, report, options) as preview:
        stop, ready = threading.Event(), threading.Event()
        watcher = _Thread("guidepress-watch", lambda: preview.watch(stop, ready.set))
        watcher.start()
        try:
            while not ready.wait(POLL_SECONDS):
                if not watcher.is_alive():
                    raise watcher.error or GuidepressError("the first build did not finish")
            yield preview
        finally:
            stop.set()
            watcher.join()


def serve(names: tuple[str, ...], settings: Settings, report: Report, options: Options,
          echo: Callable[[str], None] = print) -> None:
    """`guidepress preview`: the watch runs in this (the main) thread, so that the handout
    renders in this process under its time limit rather than in a new child process per
    save (see formats/pdf.py): 1.2 s against 3.1 s for Medical Oncology's handout on a busy
    2-core machine. Runs until Ctrl-C, which raises KeyboardInterrupt once everything has
    stopped."""
    _, loopback = bind_address(options.host, options.allow_remote)
    if not loopback:
        report.problem(f"warning: serving on {options.host}: anyone who can reach this "
                       "machine on that address can read every output")
    with listening(names, settings, report, options) as preview:
        def ready() -> None:
            echo(f"previewing at {preview.url} (Ctrl-C stops)")
            if options.open_browser:
                webbrowser.open(preview.url)

        preview.watch(on_ready=ready)
