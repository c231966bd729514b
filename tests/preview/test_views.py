"""What the preview pages show, made from a manifest record and a build's messages: editions
come from the formats registry (by media type), findings from what the build's checks said,
and the pages carry the reload script only as the server makes them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guidepress import formats
from guidepress.checks.findings import Finding
from guidepress.outdir.manifest import GuideRecord, OutputRecord
from guidepress.preview import page, views

FINDING = Finding("source/beta.md", 12, 1, "A002", "error", "A heading skips a level",
                  "go down one level at a time")
WARNING = Finding("source/beta.md", 7, 3, "R003", "warning", "This sentence has 31 words: "
                  "it is long", "")
STOPPED = "error: beta: 1 finding in the source checks (its last good outputs stay)"


def _record(warnings: tuple[str, ...] = ()) -> GuideRecord:
    registry = formats.registry()
    outputs = {fmt.name: OutputRecord(fmt.output_path("beta"), f"sha-{fmt.name}", 2048, 0, {})
               for fmt in registry}
    return GuideRecord("beta.md", {"title": "Beta <b>"}, list(warnings), outputs)


def _view(record: GuideRecord | None = None, failure: tuple[str, ...] | None = None,
          selected: tuple[str, ...] = ()) -> views.GuideView:
    return views.guide_view("beta", "source/beta.md", record or _record(), failure, selected)


@given(st.builds(Finding, st.text(min_size=1).filter(lambda p: "\n" not in p),
                 st.integers(1, 10**6), st.integers(1, 10**4),
                 st.from_regex(r"[A-Z]\d{3}", fullmatch=True),
                 st.sampled_from(["error", "warning"]),
                 st.text().filter(lambda m: "\n" not in m),
                 st.text().filter(lambda h: "\n" not in h)))
def test_a_finding_is_read_back_from_the_line_the_build_prints(finding: Finding) -> None:
    assert views.read_finding(finding.text()) == finding


def test_lines_that_are_not_findings_stay_as_they_are() -> None:
    unreadable = "error: source/beta.md:5: `updated` is not a real date: 2026-02-30"
    findings, others = views.split_messages([FINDING.text(), STOPPED, unreadable, WARNING.text()])
    assert findings == (WARNING, FINDING)  # in file order, as `guidepress check` lists them
    assert others == (STOPPED, unreadable)


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
    view = _view(record, selected=(first,))
    assert found[first] in view.linked and found[first] not in view.framed


def test_a_published_guide_shows_its_recorded_warnings_and_a_failed_one_its_messages() -> None:
    published = _view(_record((WARNING.text(),)))
    assert published.findings == (WARNING,) and not published.failed
    assert published.status == "0 errors, 1 warning"
    failed = _view(_record((WARNING.text(),)), (FINDING.text(), STOPPED))
    assert failed.findings == (FINDING,) and failed.failed and failed.messages == (STOPPED,)
    assert failed.status == "the last save did not build; 1 error, 0 warnings"
    assert _view().status == "no findings"


def test_the_stamp_follows_what_the_page_shows() -> None:
    record = _record()
    clean, again = _view(record), _view(_record())
    broken = _view(record, (FINDING.text(), STOPPED))
    assert clean.stamp == again.stamp != broken.stamp
    record.outputs["html"].sha256 = "new bytes"
    assert _view(record).stamp != clean.stamp


def test_the_guide_page_shows_findings_escaped_with_their_place_and_the_reload_script() -> None:
    view = _view(failure=(FINDING.text(), STOPPED))
    html = page.guide_page(view).decode("utf-8")
    assert "<h1>Beta &lt;b&gt;</h1>" in html
    assert "<code>A002</code> at <code>source/beta.md:12:1</code>" in html
    assert "Hint: go down one level at a time" in html
    assert "The last save did not build" in html and STOPPED in html
    assert f"<script>{page.SCRIPT}</script>" in html
    assert f'data-stamp="{view.stamp}"' in html
    assert 'src="../../beta/beta.html"' in html and "sandbox=" in html
    assert 'href="../../beta/beta.txt" type="text/plain"' in html


def test_the_start_page_lists_each_guide_and_shows_the_catalogue() -> None:
    overview = views.overview({"beta": _view()}, "index.html", "sha")
    html = page.start_page(overview).decode("utf-8")
    assert '<a href=".preview/beta/">Beta &lt;b&gt;</a>' in html
    assert '<iframe src="index.html" title="Catalogue of the guides">' in html
    assert 'data-events=".preview/events?page="' in html
