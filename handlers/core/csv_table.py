"""A CSV table with a header row, read row by row with the line each row starts on (a
quoted cell may span lines): what the lead and question importers both read."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class TableRow:
    """A row after the header: its non-empty cells by column, or why it has none (the
    csv module's complaint, or `count` cells where the header has another number)."""

    line: int
    cells: dict[str, str] | None = None
    count: int = 0
    error: str | None = None


def read_table(text: str) -> tuple[list[str], list[TableRow]]:
    """The header (trimmed, lower-cased) and each row that is not blank. A header the csv
    module cannot read raises csv.Error; a later row it cannot read is the last row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    rows: list[TableRow] = []
    ended = reader.line_num
    while True:
        start = ended + 1
        try:
            cells = next(reader)
        except StopIteration:
            return header, rows
        except csv.Error as exc:
            return header, [*rows, TableRow(start, error=str(exc))]
        ended = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            rows.append(TableRow(start, count=len(cells)))
            continue
        found = {h: c for h, c in zip(header, cells, strict=True) if c.strip()}
        rows.append(TableRow(start, found, len(cells)))
