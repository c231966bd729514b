"""What the preview pages show, made from a manifest record: editions come from the formats
registry (by media type), and the pages carry the reload script only as the server makes
them."""

from __future__ import annotations

from guidepress import formats
from guidepress.checks.findings import Finding
from guidepress.outdir.manifest import GuideRecord, OutputRecord
from guidepress.preview import page, views

FINDING = Finding("source/beta.md", 12, 1, "A002", "error", "A heading skips a level",
                  "go down one level at a time")


def _record() -> GuideRecord:
    registry = formats.registry()
    outputs = {fmt.name: OutputRecord(fmt.output_path("beta"), f"sha-{fmt.name}", 2048, 0, {})
               for fmt in registry}
    return GuideRecord("beta.md", {"title": "Beta <b>"}, outputs=outputs)


def test_every_installed_format_is_an_edition_framed_by_its_media_type() -> None:
    registry = formats.registry()
    found = views.editions(_record(), selected=())
    assert [edition.format for edition in found] == registry.names()
    for edition in found:
        media = registry[edition.format].media_type
        assert edition.framed == views.FRAMED.get(media, "")
        assert edition.href == registry[edition.format].output_path("beta")
    assert {e.media_type for e in found if e.framed} <= {"text/html", "application/pdf"}
    assert any(not edition.framed for edition in found)


def test_a_skipped_edition_says_why_and_one_not_rebuilt_says_so() -> None:
    record = _record()
    first = formats.registry().names()[0]
    record.outputs[first].skipped = "the guide has no text"
    found = {e.format: e for e in views.editions(record, selected=(first,))}
    assert found[first].skipped == "the guide has no text" and found[first].current
    assert not any(edition.current for name, edition in found.items() if name != first)
    view = views.guide_view("beta", "source/beta.md", record, views.Checked(), (), (first,))
    assert found[first] in view.linked and found[first] not in view.framed


def test_failed_lines_leave_out_what_the_findings_show() -> None:
    lines = [FINDING.text(), "error: beta: 1 finding in the source checks"]
    assert views.failure_lines(lines, [FINDING]) == (lines[1],)


def test_the_stamp_follows_what_the_page_shows() -> None:
    record = _record()
    clean = views.guide_view("beta", "source/beta.md", record, views.Checked(), (), ())
    again = views.guide_view("beta", "source/beta.md", _record(), views.Checked(), (), ())
    broken = views.guide_view("beta", "source/beta.md", record, views.Checked((FINDING,)),
                              ("error: beta: 1 finding",), ())
    assert clean.stamp == again.stamp != broken.stamp
    record.outputs["html"].sha256 = "new bytes"
    rebuilt = views.guide_view("beta", "source/beta.md", record, views.Checked(), (), ())
    assert rebuilt.stamp != clean.stamp
    assert broken.status == "the last save did not build; 1 error, 0 warnings"
    assert clean.status == "no findings"


def test_the_guide_page_shows_findings_escaped_with_their_place_and_the_reload_script() -> None:
    view = views.guide_view("beta", "source/beta.md", _record(), views.Checked((FINDING,)),
                            ("error: beta: 1 finding",), ())
    html = page.guide_page(view).decode("utf-8")
    assert "<h1>Beta &lt;b&gt;</h1>" in html
    assert "<code>A002</code> at <code>source/beta.md:12:1</code>" in html
    assert "Hint: go down one level at a time" in html
    assert "The last save did not build" in html
    assert f"<script>{page.SCRIPT}</script>" in html
    assert f'data-stamp="{view.stamp}"' in html
    assert 'src="../../beta/beta.html"' in html and "sandbox=" in html
    assert 'href="../../beta/beta.txt" type="text/plain"' in html


def test_the_start_page_lists_each_guide_and_shows_the_catalogue() -> None:
    guide = views.guide_view("beta", "source/beta.md", _record(), views.Checked(), (), ())
    overview = views.overview({"beta": guide}, "index.html", "sha")
    html = page.start_page(overview).decode("utf-8")
    assert '<a href=".preview/beta/">Beta &lt;b&gt;</a>' in html
    assert '<iframe src="index.html" title="Catalogue of the guides">' in html
    assert 'data-events=".preview/events?page="' in html
