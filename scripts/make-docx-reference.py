"""Regenerates templates/docx/reference.docx, the style sheet of the Word edition.

It starts from pandoc's own default reference document (`pandoc -o custom-reference.docx
--print-default-data-file reference.docx`, from the pandoc the project pins) and changes its
styles: the Atkinson Hyperlegible font everywhere, 12 pt body text, bold headings that differ
clearly in size, text colours with at least 7:1 contrast on white, underlined links, a bordered
table with a bold header row, a style for the credits at the end, and US Letter pages.

Run from the project folder:  .venv/bin/python scripts/make-docx-reference.py [OUT]
(OUT defaults to templates/docx/reference.docx.)
The same pandoc gives the same bytes: entries are written in a fixed order with a fixed date.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from guidepress.read import pandoc

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "templates" / "docx" / "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
FONT = "Atkinson Hyperlegible"
# Text colours, all at least 7:1 against white.
HEADING = "0F4761"
MUTED = "404040"
LINK = "1F4E79"
RULE = "595959"
STAMP = (1980, 1, 1, 0, 0, 0)

# styleId -> (paragraph properties, run properties), as WordprocessingML fragments.
STYLES: dict[str, tuple[str, str]] = {
    "Heading1": ('<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120"/>'
                 '<w:outlineLvl w:val="0"/>',
                 f'<w:b/><w:bCs/><w:color w:val="{HEADING}"/><w:sz w:val="40"/>'
                 '<w:szCs w:val="40"/>'),
    "Heading2": ('<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
                 '<w:outlineLvl w:val="1"/>',
                 f'<w:b/><w:bCs/><w:color w:val="{HEADING}"/><w:sz w:val="32"/>'
                 '<w:szCs w:val="32"/>'),
    "Heading3": ('<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
                 '<w:outlineLvl w:val="2"/>',
                 f'<w:b/><w:bCs/><w:color w:val="{HEADING}"/><w:sz w:val="28"/>'
                 '<w:szCs w:val="28"/>'),
    "Heading4": ('<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>'
                 '<w:outlineLvl w:val="3"/>',
                 f'<w:b/><w:bCs/><w:i/><w:iCs/><w:color w:val="{HEADING}"/><w:sz w:val="24"/>'
                 '<w:szCs w:val="24"/>'),
    "Subtitle": ('<w:spacing w:before="0" w:after="60"/>',
                 f'<w:color w:val="{MUTED}"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    "Date": ('<w:spacing w:before="0" w:after="240"/>',
             f'<w:color w:val="{MUTED}"/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "BodyText": ('<w:spacing w:before="80" w:after="120"/>', ""),
    "Caption": ('<w:spacing w:before="120" w:after="120"/>',
                '<w:b/><w:bCs/><w:i w:val="0"/><w:iCs w:val="0"/><w:sz w:val="22"/>'
                '<w:szCs w:val="22"/>'),
    "FootnoteText": ('<w:spacing w:before="0" w:after="60"/>',
                     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    "Hyperlink": ("", f'<w:color w:val="{LINK}"/><w:u w:val="single"/>'),
}

COLOPHON = f"""<w:style xmlns:w="{W}" w:type="paragraph" w:customStyle="1" w:styleId="Colophon">
  <w:name w:val="Colophon"/><w:basedOn w:val="Normal"/><w:qFormat/>
  <w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="6" w:color="{RULE}"/></w:pBdr>
    <w:spacing w:before="60" w:after="60"/></w:pPr>
  <w:rPr><w:color w:val="{MUTED}"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>"""

TABLE = f"""<w:tblPr xmlns:w="{W}">
  <w:tblInd w:w="0" w:type="dxa"/>
  <w:tblBorders>
    <w:top w:val="single" w:sz="8" w:space="0" w:color="{RULE}"/>
    <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{RULE}"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
  </w:tblBorders>
  <w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
    <w:bottom w:w="60" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>
</w:tblPr>"""

TABLE_HEADER = f"""<w:tblStylePr xmlns:w="{W}" w:type="firstRow">
  <w:rPr><w:b/><w:bCs/></w:rPr>
  <w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="000000"/>
  </w:tcBorders><w:vAlign w:val="bottom"/></w:tcPr>
