"""The positioned AST made easy to check: sourcepos wrappers removed, a position on everything.

pandoc's `sourcepos` output wraps text in Spans and blocks in Divs that carry `data-pos`
(body-relative `line:col-line:col`). `unwrap` drops those wrappers and records on every element
a `pos` key: its (line, column) in the guide file, front matter included. Elements without a
position of their own (a Para inside its wrapper Div, a Str inside its Span) take their
wrapper's, so every finding can point at a line and a column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from guidepress.read import pandocast
from guidepress.read.pandocast import Element


class Pos(NamedTuple):
    line: int
    col: int


def unwrap(blocks: list[Any], first_line: int) -> list[Element]:
    """`blocks` of the positioned AST, unwrapped, with file positions (see the module doc)."""
    start = Pos(first_line, 1)
    result: list[Element] = _unwrap(blocks, start, first_line - 1)
    return result


def _unwrap(node: Any, inherited: Pos, offset: int) -> Any:
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            if pandocast.is_wrapper(item):
                pos = parse_pos(item["c"][0], offset) or inherited
                out.extend(_unwrap(child, pos, offset) for child in item["c"][1])
            else:
                out.append(_unwrap(item, inherited, offset))
        return out
    if isinstance(node, dict) and "t" in node:
        attr = pandocast.attr_of(node)
        pos = (parse_pos(attr, offset) if attr else None) or inherited
        element: Element = {"t": node["t"], "pos": pos}
        if "c" in node:
            element["c"] = _unwrap(node["c"], pos, offset)
            new_attr = pandocast.attr_of(element)
            if new_attr is not None:
                new_attr[2] = [pair for pair in new_attr[2] if pair[0] != "data-pos"]
        return element
    return node


def parse_pos(attr: pandocast.Attr, offset: int) -> Pos | None:
    """The earliest start among the ranges in `data-pos` ("9:1-10:1;8:1-11:1"), in the file."""
    raw = pandocast.attr_value(attr, "data-pos")
    if not raw:
        return None
    starts = []
    for part in raw.split(";"):
        start = part.rsplit("@", 1)[-1].split("-", 1)[0]
        line, _, col = start.partition(":")
        if line.isdigit() and col.isdigit():
            starts.append(Pos(int(line) + offset, int(col)))
    return min(starts) if starts else None


def pos(element: Element) -> Pos:
    found = element.get("pos")
    return found if isinstance(found, Pos) else Pos(0, 0)


def of_type(node: Any, *kinds: str) -> Iterator[Element]:
    return (element for element in pandocast.walk(node) if element["t"] in kinds)


def classes(element: Element) -> list[str]:
    attr = pandocast.attr_of(element)
    return list(attr[1]) if attr else []


def attribute(element: Element, key: str) -> str | None:
    attr = pandocast.attr_of(element)
    return pandocast.attr_value(attr, key) if attr else None


def sibling_lists(node: Any) -> Iterator[list[Element]]:
    """Every list of blocks (the body, a list item, a Div's content ...) under `node`."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) and "t" in item for item in node):
            yield node
        for item in node:
            yield from sibling_lists(item)
    elif isinstance(node, dict):
        yield from sibling_lists(node.get("c"))
