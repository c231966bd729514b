"""Elements that WeasyPrint tags once per page they cross, made one again.

WeasyPrint 70 builds the tag tree page by page, from each page's boxes. An element that runs
over a page break (the <main>, a paragraph, a list, a table) becomes one structure element on
each page: assistive technology then reads one table as two, a list as two lists, and a
paragraph as two paragraphs, and a table that repeats its header row on the next page reads that
row twice. Which elements continue is read from the laid-out boxes themselves: the boxes at the
end of one page and at the start of the next that belong to the same HTML element. Their
structure elements are merged, level by level, for as long as both sides agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guidepress.formats.pdftree import Element, Tree, is_element, kind

# Header and footer rows that WeasyPrint repeats on every page a table crosses.
REPEATED = {"THead": "thead", "TFoot": "tfoot"}


@dataclass(frozen=True)
class Edge:
    """One structure level at a page's edge: the tag WeasyPrint gives it and its HTML element."""

    tag: str
    element: Any


def merge_page_splits(tree: Tree, document: Any) -> None:
    """Merge, at every page break, the elements that continue from one page to the next."""
    document_element = next(iter(tree.elements()), None)
    if document_element is None:
        return
    boxes = [page._page_box for page in document.pages]
    firsts = _first_per_page(tree, document_element, len(boxes))
    for number in range(1, len(boxes)):
        first = firsts.get(number)
        refs = document_element["K"]
        if first is None or first.reference not in refs:
            continue
        at = refs.index(first.reference)
        if at == 0:
            continue
        before = tree.get(refs[at - 1])
        _merge_down(tree, before, first, edge_chain(boxes[number - 1], last=True),
                    edge_chain(boxes[number], last=False))


def _first_per_page(tree: Tree, document_element: Element, pages: int) -> dict[int, Element]:
    found: dict[int, Element] = {}
    for kid in tree.kids(document_element):
        page = tree.page(kid)
        if page is not None and page < pages:
            found.setdefault(page, kid)
    return found


def _merge_down(tree: Tree, before: Element, after: Element, ends: list[Edge],
                starts: list[Edge]) -> None:
    """Merge `after` into `before` while they are the same element of the source."""
    for end, start in zip(ends, starts, strict=False):
        if not (end.element is start.element and end.tag == start.tag == kind(before)
                == kind(after)):
            return
        last_before = _last_kid(tree, before)
        tree.move(after, list(after["K"]), before)
        tree.discard(after)
        if kind(before) == "Table":
            last_before = _drop_repeated_rows(tree, before, last_before)
        first_after = _next_kid(tree, before, last_before)
        if last_before is None or first_after is None:
            return
        before, after = last_before, first_after


def _last_kid(tree: Tree, element: Element) -> Element | None:
    refs = element.get("K", [])
    last = tree.get(refs[-1]) if refs else None
    return last if is_element(last) else None


def _next_kid(tree: Tree, element: Element, kid: Element | None) -> Element | None:
    refs = element["K"]
    if kid is None or kid.reference not in refs:
        return None
    at = refs.index(kid.reference) + 1
    following = tree.get(refs[at]) if at < len(refs) else None
    return following if is_element(following) else None


def _drop_repeated_rows(tree: Tree, table: Element, last_before: Element | None,
                        ) -> Element | None:
    """A merged table keeps its first THead and its last TFoot; the copies WeasyPrint drew on
    the other pages become artifacts, and the cells that named them name the kept ones."""
    for part in REPEATED:
        parts = [kid for kid in tree.kids(table) if kind(kid) == part]
        if len(parts) < 2:
            continue
        keep, copies = (parts[0], parts[1:]) if part == "THead" else (parts[-1], parts[:-1])
        for copy in copies:
            _rename_headers(tree, table, _header_ids(tree, copy), _header_ids(tree, keep))
            if copy is last_before:
                last_before = _previous_kid(tree, table, copy)
            tree.artifact(copy)
    return last_before


def _previous_kid(tree: Tree, element: Element, kid: Element) -> Element | None:
    at = element["K"].index(kid.reference)
    previous = tree.get(element["K"][at - 1]) if at > 0 else None
    return previous if is_element(previous) else None


def _header_ids(tree: Tree, part: Element) -> list[Any]:
    return [cell["ID"] for row in tree.kids(part) for cell in tree.kids(row)
            if kind(cell) == "TH" and "ID" in cell]


