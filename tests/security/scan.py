"""An output scanner written apart from the pipeline's own defences (it shares no code with
`guidepress.read.safety`), so a hole in one is not hidden by the same hole in the other.

`scan(folder)` reads every file a build wrote (HTML, every entry of each EPUB, every object of
each PDF, text) and returns what should never be there: markup that runs or loads something,
links with other schemes, file attachments, PDF actions, terminal control characters, and the
canary text of files that lie outside the source folder. (Plain text has no links to check:
a code block may show any address as text; the corpus checks what the text writer prints for
links.)
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
from lxml import etree, html

# Written into files beside (never inside) a case's source folder: it must never come out.
SECRET = "SECRET-CANARY-5f0c9a"

_ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
           "button", "textarea", "select", "base", "audio", "video", "source", "track", "portal",
           "foreignobject", "animate", "set", "handler", "listener", "noscript", "template"}
_WEB_LINK = re.compile(r"^(?:https?://[^/\s\\]+|mailto:|#)", re.I)
_PACKAGE_FILE = re.compile(r"^(?![a-z][a-z0-9+.-]*:)(?!/)(?!\\)[^\s]*$", re.I)
_IMAGE_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=]+$")
_PDF_DANGER = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/SubmitForm",
               "/ImportData", "/GoToR", "/GoToE", "/RichMedia", "/Sound", "/Movie", "/AA",
               "/OpenAction", "/AcroForm", "/XFA"}
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def scan(folder: Path) -> list[str]:
    """Every problem in every file under `folder`, as `file: problem` lines."""
    problems: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for problem in scan_file(path.name, data, _output_file(folder, path.parent)):
            problems.append(f"{path.relative_to(folder)}: {problem}")
    return problems


def _output_file(folder: Path, base: Path) -> Callable[[str], bool]:
    """True for a relative link to a file the build wrote (the index links to the outputs)."""
    def check(url: str) -> bool:
        target = (base / url.split("#", 1)[0]).resolve()
        return bool(_PACKAGE_FILE.match(url)) and target.is_relative_to(folder.resolve()) \
            and target.is_file()
    return check


def scan_file(name: str, data: bytes, output_file: Callable[[str], bool] = lambda _: False
              ) -> Iterator[str]:
    if SECRET.encode() in data:
        yield "contains the text of a file outside the source folder"
    if name.endswith(".html"):
        root = html.document_fromstring(data.decode("utf-8"))
        yield from _scan_tree(root, output_file)
    elif name.endswith(".epub"):
        yield from scan_epub(data)
    elif name.endswith(".pdf"):
        yield from scan_pdf(data)
    elif name.endswith(".txt"):
        yield from scan_text(data.decode("utf-8"))


def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _in_package(url: str) -> bool:
    return bool(_PACKAGE_FILE.match(url))


def _scan_tree(root: etree._Element, relative_ok: Callable[[str], bool]) -> Iterator[str]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                yield f"processing instruction {element.target}"
            continue
        name = etree.QName(element).localname.lower()
        if name in _ACTIVE:
            yield f"<{name}> element"
        if name == "meta" and element.get("http-equiv"):
            yield "<meta http-equiv>"
        if name == "link" and element.get("rel") != "stylesheet":
            yield f"<link rel={element.get('rel')!r}>"
        if name == "style" and re.search(r"url\(\s*['\"]?(?!data:)|@import", element.text or ""):
            yield "a style sheet that loads something"
        for key, value in element.attrib.items():
            yield from _scan_attribute(name, etree.QName(key).localname.lower(), value,
                                       relative_ok)


def _scan_attribute(element: str, key: str, value: str, relative_ok: Callable[[str], bool]
                    ) -> Iterator[str]:
    url = re.sub(r"[\t\n\r]", "", value).strip()
    if key.startswith("on"):
        yield f"event handler {key} on <{element}>"
    elif key == "style" and re.search(r"url\(|expression|@import|\\", value, re.I):
        yield f"style attribute {value[:60]!r} on <{element}>"
    elif key == "href":
        if not (_WEB_LINK.match(url) or relative_ok(url)):
            yield f"link to {url[:60]!r}"
    elif key in ("src", "srcset", "action", "formaction", "data", "poster", "background") and (
            key != "src" or not (_IMAGE_DATA.match(url) or relative_ok(url))):
        yield f"{key}={url[:60]!r} on <{element}>"


def scan_epub(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if name.startswith("/") or ".." in name.split("/"):
                yield f"EPUB entry with an unsafe name {name!r}"
            content = archive.read(info)
            if SECRET.encode() in content:
                yield f"{name}: contains the text of a file outside the source folder"
            if name.endswith((".xhtml", ".html", ".svg", ".ncx")):
                for problem in _scan_tree(_xml(content), _in_package):
                    yield f"{name}: {problem}"
            elif name.endswith(".opf"):
                yield from (f"{name}: {p}" for p in _scan_package(_xml(content)))


def _scan_package(root: etree._Element) -> Iterator[str]:
    for item in root.iter("{*}item"):
        href = item.get("href") or ""
        if not _PACKAGE_FILE.match(href):
            yield f"manifest item outside the package: {href!r}"
        if "remote-resources" in (item.get("properties") or ""):
            yield f"manifest item with remote resources: {href!r}"


def scan_pdf(data: bytes) -> Iterator[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Names" in pdf.Root and "/EmbeddedFiles" in pdf.Root.Names:
            yield "PDF has embedded files"
        for obj in pdf.objects:
            yield from _scan_pdf_object(obj)


def _scan_pdf_object(obj: object) -> Iterator[str]:
    if isinstance(obj, pikepdf.Stream) and SECRET.encode() in _stream_bytes(obj):
        yield "PDF stream with the text of a file outside the source folder"
    yield from _scan_pdf_value(obj)


def _scan_pdf_value(obj: object) -> Iterator[str]:
    """One object and the direct (not indirect) objects inside it: an action dictionary is
    often written inside its annotation."""
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if _direct(item):
                yield from _scan_pdf_value(item)
        return
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    for key in obj.keys():  # noqa: SIM118 (pikepdf objects iterate differently)
        if key in _PDF_DANGER:
            yield f"PDF key {key}"
        if key == "/URI":
            uri = str(obj.get("/URI"))
            if not re.match(r"^(?:https?://[^/\s\\]+|mailto:)", uri, re.I):
                yield f"PDF link to {uri[:60]!r}"
        value = obj.get(key)
        if _direct(value):
            yield from _scan_pdf_value(value)
    if obj.get("/S") in (pikepdf.Name.JavaScript, pikepdf.Name.Launch):
        yield f"PDF action {obj.get('/S')}"


def _direct(value: object) -> bool:
    return isinstance(value, pikepdf.Object) and not value.is_indirect


def _stream_bytes(stream: pikepdf.Stream) -> bytes:
    try:
        return bytes(stream.read_bytes())
    except pikepdf.PdfError:
        return bytes(stream.read_raw_bytes())


def scan_text(text: str) -> Iterator[str]:
    found = _TEXT_CONTROL.search(text)
    if found:
        yield f"control or direction character U+{ord(found.group()):04X}"
