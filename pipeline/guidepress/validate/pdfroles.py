"""Checks that tag tree elements sit where their standard roles allow (ISO 32000-1, 14.8.4) and
hold what the source says they hold: lists and definition lists, figures and their captions,
links, and the parts of a table. Each yields findings; `pdf.py` turns them into checks."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from guidepress.validate.expect import key, norm
from guidepress.validate.pdfstruct import Node, Tree
from guidepress.validate.report import Finding

# ISO 32000-1 Table 336: what a list's elements may hold and where they may sit.
LIST_KIDS = {"L": {"L", "LI", "Caption"}, "LI": {"Lbl", "LBody"}}
LIST_PARENTS = {"LI": {"L"}, "LBody": {"LI"}}
TABLE_ONCE = ("THead", "TFoot", "Caption")
SNIPPET = 40


def parents(tree: Tree) -> dict[int, Node]:
    """Each element's parent, by id()."""
    return {id(kid): node for node in tree.root.walk() for kid in node.children}


def _said(tree: Tree, node: Node) -> str:
    text = norm(tree.text(node))
    return f"“{text[:SNIPPET]}”" if text else "(no text)"


def list_findings(tree: Tree) -> Iterator[Finding]:
    """Lists built as ISO 32000-1 Table 336 says (Matterhorn 09-005)."""
    above = parents(tree)
    for node in tree.root.walk():
        allowed = LIST_KIDS.get(node.type, set())
        for kid in node.children if allowed else ():
            if kid.type not in allowed:
                yield Finding(f"an {node.type} {_said(tree, node)} holds a {kid.type}, not only "
                              f"{', '.join(sorted(allowed))}", rule="09-005",
                              help="put an item's content in an LBody beside its Lbl")
        if node.type == "L" and any(kid.type == "Caption" for kid in node.children[1:]):
            yield Finding(f"an L {_said(tree, node)} has a Caption after its first child",
                          rule="09-005")
        parent = above.get(id(node))
        wanted = LIST_PARENTS.get(node.type)
        if wanted and (parent is None or parent.type not in wanted):
            where = parent.type if parent is not None and parent.type else "the root"
            yield Finding(f"an {node.type} {_said(tree, node)} sits in {where}, not in "
                          f"{' or '.join(sorted(wanted))}", rule="09-005")


def term_findings(tree: Tree, terms: tuple[tuple[str, str], ...]) -> Iterator[Finding]:
    """Each term of a definition list labels the list item that holds its definition."""
    items = [(key(tree.text(label)), key(tree.text(body)))
             for item in tree.find("LI")
             for label in item.children[:1] if label.type == "Lbl"
             for body in item.children[1:2] if body.type == "LBody"]
    for term, definition in terms:
        if not any(label == key(term) and body.startswith(key(definition))
                   for label, body in items):
            yield Finding(f"the term “{term}” is not the Lbl of a list item whose LBody holds "
                          f"its definition (“{definition}…”)", rule="09-005",
                          help="tag each term as the Lbl of an LI and its definitions as the "
                               "LBody: apart, they read as unrelated items")


def caption_findings(tree: Tree, captions: tuple[str, ...]) -> Iterator[Finding]:
    """Each figure caption is a Caption right after its Figure, in an element that groups
    them, and not inside the Figure, where its Alt hides it from assistive technology."""
    above = parents(tree)
    nodes = tree.find("Caption")
    for caption in captions:
        node = next((n for n in nodes if key(tree.text(n)) == key(caption)), None)
        if node is None:
            yield Finding(f"the caption “{caption}” is not tagged Caption", rule="13-003")
            continue
        yield from _caption_place(tree, node, above, caption)


def _caption_place(tree: Tree, node: Node, above: dict[int, Node],
                   caption: str) -> Iterator[Finding]:
    parent = above.get(id(node))
    if parent is None:
        return
    if _inside(parent, above, "Figure"):
        yield Finding(f"the caption “{caption}” is inside a Figure, whose Alt replaces it for "
                      "assistive technology", rule="13-003",
                      help="put the Caption after the Figure, in a Div that holds both")
        return
    siblings = parent.children
    at = next(i for i, kid in enumerate(siblings) if kid is node)
    if at == 0 or siblings[at - 1].type != "Figure":
        yield Finding(f"the caption “{caption}” does not follow its Figure (it sits in a "
                      f"{parent.type or 'root'} after "
                      f"{siblings[at - 1].type if at else 'nothing'})", rule="09-002",
                      help="put the Caption right after the Figure, in a Div that holds both")
    elif parent.type == "NonStruct":
        yield Finding(f"the figure with the caption “{caption}” is a NonStruct, which says "
                      "nothing about what it groups", rule="09-002",
                      help="tag the figure as a Div holding the Figure and its Caption")


def _inside(node: Node, above: dict[int, Node], kind: str) -> bool:
    current: Node | None = node
    while current is not None:
        if current.type == kind:
            return True
        current = above.get(id(current))
    return False


def link_findings(tree: Tree) -> Iterator[Finding]:
    """One link, one Link element: not a Link inside a Link, and not a link cut in two by a
    line break into neighbouring Link elements."""
    above = parents(tree)
    for node in tree.find("Link"):
        parent = above.get(id(node))
        if parent is not None and _inside(parent, above, "Link"):
            yield Finding(f"a Link {_said(tree, node)} is inside another Link", rule="09-002",
                          help="one link is one Link element: move its content to the outer "
                               "Link")
    for node in tree.root.walk():
        for first, second in zip(node.parts, node.parts[1:], strict=False):
            if isinstance(first, Node) and isinstance(second, Node) \
                    and first.type == second.type == "Link" \
                    and _targets(first) and _targets(first) == _targets(second):
                yield Finding(f"the link {_said(tree, first)} is split into neighbouring Link "
                              "elements", rule="09-002",
                              help="one link is one Link element, however many lines it takes")


def _targets(link: Node) -> set[str]:
    found = set()
    for annotation in link.annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        action = annotation.get("/A")
        if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
            found.add(str(action.URI))
        elif annotation.get("/Dest") is not None:
            found.add(repr(annotation.get("/Dest")))
    return found


def table_part_findings(table: Node, number: int) -> Iterator[Finding]:
    """A table has at most one THead, TFoot and Caption (ISO 32000-1 Table 337): more means
    rows that a page break repeated are tagged as content."""
    for part in TABLE_ONCE:
        count = sum(1 for kid in table.children if kid.type == part)
        if count > 1:
            yield Finding(f"table {number} has {count} {part} elements", rule="09-004",
                          help="a header or footer row repeated on a later page is an "
                               "artifact")
