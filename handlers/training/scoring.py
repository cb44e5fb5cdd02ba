"""Scores, always computed from the stored answers and grades: nothing is kept as a total.

A multiple-choice answer earns the question's points when it is the right choice. An
open answer earns points × grade / 5, from its latest grade. An unanswered question
earns nothing. Fractions keep the sums exact; rounding happens only for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.training import Answer, Grade, Question, RunQuestion

MAX_GRADE = 5


@dataclass(frozen=True)
class Item:
    """One question of a run, with what was answered and its current grade."""

    run_question: RunQuestion
    question: Question
    answer: Answer | None
    grade: Grade | None

    @property
    def pending(self) -> bool:
        """Answered, open, and nobody has scored it yet."""
        return self.answer is not None and self.question.kind == "open" and self.grade is None

    @property
    def earned(self) -> Fraction:
        if self.answer is None or self.pending:
            return Fraction(0)
        if self.question.kind == "choice":
            right = self.answer.choice == self.question.correct
            return Fraction(self.question.points if right else 0)
        assert self.grade is not None
        return Fraction(self.question.points * self.grade.score, MAX_GRADE)


@dataclass(frozen=True)
class Score:
    earned: Fraction
    possible: int
    pending: int
    unanswered: int

    @property
    def percent(self) -> Fraction:
        return Fraction(0) if not self.possible else self.earned * 100 / self.possible

    def reaches(self, pass_mark: int) -> bool:
        return self.possible > 0 and self.percent >= pass_mark


def score(items: Iterable[Item]) -> Score:
    items = list(items)
    return Score(
        earned=sum((i.earned for i in items), Fraction(0)),
        possible=sum(i.question.points for i in items),
        pending=sum(i.pending for i in items),
        unanswered=sum(i.answer is None for i in items),
    )


def latest_grades(s: Session, answer_ids: Iterable[int]) -> dict[int, Grade]:
    """The current grade of each answer: its highest revision."""
    ids = list(answer_ids)
    if not ids:
        return {}
    newest = (
        select(Grade.answer_id, func.max(Grade.revision).label("revision"))
        .where(Grade.answer_id.in_(ids))
        .group_by(Grade.answer_id)
        .subquery()
    )
    grades = s.scalars(
        select(Grade).join(
            newest,
            (newest.c.answer_id == Grade.answer_id) & (newest.c.revision == Grade.revision),
        )
    )
    return {g.answer_id: g for g in grades}


def items_of(s: Session, run_ids: Iterable[int]) -> dict[int, list[Item]]:
    """Every question of each run, in order, with its answer and grade."""
    ids = list(run_ids)
    if not ids:
        return {}
    rows = s.execute(
        select(RunQuestion, Question, Answer)
        .join(Question, Question.id == RunQuestion.question_id)
        .outerjoin(Answer, Answer.run_question_id == RunQuestion.id)
        .where(RunQuestion.run_id.in_(ids))
        .order_by(RunQuestion.run_id, RunQuestion.seq)
    ).all()
    grades = latest_grades(s, [a.id for _, _, a in rows if a is not None])
    out: dict[int, list[Item]] = {run_id: [] for run_id in ids}
    for rq, question, answer in rows:
        grade = grades.get(answer.id) if answer is not None else None
        out[rq.run_id].append(Item(rq, question, answer, grade))
    return out
