"""Scores against examples computed by hand, including partial grading and unanswered
questions, both from plain rows and from a quiz played through the handlers."""

from __future__ import annotations

from fractions import Fraction

from handlers.core.display import number
from handlers.training.scoring import Item, Score, score
from storage.training import Answer, Grade, Question, RunQuestion
from tests.handlers.quiz_support import button, cards, click, dms, say, seed, submit


def choice(points: int, correct: int, chosen: int | None) -> Item:
    q = Question(kind="choice", points=points, correct=correct, choices=["a", "b", "c"])
    answer = None if chosen is None else Answer(choice=chosen)
    return Item(RunQuestion(seq=1), q, answer, None)


def open_(points: int, answered: bool, grade: int | None) -> Item:
    q = Question(kind="open", points=points)
    answer = Answer(text="…") if answered else None
    return Item(RunQuestion(seq=1), q, answer, None if grade is None else Grade(score=grade))


def test_a_hand_computed_quiz():
    items = [
        choice(2, correct=1, chosen=1),  # right: 2
        choice(3, correct=2, chosen=0),  # wrong: 0
        open_(5, answered=True, grade=4),  # 5 × 4/5 = 4
        open_(10, answered=True, grade=3),  # 10 × 3/5 = 6
        open_(2, answered=False, grade=None),  # unanswered: 0
        choice(1, correct=0, chosen=None),  # unanswered: 0
    ]
    result = score(items)
    assert result.earned == 12
    assert result.possible == 23
    assert (result.pending, result.unanswered) == (0, 2)
    assert result.percent == Fraction(1200, 23)  # 52.17…%
    assert number(result.percent) == "52.2"  # shown rounded, never cut
    assert not result.reaches(52.2) and result.reaches(52)


def test_partial_grading_counts_only_what_is_scored_and_says_what_waits():
    items = [
        choice(2, correct=1, chosen=1),  # 2
        open_(5, answered=True, grade=None),  # waiting for a score
        open_(10, answered=True, grade=2),  # 10 × 2/5 = 4
    ]
    result = score(items)
    assert (result.earned, result.possible, result.pending) == (6, 17, 1)
    assert items[1].pending and not items[2].pending


def test_a_fractional_score_and_the_pass_mark_boundary():
    # 3 points × 1/5 = 0.6; 3 × 5/5 = 3; 16 of 20 is exactly 80%
    assert open_(3, answered=True, grade=1).earned == Fraction(3, 5)
    assert number(Fraction(3, 5)) == "0.6"
    exact = score([choice(16, correct=0, chosen=0), choice(4, correct=0, chosen=1)])
    assert exact.percent == 80 and exact.reaches(80) and not exact.reaches(81)
    assert number(Fraction(5, 11) * 100) == "45.5"  # 45.45…: rounded half up, not cut to 45.4
    almost = Fraction(7996, 100)
    assert number(almost) == "80" and not Score(almost, 100, 0, 0).reaches(80)  # shown, not passed
    assert number(Fraction(12)) == "12"
    assert not score([]).reaches(1)


def test_the_report_and_result_add_up_the_stored_answers(bot):
    """Bank: 2 (choice) + 3 (choice) + 5 (open) points in product. Alice gets the first
    right, the second wrong and 3/5 on the open one: 2 + 0 + 5 × 3/5 = 5 of 10."""
    seed(bot)
    say(bot, "U0MARIA", "/quiz", "start @Alice product")
    click(bot, "U0ALICE", button(cards(bot, "U0ALICE")[-1], "B"))
    click(bot, "U0ALICE", button(cards(bot, "U0ALICE")[-1], "B"))
    form = click(bot, "U0ALICE", button(cards(bot, "U0ALICE")[-1], "Answer"))
    submit(bot, "U0ALICE", form, answer="Encryption.")
    half_way = say(bot, "U0MARIA", "/quiz", "report @Alice")
    assert "2/10 points (20%) — 1 answer(s) waiting for a score" in half_way
    [to_grade] = cards(bot, "U0MARIA")
    submit(bot, "U0MARIA", click(bot, "U0MARIA", button(to_grade, "3")), comment="")
    report = say(bot, "U0MARIA", "/quiz", "report @Alice")
    assert "5/10 points (50%) — not passed (pass mark 80%)" in report
    assert report.count("points") == 4  # the total and one line per question
    assert "   3/5 points (scored 3/5 by Maria)" in report
    assert dms(bot, "U0ALICE")[-1].text.startswith("5/10 points (50%)")
