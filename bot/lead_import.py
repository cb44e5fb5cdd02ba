"""`salesbot import leads FILE [--team NAME]`: a CSV table with a header row, or JSON
lines (.jsonl, .ndjson), one lead per row with the fields and the checks of POST /leads.

Every row is read and checked before any is added: a file with a bad row is refused
whole, each problem listed with its line. Then the leads enter the rotation one after
another in file order, as if each had arrived by POST /leads; a lead whose `external_id`
is already known is the one there, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from tqdm import tqdm

from bot.intake import LeadBody, field_errors, lead_input
from handlers.core.context import Services
from handlers.core.csv_table import read_table
from handlers.roulette.intake import add_lead

MAX_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
# files with more rows than this show a progress bar on a terminal
PROGRESS_FROM = 200
SOURCE = "import"  # a lead's source when its row names none


class ImportRefused(Exception):
    """The file cannot be imported: one line per problem, most with a line number."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """A row as read: its first line and its fields, or why it could not be read."""

    line: int
    data: dict[str, Any] | None
    problem: str | None = None


def _number(cell: str) -> Any:
    """A CSV cell of the amount column, as JSON would have it: a number if it is one."""
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell


def csv_rows(text: str) -> list[Row]:
    try:
        header, table = read_table(text)
    except csv.Error as exc:
        raise ImportRefused([f"line 1: {exc}"]) from exc
    if not header and not table:
        return []
    if "company" not in header:
        raise ImportRefused(["line 1: the header has no company column"])
    rows = []
    for row in table:
        if row.error is not None:
            rows.append(Row(row.line, None, row.error))
        elif row.cells is None:
            rows.append(Row(row.line, None, f"{row.count} cells, the header has {len(header)}"))
        else:
            data: dict[str, Any] = dict(row.cells)
            if "amount" in data:
                data["amount"] = _number(data["amount"].strip())
            rows.append(Row(row.line, data))
    return rows


def json_rows(text: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            rows.append(Row(number, None, "not valid JSON"))
            continue
        if not isinstance(data, dict):
            rows.append(Row(number, None, "expected a JSON object"))
            continue
        rows.append(Row(number, data))
    return rows


def read(path: Path) -> list[Row]:
    kind = path.suffix.lower()
    if kind not in (".csv", ".jsonl", ".ndjson"):
        raise ImportRefused([f"{path}: use a .csv file (with a header row) or .jsonl lines"])
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportRefused([f"{path}: cannot be read ({exc.strerror})"]) from exc
    if len(raw) > MAX_BYTES:
        raise ImportRefused([f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused([f"line {line}: not UTF-8 text"]) from exc
    return csv_rows(text) if kind == ".csv" else json_rows(text)


def check(svc: Services, rows: list[Row], team: str) -> list[tuple[LeadBody, str]]:
    """Every row as a lead and its team, or ImportRefused naming every bad one."""
    if not rows:
        raise ImportRefused(["the file has no leads"])
    if len(rows) > MAX_ROWS:
        raise ImportRefused([f"the file has more than {MAX_ROWS} leads"])
    problems: list[str] = []
    leads: list[tuple[LeadBody, str]] = []
    for row in rows:
        if row.problem is not None:
            problems.append(f"line {row.line}: {row.problem}")
            continue
        try:
            lead = LeadBody.model_validate(row.data)
        except ValidationError as exc:
            problems += [f"line {row.line}: {problem}" for problem in field_errors(exc)]
            continue
        name = lead.team or team
        if svc.config.team(name) is None:
            problems.append(f"line {row.line}: team: no team called {name!r}")
            continue
        leads.append((lead, name))
    if problems:
        raise ImportRefused(problems)
    return leads


def import_leads(
    svc: Services, path: Path, team: str, progress: TextIO = sys.stderr
) -> tuple[bool, list[str]]:
    """Check the whole file, then add its leads in order: (imported, the lines to print)."""
    try:
        leads = check(svc, read(path), team)
    except ImportRefused as exc:
        head = f"{path}: nothing imported; {len(exc.problems)} problem(s):"
        return False, [head, *(f"  {p}" for p in exc.problems)]
    quiet = not progress.isatty() or len(leads) <= PROGRESS_FROM
    added = 0
    for lead, name in tqdm(leads, file=progress, unit="lead", disable=quiet):
        added += add_lead(svc, name, lead_input(lead, SOURCE))[1]
    return True, [f"{path}: {added} lead(s) added, {len(leads) - added} already there."]
