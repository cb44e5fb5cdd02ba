"""`salesbot import questions FILE`: what the operator reads, and the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.cli import main
from storage.db import Database
from storage.training import Question

EXAMPLES = Path(__file__).parents[2] / "examples"


def config_file(tmp_path: Path, database_url: str, locale: str = "en") -> Path:
    path = tmp_path / "config.yaml"
    team = {"name": "sales", "managers": ["U0MARIA"], "reps": [{"name": "Alice"}]}
    raw = {"locale": locale, "database": {"url": database_url}, "teams": [team]}
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def questions(database_url: str) -> int:
    db = Database(database_url)
    try:
        with db.transaction() as s:
            return s.scalar(select(func.count()).select_from(Question)) or 0
    finally:
        db.dispose()


def test_a_good_file_is_imported(tmp_path, database_url, capsys):
    cfg = config_file(tmp_path, database_url)
    source = EXAMPLES / "questions.csv"
    assert main(["import", "questions", str(source), "--config", str(cfg)]) == 0
    assert capsys.readouterr().out == f"{source}: 3 question(s) added, 0 already in the bank.\n"
    assert questions(database_url) == 3


def test_a_broken_file_lists_every_bad_row_exits_1_and_imports_nothing(
    tmp_path, database_url, capsys
):
    cfg = config_file(tmp_path, database_url, locale="zh-CN")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "category,type,question,choices,answer,points\n"
        "product,choice,Fine?,a|b,a,1\n"
        "product,choice,Broken?,a,a,1\n"
        "product,essay,Why?,,,1\n",
        encoding="utf-8",
    )
    assert main(["import", "questions", str(bad), "--config", str(cfg)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{bad}:未导入任何题目;共 2 个问题:",
        "  第 3 行:choices:请给出 2 到 6 个选项。",
        "  第 4 行:type 必须是 choice 或 open。",
    ]
    assert questions(database_url) == 0


def test_usage_errors_come_from_argparse(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "answers", "x.csv"])
    assert exited.value.code == 2
    assert "invalid choice: 'answers'" in capsys.readouterr().err
