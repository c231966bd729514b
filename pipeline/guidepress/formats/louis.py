"""liblouis, called through its `lou_translate` command: print text to braille and back.

One `lou_translate` process translates every text of a guide, one text a line, under a time
limit. A separate process (rather than ctypes in this one) keeps liblouis, a C library with a
history of memory-safety bugs, away from the build's own memory while it reads untrusted text;
it needs no Python binding (Debian's `python3-louis` lives outside the project's virtualenv)
and no knowledge of liblouis's ABI; and it costs one start of about 0.1 s a guide.
The tables are found in liblouis's own folder only, so the same text always gives the same
braille.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Sequence

from guidepress import runner
from guidepress.errors import ToolError

COMMAND = "lou_translate"
# US "North American ASCII braille" (the BRF character set) and UEB grade 2 (contracted).
UEB_GRADE_2 = "en-us-brf.dis,en-ueb-g2.ctb"
TIMEOUT_SECONDS = 60
# lou_translate reads its input in pieces of about 2,000 characters and cuts a longer line
# wherever a piece ends, even inside a word; longer texts are sent in pieces cut at spaces.
MAX_PIECE = 1000
INSTALL_HINT = "install the Debian packages liblouis-bin and liblouis-data"


def forward(texts: Sequence[str], tables: str = UEB_GRADE_2) -> list[str]:
    """Each print text (on one line) as braille in the display table's characters."""
    return _translate(texts, tables, "--forward")


def backward(texts: Sequence[str], tables: str = UEB_GRADE_2) -> list[str]:
    """Each line of braille back as print text."""
    return _translate(texts, tables, "--backward")


@functools.cache
def installed() -> bool:
    """Whether `lou_translate` and the tables this edition uses are here (asked once)."""
    if shutil.which(COMMAND) is None:
        return False
    try:
        return bool(forward(["a"])[0].strip())
    except ToolError:
        return False


@functools.cache
def version() -> str:
    """liblouis's version, e.g. `3.24.0` (for recording what made an output)."""
    first = _run(["--version"], "").splitlines()[:1]
    return first[0].rsplit(" ", 1)[-1] if first else "unknown"


def _translate(texts: Sequence[str], tables: str, direction: str) -> list[str]:
    pieces = [_pieces(" ".join(text.split())) for text in texts]
    flat = [piece for group in pieces for piece in group]
    if not flat:
        return []
    # lou_translate reads `\x41`-style escapes in its input: a backslash stands for itself only
    # when doubled (print text may hold one, and BRF writes the "ou" sign as one).
    text = "".join(piece.replace("\\", "\\\\") + "\n" for piece in flat)
    lines = _run([direction, tables], text).split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) != len(flat):
        raise ToolError(f"{COMMAND} gave {len(lines)} lines for {len(flat)}",
                        "the liblouis tables may be damaged; " + INSTALL_HINT)
    out, start = [], 0
    for group in pieces:
        out.append(" ".join(lines[start:start + len(group)]))
        start += len(group)
    return out


def _pieces(text: str) -> list[str]:
    """`text` cut at spaces into pieces of at most MAX_PIECE characters (a longer word alone)."""
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > MAX_PIECE:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*pieces, current]


def _run(arguments: list[str], text: str) -> str:
    program = shutil.which(COMMAND)
    if program is None:
        raise ToolError(f"{COMMAND} (liblouis) is not installed", INSTALL_HINT)
    # Only liblouis's own tables: a LOUIS_TABLEPATH from the environment could change the braille.
    env = {key: value for key, value in os.environ.items() if key != "LOUIS_TABLEPATH"}
    done = runner.run([program, *arguments], tool=f"{COMMAND} (liblouis)",
                      timeout=TIMEOUT_SECONDS, stdin=text.encode("utf-8"), env=env)
    message = done.stderr.decode("utf-8", "replace").strip().splitlines()
    # It reports a line it could not read on stderr and goes on with an empty line.
    if done.returncode != 0 or any(line.startswith("error") for line in message):
        raise ToolError(f"{COMMAND} failed: {message[-1] if message else done.returncode}",
                        INSTALL_HINT)
    return done.stdout.decode("utf-8", "replace")
