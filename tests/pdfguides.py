"""Small guides that exercise the corners of WeasyPrint's PDF tagging, and a way to render any
guide to a tagged handout with some tag fixes left out."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from guidepress.formats import largeprint, pdf
from guidepress.formats.base import RenderContext
from guidepress.read import document, source
from guidepress.validate import expect

from .conftest import SOURCE

HEAD = """---
title: {title}
lang: en-US
description: A guide used to test the tags of the handout.
updated: 2026-11-25
---
Opening words of the guide.

"""

NESTED_LISTS = """## Lists inside lists

- First bullet.
    1. First step.
        - A bullet inside a step.
        - Another bullet inside a step.
    2. Second step.
- Second bullet.

A paragraph after the lists.
"""

STRONG_LINKS = """## Links with strong words

Read the [**main** directory of programs](https://example.org/directory) for details.

Or see [the *emphasised* page](https://example.org/page) and
[a **whole strong link**](https://example.org/whole).
"""

FIGURE_CAPTION = """## A figure

The diagram shows the steps.

![The usual training path](images/training-path.svg){alt="Flow chart of six steps."}

The text after the figure describes the steps in words.
"""

DEFINITION_LIST = """## Key terms

Oncologist
: A doctor who treats cancer.

Internist
: A doctor for adults.
: A second meaning of the word.

Benign
: Not cancer.
"""

LONG_TABLE = "## A long table\n\nThe table goes on over more than one page.\n\n" + \
    "| Step | Name | What happens |\n|---|---|---|\n" + \
    "".join(f"| {n} | Step number {n} | The work done in step {n} of the plan. |\n"
            for n in range(1, 71)) + \
    "\nTable: Every step of the plan\n\nA paragraph after the table.\n"

# Table cells that say the same thing at the same height on page after page: content, not
# a running header.
REPEATED_CELLS = "## Opening hours\n\n| Clinic | Saturday | Sunday |\n|---|---|---|\n" + \
    "".join(f"| Clinic number {n} | Yes | No |\n" for n in range(1, 91)) + \
    "\nTable: Which clinics open at the weekend\n\nA paragraph after the table.\n"

# Tables whose empty top-left cell makes the first column row headers, long enough to run over
# a page break in the handout and in large print (which keeps the two-column one a grid and
# prints the three-column one as labelled blocks).
CORNER_TABLES = "## Two columns\n\n| | Open on Saturday |\n|---|---|\n" + \
    "".join(f"| Clinic number {n} | Yes, from nine to noon |\n" for n in range(1, 41)) + \
    "\nTable: Which clinics open on Saturday\n\n## Three columns\n\n" + \
    "| | North clinic | South clinic |\n|---|---|---|\n" + \
    "".join(f"| Service number {n} | Yes | No |\n" for n in range(1, 41)) + \
    "\nTable: The services of two clinics\n\nA paragraph after the tables.\n"

NOTES_QUOTES = """## Notes

This sentence has a note.[^a] So does this one.[^b]

> A block quote with a sentence in it.
>
> And a second paragraph in the quote.

### A third-level heading

Some text under it.

#### A fourth-level heading

More text under the fourth level.

[^a]: The first note.
[^b]: The second note, with a link to [the notes page of the example site](https://example.org/note).
"""

GUIDES = {
    "nested-lists": ("Nested lists", NESTED_LISTS),
    "strong-links": ("Strong links", STRONG_LINKS),
    "figure-caption": ("Figure caption", FIGURE_CAPTION),
    "definition-list": ("Definition list", DEFINITION_LIST),
    "long-table": ("Long table", LONG_TABLE),
    "notes-quotes": ("Notes and quotes", NOTES_QUOTES),
    "repeated-cells": ("Repeated cells", REPEATED_CELLS),
    "corner-tables": ("Corner tables", CORNER_TABLES),
}
ONCOLOGY = "medical-oncology"
ALL = (ONCOLOGY, *GUIDES)


@dataclass(frozen=True)
class Tagged:
    """A rendered handout and what its source says it must hold."""

    path: Path
    expected: expect.Expected


def source_path(name: str, folder: Path) -> Path:
    """The guide `name`: the real Medical Oncology, or one of GUIDES written into `folder`."""
    if name == ONCOLOGY:
        return SOURCE / f"{name}.md"
    if not (folder / "images").exists():
        shutil.copytree(SOURCE / "images", folder / "images")
    title, body = GUIDES[name]
    path = folder / f"{name}.md"
    path.write_text(HEAD.format(title=title) + body, encoding="utf-8")
    return path


def render(name: str, folder: Path, skip: frozenset[str] = frozenset()) -> Tagged:
    """The handout of `name`, rendered the way the build renders it, less the tag fixes in
    `skip`."""
    guide = document.build(source.load(source_path(name, folder)))
    page = pdf.PdfFormat().page(guide, RenderContext())
    suffix = "-".join(sorted(skip)) or "all-fixes"
    target = folder / f"{name}.{suffix}.pdf"
    target.write_bytes(pdf.write_pdf(page, skip=skip))
    return Tagged(target, expect.expected(guide))


def large_print(name: str, folder: Path) -> Tagged:
    """The large-print edition of `name`, rendered the way the build renders it."""
    guide = document.build(source.load(source_path(name, folder)))
    target = folder / f"{name}-large-print.pdf"
    target.write_bytes(largeprint.LargePrintFormat().render(guide, RenderContext()))
    return Tagged(target, expect.expected(guide))
