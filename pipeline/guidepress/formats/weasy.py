"""WeasyPrint, imported without running a compiler to find its libraries.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names each, most of them
meant for Windows or macOS. On Linux, cffi hands every name it cannot open to
`ctypes.util.find_library`, which asks the loader's cache (`ldconfig -p`) and then runs `gcc`
and `ld` for each: about a fifth of a second of every build's start where a compiler is
installed. While WeasyPrint is imported here, a name is looked up in the loader's cache only.
Should that miss a library WeasyPrint needs (a system whose libraries only the compiler
finds), the import is done again with the full search, so nothing loads that the plain import
would not.

Import `weasyprint` from this module: `from guidepress.formats.weasy import weasyprint`.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType


def load() -> ModuleType:
    """The weasyprint module, imported as the module says (once per process)."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _cache_only_lookup():
        try:
            return importlib.import_module("weasyprint")
        except OSError:
            _forget_weasyprint()
    return importlib.import_module("weasyprint")  # the full search, and its own message


@contextlib.contextmanager
def _cache_only_lookup() -> Iterator[None]:
    # The first step of the stdlib's own search on Linux, without the compiler steps after it.
    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or cache_only is None:
        yield
        return
    full = ctypes.util.find_library
    ctypes.util.find_library = cache_only
    try:
        yield
    finally:
        ctypes.util.find_library = full


def _forget_weasyprint() -> None:
    """Drop what a failed import left half loaded, so the next import starts afresh."""
    for name in [name for name in sys.modules
                 if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


weasyprint = load()
