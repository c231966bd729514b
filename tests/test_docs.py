"""Docs stay honest: the README's schema table and commands match the code."""

from __future__ import annotations

from pathlib import Path

from guidepress.checks import apply as checks
from guidepress.cli import main
from guidepress.read import document, pandocast, source
from guidepress.read.frontmatter import schema_table

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_setup_commands() -> None:
    assert "make build" in README and "make test" in README


def test_readme_schema_table_matches_the_schema() -> None:
    assert schema_table() in README


def test_readme_lists_every_command() -> None:
    for name in main.commands:
        assert f"guidepress {name}" in README, name


def test_readme_markdown_example_reads_as_each_construct_it_names(tmp_path: Path) -> None:
    """The README's example of the Markdown editors write becomes what it promises."""
    example = README.split("### The Markdown", 1)[1].split("```markdown\n", 1)[1]
    body = example.split("\n```\n", 1)[0]
    path = tmp_path / "example.md"
    path.write_text("---\ntitle: T\nlang: en\ndescription: An example.\nupdated: 2026-01-01\n"
                    "---\n" + body, "utf-8")
    built = document.build(source.load(path))
    found = list(pandocast.walk(built.ast["blocks"]))
    kinds = [e["t"] for e in found]
    assert {h.level for h in built.headings} == {2, 3, 4}
    assert kinds.count("BulletList") >= 4 and kinds.count("OrderedList") == 3
    assert [pandocast.stringify(t["c"][1][1]) for t in found if t["t"] == "Table"] == [
        "Years of training, the caption before the table",
        "A caption after the table, in the short form"]
    assert [len(e["c"]) for e in found if e["t"] in ("BlockQuote", "Note")] == [2, 2]
    definitions = next(e for e in found if e["t"] == "DefinitionList")["c"][0][1][0]
    assert [block["t"] for block in definitions] == ["Para", "Para"]
    assert kinds.count("LineBreak") == 3
    links = [e["c"][2] for e in found if e["t"] == "Link"]
    assert links == [["https://freida.ama-assn.org/", "FREIDA, the AMA's directory"],
                     ["https://www.aafp.org/", ""], ["mailto:advising@example.edu", ""]]
    assert checks.run(built) == []
