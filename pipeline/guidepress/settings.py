"""What one run was asked to do: a typed value made once by the command line and handed, as
it is, to the build, its workers and every format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# The built-in templates ship inside the package (in a checkout, a link to templates/).
BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
PAPERS = ("letter", "a4")
Paper = Literal["letter", "a4"]
LOCK_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Settings:
    source_dir: Path = Path("source")
    out_dir: Path = Path("output")
    templates_dir: Path = BUILTIN_TEMPLATES
    formats: tuple[str, ...] = ()  # names of the formats to build; empty means every one
    paper: Paper = "letter"  # the paper of the printed editions
    strict: bool = False  # warnings fail a guide, like errors
    force: bool = False  # rebuild every selected output, stale or not; validate them all again
    jobs: int = 0  # worker processes; 0 lets the build choose from the machine
    wait: float = LOCK_WAIT_SECONDS  # how long to wait for another build of the same folder
