"""Imported into a build's worker processes (conftest adds it to the modules a worker loads):
an audit hook that records, while a worker works, each file it opens, each socket and URL
request and each program it runs, one JSON line each, in `.worker-audit.jsonl` of the
working folder the worker was given (the test's own folder), when the test has made that
file. The test reads the file back, so what a worker touches is checked just as what the
build's own process touches."""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any

from guidepress import contained

LOG = ".worker-audit.jsonl"
_busy = threading.local()


def _record(event: str, args: tuple[Any, ...]) -> None:
    if not contained.in_worker() or getattr(_busy, "on", False):
        return
    if not (event == "open" or event.startswith(("socket.", "subprocess.", "urllib."))):
        return
    _busy.on = True
    try:
        first = args[0] if args else ""
        if isinstance(first, str | bytes | os.PathLike):
            shown = os.path.abspath(os.fsdecode(first)) if event == "open" else os.fsdecode(first)
        else:
            shown = repr(first)[:200]
        line = json.dumps({"event": event, "first": shown,
                           "args": repr(args)[:200]}) + "\n"
        handle = os.open(LOG, os.O_WRONLY | os.O_APPEND)  # only where a test asked for it
        try:
            os.write(handle, line.encode())
        finally:
            os.close(handle)
    except OSError:
        pass
    finally:
        _busy.on = False


sys.addaudithook(_record)
