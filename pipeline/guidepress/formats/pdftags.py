"""Fixes to WeasyPrint's tag tree, applied through its `finisher` hook before the PDF is written.

WeasyPrint 70 leaves these PDF/UA-1 problems, which `guidepress validate` and the independent
validator `page` find; each fix below names its Matterhorn Protocol checkpoint:
- an element that crosses a page break is tagged once per page, and a table repeats its header
  row as content on every page (09-004, 09-005: one table, one list, one paragraph);
- running headers, footers and page numbers (page-margin boxes) are marked with MCIDs that no
  element of the structure tree owns (01-005, 18-001): they become artifacts;
- a definition list is a list of unlabelled items, one per term and one per definition (09-005):
  each term becomes the Lbl of an item whose LBody holds its definitions;
- a link's generated text (the printed URL) is a Link inside the Link, with its own annotation,
  and a link broken over two lines is two Link elements (09-002): one link, one Link;
- a link whose text is nested in another inline (<strong>, a footnote's <sup>) gets a second
  annotation owned by that inline instead of the Link (28-011): it is moved to the Link;
- an LI can hold a P (a footnote) beside its Lbl (09-005): LI children other than Lbl and
  LBody go into an LBody, and L children other than LI, L and Caption into an LI;
- a <figure> is a NonStruct holding another NonStruct around the Figure, with the Caption
  outside it (09-002): the figure becomes a Div holding the Figure and then its Caption, and
  the empty Span after the image (01-005) becomes an artifact;
- TH cells have no Scope (15-003): header cells of a THead, or of a row without a THead, get
  /Column, the first TH of a body row gets /Row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]

from guidepress.formats.pdfsplit import box_tags, merge_page_splits
from guidepress.formats.pdftree import (
    MAX_DEPTH,
    Element,
    Tree,
    empty_marks,
    is_element,
    kind,
    unmark_page,
)

Fix = Callable[[Tree, Any], None]  # the tree and WeasyPrint's laid-out document
Finisher = Callable[[Any, pydyf.PDF], None]


def finisher(skip: Iterable[str] = ()) -> Finisher:
    """A WeasyPrint finisher that applies every fix but those named in `skip` (tests leave one
    out to show what it fixes)."""
    left_out = set(skip)
    unknown = left_out - FIXES.keys()
    if unknown:
        raise ValueError(f"no such tag fix: {', '.join(sorted(unknown))}")

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        tree = Tree.of(pdf)
        if tree is None:
            return
        for name, fix in FIXES.items():
            if name not in left_out:
                fix(tree, document)

    return finish


def _page_splits(tree: Tree, document: Any) -> None:
    """One element for each element of the source, however many pages it crosses (09-004,
    09-005); the header rows a table repeats on later pages become artifacts."""
    merge_page_splits(tree, document)


def _margin_artifacts(tree: Tree, document: Any) -> None:
    """Mark content whose structure element is outside the tree as a pagination artifact
    (01-005, 18-001): WeasyPrint tags the page-margin boxes but links them to nothing."""
    reachable = {id(element) for element in tree.elements()}
    for page in range(len(tree.pdf.page_references)):
        owners = tree.page_mcids(page) or []
        orphans = {mcid for mcid, ref in enumerate(owners)
                   if ref != b"null" and id(tree.get(ref)) not in reachable}
        for mcid in orphans:
            owners[mcid] = b"null"
        if orphans:
            unmark_page(tree.pdf, page, orphans)


def _definition_lists(tree: Tree, document: Any) -> None:
    """A term and its definitions are one list item: the term its Lbl, the definitions its
    LBody (09-005). WeasyPrint makes an unlabelled item of each term and of each definition."""
    items = [element for element in tree.elements() if _unlabelled_item(tree, element)]
    sources = list(_unlabelled_sources(document))
    if len(items) != len(sources):
        return  # not the tree WeasyPrint made: leave it as it is
    terms = {id(item): source for item, source in zip(items, sources, strict=True)}
    lists = {id(parent): parent for item in items
             if terms[id(item)] in ("dt", "dd") and (parent := tree.parent(item)) is not None}
    for parent in lists.values():
        _pair_terms(tree, parent, terms)


def _unlabelled_item(tree: Tree, element: Element) -> bool:
    kids = element.get("K", [])
    return kind(element) == "LI" and len(kids) == 1 and kind(tree.get(kids[0])) == "LBody"


def _unlabelled_sources(document: Any) -> Iterator[str]:
    """The HTML tag (dt, dd or li) of each box WeasyPrint tags as an unlabelled list item, in
    the order of the tag tree, each element once however many pages it crosses."""
    seen: set[int] = set()
    for page in document.pages:
        for box, parent in _boxes(page._page_box, None, 0):
            if box.element is None or (parent is not None and parent.element is box.element):
                continue
            if id(box.element) not in seen and box_tags(box, "L") == ["LI", "LBody"]:
                seen.add(id(box.element))
                yield str(box.element_tag)


def _boxes(box: Any, parent: Any, depth: int) -> Iterator[tuple[Any, Any]]:
    yield box, parent
    if depth < MAX_DEPTH:
        for child in getattr(box, "children", ()):
            yield from _boxes(getattr(child, "_box", child), box, depth + 1)


def _pair_terms(tree: Tree, parent: Element, terms: dict[int, str]) -> None:
    item: Element | None = None
    for kid in tree.kids(parent):
        source = terms.get(id(kid))
        if source == "dt":
            item = kid
            tree.get(kid["K"][0])["S"] = "/Lbl"
        elif source == "dd" and item is not None:
            tree.move(kid, list(kid["K"]), item)
            tree.discard(kid)
        else:
            item = None
    for kid in tree.kids(parent):
        bodies = [body for body in tree.kids(kid) if kind(body) == "LBody"]
        if len(bodies) > 1:  # several definitions: one LBody, a P for each
            for body in bodies:
                body["S"] = "/P"
            tree.wrap(kid, [body.reference for body in bodies], "LBody")


def _nested_links(tree: Tree, document: Any) -> None:
    """A Link inside a Link (a link's generated text, such as the printed URL) joins the
    outer Link, so that one link is read as one (09-002)."""
    for element in tree.elements():
        if kind(element) == "Link" and _ancestor(tree, element, "Link") is not None:
            tree.unwrap(element)


def _link_annotations(tree: Tree, document: Any) -> None:
    """A link annotation owned by an element inside a Link moves to that Link (28-011)."""
    for element in tree.elements():
        link = _ancestor(tree, element, "Link") if kind(element) != "Link" else None
        if link is None:
            continue
        for ref in list(element.get("K", [])):
            kid = tree.get(ref)
            if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR":
                tree.move(element, [ref], link)


def _split_links(tree: Tree, document: Any) -> None:
    """Neighbouring Link elements that lead to the same place are one link that a line break
    cut in two (09-002): they become one Link."""
    for parent in tree.elements():
        previous: Element | None = None
        for kid in tree.kids(parent):
            if previous is not None and kind(kid) == kind(previous) == "Link" \
                    and _adjacent(parent, previous, kid) \
                    and _targets(tree, kid) == _targets(tree, previous) != set():
                tree.move(kid, list(kid["K"]), previous)
                tree.discard(kid)
                continue
            previous = kid


def _adjacent(parent: Element, first: Element, second: Element) -> bool:
    refs = parent["K"]
    return bool(refs.index(second.reference) == refs.index(first.reference) + 1)


def _targets(tree: Tree, link: Element) -> set[bytes]:
    found = set()
    for ref in link.get("K", []):
        objr = tree.get(ref)
        if isinstance(objr, pydyf.Dictionary) and objr.get("Type") == "/OBJR":
            annotation = tree.get(objr["Obj"])
            target = tree.get(annotation.get("A")) or annotation.get("Dest")
            found.add(pydyf._to_bytes(target))
    return found


def _list_bodies(tree: Tree, document: Any) -> None:
    """LI holds only Lbl and LBody, L only LI, L and Caption (09-005): anything else goes
    into an LBody, or into an LI with an LBody."""
    for element in tree.elements():
        if kind(element) == "LI":
            for run in _runs(tree, element, {"Lbl", "LBody"}):
                tree.wrap(element, run, "LBody")
        elif kind(element) == "L":
            for run in _runs(tree, element, {"LI", "L", "Caption"}):
                item = tree.wrap(element, run, "LI")
                tree.wrap(item, list(item["K"]), "LBody")


def _runs(tree: Tree, element: Element, allowed: set[str]) -> list[list[Any]]:
    """Consecutive kids of `element` that are not elements of an `allowed` type."""
    runs: list[list[Any]] = []
    fits = True
    for ref in element.get("K", []):
        kid = tree.get(ref)
        if is_element(kid) and kind(kid) in allowed:
            fits = True
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR":
            continue
        elif fits:
            runs.append([ref])
            fits = False
        else:
            runs[-1].append(ref)
    return runs


def _empty_spans(tree: Tree, document: Any) -> None:
    """A Span that marks nothing (the white space after an image) is no content (01-005): it
    becomes an artifact, so that nothing comes between a Figure and its Caption."""
    empty: dict[int, set[int]] = {}
    for element in tree.elements():
        page, refs = tree.page(element), element.get("K", [])
        if kind(element) != "Span" or page is None or not refs \
                or not all(isinstance(ref, int) for ref in refs):
            continue
        if page not in empty:
            empty[page] = empty_marks(tree.pdf, page)
        if set(refs) <= empty[page]:
            tree.artifact(element)


def _figures(tree: Tree, document: Any) -> None:
    """A figure is a Div that holds its Figure and then its Caption (09-002). The Caption
    stays outside the Figure: assistive technology reads a Figure's Alt instead of anything
    inside it, so a Caption there would never be heard."""
    for element in tree.elements():
        kids = tree.kids(element)
        if kind(element) != "NonStruct" or not any(kind(kid) == "Caption" for kid in kids):
            continue
        holders = [kid for kid in kids if kind(kid) == "NonStruct" and _holds_figure(tree, kid)]
        if holders or any(kind(kid) == "Figure" for kid in kids):
            element["S"] = "/Div"
            for holder in holders:
                tree.unwrap(holder)


def _holds_figure(tree: Tree, element: Element) -> bool:
    return any(kind(kid) == "Figure" for kid in tree.kids(element))


def _header_scope(tree: Tree, document: Any) -> None:
    """Header rows (in a THead, or made only of TH) are /Column; a body row's first TH, /Row
    (15-003)."""
    for cell in tree.elements():
        if kind(cell) == "TH":
            _scope(tree, cell)


def _scope(tree: Tree, cell: Element) -> None:
    row = tree.parent(cell)
    section = tree.parent(row) if row is not None else None
    kids = tree.kids(row) if row is not None else []
    in_head = section is not None and kind(section) == "THead"
    first = bool(kids) and kids[0] is cell
    header_row = in_head or all(kind(kid) == "TH" for kid in kids)
    attributes = cell.get("A")
    if not isinstance(attributes, pydyf.Dictionary):
        attributes = cell["A"] = pydyf.Dictionary({"O": "/Table"})
    attributes["Scope"] = "/Row" if first and not header_row else "/Column"


def _ancestor(tree: Tree, element: Element, wanted: str) -> Element | None:
    parent = tree.parent(element)
    for _ in range(MAX_DEPTH):
        if parent is None:
            return None
        if kind(parent) == wanted:
            return parent
        parent = tree.parent(parent)
    return None


# In the order they run: merging page splits and pairing terms read the tree as WeasyPrint
# made it; margin artifacts come after, when every owner of real content is in the tree.
FIXES: dict[str, Fix] = {
    "page-splits": _page_splits,
    "definition-lists": _definition_lists,
    "margin-artifacts": _margin_artifacts,
    "nested-links": _nested_links,
    "link-annotations": _link_annotations,
    "split-links": _split_links,
    "list-bodies": _list_bodies,
    "empty-spans": _empty_spans,
    "figures": _figures,
    "header-scope": _header_scope,
}

finish = finisher()
