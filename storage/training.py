"""Training tables: the question bank, quiz runs, answers, grades and onboarding.

Nothing here holds a running total: every score is computed from the answers and
grades, so it cannot drift. Each "only once" rule is a unique constraint or a
conditional UPDATE on a row, never a check in memory.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Status, UTCDateTime


class RunStatus(StrEnum):
    OPEN = "open"  # questions are being asked
    CLOSED = "closed"  # answered or past its deadline


class Question(Base):
    """One question of the bank, shared by every team."""

    __tablename__ = "quiz_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(80), index=True)
    # choice | open
    kind: Mapped[str] = mapped_column(String(8))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str] | None] = mapped_column(JSON)
    # index into choices of the right one (choice questions)
    correct: Mapped[int | None] = mapped_column(Integer)
    model_answer: Mapped[str | None] = mapped_column(Text)
    # what a good answer covers (open questions), shown to whoever grades
    covers: Mapped[str | None] = mapped_column(Text)
    points: Mapped[int] = mapped_column(Integer)
    # the question's text, folded and hashed: the same question is never added twice
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuizRun(Base):
    """One attempt: a set of questions put to one rep, one at a time."""

    __tablename__ = "quiz_runs"
    __table_args__ = (
        # A rep answers one quiz at a time: its questions arrive one by one in their DM.
        Index(
            "one_open_quiz_per_rep",
            "rep_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("quiz_runs_due", "status", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    # the peer who scores the open answers; None: the team's managers do
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # the other half of a peer quiz
    partner_run_id: Mapped[int | None] = mapped_column(Integer)
    # manager | pair | onboarding
    origin: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(80))
    started_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    status: Mapped[RunStatus] = mapped_column(Status(RunStatus, 8))
    # answered | deadline
    close_reason: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # set once, when the run is closed and every open answer has a score
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RunQuestion(Base):
    """A question as placed in a run; asked_at is set when it is put to the rep."""

    __tablename__ = "quiz_run_questions"
    __table_args__ = (
        UniqueConstraint("run_id", "seq"),
        UniqueConstraint("run_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("quiz_runs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when to remind the rep; cleared once answered or closed
    nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Answer(Base):
    """The rep's answer to one question of one run: at most one, by constraint."""

    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_question_id: Mapped[int] = mapped_column(ForeignKey("quiz_run_questions.id"), unique=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("quiz_runs.id"), index=True)
    choice: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when to remind the grader; cleared once scored
    grade_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Grade(Base):
    """A score (0-5) for an open answer. Never changed: a manager's change is revision 2, 3…"""

    __tablename__ = "quiz_grades"
    __table_args__ = (UniqueConstraint("answer_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("quiz_answers.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(1000))
    grader_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Onboarding(Base):
    """A rep's onboarding, from the start date in config; the stages are computed from rows."""

    __tablename__ = "onboarding"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    # from config; None once it is taken out of the config
    start_date: Mapped[date | None] = mapped_column(Date)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # waiting | started | skipped (a quiz existed already) | no_questions
    first_quiz: Mapped[str] = mapped_column(String(16), default="waiting")


class ChecklistTick(Base):
    """A knowledge item the rep confirmed having read."""

    __tablename__ = "onboarding_checks"
    __table_args__ = (UniqueConstraint("member_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    item: Mapped[str] = mapped_column(String(40))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MockSale(Base):
    """A mock sale exercise as the manager recorded it; stage 3 passes with one passed."""

    __tablename__ = "onboarding_mock_sales"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    exercise: Mapped[str] = mapped_column(String(500))
    passed: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(String(1000))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
