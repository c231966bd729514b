"""The tag tree of a PDF that WeasyPrint is about to write, as pydyf objects, with the few edits
the fixes in `pdftags` make: move kids between elements, wrap or unwrap kids, and turn content
into artifacts. Every edit keeps the parent links (/P) and the ParentTree in step."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]

MAX_DEPTH = 200
# Operators that set state but draw nothing (pydyf writes each with its operands, one item).
STATE_OPERATORS = {b"BT", b"ET", b"q", b"Q", b"cm", b"gs", b"w", b"J", b"j", b"M", b"d", b"ri",
                   b"i", b"g", b"G", b"rg", b"RG", b"k", b"K", b"cs", b"CS", b"sc", b"SC",
                   b"scn", b"SCN", b"Tf", b"Tm", b"Td", b"TD", b"T*", b"Tc", b"Tw", b"Tz",
                   b"TL", b"Tr", b"Ts"}
Element = Any  # a pydyf.Dictionary with /Type /StructElem


class Tree:
    """The structure tree of `pdf`; references (`b"12 0 R"`) resolve to its objects."""

    def __init__(self, pdf: pydyf.PDF, root: pydyf.Dictionary) -> None:
        self.pdf = pdf
        self.root = root
        self.nums: list[Any] = self.get(root["ParentTree"])["Nums"]
        self.page_numbers = {ref: index for index, ref in enumerate(pdf.page_references)}

    @classmethod
    def of(cls, pdf: pydyf.PDF) -> Tree | None:
        root = _resolve(pdf, pdf.catalog.get("StructTreeRoot"))
        return cls(pdf, root) if isinstance(root, pydyf.Dictionary) else None

    def get(self, ref: Any) -> Any:
        return _resolve(self.pdf, ref)

    def elements(self) -> list[Element]:
        """Every structure element reachable from the root, parents before children."""
        return list(self._walk(self.root.get("K", []), 0))

    def _walk(self, refs: Iterable[Any], depth: int) -> Iterator[Element]:
        for ref in refs:
            element = self.get(ref)
            if is_element(element):
                yield element
                if depth < MAX_DEPTH:
                    yield from self._walk(element.get("K", []), depth + 1)

    def kids(self, element: Element) -> list[Element]:
        """The element's child elements (not its content or annotations)."""
        return [kid for kid in map(self.get, element.get("K", [])) if is_element(kid)]

    def parent(self, element: Element) -> Element | None:
        parent = self.get(element.get("P"))
        return parent if is_element(parent) else None

    def page(self, element: Element) -> int | None:
        return self.page_numbers.get(element.get("Pg"))

    def new(self, kind: str, parent: Element, page_ref: Any) -> Element:
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{kind}", "K": pydyf.Array(),
                                    "Pg": page_ref, "P": parent.reference})
        self.pdf.add_object(element)
        return element

    # Moving content -----------------------------------------------------------------------

    def move(self, source: Element, refs: list[Any], target: Element,
             at: int | None = None) -> None:
        """Move `refs` (kids of `source`) into `target`, at index `at` or at the end."""
        for ref in refs:
            source["K"].remove(ref)
        moved = [self._rehome(source, ref, target) for ref in refs]
        index = len(target["K"]) if at is None else at
        target["K"][index:index] = moved

    def _rehome(self, source: Element, ref: Any, target: Element) -> Any:
        kid = self.get(ref)
        if isinstance(kid, int):  # an MCID on the source's page
            page = self.page(source)
            self._own(page, kid, target)
            if source.get("Pg") != target.get("Pg"):
                return self._marked_content_reference(source.get("Pg"), kid)
        elif is_element(kid):
            kid["P"] = target.reference
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
            self._own(self.page_numbers.get(kid.get("Pg")), kid["MCID"], target)
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR":
            self._own_annotation(kid, target)
        return ref

    def _marked_content_reference(self, page_ref: Any, mcid: int) -> Any:
        """An MCID keeps meaning its own page when its new owner names another page."""
        reference = pydyf.Dictionary({"Type": "/MCR", "Pg": page_ref, "MCID": mcid})
        self.pdf.add_object(reference)
        return reference.reference

    def _own(self, page: int | None, mcid: int, owner: Element) -> None:
        mcids = self.page_mcids(page) if page is not None else None
        if mcids is not None and 0 <= mcid < len(mcids):
            mcids[mcid] = owner.reference

    def _own_annotation(self, objr: pydyf.Dictionary, owner: Element) -> None:
        key = self.get(objr["Obj"]).get("StructParent")
        keys = self.nums[0::2]
        if key in keys:  # the ParentTree must name the new owner
            self.nums[2 * keys.index(key) + 1] = owner.reference

    def page_mcids(self, page: int) -> list[Any] | None:
        """The ParentTree's array for `page`: MCID -> owning element."""
        keys = self.nums[0::2]
        if page not in keys:
            return None
        value = self.nums[2 * keys.index(page) + 1]
        return value if isinstance(value, list) else None

    # Reshaping ----------------------------------------------------------------------------

    def wrap(self, parent: Element, refs: list[Any], kind: str) -> Element:
        """Put `refs` (consecutive kids of `parent`) into a new `kind` element in their place."""
        at = parent["K"].index(refs[0])
        wrapper = self.new(kind, parent, self._page_ref(parent, refs))
        self.move(parent, refs, wrapper)
        parent["K"].insert(at, wrapper.reference)
        return wrapper

    def _page_ref(self, parent: Element, refs: list[Any]) -> Any:
        first = self.get(refs[0])
        if is_element(first) and first.get("Pg") is not None:
            return first["Pg"]
        return parent.get("Pg")

    def unwrap(self, element: Element) -> None:
        """Replace `element` by its kids in its parent."""
        parent = self.parent(element)
        if parent is None:
            return
        at = parent["K"].index(element.reference)
        self.move(element, list(element["K"]), parent, at)
        self.discard(element)

    def discard(self, element: Element) -> None:
        """Take an element out of the tree. pydyf cannot drop an object (its number is its
        index), so what stays behind is an empty dictionary that nothing refers to."""
        parent = self.get(element.get("P"))
        if isinstance(parent, pydyf.Dictionary) and element.reference in parent.get("K", []):
            parent["K"].remove(element.reference)
        element.clear()

    def artifact(self, element: Element) -> None:
        """Turn everything `element` marks on the pages into pagination artifacts, and take it
        out of the tree."""
        by_page: dict[int, set[int]] = {}
        for page, mcid in self.content(element):
            by_page.setdefault(page, set()).add(mcid)
        for page, mcids in by_page.items():
            mcid_owners = self.page_mcids(page) or []
            for mcid in mcids:
                if 0 <= mcid < len(mcid_owners):
                    mcid_owners[mcid] = b"null"
            unmark_page(self.pdf, page, mcids)
        self.discard(element)

    def content(self, element: Element, depth: int = 0) -> Iterator[tuple[int, int]]:
        """(page, MCID) of every marked-content sequence in the element and below it."""
        for ref in element.get("K", []):
            kid = self.get(ref)
            if isinstance(kid, int) and self.page(element) is not None:
                yield self.page(element), kid  # type: ignore[misc]
            elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
                page = self.page_numbers.get(kid.get("Pg"))
                if page is not None:
                    yield page, kid["MCID"]
            elif is_element(kid) and depth < MAX_DEPTH:
                yield from self.content(kid, depth + 1)


