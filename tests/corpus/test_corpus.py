"""The corpus of guides written by other editors (README.md beside this file): each one is read,
checked with no finding at all (every rule's false positives on it are zero), built into every
format with exit 0, and passes `guidepress validate` with no failed check, `page`'s 104
PDF/UA-1 rules included. The build and the validation each run once for the whole corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from guidepress import clock, formats
from guidepress.build import build
from guidepress.checks import apply as checks
from guidepress.read import captions, document, pandocast, source
from guidepress.settings import Settings

CORPUS = Path(__file__).parent / "source"
GUIDES = sorted(path.stem for path in CORPUS.glob("*.md"))
# A day before any guide's review_by, so that M008 judges them all as not yet due.
TODAY = dt.date(2026, 12, 1)


def test_the_corpus_is_what_its_readme_says() -> None:
    assert len(GUIDES) >= 12
    readme = (Path(__file__).parent / "README.md").read_text("utf-8")
    assert all(f"`{slug}`" in readme for slug in GUIDES)
    langs = {source.load(CORPUS / f"{slug}.md").meta.lang for slug in GUIDES}
    assert {"en-US", "en-GB", "es", "de", "fr", "ar"} <= langs


@pytest.mark.parametrize("slug", GUIDES)
def test_every_guide_checks_clean(slug: str) -> None:
    with clock.frozen(TODAY):
        found = checks.check_guide(CORPUS / f"{slug}.md")
    assert [f.text() for f in found.findings] == []


@pytest.mark.parametrize("slug", GUIDES)
def test_every_table_has_the_caption_its_editor_wrote(slug: str) -> None:
    guide = source.load(CORPUS / f"{slug}.md")
    written = captions.find(guide.body)
    tables = [e for e in pandocast.walk(document.build(guide).ast["blocks"]) if e["t"] == "Table"]
    assert len(tables) == len(written)
    assert all(pandocast.stringify(table["c"][1][1]).strip() for table in tables)


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    summary = build((), Settings(source_dir=CORPUS, out_dir=out), echo=lambda line: None)
    assert summary.exit_code == 0, summary.problems
    assert sorted(summary.built) == GUIDES
    return out


@pytest.mark.parametrize("slug", GUIDES)
def test_every_guide_builds_in_every_format(corpus_out: Path, slug: str) -> None:
    guide = document.build(source.load(CORPUS / f"{slug}.md"))
    for fmt in formats.registry():
        path = corpus_out / slug / fmt.filename(slug)
        if fmt.skip_reason(guide) is None:
            assert path.is_file() and path.stat().st_size > 0, path


def test_right_to_left_guides_are_laid_out_right_to_left(corpus_out: Path) -> None:
    html = (corpus_out / "tibb-al-uyun" / "tibb-al-uyun.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "Skip to main content" not in html and "Current as of" not in html


@pytest.mark.validators
def test_every_guide_passes_validation(corpus_out: Path) -> None:
    from guidepress import validate

    summary = validate.validate((), Settings(source_dir=CORPUS, out_dir=corpus_out),
                                echo=lambda line: None)
    failed = {report.slug: [f"{c.id}: {[str(f) for f in c.findings][:3]}" for c in report.failed]
              for report in summary.reports if report.failed}
    assert failed == {}
    assert summary.exit_code == 0
    for slug in GUIDES:
        report = json.loads((corpus_out / slug / "conformance.json").read_text("utf-8"))
        page = next(c for c in report["checks"] if c["id"] == "pdf.page")
        assert (page["result"], page["findings"]) == ("pass", [])
