"""Scoring open answers: a peer (or a manager) picks 0-5 and may add a comment.

A grade is a row that is never changed. The first grade of an answer is revision 1,
unique per answer, so a double click or a retried submission cannot record a second.
A manager's change is the next revision: the history keeps every score, who gave it
and when, and the current score is always the latest revision.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.messages import Form, FormInvalid, Text
from handlers.core.parse import parse_id, parse_small
from handlers.training import cards, runs
from handlers.training.scoring import MAX_GRADE, latest_grades
from storage.models import Member
from storage.training import Answer, Grade, QuizRun, RunQuestion


def parse_score(text: str) -> int | None:
    return parse_small(text, MAX_GRADE + 1)


def _locked_answer(
    svc: Services, s: Session, actor: Actor, answer_id: int | None
) -> tuple[QuizRun, Answer, Member] | Text:
    """The answer and its run (row locked), if the actor may score it: the peer named for
    the quiz or a manager of the team, and never the one who wrote the answer."""
    t = svc.t
    answer = s.get(Answer, answer_id) if answer_id is not None else None
    if answer is None or answer.text is None:
        return Text(text=t("quiz.grade.unknown", id=answer_id if answer_id is not None else "?"))
    run = s.get_one(QuizRun, answer.run_id, with_for_update=True)
    if run.rep_id in actor.member_ids:
        return Text(text=t("quiz.grade.own"))
    me = actor.member_of(run.team_id)
    allowed = me is not None and (me.id == run.grader_id or actor.is_manager(run.team_id))
    if me is None or not allowed:
        return Text(text=t("quiz.grade.not_yours", scorer=runs.scorer_name(svc, s, run)))
    return run, answer, me


def _already(svc: Services, s: Session, grade: Grade) -> Text:
    name = s.get_one(Member, grade.grader_id).name
    return Text(
        text=svc.t(
            "quiz.grade.already",
            score=grade.score,
            max=MAX_GRADE,
            name=name,
            id=grade.answer_id,
        )
    )


def click(svc: Services, actor: Actor, value: str) -> Text | Form:
    """A score button: ask for the optional comment; the score is recorded on submit."""
    answer_text, _, score_text = value.partition(":")
    score = parse_score(score_text)
    with svc.db.transaction() as s:
        found = _locked_answer(svc, s, actor, parse_id(answer_text))
        if isinstance(found, Text):
            return found
        _, answer, _ = found
        if score is None:
            return Text(text=svc.t("quiz.grade.bad_score", max=MAX_GRADE))
        current = latest_grades(s, [answer.id]).get(answer.id)
        if current is not None:
            return _already(svc, s, current)
    return cards.grade_form(svc.t, answer.id, score)


def submit(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text | None:
    """The score and its comment, from the form a score button opened."""
    comment = answers.get("comment") or None
    if comment is not None and len(comment) > cards.MAX_COMMENT:
        raise FormInvalid({"comment": svc.t("input.too_long", max=cards.MAX_COMMENT)})
    answer_text, _, score_text = value.partition(":")
    score = parse_score(score_text)
    if score is None:
        return Text(text=svc.t("quiz.grade.bad_score", max=MAX_GRADE))
    return save_grade(svc, actor, parse_id(answer_text), score, comment, change=False)


def save_grade(
    svc: Services,
    actor: Actor,
    answer_id: int | None,
    score: int,
    comment: str | None,
    *,
    change: bool,
) -> Text | None:
    """Write a grade. Without `change` only a first grade is taken; with it (managers only)
    a new revision replaces the current score and the rep is told."""
    t = svc.t
    now = svc.clock.now()
    try:
        with svc.db.transaction() as s:
            found = _locked_answer(svc, s, actor, answer_id)
            if isinstance(found, Text):
                return found
            run, answer, me = found
            current = latest_grades(s, [answer.id]).get(answer.id)
            if current is not None and not change:
                return _already(svc, s, current)
            if change and not actor.is_manager(run.team_id):
                return Text(text=t("quiz.grade.managers_change"))
            if current is not None and (current.score, current.comment) == (score, comment):
                return Text(text=t("quiz.grade.same", id=answer.id, score=score, max=MAX_GRADE))
            grade = Grade(
                answer_id=answer.id,
                revision=current.revision + 1 if current else 1,
                score=score,
                comment=comment,
                grader_id=me.id,
                graded_at=now,
            )
            s.add(grade)
            answer.grade_nudge_at = None
            s.flush()
            rq = s.get_one(RunQuestion, answer.run_question_id)
            view = runs.grading_view(s, run, rq, answer)
            card = cards.grading_card(t, view, grade, me.name)
            svc.outbox.update(s, now, cards.grading_key(answer), card)
            if current is not None:
                rep = s.get_one(Member, run.rep_id)
                note = t(
                    "quiz.grade.changed_note",
                    name=me.name,
                    id=answer.id,
                    run=run.id,
                    n=rq.seq,
                    old=current.score,
                    new=score,
                    max=MAX_GRADE,
                )
                svc.outbox.to_member(s, now, rep, Text(text=note))
            runs.complete_if_scored(svc, s, run, now)
    except IntegrityError:  # a second click or retry lost the race for this revision
        return Text(text=t("quiz.grade.raced"))
    svc.wake_delivery()
    if not change:
        return None
    key = "quiz.grade.changed" if current is not None else "quiz.grade.recorded"
    old = current.score if current is not None else 0
    return Text(text=t(key, id=answer.id, old=old, score=score, max=MAX_GRADE))
