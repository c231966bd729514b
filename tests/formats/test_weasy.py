"""WeasyPrint imported through guidepress.formats.weasy: no compiler runs, the very libraries a
plain import loads, and the plain import's full search when the loader's cache misses one."""

from __future__ import annotations

import json
import subprocess
import sys

# Runs in a fresh interpreter: prints the programs started while importing and the native
# libraries then mapped into the process.
PROBE = """
import json, subprocess, sys
started = []
real = subprocess.Popen.__init__
def watch(self, args, *rest, **named):
    started.append(args[0] if isinstance(args, (list, tuple)) else str(args).split()[0])
    real(self, args, *rest, **named)
subprocess.Popen.__init__ = watch
{setup}
{importing}
libraries = sorted({{line.split()[-1].rsplit("/", 1)[-1] for line in open("/proc/self/maps")
                     if any(part in line for part in ("libpango", "libharfbuzz", "libfontconfig",
                                                      "libgobject"))}})
import weasyprint
pdf = weasyprint.HTML(string="<p>Hello</p>").write_pdf()
print(json.dumps({{"started": started, "libraries": libraries, "pdf": pdf[:5].decode()}}))
"""

VIA_GUIDEPRESS = "from guidepress.formats.weasy import weasyprint"

# The first import finds the library module unloadable (as on a system whose libraries only
# the compiler's search finds); the second must succeed with the full search.
FAIL_ONCE = """
import ctypes.util, importlib.abc, sys
full_search = ctypes.util.find_library
class FailOnce(importlib.abc.MetaPathFinder):
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint.text.ffi" and not FailOnce.failed:
            FailOnce.failed = True
            raise OSError("cannot load library 'libgobject-2.0-0'")
        return None
sys.meta_path.insert(0, FailOnce())
"""


def probe(importing: str, setup: str = "") -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup, importing=importing)],
                          capture_output=True, text=True, check=True, timeout=120)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_importing_runs_no_compiler_and_loads_what_a_plain_import_loads() -> None:
    quick, plain = probe(VIA_GUIDEPRESS), probe("import weasyprint")
    assert quick["pdf"] == plain["pdf"] == "%PDF-"
    assert not {"gcc", "cc", "ld", "/usr/bin/gcc"} & {str(name).rsplit("/", 1)[-1]
                                                       for name in quick["started"]}
    assert quick["libraries"] == plain["libraries"]
    assert any("pango" in str(name) for name in plain["libraries"])  # the probe can see them


def test_a_miss_in_the_loaders_cache_falls_back_to_the_full_search() -> None:
    check = (VIA_GUIDEPRESS + "\nimport ctypes.util\n"
             "assert FailOnce.failed and ctypes.util.find_library is full_search\n")
    result = probe(check, FAIL_ONCE)
    assert result["pdf"] == "%PDF-"
