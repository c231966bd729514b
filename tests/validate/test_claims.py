"""EPUB claims follow from the results: a failed check withdraws every claim it backed."""

from __future__ import annotations

from guidepress.formats import epubclaims
from guidepress.validate import claims
from guidepress.validate.report import Check, Finding, Result

ALL_FEATURES = ("tableOfContents", "structuralNavigation", "readingOrder", "alternativeText",
                "displayTransformability")


def derive(*failed: str, conforms: bool = True) -> epubclaims.Claims:
    return epubclaims.derive(lambda check_id: check_id not in failed, conforms and not failed,
                         has_images=True, has_tables=True, publisher="Guidepress")


def test_everything_passed_backs_every_claim() -> None:
    backed = derive()
    assert backed == epubclaims.optimistic(True, True, "Guidepress")
    assert backed.features == ALL_FEATURES
    assert backed.access_modes == ("textual", "visual")
    assert backed.sufficient == ("textual", "textual,visual")
    assert backed.hazards == ("none",)
    assert backed.conforms_to == epubclaims.CONFORMS_TO and backed.certified_by == "Guidepress"
    assert "text alternatives for every image" in backed.summary
    assert "WCAG 2.2 Level AA" in backed.summary


def test_failed_alt_text_withdraws_alt_claims_and_conformance() -> None:
    backed = derive("all.alt-text")
    assert "alternativeText" not in backed.features
    assert backed.sufficient == ("textual,visual",)
    assert backed.conforms_to is None and backed.certified_by == ""
    assert "text alternatives" not in backed.summary
    assert "Some images may lack a text alternative." in backed.summary
    assert "has not been shown to meet" in backed.summary


def test_each_feature_needs_its_own_checks() -> None:
    assert "tableOfContents" not in derive("epub.nav").features
    assert "structuralNavigation" not in derive("all.headings").features
    assert "readingOrder" not in derive("epub.reading-order").features
    assert "displayTransformability" not in derive("epub.reflow").features
    assert derive("epub.hazards").hazards == ("unknown",)
    assert "tables with header cells" not in derive("all.table-headers").summary


def test_nothing_backed_still_writes_valid_metadata() -> None:
    backed = epubclaims.derive(lambda _: False, False, True, True, "")
    assert backed.features == ("none",) and backed.summary
    metadata = epubclaims.as_metadata(backed)
    assert "dcterms:conformsTo" not in metadata and "a11y:certifiedBy" not in metadata


def test_a_book_without_images_claims_no_visual_mode() -> None:
    backed = epubclaims.optimistic(False, False, "Guidepress")
    assert backed.access_modes == ("textual",) and backed.sufficient == ("textual",)
    assert "alternativeText" not in backed.features


def check(check_id: str, result: Result, *where: str) -> Check:
    fmt = check_id.split(".", 1)[0]
    return Check(check_id, fmt, "", result, "", "", findings=tuple(Finding("x", w) for w in where))


def test_cross_format_findings_about_other_formats_do_not_withdraw_epub_claims() -> None:
    ran = [check("epub.ace", Result.PASS), check("all.alt-text", Result.FAIL, "HTML", "PDF"),
           check("html.axe.desktop", Result.FAIL), check("all.table-headers",
                                                         Result.NOT_APPLICABLE)]
    backed = claims.from_checks(ran, has_images=True, has_tables=False, publisher="P")
    assert "alternativeText" in backed.features and backed.conforms_to == epubclaims.CONFORMS_TO
    ran[1] = check("all.alt-text", Result.FAIL, "HTML", "EPUB")
    backed = claims.from_checks(ran, has_images=True, has_tables=False, publisher="P")
    assert "alternativeText" not in backed.features and backed.conforms_to is None


def test_withdrawn_lists_only_accessibility_claims() -> None:
    before = {"dcterms:modified": ["2026"], "schema:accessibilityFeature": ["a", "b"]}
    after = {"schema:accessibilityFeature": ["a"]}
    assert claims.withdrawn(before, after) == ["schema:accessibilityFeature: b"]
