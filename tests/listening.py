"""What a listener hears when espeak-ng reads a text: the words, when each is spoken, and where
speech pauses.

This is the engine of Debian's `espeak-ng` command (`espeak-ng -w out.wav -f file.txt`), called
through its C library, libespeak-ng, so that every spoken word comes with its place in the
text and its time in the audio, and every end of a clause (where speech pauses) with its
place. The audio itself is made and thrown away.
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass
from typing import Any

LIBRARY = "libespeak-ng.so.1"
# espeak_AUDIO_OUTPUT, espeak_EVENT_TYPE and the option bits of speak_lib.h (espeak-ng 1.51).
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
CHARS_UTF8 = 1
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_END = 0, 1, 5
_TRAILING = ".,;:!?)]}\"\u201d\u2019"


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p),
                ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


@dataclass(frozen=True)
class Word:
    at: int  # where the word starts in the text (0-based)
    text: str  # the text read as this word, closing punctuation left off
    ms: int  # when it is spoken, from the start of the audio


@dataclass(frozen=True)
class Speech:
    text: str
    words: tuple[Word, ...]
    pauses: tuple[int, ...]  # where clauses end in the text (0-based): speech pauses there

    def clauses(self, upto: int | None = None) -> list[str]:
        """The text heard between one pause and the next (up to `upto`), one string each."""
        end = len(self.text) if upto is None else upto
        cuts = [pause + 1 for pause in self.pauses if pause + 1 < end]
        pieces = [self.text[a:b] for a, b in zip([0, *cuts], [*cuts, end], strict=True)]
        return [said for piece in pieces if (said := " ".join(piece.split()))]

    def heard_within(self, seconds: float) -> list[str]:
        """The clauses spoken in the first `seconds`."""
        late = [word.at for word in self.words if word.ms > seconds * 1000]
        return self.clauses(late[0] if late else None)

    def pause_between(self, start: int, end: int) -> bool:
        """Does speech pause somewhere in the text from `start` to `end`?"""
        return any(start <= pause <= end for pause in self.pauses)


@functools.cache
def _engine() -> Any:
    engine = ctypes.CDLL(LIBRARY)
    if engine.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, INITIALIZE_DONT_EXIT) <= 0:
        raise RuntimeError(f"{LIBRARY} did not start; install Debian's espeak-ng")
    return engine


def listen(text: str, voice: str = "en-us") -> Speech:
    """Read `text` aloud with espeak-ng, as `espeak-ng -v VOICE` does, and keep its events."""
    engine = _engine()
    events: list[tuple[int, int, int, int]] = []

    def record(wav: Any, samples: int, event: Any) -> int:
        index = 0
        while event[index].type != EVENT_LIST_TERMINATED:
            found = event[index]
            events.append((found.type, found.text_position, found.length, found.audio_position))
            index += 1
        return 0

    callback = _CALLBACK(record)  # kept referenced until the synthesis ends
    engine.espeak_SetSynthCallback(callback)
    if engine.espeak_SetVoiceByName(voice.encode("ascii")) != 0:
        raise RuntimeError(f"espeak-ng has no voice {voice!r}")
    data = text.encode("utf-8")
    if engine.espeak_Synth(data, len(data) + 1, 0, 0, 0, CHARS_UTF8, None, None) != 0:
        raise RuntimeError("espeak-ng could not read the text")
    # positions are counted in characters from 1
    words = tuple(Word(at - 1, _word(text, at - 1), ms) for kind, at, length, ms in events
                  if kind == EVENT_WORD and length > 0)
    pauses = tuple(at - 1 for kind, at, _, _ in events if kind == EVENT_END)
    return Speech(text, words, pauses)


def _word(text: str, at: int) -> str:
    """The text from `at` to the next space, without the punctuation that closes it (espeak's
    own word lengths stop short inside compounds such as `hard-to-treat`)."""
    found = re.match(r"\S+", text[at:])
    word = found.group() if found else ""
    return word.rstrip(_TRAILING) or word