def _rename_headers(tree: Tree, table: Element, old: list[Any], new: list[Any]) -> None:
    if len(old) != len(new):
        return
    renamed = dict(zip(old, new, strict=True))
    for element in _descendants(tree, table):
        headers = (element.get("A") or {}).get("Headers") if kind(element) == "TD" else None
        if isinstance(headers, list):
            headers[:] = [renamed.get(name, name) for name in headers]


def _descendants(tree: Tree, element: Element) -> Iterator[Element]:
    for kid in tree.kids(element):
        yield kid
        yield from _descendants(tree, kid)


# The boxes at a page's edge ------------------------------------------------------------------

def edge_chain(page_box: Any, *, last: bool) -> list[Edge]:
    """The structure levels along the last (or first) boxes of a page, outermost first, as
    WeasyPrint's tagging (weasyprint/pdf/tags.py, `_build_box_tree`) would tag them."""
    chain: list[Edge] = []
    box, parent_tag = page_box, "Document"
    while True:
        kids = list(_tagged_kids(box, last=last))
        if not kids:
            return chain
        box = kids[-1] if last else kids[0]
        if _is_text(box):
            return chain
        tags = box_tags(box, parent_tag)
        if chain and chain[-1].tag == "LI" and box.element_tag in ("ul", "ol"):
            chain.pop()  # a nested list is tagged as a sibling of its item, not a child
        chain.extend(Edge(tag, box.element) for tag in tags)
        parent_tag = tags[-1]


def _tagged_kids(box: Any, *, last: bool) -> Iterator[Any]:
    """The boxes that become the structure children of `box`'s element, in order."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        child = _placed(child)
        if isinstance(child, boxes.MarginBox):
            continue  # running heads and page numbers: not in the tag tree
        if isinstance(child, boxes.LineBox):
            yield from map(_placed, child.children)
        elif _transparent(child):
            yield from _tagged_kids(child, last=last)
        elif getattr(child, "is_table_wrapper", False):
            yield _TableWrapper(child, last)
        elif _repeated(box, child, last):
            continue
        else:
            yield child


def _repeated(parent: Any, child: Any, last: bool) -> bool:
    """A header group at the start, or a footer group at the end, of a continued table."""
    return getattr(parent, "element_tag", None) == "table" and \
        getattr(child, "element_tag", None) == ("tfoot" if last else "thead")


class _TableWrapper:
    """A table wrapper box tagged the way WeasyPrint tags it: the wrapper is the Table, and
    the table box's children are its children, beside the captions."""

    def __init__(self, wrapper: Any, last: bool) -> None:
        self.element = wrapper.element
        self.element_tag = wrapper.element_tag
        self.style = wrapper.style
        table = wrapper.get_wrapped_table()
        self.children = [kid for child in wrapper.children
                         for kid in (_skip_repeated(table, last) if child is table else [child])]


def _skip_repeated(table: Any, last: bool) -> list[Any]:
    return [kid for kid in table.children if not _repeated(table, kid, last)]


def _placed(box: Any) -> Any:
    from weasyprint.layout.absolute import AbsolutePlaceholder

    return box._box if isinstance(box, AbsolutePlaceholder) else box


def _transparent(box: Any) -> bool:
    """The html and body boxes are not tagged; their children are."""
    return box.element is not None and box.element_tag in ("html", "body")


def _is_text(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return isinstance(box, (boxes.TextBox, boxes.ReplacedBox))


def box_tags(box: Any, parent_tag: str) -> list[str]:
    """The tag (or the LI and LBody pair) WeasyPrint gives `box` under a `parent_tag`."""
    # A private function of WeasyPrint's: the version is pinned, and the tests fail if the
    # tagging it mirrors changes.
    from weasyprint.pdf.tags import _get_pdf_tag

    element_tag = None if box.element is None else box.element_tag
    tag = str(_get_pdf_tag(element_tag))
    if tag in ("TD", "TH") and parent_tag in ("TD", "TH"):
        return ["NonStruct"]
    if tag != "LI":
        return [tag]
    if parent_tag == "LI":
        return ["LBody"]
    if parent_tag == "LBody":
        return ["NonStruct"]
    if element_tag in ("dt", "dd") or unmarked_item(box):
        return ["LI", "LBody"]
    return ["LI"]


def unmarked_item(box: Any) -> bool:
    return bool(box.element_tag == "li" and (
        "list-item" not in box.style["display"] or box.style["list_style_type"] == "none"))
