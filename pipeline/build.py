"""Build guides into every format: read, check, render all formats in memory, then write.

A guide that fails at any step writes nothing, so the outputs of its last good build stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import document as documents
from . import source
from .errors import GuidepressError, UsageError
from .formats import FORMATS, Format, RenderContext
from .outputs import remove_leftovers, write_atomic

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = ()
    paper: str = "letter"
    source_dir: Path = Path("source")
    out_dir: Path = Path("output")

    def selected(self) -> list[Format]:
        unknown = [name for name in self.formats if name not in FORMATS]
        if unknown:
            raise UsageError(f"unknown format {unknown[0]!r}",
                             "choose from " + ", ".join(FORMATS))
        return [fmt for name, fmt in FORMATS.items() if not self.formats or name in self.formats]


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def build(names: tuple[str, ...], options: Options, echo: Echo = print) -> Summary:
    formats = options.selected()
    paths = source.find_guides(options.source_dir, names)
    context = RenderContext(paper=options.paper)
    summary = Summary()
    remove_leftovers(options.out_dir)
    for path in paths:
        try:
            written = build_guide(path, formats, context, options.out_dir)
        except GuidepressError as error:
            echo(f"error: {error}")
            summary.failed.append(path.stem)
            continue
        summary.built.append(path.stem)
        echo(f"{path.stem}: wrote " + ", ".join(source.display(p) for p in written))
    return summary


def build_guide(path: Path, formats: list[Format], context: RenderContext,
                out_dir: Path) -> list[Path]:
    guide = source.load(path)
    document = documents.build(guide)
    rendered = {fmt: fmt.render(document, context) for fmt in formats}
    folder = out_dir / guide.slug
    written = []
    for fmt, data in rendered.items():
        target = folder / fmt.filename(guide.slug)
        write_atomic(target, data)
        written.append(target)
    return written
