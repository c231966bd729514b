"""The PDF's logical structure (its tag tree) as plain Python objects, with the text of every
element read from the marked content it owns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from guidepress.validate.pdfcontent import PageContent

MAX_DEPTH = 200


@dataclass
class Node:
    """One structure element: its standard type (after role mapping) and what it holds."""

    type: str  # e.g. "H2", "Figure", "TH"; "" for the StructTreeRoot
    raw_type: str
    attributes: dict[str, Any] = field(default_factory=dict)
    alt: str | None = None
    actual_text: str | None = None
    children: list[Node] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID), in order
    annotations: list[Any] = field(default_factory=list)  # OBJR targets
    # children and MCIDs, in document order
    parts: list[Node | tuple[int, int]] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class Tree:
    root: Node
    texts: dict[tuple[int, int], str]  # (page, MCID) -> text

    def text(self, node: Node) -> str:
        """The element's text: its ActualText, else the text of everything it contains."""
        if node.actual_text is not None:
            return node.actual_text
        return "".join(self.text(part) if isinstance(part, Node) else self.texts.get(part, "")
                       for part in node.parts)

    def reading_text(self) -> str:
        """All tagged text in logical (structure) order, elements separated by spaces."""
        pieces: list[str] = []
        self._collect(self.root, pieces)
        return " ".join(pieces)

    def _collect(self, node: Node, pieces: list[str]) -> None:
        if node.actual_text is not None:
            pieces.append(node.actual_text)
            return
        for part in node.parts:
            if isinstance(part, Node):
                self._collect(part, pieces)
            else:
                pieces.append(self.texts.get(part, ""))

    def find(self, *types: str) -> list[Node]:
        return [node for node in self.root.walk() if node.type in types]

    def outer_tables(self) -> list[Node]:
        """Table elements that are not inside another Table."""
        return [node for node in self._outer(self.root, "Table")]

    def _outer(self, node: Node, kind: str) -> Iterator[Node]:
        for child in node.children:
            if child.type == kind:
                yield child
            else:
                yield from self._outer(child, kind)


def read(pdf: pikepdf.Pdf, pages: list[PageContent]) -> Tree | None:
    """The structure tree, or None when the PDF has none."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return None
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    role_map = _role_map(root)
    top = Node("", "StructTreeRoot")
    builder = _Builder(page_index, role_map)
    for kid in _kids(root):
        builder.add(top, kid, None, 0)
    texts = {(page.index, mcid): text for page in pages for mcid, text in page.mcid_text().items()}
    return Tree(top, texts)


def _role_map(root: pikepdf.Dictionary) -> dict[str, str]:
    roles = root.get("/RoleMap")
    if not isinstance(roles, pikepdf.Dictionary):
        return {}
    return {str(key)[1:]: str(value)[1:] for key, value in roles.items()}


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


@dataclass
class _Builder:
    page_index: dict[tuple[int, int], int]
    role_map: dict[str, str]

    def standard(self, raw: str) -> str:
        seen = {raw}
        while raw in self.role_map and self.role_map[raw] not in seen:
            raw = self.role_map[raw]
            seen.add(raw)
        return raw

    def add(self, parent: Node, kid: Any, page: int | None, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(kid, int) and not isinstance(kid, bool):
            if page is not None:
                self._content(parent, (page, int(kid)))
            return
        if not isinstance(kid, pikepdf.Dictionary):
            return
        kind = kid.get("/Type")
        own_page = self._page(kid, page)
        if kind == "/MCR":
            if own_page is not None and kid.get("/MCID") is not None:
                self._content(parent, (own_page, int(kid.MCID)))
        elif kind == "/OBJR":
            parent.annotations.append(kid.get("/Obj"))
        elif kid.get("/S") is not None:
            node = self.element(kid)
            parent.children.append(node)
            parent.parts.append(node)
            for child in _kids(kid):
                self.add(node, child, own_page, depth + 1)

    def element(self, kid: pikepdf.Dictionary) -> Node:
        raw = str(kid.S)[1:]
        return Node(self.standard(raw), raw, _attributes(kid), _text(kid, "/Alt"),
                    _text(kid, "/ActualText"))

    def _page(self, kid: pikepdf.Dictionary, inherited: int | None) -> int | None:
        page = kid.get("/Pg")
        if isinstance(page, pikepdf.Dictionary):
            return self.page_index.get(page.objgen, inherited)
        return inherited

    @staticmethod
    def _content(node: Node, ref: tuple[int, int]) -> None:
        node.content.append(ref)
        node.parts.append(ref)


def _attributes(kid: pikepdf.Dictionary) -> dict[str, Any]:
    """The element's attributes from every attribute dictionary (/A may be one or an array)."""
    found: dict[str, Any] = {}
    attrs = kid.get("/A")
    items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
    for item in items:
        if isinstance(item, pikepdf.Dictionary):
            for key, value in item.items():
                found[str(key)[1:]] = value
    return found


def _text(kid: pikepdf.Dictionary, key: str) -> str | None:
    value = kid.get(key)
    return str(value) if isinstance(value, pikepdf.String) else None
