"""Plain-text checks: valid UTF-8, everything of the source present, no markup left over.

The title is the text's first block. Every heading of the body is a block of one line,
`Section 2: Title`, the depth of its number giving its level (`2` is an h2, `2.1` an h3).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from guidepress import __version__
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.expect import Expected, key, norm
from guidepress.validate.refs import Ref, wcag
from guidepress.validate.report import Check, Finding, judged

TOOL = "guidepress text checks"
SECTION = re.compile(r"^Section (\d+(?:\.\d+)*): (\S.*)$")
# The words the text edition adds to mark its structure: heading numbers and note marks.
MARKS = re.compile(r"^Section \d+(?:\.\d+)*: |\(note \d+\)|^\s*Note \d+: |^\s*End of note \d+\.$",
                   re.M)
# Markdown, HTML and pandoc syntax that must never reach a reader of the plain text.
RESIDUE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Markdown strong or emphasis marks", re.compile(r"\*\*|__|(?<![\w*])\*(?=\w)[^*\n]*\w\*")),
    ("a Markdown code mark (`)", re.compile(r"`")),
    ("a Markdown link or image", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|\]\(|!\[")),
    ("a Markdown footnote mark", re.compile(r"\[\^[^\]\n]*\]")),
    ("a Markdown heading mark", re.compile(r"^#{1,6}\s", re.M)),
    ("a Markdown list mark", re.compile(r"^\s*[*+]\s", re.M)),
    ("a Markdown table row", re.compile(r"^\s*\|.*\|\s*$", re.M)),
    ("a pandoc attribute block", re.compile(r"\{[#.][\w-]+|\{\w+=")),
    ("a pandoc fenced div", re.compile(r"^:::", re.M)),
    ("an HTML tag", re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>\n]*)?/?>")),
    ("an HTML character reference", re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")),
    ("a backslash escape", re.compile(r"\\[\\`*_{}\[\]()#+\-.!|]")),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TextFile:
    text: str
    lines: list[str]


def read(path: Path) -> tuple[TextFile | None, list[Finding]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        return None, [Finding(f"byte {exc.start} is not valid UTF-8", f"line {at}")]
    problems = []
    if text.startswith("\ufeff"):
        problems.append(Finding("the file starts with a byte-order mark", "line 1"))
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            name = unicodedata.name(found.group(), f"U+{ord(found.group()):04X}")
            problems.append(Finding(f"a control character ({name})", f"line {number}"))
    if "\r" in text:
        problems.append(Finding("lines end with carriage returns; use line feeds only"))
    return TextFile(text, text.split("\n")), problems


def blocks(text: str) -> list[list[str]]:
    """Paragraph-like blocks: runs of non-blank lines."""
    return [block.split("\n") for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def headings(text: str) -> list[tuple[int, str]]:
    """The title (the first block), then every `Section N: Title` block at its level."""
    chunks = blocks(text)
    found = [(1, norm(" ".join(chunks[0])))] if chunks else []
    for block in chunks[1:]:
        marked = SECTION.match(block[0].strip()) if len(block) == 1 else None
        if marked:
            found.append((marked[1].count(".") + 2, norm(marked[2])))
    return found


def without_marks(text: str) -> str:
    """`text` without the words the text edition adds to mark headings and notes (what other
    editions mark another way, such as the braille's layout)."""
    return MARKS.sub("", text)


def heading_form(level: int) -> str:
    """How a heading of `level` looks in the text edition, for messages."""
    if level == 1:
        return "the first block of the text"
    number = ".".join(["N", *["n"] * (level - 2)])
    return f"a line of its own, “Section {number}: …”"


def link_targets(text: str) -> list[str]:
    found = re.findall(r"(?:https?://|mailto:)[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*", text)
    return [target.rstrip(".,;:!?") for target in found]


def mail_targets(text: str) -> list[str]:
    """The bare e-mail addresses in the text, as mailto: targets: plain text shows a mail link
    as its address alone."""
    found = re.findall(r"(?<![\w.+:/@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return [f"mailto:{address.rstrip('.')}" for address in found]


def coverage(text: str, wanted: Expected) -> Iterator[Finding]:
    flat = key(text)
    have = {key(t): level for level, t in headings(text)}
    for level, heading in wanted.headings:
        if key(heading) not in flat:
            yield Finding(f"the h{level} “{heading}” is missing", rule="heading")
        elif have.get(key(heading)) != level:
            yield Finding(f"the h{level} “{heading}” is not a heading: it should be "
                          f"{heading_form(level)}", rule="heading")
    for alt in wanted.alts:
        # a figure the guide describes in words after it is said once, by those words
        if key(alt) not in flat and alt not in wanted.described:
            yield Finding(f"the alt text “{alt}” is missing", rule="alt-text")
    targets = set(link_targets(text))
    for target in wanted.links:
        if target not in targets and target.removeprefix("mailto:") not in text:
            yield Finding(f"the link target {target} is missing", rule="link")


def residue(lines: list[str]) -> Iterator[Finding]:
    for number, line in enumerate(lines, start=1):
        for what, pattern in RESIDUE:
            found = pattern.search(line)
            if found:
                yield Finding(f"{what} left in the text: “{found.group().strip()[:40]}”",
                              f"line {number}", "markup-residue")


def check(path: Path, wanted: Expected) -> list[Check]:
    refs: tuple[Ref, ...] = (wcag("1.3.1"),)
    version = __version__
    text, problems = read(path)
    checks = [judged("txt.utf8", "txt", "Valid UTF-8 text", TOOL, version, refs, problems,
                     "The file decodes as UTF-8 and holds no control characters.")]
    if text is None:
        return checks
    checks.append(judged(
        "txt.coverage", "txt", "Every heading, alt text and link target of the source is present",
        TOOL, version, (wcag("1.1.1"), wcag("1.3.1"), wcag("2.4.4")),
        coverage(text.text, wanted),
        "The title opens the text and each heading of the source is a line of its own, "
        "“Section 2: …” (“Section 2.1: …” a level deeper); each alt text is spelled out "
        "(but for a figure the text after it describes), and each link shows its address."))
    checks.append(judged(
        "txt.residue", "txt", "No markup residue", TOOL, version, (wcag("1.3.1"),),
        residue(text.lines),
        "No Markdown, HTML or pandoc syntax (emphasis marks, link brackets, tags, entities, "
        "attribute blocks) is left in the text."))
    return checks


class TextValidator(OutputValidator):
    name = "text"
    formats = ("txt",)
    order = 70

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome(check(output.path, output.target.expected)) for output in outputs]
