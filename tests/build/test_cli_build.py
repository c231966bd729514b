"""`guidepress build` for people and machines: reasons, --json, --quiet, --verbose, --explain,
--strict, and plain lines (no progress display) when the output is piped."""

from __future__ import annotations

import json

from .conftest import Project, guide_text

TWO_SENTENCES = "description: A short guide. It is used by the build tests."


def test_json_summary_says_what_was_built_skipped_and_why(project: Project) -> None:
    first = project.cli("build", "--format", "txt", "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert [(a["guide"], a["format"], a["reasons"]) for a in summary["built"]] == [
        ("alpha", "txt", ["not built before"]), ("beta", "txt", ["not built before"]),
        ("gamma", "txt", ["not built before"]), ("", "index", ["not built before"])]
    assert summary["built"][0]["path"] == "output/alpha/alpha.txt"
    assert summary["exit_code"] == 0 and summary["failed"] == [] and not summary["dry_run"]
    project.write("beta", guide_text("Beta", "New words."))
    second = json.loads(project.cli("build", "--format", "txt", "--json").stdout)
    assert [a["guide"] for a in second["built"] if a["guide"]] == ["beta"]
    assert second["built"][0]["reasons"] == ["source/beta.md changed"]
    assert {a["guide"] for a in second["skipped"]} >= {"alpha", "gamma"}


def test_plain_lines_when_piped_and_quiet_verbose_explain(project: Project) -> None:
    built = project.cli("build", "--format", "txt")
    assert built.stdout.splitlines() == [
        "alpha.txt: not built before", "beta.txt: not built before",
        "gamma.txt: not built before", "index.html: not built before",
        built.stdout.splitlines()[-1]]
    assert built.stdout.splitlines()[-1].startswith("Built 4 outputs of 3 guides (")
    assert "\x1b" not in built.stdout + built.stderr and "\r" not in built.stderr
    quiet = project.cli("build", "--format", "txt", "--quiet", "--force")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = project.cli("build", "--format", "txt", "--verbose")
    assert "alpha.txt: up to date" in verbose.stdout.splitlines()
    assert verbose.stdout.splitlines()[-1].startswith("Nothing to build: 4 outputs up to date")
    project.write("alpha", guide_text("Alpha", "Other words."))
    explain = project.cli("build", "--format", "txt", "--explain")
    assert "would build alpha.txt: source/alpha.md changed" in explain.stdout.splitlines()
    assert "Other words." not in (project.out / "alpha" / "alpha.txt").read_text()


def test_warnings_are_shown_and_strict_makes_them_fail(project: Project) -> None:
    project.write("beta", guide_text("Beta").replace(
        "description: A short guide used by the build tests.", TWO_SENTENCES))
    loose = project.cli("build", "--format", "txt")
    assert loose.returncode == 0
    assert "M003 warning: description should be one sentence" in loose.stderr
    strict = project.cli("build", "--format", "txt", "--strict")
    assert strict.returncode == 1
    assert "error: beta: 1 warning from its last build fail --strict" in strict.stderr
    project.write("beta", guide_text("Beta", "Changed.").replace(
        "description: A short guide used by the build tests.", TWO_SENTENCES))
    strict = project.cli("build", "--format", "txt", "--strict")
    assert strict.returncode == 1 and "1 finding in the source checks" in strict.stderr
    assert "Changed." not in (project.out / "beta" / "beta.txt").read_text()