def is_element(obj: Any) -> bool:
    return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"


def kind(element: Element) -> str:
    """The element's structure type without its slash: "P", "LI", ..."""
    return str(element.get("S", "/"))[1:]


def _resolve(pdf: pydyf.PDF, ref: Any) -> Any:
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return pdf.objects[int(ref.split()[0])]
    return ref


def empty_marks(pdf: pydyf.PDF, page: int) -> set[int]:
    """The MCIDs on `page` whose marked content draws nothing (sets only state)."""
    empty: set[int] = set()
    open_mcid: int | None = None
    items = _page_stream(pdf, page).stream
    for at, item in enumerate(items):
        if item == b"BDC":
            open_mcid = items[at - 1].get("MCID") if isinstance(items[at - 1], dict) else None
        elif item == b"EMC" and open_mcid is not None:
            empty.add(open_mcid)
            open_mcid = None
        elif not _sets_state(item) and b"BDC" not in items[at + 1:at + 3]:
            open_mcid = None  # it draws (the BDC's own tag and properties come before it)
    return empty


def _sets_state(item: Any) -> bool:
    words = item.split() if isinstance(item, bytes) else []
    return bool(words) and words[-1] in STATE_OPERATORS


def _page_stream(pdf: pydyf.PDF, page: int) -> Any:
    # pydyf keeps Kids flat: object number, generation, "R" for each page.
    object_number = pdf.pages["Kids"][0::3][page]
    return _resolve(pdf, pdf.objects[object_number]["Contents"])


def unmark_page(pdf: pydyf.PDF, page: int, mcids: set[int]) -> None:
    """On `page`, `/Tag <</MCID n>> BDC` becomes `/Artifact BMC` for each MCID in `mcids`."""
    stream = _page_stream(pdf, page)
    out: list[Any] = []
    for item in stream.stream:
        if item == b"BDC" and len(out) >= 2 and isinstance(out[-1], pydyf.Dictionary) \
                and out[-1].get("MCID") in mcids:
            out[-2:] = ["/Artifact", b"BMC"]
        else:
            out.append(item)
    stream.stream = out