</w:tblStylePr>"""

FONT_ENTRY = f"""<w:font xmlns:w="{W}" w:name="{FONT}"><w:charset w:val="00"/>
  <w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>"""

PAGE = f"""<w:sectPr xmlns:w="{W}"><w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>
  <w:pgSz w:w="12240" w:h="15840"/>
  <w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720"
    w:footer="720" w:gutter="0"/></w:sectPr>"""


# The schema's order of paragraph and run properties (ECMA-376 Part 1, 17.3.1.26 and 17.3.2.28).
ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
            "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
            "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
            "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
            "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
            "eastAsianLayout", "specVanish", "oMath"),
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def fragment(xml: str) -> list[etree._Element]:
    wrapper = etree.fromstring(f'<w:x xmlns:w="{W}">{xml}</w:x>')
    return list(wrapper)


def default_reference() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "custom-reference.docx"
        subprocess.run([pandoc.executable(), "-o", str(path), "--print-default-data-file",
                        "reference.docx"], check=True)
        return path.read_bytes()


def set_fonts(root: etree._Element) -> None:
    """Name the font outright (not through the theme) in every style but the code style."""
    for fonts in root.iter(w("rFonts")):
        if fonts.get(w("ascii")) == "Consolas":
            continue
        for attribute in ("asciiTheme", "hAnsiTheme"):
            fonts.attrib.pop(w(attribute), None)
        fonts.set(w("ascii"), FONT)
        fonts.set(w("hAnsi"), FONT)


def style(root: etree._Element, style_id: str) -> etree._Element:
    found = root.find(f"{{{W}}}style[@{{{W}}}styleId='{style_id}']")
    if found is None:
        raise SystemExit(f"pandoc's reference document has no style {style_id}")
    return found


def replace_properties(element: etree._Element, tag: str, xml: str) -> None:
    """Set the given properties on the style's pPr or rPr, replacing those of the same name."""
    props = element.find(w(tag))
    if props is None:
        props = etree.Element(w(tag))
        after = element.find(w("rPr")) if tag == "pPr" else None
        if after is not None:
            after.addprevious(props)
        else:
            element.append(props)
    for new in fragment(xml):
        for old in props.findall(new.tag):
            props.remove(old)
        props.append(new)
    in_schema_order(props, ORDER[tag])


def in_schema_order(props: etree._Element, order: tuple[str, ...]) -> None:
    """Word refuses properties out of the schema's sequence, so sort them into it."""
    children = sorted(props, key=lambda child: order.index(etree.QName(child).localname))
    props[:] = children


def restyle(root: etree._Element) -> None:
    defaults = root.find(f"{{{W}}}docDefaults")
    assert defaults is not None
    replace_properties(defaults.find(f"{{{W}}}rPrDefault"), "rPr",
                       f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" '
                       'w:eastAsiaTheme="minorEastAsia" w:cstheme="minorBidi"/>'
                       '<w:sz w:val="24"/><w:szCs w:val="24"/>')
    replace_properties(defaults.find(f"{{{W}}}pPrDefault"), "pPr",
                       '<w:spacing w:after="160" w:line="276" w:lineRule="auto"/>')
    for style_id, (ppr, rpr) in STYLES.items():
        element = style(root, style_id)
        if ppr:
            replace_properties(element, "pPr", ppr)
        if rpr:
            replace_properties(element, "rPr", rpr)
    for style_id in ("Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6"):
        for hidden in ("semiHidden", "unhideWhenUsed"):
            for element in style(root, style_id).findall(w(hidden)):
                style(root, style_id).remove(element)
    for element in root.iter(w("color")):  # fixed colours: the theme must not change contrast
        for attribute in ("themeColor", "themeShade", "themeTint"):
            element.attrib.pop(w(attribute), None)
    for style_id in ("Subtitle", "Date"):  # pandoc bases them on the centred Title
        style(root, style_id).find(w("basedOn")).set(w("val"), "Normal")
    subtitle_numbering = style(root, "Subtitle").find(f"{{{W}}}pPr/{{{W}}}numPr")
    if subtitle_numbering is not None:
        subtitle_numbering.getparent().remove(subtitle_numbering)
    caption_link = style(root, "Caption").find(w("link"))
    if caption_link is not None:
        style(root, "Caption").remove(caption_link)
    table = style(root, "Table")
    table.replace(table.find(w("tblPr")), fragment(TABLE)[0])
    table.replace(table.find(w("tblStylePr")), fragment(TABLE_HEADER)[0])
    root.append(fragment(COLOPHON)[0])
    set_fonts(root)


def retheme(root: etree._Element) -> None:
    for scheme in ("majorFont", "minorFont"):
        latin = root.find(f".//{{{A}}}{scheme}/{{{A}}}latin")
        assert latin is not None
        latin.attrib.clear()
        latin.set("typeface", FONT)


def refont_table(root: etree._Element) -> None:
    root.insert(0, fragment(FONT_ENTRY)[0])


def repage(root: etree._Element) -> None:
    body = root.find(w("body"))
    assert body is not None
    body.replace(body.find(w("sectPr")), fragment(PAGE)[0])


EDITS = {
    "word/styles.xml": restyle,
    "word/theme/theme1.xml": retheme,
    "word/fontTable.xml": refont_table,
    "word/document.xml": repage,
}


def edit(name: str, data: bytes) -> bytes:
    change = EDITS.get(name)
    if change is None:
        return data
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    root = etree.fromstring(data, parser)
    change(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def rezip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        first = "[Content_Types].xml"
        for name in [first, *sorted(n for n in entries if n != first)]:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def main() -> None:
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUT
    with zipfile.ZipFile(io.BytesIO(default_reference())) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    missing = set(EDITS) - set(entries)
    if missing:
        raise SystemExit(f"pandoc's reference document lacks {', '.join(sorted(missing))}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(rezip({name: edit(name, data) for name, data in entries.items()}))
    print(f"wrote {out} (pandoc {pandoc.version()})")


if __name__ == "__main__":
    main()
