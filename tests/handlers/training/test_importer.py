"""Question files: every bad row is reported with its line, and a broken file adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from handlers import features
from handlers.core.i18n import Translator
from handlers.training import importer as quiz_import
from handlers.training.importer import ImportRefused
from storage.training import Question
from tests.handlers.quiz_support import count

EXAMPLES = Path(__file__).parents[3] / "examples"
T = Translator("en", features.registry().strings)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        quiz_import.read(T, path)
    return refused.value.problems


def test_the_example_files_import_and_importing_again_adds_nothing(bot):
    first = quiz_import.import_file(bot.svc, EXAMPLES / "questions.yaml")
    assert first == (
        True,
        [f"{EXAMPLES / 'questions.yaml'}: 6 question(s) added, 0 already in the bank."],
    )
    ok, lines = quiz_import.import_file(bot.svc, EXAMPLES / "questions.csv")
    assert ok and lines[0].endswith(": 3 question(s) added, 0 already in the bank.")
    ok, lines = quiz_import.import_file(bot.svc, EXAMPLES / "questions.yaml")
    assert ok and lines[0].endswith(": 0 question(s) added, 6 already in the bank.")
    with bot.svc.db.transaction() as s:
        sso = s.scalar(select(Question).where(Question.prompt.like("%single sign-on%")))
        linux = s.scalar(select(Question).where(Question.prompt.like("%desktop sync%")))
    assert (sso.choices, sso.correct, sso.points) == (["Personal", "Team", "Enterprise"], 2, 2)
    assert linux.choices == ["Windows only", "Windows and macOS", "Windows, macOS and Linux"]
    assert count(bot, Question) == 9


def test_every_bad_yaml_entry_is_reported_at_its_line_and_nothing_is_imported(bot, tmp_path):
    path = write(
        tmp_path,
        "bad.yaml",
        """\
- category: product
  type: choice
  question: Fine?
  choices: [yes, no]
  answer: yes
- category: product
  type: choice
  question: Which one?
  choices: [a, b]
  answer: c
- category: product
  type: open
  question: Why us?
  model_answer: Because.
- category: ""
  type: quiz
  question: Fine?
  choices: [yes, no]
  answer: yes
  points: 500
- just a line
""",
    )
    assert problems(path) == [
        "line 10: answer: c is not one of the choices (give its text or letter).",
        "line 11: covers is needed for an open question.",
        "line 15: category is empty.",
        "line 16: type must be choice or open.",
        "line 20: points must be a whole number from 1 to 100.",
        "line 21: expected a question with fields such as category, type and question.",
    ]
    ok, lines = quiz_import.import_file(bot.svc, path)
    assert not ok
    assert lines[0] == f"{path}: nothing imported; 6 problem(s):"
    assert lines[1] == "  line 10: answer: c is not one of the choices (give its text or letter)."
    assert count(bot, Question) == 0


def test_a_question_twice_in_one_file_is_a_problem(tmp_path):
    text = "- {category: a, type: open, question: Same, model_answer: x, covers: y}\n" * 2
    assert problems(write(tmp_path, "twice.yml", text)) == ["line 2: the same question as line 1"]


def test_every_bad_csv_row_is_reported_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "category,type,question,choices,answer,model_answer,covers,points\n"
        "product,choice,Fine?,yes|no,yes,,,1\n"
        'product,open,"A question\nover two lines?",,,,covers,2\n'
        "\n"
        "product,choice,Short row?,a|b\n"
        "product,choice,Points?,a|b,a,,,many\n",
    )
    assert problems(path) == [
        "line 3: model_answer is needed for an open question.",
        "line 6: 4 cell(s), but the header has 8",
        "line 7: points must be a whole number from 1 to 100.",
    ]


def test_csv_header_problems_are_on_line_one(tmp_path):
    path = write(tmp_path, "cols.csv", "category,kind,question,extra\nproduct,choice,Q?,x\n")
    assert problems(path) == [
        "line 1: unknown column(s) kind, extra; the columns are category, type, question,"
        " choices, answer, model_answer, covers, points",
        "line 1: missing column(s) type",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("q.txt", "x", ["the file name must end in .yaml, .yml or .csv"]),
        ("empty.yaml", "", ["the file has no questions"]),
        ("empty.csv", "category,type,question\n", ["the file has no questions"]),
        (
            "map.yaml",
            "category: product\n",
            ["line 1: expected a list of questions (each starting with -)"],
        ),
        ("broken.yaml", "- category: a\n  type: open: bad\n", None),
        ("latin1.csv", "category,type,question\nproduit,open,Caf\xe9?\n".encode("latin-1"), None),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path, name, content, expected):
    found = problems(write(tmp_path, name, content))
    if name == "broken.yaml":
        assert len(found) == 1 and found[0].startswith("line 2: not valid YAML:")
    elif name == "latin1.csv":
        assert found == ["line 2: the file is not UTF-8 text"]
    else:
        assert found == expected


def test_a_missing_file(tmp_path):
    assert problems(tmp_path / "nope.yaml") == ["no such file"]
