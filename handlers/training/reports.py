"""What managers read about quizzes: a rep's attempts answer by answer, who is waiting on
whom, and what the question bank holds. Every score is computed here from the rows."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.display import duration, when
from handlers.core.messages import Text
from handlers.core.text import clip
from handlers.training import bank, runs
from handlers.training.cards import item_line, score_line
from handlers.training.scoring import MAX_GRADE, items_of, score
from storage.models import Member, Team
from storage.training import Answer, Grade, Question, QuizRun, RunQuestion, RunStatus

MAX_RUNS = 10


def report(svc: Services, rep: Member) -> list[Text]:
    """The rep's latest attempts, newest first: each question, answer, score and grader."""
    t = svc.t
    mark = svc.config.training.pass_mark
    with svc.db.snapshot() as s:
        zone = svc.team_config(s.get_one(Team, rep.team_id)).zone
        quizzes = s.scalars(
            select(QuizRun)
            .where(QuizRun.rep_id == rep.id)
            .order_by(QuizRun.id.desc())
            .limit(MAX_RUNS)
        ).all()
        if not quizzes:
            return [Text(text=t("quiz.report.none", name=rep.name))]
        items = items_of(s, [r.id for r in quizzes])
        history = _changes(s, [i.answer.id for r in quizzes for i in items[r.id] if i.answer])
        people = {r.started_by for r in quizzes} | {r.grader_id for r in quizzes}
        people |= {g.grader_id for grades in history.values() for g in grades}
        people |= {i.grade.grader_id for r in quizzes for i in items[r.id] if i.grade}
        names = runs.member_names(s, {p for p in people if p is not None})
    out = [Text(text=t("quiz.report.title", name=rep.name, n=len(quizzes)))]
    for run in quizzes:
        run_items = items[run.id]
        how = t(
            f"quiz.report.origin.{run.origin}",
            by=names.get(run.started_by or 0, "—"),
            partner=run.partner_run_id,
        )
        if run.grader_id is not None:
            how += " · " + t("quiz.report.scored_by", name=names.get(run.grader_id, "?"))
        if run.status == RunStatus.OPEN:
            state = t("quiz.report.open", due=when(run.deadline_at, zone))
        else:
            state = t(f"quiz.report.closed.{run.close_reason}", at=when(run.closed_at, zone))
        lines = [
            t("quiz.report.run", run=run.id, at=when(run.created_at, zone), how=how, state=state),
            score_line(t, score(run_items), mark, complete=run.completed_at is not None),
        ]
        for item in run_items:
            lines.append(item_line(t, item, names))
            for old in history.get(item.answer.id if item.answer else 0, [])[:-1]:
                earlier = t(
                    "quiz.report.earlier",
                    score=old.score,
                    max=MAX_GRADE,
                    name=names.get(old.grader_id, "?"),
                    at=when(old.graded_at, zone),
                )
                if old.comment:
                    earlier += " " + t("quiz.r.comment", text=clip(old.comment, 200))
                lines.append("   " + earlier)
        out.append(Text(text="\n".join(lines)))
    return out


def _changes(s: Session, answer_ids: list[int]) -> dict[int, list[Grade]]:
    """Every grade of each answer, oldest first: the last is the current one."""
    if not answer_ids:
        return {}
    out: dict[int, list[Grade]] = {}
    for grade in s.scalars(
        select(Grade).where(Grade.answer_id.in_(answer_ids)).order_by(Grade.revision)
    ):
        out.setdefault(grade.answer_id, []).append(grade)
    return out


def waiting(svc: Services, team_id: int) -> Text:
    """Who owes what: reps owing an answer, graders owing a score, and for how long."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.snapshot() as s:
        zone = svc.team_config(s.get_one(Team, team_id)).zone
        questions = s.execute(
            select(RunQuestion, QuizRun, Member.name)
            .join(QuizRun, QuizRun.id == RunQuestion.run_id)
            .join(Member, Member.id == QuizRun.rep_id)
            .outerjoin(Answer, Answer.run_question_id == RunQuestion.id)
            .where(
                QuizRun.team_id == team_id,
                QuizRun.status == RunStatus.OPEN,
                RunQuestion.asked_at.is_not(None),
                Answer.id.is_(None),
            )
            .order_by(RunQuestion.asked_at)
        ).all()
        answers = s.execute(
            select(Answer, QuizRun, RunQuestion)
            .join(QuizRun, QuizRun.id == Answer.run_id)
            .join(RunQuestion, RunQuestion.id == Answer.run_question_id)
            .join(Question, Question.id == RunQuestion.question_id)
            .where(
                QuizRun.team_id == team_id,
                Question.kind == "open",
                ~exists().where(Grade.answer_id == Answer.id),
            )
            .order_by(Answer.answered_at)
        ).all()
        people = runs.member_names(
            s,
            {r.rep_id for _, r, _ in answers} | {r.grader_id for _, r, _ in answers if r.grader_id},
        )
    lines = [t("quiz.waiting.header")]
    for rq, run, name in questions:
        lines.append(
            t(
                "quiz.waiting.answer",
                name=name,
                run=run.id,
                n=rq.seq,
                since=duration(t, now - rq.asked_at),
                due=when(run.deadline_at, zone),
            )
        )
    for answer, run, rq in answers:
        scorer = people.get(run.grader_id, "?") if run.grader_id else t("quiz.scorer.managers")
        lines.append(
            t(
                "quiz.waiting.score",
                scorer=scorer,
                name=people.get(run.rep_id, "?"),
                run=run.id,
                n=rq.seq,
                id=answer.id,
                since=duration(t, now - answer.answered_at),
            )
        )
    if len(lines) == 1:
        return Text(text=t("quiz.waiting.none"))
    return Text(text="\n".join(lines))


def bank_contents(svc: Services) -> Text:
    """The categories of the question bank and how many questions each has."""
    t = svc.t
    with svc.db.reading() as s:
        found = bank.categories(s)
    if not found:
        return Text(text=t("quiz.start.bank_empty"))
    lines = [t("quiz.bank.header", n=sum(n for _, n in found))]
    lines += [t("quiz.bank.row", category=name, n=n) for name, n in found]
    return Text(text="\n".join(lines))
