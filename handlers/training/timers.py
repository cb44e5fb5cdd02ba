"""Training timers, all kept as rows: reminders for unanswered questions and unscored
answers, quiz deadlines, and the onboarding steps that fall due.

A reminder moves its row's next-reminder time forward with a conditional UPDATE, so
every replica may sweep and each reminder still goes out once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from handlers.core.context import Services
from handlers.core.display import when
from handlers.core.messages import Text
from handlers.training import onboarding, runs
from storage.models import Member
from storage.training import Answer, QuizRun, RunQuestion

log = logging.getLogger(__name__)

BATCH = 200


def _due(svc: Services, query: Select[Any]) -> Select[Any]:
    """A batch of due rows; on PostgreSQL rows another replica holds are passed by."""
    query = query.limit(BATCH)
    if svc.db.is_postgres:
        query = query.with_for_update(skip_locked=True)
    return query


def _remind(
    svc: Services,
    column: InstrumentedAttribute[datetime | None],
    every: timedelta,
    remind: Callable[[Session, Any, datetime], None],
) -> int:
    """Send each reminder whose time in `column` has come, once: a conditional UPDATE moves
    the time on by `every`, and only the sweep whose UPDATE wins calls `remind(s, row, now)`."""
    model = column.class_
    now = svc.clock.now()
    sent = 0
    with svc.db.transaction() as s:
        due = s.scalars(_due(svc, select(model).where(column <= now).order_by(model.id))).all()
        for row in due:
            moved = s.execute(
                update(model)
                .where(model.id == row.id, column == getattr(row, column.key))
                .values({column.key: now + every})
                .returning(model.id)
            ).first()
            if moved is None:
                continue
            remind(s, row, now)
            sent += 1
    return sent


def nudge_unanswered(svc: Services) -> int:
    """Remind each rep whose current question has waited `answer_reminder`."""

    def remind(s: Session, rq: RunQuestion, now: datetime) -> None:
        run = s.get_one(QuizRun, rq.run_id)
        asked = runs.asked_view(svc, s, run, rq)
        note = svc.t(
            "quiz.nudge.answer",
            run=run.id,
            n=rq.seq,
            total=asked.total,
            due=when(run.deadline_at, asked.zone),
        )
        svc.outbox.to_member(s, now, s.get_one(Member, run.rep_id), Text(text=note))

    return _remind(svc, RunQuestion.nudge_at, svc.config.training.answer_reminder, remind)


def nudge_unscored(svc: Services) -> int:
    """Remind whoever scores an open answer that has waited `grade_reminder`."""

    def remind(s: Session, answer: Answer, now: datetime) -> None:
        run = s.get_one(QuizRun, answer.run_id)
        rq = s.get_one(RunQuestion, answer.run_question_id)
        note = svc.t(
            "quiz.nudge.grade",
            name=s.get_one(Member, run.rep_id).name,
            run=run.id,
            n=rq.seq,
            id=answer.id,
        )
        for grader in runs.graders_of(s, run):
            svc.outbox.to_member(s, now, grader, Text(text=note))

    return _remind(svc, Answer.grade_nudge_at, svc.config.training.grade_reminder, remind)


def sweep(svc: Services) -> None:
    """One tick of every training timer; a failing step does not stop the others."""
    for step in (
        runs.close_overdue,
        nudge_unanswered,
        nudge_unscored,
        onboarding.welcome_due,
        onboarding.first_quiz_due,
    ):
        try:
            step(svc)
        except Exception:
            log.exception("training timer %s failed; the next tick tries again", step.__name__)
    svc.wake_delivery()
