"""A guide's formats split among idle workers, and the parts joined back into one result."""

from __future__ import annotations

from pathlib import Path

from guidepress.build import split
from guidepress.build.render import Job, Rendered
from guidepress.outdir import manifest
from guidepress.settings import Settings

from .conftest import Lines, Project, guide_text

WEIGHTS = {"pdf": 1.3, "large-print": 0.8, "epub": 0.3, "docx": 0.2, "html": 0.1,
           "txt": 0.05, "brf": 0.05}
ALL = tuple(WEIGHTS)


def job(slug: str, formats: tuple[str, ...] = ALL) -> Job:
    return Job(slug, Path(f"{slug}.md"), formats, Settings())


def test_one_guide_is_split_among_the_workers_by_weight() -> None:
    found, owners = split.parts([job("a")], 2, WEIGHTS)
    assert owners == [0, 0]
    assert [part.formats for part in found] == [
        ("pdf", "html"), ("large-print", "epub", "docx", "txt", "brf")]
    found, owners = split.parts([job("a")], 3, WEIGHTS)
    assert sorted(f for part in found for f in part.formats) == sorted(ALL)
    assert len(found) == 3 and ("pdf",) in [part.formats for part in found]


def test_guides_enough_for_the_workers_are_not_split() -> None:
    jobs = [job("a"), job("b")]
    assert split.parts(jobs, 2, WEIGHTS) == (jobs, [0, 1])
    assert split.parts(jobs, 3, WEIGHTS) == (jobs, [0, 1])
    _, owners = split.parts(jobs, 4, WEIGHTS)
    assert owners == [0, 0, 1, 1]


def test_never_more_parts_than_formats() -> None:
    found, owners = split.parts([job("a", ("html",))], 8, WEIGHTS)
    assert [part.formats for part in found] == [("html",)] and owners == [0]


def test_the_parts_files_are_joined_in_the_jobs_order() -> None:
    whole = job("a", ("html", "pdf", "txt"))
    pieces = [Rendered("a", {"pdf": b"P"}, "digest", warnings=["w"]),
              Rendered("a", {"html": b"H", "txt": b"T"}, "digest", skipped={},
                       warnings=["w"])]
    result = split.joined(whole, pieces)
    assert list(result.files) == ["html", "pdf", "txt"] and result.ok
    assert result.warnings == ["w"] and result.source_digest == "digest"


def test_a_failed_part_fails_the_guide_with_each_error_once() -> None:
    whole = job("a", ("html", "pdf"))
    pieces = [Rendered("a", {"pdf": b"P"}),
              Rendered("a", errors=["error: bad table", "error: x"], exit_code=1),
              Rendered("a", errors=["error: bad table"], exit_code=2)]
    result = split.joined(whole, pieces)
    assert result.files == {} and not result.ok
    assert result.errors == ["error: bad table", "error: x"] and result.exit_code == 2


def test_run_joins_each_guides_parts_and_reports_guides_done() -> None:
    ran: list[tuple[str, ...]] = []
    reported: list[int] = []

    def runner(jobs, on_done):  # type: ignore[no-untyped-def]
        for index, part in enumerate(jobs, start=1):
            ran.append(part.formats)
            on_done(index)
            yield Rendered(part.slug, {name: name.encode() for name in part.formats})

    results = list(split.run([job("a")], 2, WEIGHTS, runner, reported.append))
    assert len(ran) == 2 and [r.slug for r in results] == ["a"]
    assert list(results[0].files) == list(ALL) and reported == [0, 1]


def test_only_the_first_part_of_a_guide_runs_the_checks() -> None:
    found, _ = split.parts([job("a"), job("b")], 5, WEIGHTS)
    assert [(part.slug, part.checks) for part in found] == [
        ("a", True), ("a", False), ("b", True), ("b", False)]
    alone, _ = split.parts([job("a")], 1, WEIGHTS)
    assert [part.checks for part in alone] == [True]


def test_a_split_guide_is_checked_once_and_fails_on_an_error(project: Project) -> None:
    """Two workers for one guide: the first part's checks stand for both."""
    project.write("linked", guide_text("Linked", "THIS GUIDE IS VERY SHORT AND SAYS SO LOUDLY."))
    lines = Lines()
    summary = project.build(lines=lines, formats=("html", "txt", "epub"), jobs=2)
    assert summary.exit_code == 0
    warned = [line for line in lines.problems + lines.said if "A041" in line]
    assert len(warned) == 1, warned
    recorded, _ = manifest.load(project.out)
    assert recorded.guides["linked"].facts  # gathered by the part that ran the checks
    assert set(recorded.guides["linked"].outputs) == {"html", "txt", "epub"}

    before = project.outputs()
    project.write("linked", guide_text("Linked", "Raw <br> here."))
    lines = Lines()
    summary = project.build(lines=lines, formats=("html", "txt", "epub"), jobs=2)
    assert summary.exit_code != 0
    assert sum("A043" in line for line in lines.problems) == 1, lines.problems
    assert project.outputs() == before  # the last good outputs stay
