"""What may be shown on a terminal: paths as users know them, and text from a guide with its
control characters made visible, so no file name or guide text can drive the terminal."""

from __future__ import annotations

from pathlib import Path


def display(path: Path) -> str:
    """A path as users should see it: relative to the working folder when it is inside it."""
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return printable(shown)


def printable(text: str, keep: str = "") -> str:
    """`text` with every control or format character but those in `keep` written as an
    escape (`\\x1b`, `\\u202e`)."""
    return "".join(c if c.isprintable() or c in keep else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
