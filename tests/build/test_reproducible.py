"""The same inputs give the same bytes, in every format and the catalogue."""

from __future__ import annotations

import shutil

from guidepress import formats

from ..conftest import GUIDE
from .conftest import Project

FORMATS = tuple(formats.registry().names())  # every edition installed


def test_two_builds_give_byte_identical_outputs(project: Project) -> None:
    shutil.copy(GUIDE, project.source / GUIDE.name)
    names = ("gamma", GUIDE.stem)
    first = project.build(*names, formats=FORMATS)  # two guides: worker processes
    assert first.exit_code == 0, first.problems
    made = project.outputs()
    assert len(FORMATS) >= 6
    assert set(made) == {"index.html"} | {f"{slug}/{formats.registry()[fmt].filename(slug)}"
                                          for slug in names for fmt in FORMATS}
    shutil.rmtree(project.out)
    assert project.build(*names, formats=FORMATS, jobs=1).exit_code == 0  # in this process
    assert project.outputs() == made
