"""Question files, fuzzed: any bytes named .yaml or .csv import whole or are refused with
every problem listed; nothing else ever happens, and a refused file adds nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from handlers.training import importer
from storage.training import Question
from tests.fuzz import NUMBERS, ODD_TEXT

FIELDS = ["category", "type", "question", "choices", "answer", "model_answer", "covers", "points"]
CELLS = st.one_of(ODD_TEXT, NUMBERS, st.sampled_from(["choice", "open", "A", "product", ""]))
ROWS = st.lists(st.dictionaries(st.sampled_from(FIELDS), CELLS, max_size=8), max_size=5)


def as_csv(rows: list[dict]) -> bytes:
    lines = [",".join(FIELDS)]
    for row in rows:
        cells = [str(row.get(f, "")).replace('"', '""') for f in FIELDS]
        lines.append(",".join(f'"{c}"' for c in cells))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


CONTENTS = st.one_of(
    ROWS.map(
        lambda rows: (
            "yaml",
            yaml.safe_dump(rows, allow_unicode=True).encode("utf-8", "surrogatepass"),
        )
    ),
    ROWS.map(lambda rows: ("csv", as_csv(rows))),
    st.tuples(st.sampled_from(["yaml", "csv"]), st.binary(max_size=400)),
    st.tuples(
        st.just("yaml"),
        st.sampled_from(
            [b"&a [*a, *a]", b"!!python/object:os.system [ls]", b"- &x {a: *x}", b"[" * 500]
        ),
    ),
)


def questions(bot) -> int:
    with bot.svc.db.reading() as s:
        return s.scalar(select(func.count()).select_from(Question))


@given(content=CONTENTS)
def test_any_file_imports_whole_or_is_refused_with_its_problems(bot, tmp_path: Path, content):
    kind, data = content
    path = tmp_path / f"questions.{kind}"
    path.write_bytes(data)
    before = questions(bot)
    imported, lines = importer.import_file(bot.svc, path)
    assert lines and all(lines)
    if not imported:
        assert questions(bot) == before
