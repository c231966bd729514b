"""`guidepress new`: a guide that builds cleanly and passes every check from the start."""

from __future__ import annotations

import datetime as dt

import pytest

from guidepress import scaffold
from guidepress.checks import apply as checks
from guidepress.errors import UsageError
from guidepress.read import source

from .conftest import Project


def test_a_new_guide_passes_the_checks_and_builds(project: Project) -> None:
    done = project.run("new", "child-neurology", "--title", 'Child "Neuro" Care: a guide')
    assert done.returncode == 0, done.stderr
    path = project.source / "child-neurology.md"
    assert done.stdout.strip() == ("wrote source/child-neurology.md; build it with "
                                   "`guidepress build child-neurology`")
    guide = source.load(path)
    assert guide.meta.title == 'Child "Neuro" Care: a guide'
    assert guide.meta.updated == dt.date.today()
    assert checks.check_guide(path).findings == []
    built = project.build("child-neurology")
    assert built.exit_code == 0 and built.built == ["child-neurology"]


def test_new_never_overwrites_and_refuses_bad_names(project: Project) -> None:
    before = (project.source / "alpha.md").read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        scaffold.new_guide("alpha", "Alpha", project.source)
    assert (project.source / "alpha.md").read_bytes() == before
    for bad in ("Alpha", "a--b", "-a", "a_b", "../up", ""):
        with pytest.raises(UsageError, match="cannot be a guide name"):
            scaffold.new_guide(bad, "Title", project.source)
    with pytest.raises(UsageError, match="--title is empty"):
        scaffold.new_guide("fine", "  ", project.source)
    done = project.run("new", "fine", "--title", "Fine", "--source", "no")
    assert done.returncode == 2 and "there is no source folder" in done.stderr
