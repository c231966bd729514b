"""The declarative base every output format builds on, and what a writer renders with.

A format owns every fact about itself: its name and label, where its file goes, its media
type, the templates, settings and libraries that change its bytes, and what a worker must
load before rendering it. Nothing outside `formats/` and `validate/` names a format.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import jinja2

from guidepress.formats import htmlbody, phrases
from guidepress.read.document import Document
from guidepress.settings import Settings


@dataclass
class RenderContext:
    """The settings of one build, and what its writers share: the body HTML, made once per
    guide, and one Jinja2 environment over the templates folder."""

    settings: Settings = field(default_factory=Settings)
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
                loader=jinja2.FileSystemLoader(self.settings.templates_dir),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                keep_trailing_newline=True,
            )
            self._env.filters["longdate"] = long_date
        return self._env

    def template_text(self, name: str) -> str:
        return (self.settings.templates_dir / name).read_text(encoding="utf-8")

    def page_values(self, document: Document) -> dict[str, Any]:
        """Values every page template receives: `words` are the fixed phrases in the guide's
        language (data/phrases.toml), `dir` its direction (`ltr` or `rtl`)."""
        meta = document.guide.meta
        return {
            "meta": meta,
            "guide": document.guide,
            "headings": [h for h in document.headings if h.level in (2, 3)],
            "updated_iso": meta.updated.isoformat(),
            "words": phrases.for_language(meta.lang),
            "dir": phrases.direction(meta.lang),
        }


def long_date(value: dt.date, lang: str = phrases.FALLBACK) -> str:
    """A date as people read it in `lang`, e.g. November 25, 2026 (US English)."""
    return phrases.long_date(value, lang)


class Format(ABC):
    """One output format. Subclasses set the class attributes and write `render`."""

    name: ClassVar[str]  # stable code, used by --format and in the manifest: "pdf"
    label: ClassVar[str]  # what it is for people: "Printable handout"
    kind: ClassVar[str]  # what the file is: "PDF"
    suffix: ClassVar[str]  # ends the file name: "<slug>.pdf"
    media_type: ClassVar[str]
    order: ClassVar[int] = 100  # place in the build, the catalogue and reports
    # Files under the templates folder whose content changes this format's output.
    templates: ClassVar[tuple[str, ...]] = ()
    # Python distributions, besides pandoc and the libraries every format uses, whose version
    # changes this format's output.
    tools: ClassVar[tuple[str, ...]] = ()
    # Modules a worker imports once, before its first render, rather than once per guide.
    preload: ClassVar[tuple[str, ...]] = ()
    # Its usual share of a guide's render time (seconds for Medical Oncology, from
    # `benchmarks/editions.py`): a guide's formats are split among idle workers by it.
    weight: ClassVar[float] = 0.3

    def options(self, settings: Settings) -> dict[str, str]:
        """The settings that change this format's output, by name, as the manifest records
        them: a change of any of them makes the output stale."""
        return {}

    def skip_reason(self, document: Document) -> str | None:
        """Why `document` gets no output in this format (the build says so and records it),
        or None when it gets one."""
        return None

    def fingerprints(self) -> dict[str, str]:
        """Other files this format's bytes depend on (the shipped fonts it embeds), as
        `kind:name -> sha256`: a change of any of them makes the output stale."""
        return {}

    def filename(self, slug: str) -> str:
        return f"{slug}{self.suffix}"

    def output_path(self, slug: str) -> str:
        """The file's place in the output folder, with `/` separators."""
        return f"{slug}/{self.filename(slug)}"

    @abstractmethod
    def render(self, document: Document, context: RenderContext) -> bytes:
        """The complete output file for `document`, as bytes."""
