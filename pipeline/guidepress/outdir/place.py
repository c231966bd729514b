"""Where the output folder may be: apart from the source folder, neither inside it nor around
it. Everything under `source/` is an editor's to write; the manifest, which says which files a
build made (and so which it may remove), must not be among them, and outputs must not land
where the next build reads guides. The templates are code the build runs, so they stay out of
the source folder too."""

from __future__ import annotations

from pathlib import Path

from guidepress.errors import UsageError
from guidepress.terminal import display


def check_apart(source_dir: Path, out_dir: Path, templates_dir: Path | None = None) -> None:
    """Raise UsageError when the output folder (or the templates) and the source folder
    overlap."""
    source, out = source_dir.resolve(), out_dir.resolve()
    if out == source or out.is_relative_to(source) or source.is_relative_to(out):
        where = "is" if out == source else "is inside" if out.is_relative_to(source) else \
            "holds"
        raise UsageError(f"the output folder {display(out_dir)} {where} the source folder "
                         f"{display(source_dir)}",
                         "write the outputs to a folder beside the sources, e.g. --out output")
    if templates_dir is not None and templates_dir.resolve().is_relative_to(source):
        raise UsageError(f"the templates folder {display(templates_dir)} is inside the source "
                         f"folder {display(source_dir)}",
                         "keep templates outside the folder editors write guides into")
