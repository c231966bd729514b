"""Security: links and text that could mislead a reader or smuggle something into an output.

What keeps script and odd links out of the outputs is not here but in `guidepress.read.safety`,
which a guide cannot switch off; these rules tell the author what was left out, and flag text
tricks: invisible characters, links that show one address and go to another, and addresses that mix
writing systems (IDN homographs: a Cyrillic "a", U+0430, in an otherwise Latin name).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import Pos, pos
from guidepress.read import pandocast, safety
from guidepress.read.pandocast import Element

# Zero-width and other invisible characters (text-direction overrides are refused outright
# when the guide is read; see source.py).
INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u200e": "LEFT-TO-RIGHT MARK", "\u200f": "RIGHT-TO-LEFT MARK", "\u061c": "ARABIC LETTER MARK",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR", "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES", "\u2063": "INVISIBLE SEPARATOR", "\u2064": "INVISIBLE PLUS",
}
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
_JOINERS = {"\u200c", "\u200d"}
# Scripts whose writing needs joiners between letters; elsewhere a joiner is a trick.
_PLAIN_SCRIPTS = {"LATIN", "GREEK", "CYRILLIC"}
# Scripts that are written together in one name (Japanese, Korean, Chinese with Latin).
_SCRIPT_FAMILIES = ({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}, {"LATIN", "CJK", "HANGUL"},
                    {"LATIN", "CJK", "BOPOMOFO"})
_ADDRESS_TEXT = re.compile(r"^(?:https?://)?(?:www\.)?(?:[^\W_][\w-]*\.)+[^\W\d_]{2,}\.?"
                           r"(?::\d+)?(?:[/?#]\S*)?$")
_EMAIL_TEXT = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
# Characters nobody sees (format characters: zero-width ones, joiners, direction marks).
_INVISIBLE_ANY = re.compile("[" + "".join(INVISIBLE) + "\u00ad\u034f\u115f\u1160\u3164"
                            "\uffa0\u17b4\u17b5\ufe00-\ufe0f]")
_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\u2024": "."})  # dots hosts accept
_AROUND = "()[]{}<>\"'`.,;:!?\u00ab\u00bb\u2018\u2019\u201c\u201d\u2039\u203a*_~|"
_WITH_ATTRIBUTES = ("Div", "Span", "CodeBlock", "Code", "Header", "Link", "Image", "Figure",
                    "Table")


def disallowed_link(ctx: Context) -> Iterator[Hit]:
    ids = {str(attr[0]) for element in ctx.elements(*_WITH_ATTRIBUTES)
           if (attr := pandocast.attr_of(element)) and attr[0]}
    for link in ctx.elements("Link"):
        target = link["c"][2][0]
        problem = safety.link_problem(target)
        if problem is None and target.startswith("#") and target[1:] not in ids:
            problem = f"{target!r} goes to no heading or section of the guide"
        if problem:
            yield Hit(pos(link), f"link to {problem}; it is published as plain text")


def unpublished_attribute(ctx: Context) -> Iterator[Hit]:
    for element in ctx.elements(*_WITH_ATTRIBUTES):
        for what in safety.attribute_problems(element):
            if what.startswith("lang=") and element["t"] in ("Span", "Div"):
                continue  # A045 reports those
            yield Hit(pos(element), f"{what} is left out of every output")


def invisible_character(ctx: Context) -> Iterator[Hit]:
    """Invisible characters in the text as pandoc decoded it (`&#x200b;` is one too), and in
    the front matter as YAML decoded it."""
    lines = ctx.guide.body.split("\n")
    for element in pandocast.walk(ctx.blocks):
        where = pos(element)
        for text in _own_strings(element.get("c")):
            for found in _INVISIBLE.finditer(text):
                if not _joiner_between_letters(text, found.start()):
                    yield Hit(_column(lines, ctx.guide.body_line, where, found.group()),
                              _invisible_message(found.group()))
    for key, text in front_matter_text(ctx):
        for found in _INVISIBLE.finditer(text):
            if not _joiner_between_letters(text, found.start()):
                yield Hit(ctx.key_pos(key), f"`{key}`: " + _invisible_message(found.group()))


def _column(lines: list[str], first: int, where: Pos, char: str) -> Pos:
    """Where `char` is written on its element's line, when it is written there as itself (a
    character reference leaves the element's own position)."""
    index = where.line - first
    found = lines[index].find(char, max(0, where.col - 1)) if 0 <= index < len(lines) else -1
    return Pos(where.line, found + 1) if found >= 0 else where


def _own_strings(content: object) -> Iterator[str]:
    """The strings of an element's content that are its own, not its children's."""
    if isinstance(content, str):
        yield content
    elif isinstance(content, list):
        for item in content:
            if not (isinstance(item, dict) and "t" in item):
                yield from _own_strings(item)


