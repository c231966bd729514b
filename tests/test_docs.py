"""Docs stay honest: the README's schema table and commands match the code."""

from __future__ import annotations

from guidepress.cli import main
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
