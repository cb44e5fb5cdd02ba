"""`salesbot import questions FILE`: a YAML list or a CSV table of questions.

The file is read and every row checked before anything is written: one bad row means
nothing is imported, and every bad row is reported with its line number. Questions
already in the bank are skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.csv_table import read_table
from handlers.core.errors import StartupError
from handlers.core.i18n import Translator
from handlers.training import bank
from handlers.training.bank import QuestionIn

MAX_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 5000
REQUIRED_COLUMNS = ("category", "type", "question")


class ImportRefused(Exception):
    """The file cannot be imported; each problem is one line, most with a line number."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    """One question as found in the file, with where it starts and where each field is;
    or, for a row that cannot even be read as a question, what is wrong with it."""

    line: int
    data: Any
    field_lines: dict[str, int] = field(default_factory=dict)
    problem: str | None = None


class _Loader(yaml.SafeLoader):
    """YAML without YAML 1.1's yes/no/on/off booleans: a choice may well be "No"."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _text(t: Translator, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            [t("quiz.import.line", line=line, problem=t("quiz.import.not_utf8"))]
        ) from exc


def _reader_line(text: str, exc: BaseException) -> int:
    """The line of a character YAML refused before it parsed anything (a NUL, say)."""
    position = getattr(exc, "position", None)
    return text[:position].count("\n") + 1 if isinstance(position, int) else 1


def yaml_rows(t: Translator, text: str) -> list[Row]:
    """A YAML list of mappings; the line of each entry and of each of its keys."""
    loader = None
    try:
        loader = _Loader(text)  # reading starts here: a character YAML forbids stops it
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else _reader_line(text, exc)
        problem = t("quiz.import.bad_yaml", problem=getattr(exc, "problem", None) or str(exc))
        raise ImportRefused([t("quiz.import.line", line=line, problem=problem)]) from exc
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1
        raise ImportRefused([t("quiz.import.line", line=line, problem=t("quiz.import.not_a_list"))])
    rows = []
    for node, item in zip(root.value, data, strict=True):
        lines = {}
        if isinstance(node, yaml.MappingNode):
            lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
        rows.append(Row(node.start_mark.line + 1, item, lines))
    return rows


def csv_rows(t: Translator, text: str) -> list[Row]:
    """A CSV table with a header row; choices in one cell, separated by |."""
    try:
        header, table = read_table(text)
    except csv.Error as exc:
        raise ImportRefused([t("quiz.import.line", line=1, problem=str(exc))]) from exc
    if not header and not table:
        return []
    problems: list[str] = []
    unknown = [h for h in header if h not in bank.FIELDS]
    if unknown:
        problem = t("quiz.import.unknown_columns", columns=", ".join(unknown))
        problems.append(t("quiz.import.line", line=1, problem=problem))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problem = t("quiz.import.missing_columns", columns=", ".join(missing))
        problems.append(t("quiz.import.line", line=1, problem=problem))
    if problems:
        raise ImportRefused(problems)
    rows = []
    for row in table:
        if row.error is not None:
            rows.append(Row(row.line, None, problem=row.error))
        elif row.cells is None:
            problem = t("quiz.import.cells", n=row.count, expected=len(header))
            rows.append(Row(row.line, None, problem=problem))
        else:
            rows.append(Row(row.line, row.cells))
    return rows


def check(t: Translator, rows: list[Row]) -> list[QuestionIn]:
    """Every row validated; ImportRefused lists all the bad ones, nothing is half-done."""
    problems: list[str] = []
    questions: list[QuestionIn] = []
    seen: dict[str, int] = {}
    if not rows:
        raise ImportRefused([t("quiz.import.empty")])
    if len(rows) > MAX_QUESTIONS:
        raise ImportRefused([t("quiz.import.too_many", max=MAX_QUESTIONS)])
    for row in rows:
        if row.problem is not None:
            problems.append(t("quiz.import.line", line=row.line, problem=row.problem))
            continue
        try:
            question = QuestionIn.model_validate(row.data)
        except ValidationError as exc:
            for error in exc.errors():
                name, sentence = bank.explain(t, error)
                line = row.field_lines.get(name, row.line)
                problems.append(t("quiz.import.line", line=line, problem=sentence))
            continue
        first = seen.setdefault(question.fingerprint, row.line)
        if first != row.line:
            problem = t("quiz.import.repeated", first=first)
            problems.append(t("quiz.import.line", line=row.line, problem=problem))
            continue
        questions.append(question)
    if problems:
        raise ImportRefused(problems)
    return questions


def read(t: Translator, path: Path) -> list[QuestionIn]:
    """The file's questions, all valid, or ImportRefused with every problem."""
    kind = path.suffix.lower()
    if kind not in (".yaml", ".yml", ".csv"):
        raise ImportRefused([t("quiz.import.bad_extension")])
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise ImportRefused([t("quiz.import.no_file")]) from exc
    if len(raw) > MAX_BYTES:
        raise ImportRefused([t("quiz.import.too_big", max=MAX_BYTES // (1024 * 1024))])
    text = _text(t, raw)
    rows = csv_rows(t, text) if kind == ".csv" else yaml_rows(t, text)
    return check(t, rows)


def import_file(svc: Services, path: Path) -> tuple[bool, list[str]]:
    """Import a question file into the bank: (imported, the lines to print)."""
    t = svc.t
    try:
        questions = read(t, path)
    except ImportRefused as exc:
        head = t("quiz.import.refused", file=path, n=len(exc.problems))
        return False, [head, *(f"  {p}" for p in exc.problems)]
    added = bank.add(svc, questions, created_by=None)
    return True, [
        t("quiz.import.done", file=path, added=len(added), skipped=len(questions) - len(added))
    ]


def load_question_files(svc: Services, session: Session) -> None:
    """At start-up: put the config's question files in the bank (a question already there
    is not added again). A file that does not import stops the start, every problem named."""
    problems: list[str] = []
    questions: list[QuestionIn] = []
    for i, path in enumerate(svc.config.training.question_files):
        try:
            questions += read(svc.t, path)
        except ImportRefused as exc:
            problems += [f"training.question_files[{i}] ({path}): {p}" for p in exc.problems]
    if problems:
        raise StartupError(problems)
    bank.add_in(session, questions, None, svc.clock.now())
