"""What a guide's AST may carry into a writer, whatever its checks say.

The checks report problems, but a guide can switch a check off in its own front matter, so the
guarantees that keep script, event handlers and odd links out of every output live here, in the
clean AST that every writer (HTML, PDF, EPUB, text) reads:

- raw HTML never arrives here as markup: `document.neutralise_raw` has made it visible text
  (pandoc's CommonMark reader keeps raw HTML even with `-raw_html`, jgm/pandoc#8305, and the
  EPUB writer would copy it verbatim); check A043 reports it;
- attributes: only `id`, `class`, `lang`, `dir` and, on images, `alt` remain, with checked values
  (check S002 reports the others);
- links go only to https, http, mailto or a section of the guide that exists; any other link,
  an empty one included, becomes its text (checks S001 and A023 report them);
- ids the page templates or pandoc's writers use themselves (`main`, `fn1` ...) are renamed, in
  both ASTs, with the links that point at them;
- classes are the author's own: each one gets the prefix `g-` (`.note` is `g-note` in every
  output), and no template uses that prefix, so body text can never dress as the template
  (`[...]{.updated-date}` would otherwise set the handout's running footer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from guidepress.read import pandocast
from guidepress.read.frontmatter import well_formed_lang

ALLOWED_KEYS = frozenset({"lang", "dir", "alt"})
DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
RESERVED_IDS = frozenset({"main", "toc-label", "toc", "toc-title", "landmarks", "nav",
                          "footnotes", "page-list", "title_page", "cover"})
_RESERVED_ID = re.compile(r"^(?:(?:fn|fnref|toc-li-)\d+|cb\d+(?:-\d+)?)$")
AUTHOR_CLASS_PREFIX = "g-"  # templates and pandoc's writers never use it
_CLASS = re.compile(r"^[^\W\d][\w-]{0,63}$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What browsers delete from a URL before reading it: tab and line breaks anywhere, controls and
# spaces at either end (so "java\tscript:" is "javascript:").
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))


def link_problem(target: str) -> str | None:
    """Why a link to `target` may not be published, or None when it may."""
    url = _URL_NOISE.sub("", target).strip(_URL_EDGES)
    if not url or url.startswith("#"):
        return None  # an empty link (check A023) or a section of the guide
    scheme = _SCHEME.match(url)
    if scheme is None:
        if url.startswith(("//", "\\\\", "/\\", "\\/")):
            return f"{_clip(target)!r} leaves out https: (links must be full addresses)"
        return f"{_clip(target)!r} is a local file, which readers of the guide do not have"
    name = scheme.group(1).lower()
    if name == "mailto":
        return None
    if name not in ("http", "https"):
        return f"{_clip(target)!r} uses {name}:, which is not allowed"
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unclosed [IPv6 address
        host = None
    if "\\" in url or not host:
        return f"{_clip(target)!r} is not a well-formed web address"
    return None


def author_class(name: str) -> str:
    """The class `name` of a guide as the outputs carry it: in the author's namespace."""
    return AUTHOR_CLASS_PREFIX + name


def is_reserved_id(ident: str) -> bool:
    return ident in RESERVED_IDS or bool(_RESERVED_ID.match(ident))


def attribute_problems(element: pandocast.Element) -> Iterator[str]:
    """Each attribute of `element` that the clean AST leaves out, as `key=value` text.
    Attributes the `sourcepos` reader adds itself are not reported."""
    attr = pandocast.attr_of(element)
    if attr is None:
        return
    for key, value in attr[2]:
        if key in ("data-pos", "wrapper"):
            continue
        if not _keeps(element["t"], key, value):
            yield f"{key}={_clip(value)!r}"
    for name in attr[1]:
        if not _CLASS.match(name):
            yield f"class {_clip(name)!r}"


def _keeps(kind: str, key: str, value: str) -> bool:
    if key == "lang":
        return well_formed_lang(value)
    if key == "dir":
        return value in DIRECTIONS
    return key == "alt" and kind == "Image"


def clean(blocks: list[Any]) -> list[Any]:
    """`blocks` (of the AST without sourcepos) as the writers may see them."""
    return _Cleaner(set(_ids(blocks))).items(blocks)


