"""The `page` adapter: a good handout passes, broken ones fail with the rule, its Matterhorn
checkpoint and its place, and the mapping table covers every rule the validator has."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import page
import pikepdf
import pytest

from guidepress.validate import pageua

from .. import pdfguides
from .test_pdf import Change, broken, elements

RULE_ID = re.compile(rb"PDFUA1-[A-Z0-9-]+?-\d{3}")
CHECKPOINT = re.compile(r"^\d\d-\d\d\d$")
Tagged = Callable[..., pdfguides.Tagged]


def test_a_good_handout_fails_no_rule(tagged: Tagged) -> None:
    assert pageua.check(tagged(pdfguides.ONCOLOGY).path) == []
    assert pageua.version() == "0.11.0"


def test_a_list_item_holding_a_paragraph_fails_li_kids(tagged: Tagged) -> None:
    """What WeasyPrint makes of a footnote without the list-bodies fix."""
    path = tagged(pdfguides.ONCOLOGY, {"list-bodies"}).path
    (failure,) = pageua.check(path)
    with pikepdf.open(path) as pdf:
        last_page = len(pdf.pages)
        number, generation = (int(n) for n in failure.obj.split()[:2])
        named = pdf.get_object((number, generation))
        assert named.S == "/LI" and named.K[1].S == "/P"
    assert (failure.rule, failure.checkpoints, failure.mapping, failure.page) == (
        "PDFUA1-LI-KIDS-001", ("09-005",), "exact", last_page)
    assert str(failure.finding()) == (
        f"page {last_page}, object {failure.obj}: PDFUA1-LI-KIDS-001 (Matterhorn 09-005) an LI "
        "structure element contains a child other than Lbl or LBody")


def _drop_alt(document: pikepdf.Pdf) -> None:
    for figure in elements(document, "/Figure"):
        del figure["/Alt"]


def _drop_contents(document: pikepdf.Pdf) -> None:
    for annotation in (a for p in document.pages for a in p.get("/Annots") or []):
        del annotation["/Contents"]


def _drop_tabs(document: pikepdf.Pdf) -> None:
    for each in document.pages:
        if "/Tabs" in each:
            del each["/Tabs"]


def _skip_heading_level(document: pikepdf.Pdf) -> None:
    elements(document, "/H2")[0].S = pikepdf.Name("/H4")


def _repeat_table_header(document: pikepdf.Pdf) -> None:
    (table,) = elements(document, "/Table")
    table.K.append(next(kid for kid in table.K if kid.get("/S") == "/THead"))


def _suspect(document: pikepdf.Pdf) -> None:
    document.Root.MarkInfo.Suspects = True


def _hide_title(document: pikepdf.Pdf) -> None:
    del document.Root.ViewerPreferences["/DisplayDocTitle"]


@pytest.mark.parametrize(("change", "rule", "checkpoint"), [
    (_drop_alt, "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001", "13-004"),
    (_drop_contents, "PDFUA1-LINK-CONTENTS-001", "28-012"),
    (_drop_tabs, "PDFUA1-PAGE-TABS-001", "28-008"),
    (_skip_heading_level, "PDFUA1-HEADING-NESTING-001", "14-003"),
    (_repeat_table_header, "PDFUA1-TABLE-THEAD-COUNT-001", "09-004"),
    (_suspect, "PDFUA1-SUSPECTS-001", "01-007"),
    (_hide_title, "PDFUA1-VIEWER-PREFERENCES-001", "07-001"),
])
def test_a_broken_handout_fails_the_rule_and_its_checkpoint(tagged: Tagged, change: Change,
                                                             rule: str,
                                                             checkpoint: str) -> None:
    failures = pageua.check(broken(tagged(pdfguides.ONCOLOGY).path, change))
    assert [(f.rule, f.checkpoint) for f in failures] == [(rule, checkpoint)]
    assert all(f.mapping != "unknown" for f in failures)


def test_a_file_that_is_no_pdf_fails_to_parse(tmp_path: Path) -> None:
    path = tmp_path / "not.pdf"
    path.write_bytes(b"not a PDF at all")
    (failure,) = pageua.check(path)
    assert failure.rule == pageua.PARSE_RULE and "cannot be read" in failure.message


def test_the_table_maps_every_rule_the_validator_has() -> None:
    """The rule ids come from the validator's own binary: it lists no rules through its API,
    but every report counts them."""
    binary = Path(page._page.__file__).read_bytes()
    known = {match.decode() for match in RULE_ID.findall(binary)}
    assert set(pageua.rules()) == known
    assert len(known) == 104


def test_the_table_has_as_many_rules_as_a_report_counts(tagged: Tagged) -> None:
    report = page.validate_pdf(tagged(pdfguides.ONCOLOGY).path,
                               profile=page.ValidationProfile.PDF_UA_1)
    assert report.rules.total == len(pageua.rules())


def test_each_row_of_the_table_is_well_formed() -> None:
    for rule in pageua.rules().values():
        assert rule.mapping in ("exact", "close", "unsure", "none"), rule
        assert all(CHECKPOINT.match(point) for point in rule.checkpoints), rule
        if rule.mapping in ("exact", "close"):
            assert rule.checkpoints, rule
        if rule.mapping == "none":
            assert not rule.checkpoints, rule
        assert rule.fails_when and rule.clause
