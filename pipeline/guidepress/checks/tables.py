"""Accessibility: data tables with headers and captions, and no tables used for layout."""

from __future__ import annotations

from collections.abc import Iterator

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import pos, sibling_lists
from guidepress.read import pandocast
from guidepress.read.pandocast import Element


def tables(ctx: Context) -> list[tuple[Element, Element | None]]:
    """Every table with the block that follows it."""
    return ctx.shared(_tables)


def _tables(ctx: Context) -> list[tuple[Element, Element | None]]:
    return list(_find_tables(ctx))


def _find_tables(ctx: Context) -> Iterator[tuple[Element, Element | None]]:
    for blocks in sibling_lists(ctx.blocks):
        for index, block in enumerate(blocks):
            if block["t"] == "Table":
                yield block, blocks[index + 1] if index + 1 < len(blocks) else None


def no_header_row(ctx: Context) -> Iterator[Hit]:
    for table, _ in tables(ctx):
        head_rows = table["c"][3][1]
        cells = [cell for row in head_rows for cell in row[1]]
        if not any(pandocast.stringify(cell[4]).strip() for cell in cells):
            yield Hit(pos(table), "the table has no header row")


def no_caption(ctx: Context) -> Iterator[Hit]:
    for table, _ in tables(ctx):
        if not pandocast.stringify(table["c"][1][1]).strip():
            yield Hit(pos(table), "the table has no caption")


def layout_table(ctx: Context) -> Iterator[Hit]:
    for table, _ in tables(ctx):
        if len(table["c"][2]) == 1:
            yield Hit(pos(table), "a one-column table: a table used for layout, not data")
