"""A format and its validator from a separately installed package, as a publisher might add
one: the number of words in each guide, and a check that the number is right."""

from __future__ import annotations

from collections.abc import Sequence

from guidepress import __version__
from guidepress.formats import Format, RenderContext
from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.report import Finding, judged


def count(document: Document) -> int:
    return len(pandocast.stringify(document.ast["blocks"]).split())


class WordCountFormat(Format):
    name = "words"
    label = "Word count"
    kind = "word count"
    suffix = ".words.txt"
    media_type = "text/plain"
    order = 90

    def render(self, document: Document, context: RenderContext) -> bytes:
        return f"{document.guide.meta.title}: {count(document)} words\n".encode()


class WordCountValidator(OutputValidator):
    name = "word-count"
    formats = ("words",)

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome([judged("words.count", "words", "The file says how many words",
                                "guidepress-wordcount", __version__, (), _problems(output))])
                for output in outputs]


def _problems(output: Output) -> list[Finding]:
    text = output.path.read_text(encoding="utf-8")
    if not text.startswith(output.target.expected.title) or " words" not in text:
        return [Finding(f"it reads {text.strip()!r}")]
    return []