def _invisible_message(char: str) -> str:
    return f"an invisible character, U+{ord(char):04X} {INVISIBLE[char]}"


def _joiner_between_letters(text: str, index: int) -> bool:
    """A joiner between two letters of a script that needs joiners (Persian, Hindi ...)."""
    if text[index] not in _JOINERS or index == 0 or index + 1 >= len(text):
        return False
    return all(_script(text[i]) not in _PLAIN_SCRIPTS | {""} for i in (index - 1, index + 1))


def front_matter_text(ctx: Context) -> Iterator[tuple[str, str]]:
    meta = ctx.meta
    for key in ("title", "subtitle", "description", "audience", "publisher", "license",
                "identifier"):
        yield key, str(getattr(meta, key))
    for key in ("authors", "keywords"):
        for value in getattr(meta, key):
            yield key, value
    for short, long in meta.abbreviations.items():
        yield "abbreviations", f"{short} {long}"
    for source in meta.sources:
        yield "sources", f"{source.title} {source.url}"


def misleading_link_text(ctx: Context) -> Iterator[Hit]:
    for link in ctx.elements("Link"):
        text, target = _link_text(link), link["c"][2][0]
        for shown in shown_addresses(text):
            if differs(shown, target):
                yield Hit(pos(link), f"the link shows {text!r} but goes to {target!r}")
                break
    for source in ctx.meta.sources:
        if any(differs(shown, source.url) for shown in shown_addresses(source.title)):
            yield Hit(ctx.key_pos("sources"), f"source {source.title!r} shows one address but "
                      f"goes to {source.url!r}")


def _link_text(link: Element) -> str:
    return " ".join(pandocast.stringify(link["c"][1]).split())


def shown_address(text: str) -> str | None:
    """The host (or mail address) that link text shows, when it looks like an address."""
    found = shown_addresses(text)
    return found[0] if found else None


def shown_addresses(text: str) -> list[str]:
    """Every host (or mail address) a reader sees in `text`, read the way a reader reads it:
    invisible characters gone, compatibility forms folded (a full-width dot is a dot), and
    the punctuation and brackets around a word not part of it (`(www.bank.example),`). In
    longer text a word counts when it is plainly an address (`https://`, `www.`, `name@`), so
    "Download report.pdf" shows none."""
    seen = unicodedata.normalize("NFKC", _INVISIBLE_ANY.sub("", text)).translate(_DOTS)
    words = [word.strip(_AROUND) for word in seen.split()]
    found = []
    for word in words:
        plain = len(words) == 1 or "://" in word or "@" in word or word.lower().startswith("www.")
        address = _address(word) if plain else None
        if address and address not in found:
            found.append(address)
    return found


def _address(word: str) -> str | None:
    if _EMAIL_TEXT.match(word):
        return "mailto:" + word.lower()
    if not _ADDRESS_TEXT.match(word):
        return None
    with_scheme = word if "://" in word else "https://" + word
    try:
        return urlsplit(with_scheme).hostname
    except ValueError:
        return None


def differs(shown: str, target: str) -> bool:
    """True when the address a reader sees is not where the link goes (a subdomain of the
    same name is the same place: "example.org" may go to "www.example.org")."""
    if shown.startswith("mailto:"):
        return target.lower().split("?", 1)[0] != shown
    try:
        host = urlsplit(target).hostname
    except ValueError:
        return True
    if host is None:
        return target.startswith(("http:", "https:", "//"))
    a, b = _ascii_host(shown), _ascii_host(host)
    return not (a == b or a.endswith("." + b) or b.endswith("." + a))


def _ascii_host(host: str) -> str:
    host = host.lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def mixed_script_address(ctx: Context) -> Iterator[Hit]:
    for link in ctx.elements("Link"):
        target = link["c"][2][0]
        label = mixed_script_label(target)
        if label:
            yield Hit(pos(link), f"the address {target!r} mixes writing systems in {label!r}")
    for source in ctx.meta.sources:
        label = mixed_script_label(source.url)
        if label:
            yield Hit(ctx.key_pos("sources"), f"source address {source.url!r} mixes writing "
                      f"systems in {label!r}")


def mixed_script_label(url: str) -> str | None:
    """The first part of the address's host that mixes writing systems, or None."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    for label in host.split("."):
        shown = _decoded(label)
        scripts = {_script(char) for char in shown} - {""}
        if len(scripts) > 1 and not any(scripts <= family for family in _SCRIPT_FAMILIES):
            return shown
    return None


def _decoded(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def _script(char: str) -> str:
    """The writing system of a letter (the first word of its Unicode name), "" otherwise."""
    if not char.isalpha():
        return ""
    return unicodedata.name(char, "").split(" ", 1)[0]