class _Cleaner:
    def __init__(self, ids: set[str]) -> None:
        self.ids = ids  # a #link to anything else has nowhere to go (and stops WeasyPrint)

    def items(self, items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and "t" in item:
                out.extend(self.element(item))
            elif isinstance(item, list):
                out.append(self.items(item))
            else:
                out.append(item)
        return out

    def element(self, element: pandocast.Element) -> list[Any]:
        kind = element["t"]
        if kind == "Link" and not self.publishable(element["c"][2][0]):
            return self.items(element["c"][1])  # the link's text, without the link
        content = element.get("c")
        if isinstance(content, list):
            element["c"] = self.items(content)
        attr = pandocast.attr_of(element)
        if attr is not None:
            attr[1] = [author_class(name) for name in attr[1] if _CLASS.match(name)]
            attr[2] = [[key, value] for key, value in attr[2] if _keeps(kind, key, value)]
        return [element]

    def publishable(self, target: str) -> bool:
        if target.startswith("#"):
            return target[1:] in self.ids
        return bool(target.strip()) and link_problem(target) is None


def rename_reserved_ids(*trees: list[Any]) -> dict[str, str]:
    """Give every element whose id the templates or writers use a free id instead, in each of
    `trees`, and point `#id` links at the new id. Returns the renames made."""
    used = {ident for tree in trees for ident in _ids(tree)}
    renames: dict[str, str] = {}
    for ident in sorted(used):
        if is_reserved_id(ident):
            number = 1
            while f"{ident}-{number}" in used or is_reserved_id(f"{ident}-{number}"):
                number += 1
            renames[ident] = f"{ident}-{number}"
            used.add(renames[ident])
    if renames:
        for tree in trees:
            _apply(tree, renames)
    return renames


def _ids(tree: list[Any]) -> Iterator[str]:
    for element in pandocast.walk(tree):
        attr = pandocast.attr_of(element)
        if attr is not None and attr[0]:
            yield str(attr[0])


def _apply(tree: list[Any], renames: dict[str, str]) -> None:
    for element in pandocast.walk(tree):
        attr = pandocast.attr_of(element)
        if attr is not None and attr[0] in renames:
            attr[0] = renames[attr[0]]
        if element["t"] == "Link":
            target = element["c"][2][0]
            if target.startswith("#") and target[1:] in renames:
                element["c"][2][0] = "#" + renames[target[1:]]


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# Markup a writer made (pandoc's EPUB chapters), checked after the fact -------------------------

_ACTIVE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "base", "audio", "video", "source", "track",
    "portal", "foreignobject", "animate", "set", "handler", "listener",
})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data",
                             "background", "cite", "srcset"})
_STYLE_DANGER = re.compile(r"url\(|image-set\(|expression\(|@import|\\|javascript:", re.I)


def unsafe_markup(root: Any) -> str | None:
    """What makes an (X)HTML tree unsafe to publish, or None: an element that runs or embeds
    something, an event handler, a URL that is neither a web, mail or #section link nor a file
    inside the package, or a style that loads something."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1].lower()
        if (name in _ACTIVE_ELEMENTS or (name == "link" and element.get("rel") != "stylesheet")
                or (name == "meta" and element.get("http-equiv") is not None)):
            return f"a <{name}> element"
        if name == "style" and _STYLE_DANGER.search(element.text or ""):
            return "a style sheet that loads something"
        for key, value in element.attrib.items():
            problem = _attribute_danger(key.rsplit("}", 1)[-1].lower(), value)
            if problem:
                return f"{problem} on <{name}>"
    return None


def _attribute_danger(key: str, value: str) -> str | None:
    if key.startswith("on"):
        return f"an event handler ({key})"
    if key == "style" and _STYLE_DANGER.search(value):
        return "a style that loads something"
    if key in _URL_ATTRIBUTES and not _package_or_web(key, value):
        return f"{key}={_clip(value)!r}"
    return None


def _package_or_web(key: str, value: str) -> bool:
    url = _URL_NOISE.sub("", value).strip(_URL_EDGES)
    if _SCHEME.match(url) is None:  # a file of the package, relative to this one
        return not url.startswith(("/", "\\")) and key in ("href", "src")
    return key == "href" and link_problem(url) is None
