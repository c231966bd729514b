"""Characters no guide text may hold, wherever it comes from: the file's bytes, a YAML escape
in the front matter (`"\\e[2J"`, `"\\u202e"`), or a character reference in the body
(`&#x1b;`, `&#x202e;`). Each decoding step checks its own output against the same sets.

- Control characters (C0 and C1, DEL) other than tab and line breaks: they drive terminals
  (escape sequences), break XML writers, and are invisible on paper.
- Unicode's line and paragraph separators: YAML and some readers break lines at them, editors
  do not.
- Text-direction embeddings, overrides and isolates: they make text display in another order
  than it reads (Trojan Source), in a title, a link or a message.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI_OVERRIDE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_EITHER = re.compile(f"{_CONTROL.pattern}|{_BIDI_OVERRIDE.pattern}")
HINT = "delete it; it is invisible in most editors"


def find(text: str) -> tuple[int, str] | None:
    """The offset of the first character `text` may not hold, and what it is, or None."""
    if not _EITHER.search(text):  # one search for the usual string, which holds neither
        return None
    for pattern, what in ((_CONTROL, "a control character"),
                          (_BIDI_OVERRIDE, "a text-direction override character")):
        found = pattern.search(text)
        if found:
            char = found.group()
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            return found.start(), f"{what} ({name})"
    return None
