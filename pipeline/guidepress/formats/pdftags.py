"""Fixes to WeasyPrint's tag tree, applied through its `finisher` hook before the PDF is written.

WeasyPrint 70 leaves three PDF/UA-1 problems that `guidepress validate` finds:
- running headers, footers and page numbers (page-margin boxes) are marked with MCIDs that no
  element of the structure tree owns (Matterhorn 01-005, 18-001): they become artifacts;
- TH cells have no Scope (Matterhorn 15-003): header cells of a THead, or of a row without a
  THead, get /Column, the first TH of a body row gets /Row;
- a link whose text is nested in another inline (a footnote's <sup>) gets a second annotation
  owned by that inline instead of the Link tag (Matterhorn 28-011): it is moved to the Link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]

MAX_DEPTH = 200


class _Objects:
    """Resolves pydyf's `b"12 0 R"` references to the objects of the PDF being written."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf

    def get(self, ref: Any) -> Any:
        if isinstance(ref, bytes) and ref.endswith(b" R"):
            return self.pdf.objects[int(ref.split()[0])]
        return ref


def finish(document: Any, pdf: pydyf.PDF) -> None:
    """The WeasyPrint finisher: apply every fix to the tag tree of `pdf`."""
    objects = _Objects(pdf)
    root = objects.get(pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, pydyf.Dictionary):
        return
    elements = list(_elements(objects, root))
    nums = objects.get(root["ParentTree"])["Nums"]
    _artifact_orphans(objects, pdf, nums, {id(e) for e in elements})
    for element in elements:
        if element.get("S") == "/TH":
            _scope(objects, element)
        _move_link_annotations(objects, element, nums)


def _elements(objects: _Objects, root: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
    """Every structure element reachable from the root, parents before children."""
    stack: list[tuple[Any, int]] = [(kid, 0) for kid in reversed(root.get("K", []))]
    while stack:
        ref, depth = stack.pop()
        element = objects.get(ref)
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        yield element
        if depth < MAX_DEPTH:
            stack.extend((kid, depth + 1) for kid in reversed(element.get("K", [])))


def _artifact_orphans(objects: _Objects, pdf: pydyf.PDF, nums: list[Any],
                      reachable: set[int]) -> None:
    """Mark content whose structure element is outside the tree as a pagination artifact."""
    orphans: dict[int, set[int]] = {}
    for key, value in zip(nums[0::2], nums[1::2], strict=False):
        if isinstance(value, pydyf.Array):  # a page: MCID -> structure element
            for mcid, ref in enumerate(value):
                if id(objects.get(ref)) not in reachable:
                    orphans.setdefault(int(key), set()).add(mcid)
                    value[mcid] = b"null"
    # pydyf keeps Kids flat: object number, generation, "R" for each page.
    for number, object_number in enumerate(pdf.pages["Kids"][0::3]):
        if number in orphans:
            stream = objects.get(pdf.objects[object_number]["Contents"])
            stream.stream = _unmark(stream.stream, orphans[number])


def _unmark(operations: list[Any], mcids: set[int]) -> list[Any]:
    """`/Tag <</MCID n>> BDC` becomes `/Artifact BMC` for each MCID in `mcids`."""
    out: list[Any] = []
    for item in operations:
        if item == b"BDC" and len(out) >= 2 and isinstance(out[-1], pydyf.Dictionary) \
                and out[-1].get("MCID") in mcids:
            out[-2:] = ["/Artifact", b"BMC"]
        else:
            out.append(item)
    return out


def _scope(objects: _Objects, cell: pydyf.Dictionary) -> None:
    """Header rows (in a THead, or made only of TH) are /Column; a body row's first TH, /Row."""
    row = objects.get(cell.get("P"))
    section = objects.get(row.get("P")) if isinstance(row, pydyf.Dictionary) else None
    kids = [objects.get(kid) for kid in row.get("K", [])] if isinstance(row, pydyf.Dictionary) \
        else []
    kinds = [kid.get("S") for kid in kids if isinstance(kid, pydyf.Dictionary)]
    in_head = isinstance(section, pydyf.Dictionary) and section.get("S") == "/THead"
    first = bool(kids) and kids[0] is cell
    header_row = in_head or all(kind == "/TH" for kind in kinds)
    attributes = cell.get("A")
    if not isinstance(attributes, pydyf.Dictionary):
        attributes = cell["A"] = pydyf.Dictionary({"O": "/Table"})
    attributes["Scope"] = "/Row" if first and not header_row else "/Column"


def _move_link_annotations(objects: _Objects, element: pydyf.Dictionary,
                           nums: list[Any]) -> None:
    if element.get("S") == "/Link":
        return
    link = _link_ancestor(objects, element)
    if link is None:
        return
    for ref in list(element.get("K", [])):
        kid = objects.get(ref)
        if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR":
            element["K"].remove(ref)
            link["K"].append(ref)
            keys = nums[0::2]
            parent_key = objects.get(kid["Obj"]).get("StructParent")
            if parent_key in keys:  # the ParentTree must name the new owner
                nums[2 * keys.index(parent_key) + 1] = link.reference


def _link_ancestor(objects: _Objects, element: pydyf.Dictionary) -> pydyf.Dictionary | None:
    parent = objects.get(element.get("P"))
    for _ in range(MAX_DEPTH):
        if not isinstance(parent, pydyf.Dictionary) or parent.get("Type") != "/StructElem":
            return None
        if parent.get("S") == "/Link":
            return parent
        parent = objects.get(parent.get("P"))
    return None
