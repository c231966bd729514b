"""The small base every output format builds on, and what a writer gets to render with."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from guidepress.formats import htmlbody
from guidepress.read.document import Document

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


@dataclass
class RenderContext:
    """Settings shared by every writer in one build, and the body HTML computed once."""

    templates_dir: Path = TEMPLATES_DIR
    paper: str = "letter"
    _bodies: dict[str, str] = field(default_factory=dict, repr=False)
    _env: jinja2.Environment | None = field(default=None, repr=False)

    def body_html(self, document: Document) -> str:
        key = document.guide.digest
        if key not in self._bodies:
            self._bodies[key] = htmlbody.render(document)
        return self._bodies[key]

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            # Autoescaping is on for everything: guide text is never markup, and never a template.
            self._env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(self.templates_dir),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                keep_trailing_newline=True,
            )
            self._env.filters["longdate"] = long_date
        return self._env

    def template_text(self, name: str) -> str:
        return (self.templates_dir / name).read_text(encoding="utf-8")

    def page_values(self, document: Document) -> dict[str, Any]:
        """Values every page template receives."""
        meta = document.guide.meta
        return {
            "meta": meta,
            "guide": document.guide,
            "headings": [h for h in document.headings if h.level in (2, 3)],
            "updated_iso": meta.updated.isoformat(),
        }


def long_date(value: dt.date) -> str:
    """A date as people read it in US English, e.g. November 25, 2026."""
    return f"{value:%B} {value.day}, {value.year}"


class Format(ABC):
    """One output format: its name, file suffix, the templates it reads, and how it renders."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    media_type: ClassVar[str]
    # Files under templates/ whose content changes this format's output.
    templates: ClassVar[tuple[str, ...]] = ()
    # Build options (by name) that change this format's output.
    options: ClassVar[tuple[str, ...]] = ()
    # Python distributions, besides pandoc and the libraries every format uses, whose version
    # changes this format's output.
    tools: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def render(self, document: Document, context: RenderContext) -> bytes:
        """The complete output file for `document`, as bytes."""

    def filename(self, slug: str) -> str:
        return f"{slug}{self.suffix}"
