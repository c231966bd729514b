"""Small helpers over pandoc's JSON AST (API 1.23): walking, text of inlines, and removing
the `sourcepos` wrappers once their line numbers have been read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Element = dict[str, Any]
Attr = list[Any]  # [identifier, [classes], [[key, value], ...]]


def children(node: Any) -> Iterator[Any]:
    """Every dict or list directly inside `node` (pandoc nests content in lists)."""
    if isinstance(node, dict):
        content = node.get("c")
        if isinstance(content, list | dict):
            yield content
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, list | dict):
                yield item


def walk(node: Any) -> Iterator[Element]:
    """Every element (`{"t": ...}`) under `node`, depth first, in document order."""
    # The hottest loop of a build (every check and writer walks the tree): exact type tests
    # and no helper calls (the JSON reader makes only plain dicts, lists and strings).
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        current = pop()
        kind = type(current)
        if kind is dict:
            if "t" in current:
                yield current
            content = current.get("c")
            if type(content) is list or type(content) is dict:
                push(content)
        elif kind is list:
            stack.extend([item for item in reversed(current)
                          if type(item) is list or type(item) is dict])
        elif isinstance(current, dict | list):  # a subclass, built by a caller
            stack.extend(reversed(list(children(current))))


def stringify(node: Any) -> str:
    """Plain text of inlines or blocks, the way pandoc's `stringify` reads them."""
    parts: list[str] = []
    _stringify(node, parts)
    return "".join(parts)


def _stringify(node: Any, parts: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _stringify(item, parts)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    content: Any = node.get("c")
    if kind == "Str":
        parts.append(content)
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        parts.append(" ")
    elif kind == "Code":
        parts.append(content[1])
    elif kind == "Quoted":
        quote = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
        parts.append(quote[0])
        _stringify(content[1], parts)
        parts.append(quote[1])
    elif kind == "Note":
        return
    elif kind in ("Link", "Image") or kind in ("Span", "Div"):
        _stringify(content[1], parts)
    elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript",
                  "Subscript", "Plain", "Para"):
        _stringify(content, parts)
    elif kind == "Cite":
        _stringify(content[1], parts)
    elif kind == "Header":
        _stringify(content[2], parts)
    elif isinstance(content, list):
        for child in content:
            if isinstance(child, list | dict):
                _stringify(child, parts)
            if isinstance(child, dict) and child.get("t") in _BLOCK_KINDS and parts:
                parts.append(" ")


_BLOCK_KINDS = {"Para", "Plain", "Header", "BulletList", "OrderedList", "Div", "Table",
                "BlockQuote", "DefinitionList", "Figure", "CodeBlock", "LineBlock"}


def attr_value(attr: Attr, key: str) -> str | None:
    for name, value in attr[2]:
        if name == key:
            return str(value)
    return None


def attr_of(element: Element) -> Attr | None:
    """The Attr of an element that has one, else None."""
    kind: Any = element.get("t")
    content: Any = element.get("c")
    if kind in ("Div", "Span", "CodeBlock", "Code", "Table", "Figure", "Link", "Image"):
        attr: Attr = content[0]
        return attr
    if kind == "Header":
        header_attr: Attr = content[1]
        return header_attr
    return None


def first_line(element: Element) -> int:
    """The 1-based body line recorded by `sourcepos` on `element` (0 when none)."""
    attr = attr_of(element)
    pos = attr_value(attr, "data-pos") if attr else None
    if not pos:
        return 0
    start = pos.rsplit("@", 1)[-1].split("-", 1)[0]
    try:
        return int(start.split(":", 1)[0])
    except ValueError:
        return 0


def strip_sourcepos(node: Any) -> Any:
    """A copy of `node` without sourcepos wrappers or `data-pos` attributes.

    Wrapper Divs and Spans (marked `wrapper=1`) are replaced by their content, adjacent
    `Str` elements are joined again, and `data-pos` is dropped from every Attr.
    """
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            if is_wrapper(item):
                out.extend(strip_sourcepos(item["c"][1]))
            else:
                out.append(strip_sourcepos(item))
        return _join_strs(out)
    if isinstance(node, dict):
        if "t" not in node:
            return {key: strip_sourcepos(value) for key, value in node.items()}
        copy = dict(node)
        if "c" in node:
            copy["c"] = strip_sourcepos(node["c"])
        attr = attr_of(copy)
        if attr is not None:
            attr[2] = [pair for pair in attr[2] if pair[0] != "data-pos"]
        return copy
    return node


def is_wrapper(item: Any) -> bool:
    """A Div or Span that `sourcepos` added only to carry a position."""
    if not isinstance(item, dict) or item.get("t") not in ("Div", "Span"):
        return False
    attr = item["c"][0]
    return attr[0] == "" and not attr[1] and ["wrapper", "1"] in attr[2]


def _join_strs(items: list[Any]) -> list[Any]:
    joined: list[Any] = []
    for item in items:
        if (isinstance(item, dict) and item.get("t") == "Str" and joined
                and isinstance(joined[-1], dict) and joined[-1].get("t") == "Str"):
            joined[-1] = {"t": "Str", "c": joined[-1]["c"] + item["c"]}
        else:
            joined.append(item)
    return joined
