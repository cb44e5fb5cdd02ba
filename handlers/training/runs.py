"""Quiz runs: start one (or a peer pair), put the questions one at a time in the rep's DM,
take each answer once, close at the last answer or the deadline, and announce the result
once every open answer has its score.

Every change to a run first locks the run's row, so the steps of one run happen one
after another even across replicas; each answer is also unique per question by
constraint, so a double click or a retried request never records two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import when
from handlers.core.errors import CommandError
from handlers.core.messages import Form, FormInvalid, Text
from handlers.core.parse import parse_id, parse_small
from handlers.training import bank, cards
from handlers.training.cards import Asked, ToGrade
from handlers.training.scoring import items_of, score
from storage.models import Member, Team
from storage.training import Answer, Question, QuizRun, RunQuestion, RunStatus

SWEEP_BATCH = 200


@dataclass(frozen=True)
class Plan:
    """Who answers, who scores, and which questions: checked before anything is written."""

    rep: Member
    questions: list[Question]
    grader: Member | None = None


def member_names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {i: n for i, n in s.execute(select(Member.id, Member.name).where(Member.id.in_(ids)))}


def managers_of(s: Session, team_id: int, but: int | None = None) -> list[Member]:
    """Who scores a quiz nobody was paired for: the team's managers, never the rep themself."""
    managers = s.scalars(
        select(Member)
        .where(Member.team_id == team_id, Member.is_manager.is_(True), Member.listed.is_(True))
        .order_by(Member.id)
    ).all()
    return [m for m in managers if m.id != but]


def scorer_name(svc: Services, s: Session, run: QuizRun) -> str:
    if run.grader_id is None:
        return svc.t("quiz.scorer.managers")
    return s.get_one(Member, run.grader_id).name


def asked_view(svc: Services, s: Session, run: QuizRun, rq: RunQuestion, intro: str = "") -> Asked:
    total = s.scalar(
        select(func.count()).select_from(RunQuestion).where(RunQuestion.run_id == run.id)
    )
    zone = svc.team_config(s.get_one(Team, run.team_id)).zone
    return Asked(
        run=run,
        rq=rq,
        question=s.get_one(Question, rq.question_id),
        total=total or 0,
        zone=zone,
        scorer=scorer_name(svc, s, run),
        intro=intro,
    )


def grading_view(s: Session, run: QuizRun, rq: RunQuestion, answer: Answer) -> ToGrade:
    total = s.scalar(
        select(func.count()).select_from(RunQuestion).where(RunQuestion.run_id == run.id)
    )
    return ToGrade(
        run=run,
        rq=rq,
        question=s.get_one(Question, rq.question_id),
        answer=answer,
        total=total or 0,
        rep_name=s.get_one(Member, run.rep_id).name,
    )


# -- starting ----------------------------------------------------------------------------


def check_count(svc: Services, s: Session, category: str | None, count: int | None) -> int:
    """The number of questions to ask; a specific refusal when the bank cannot supply them."""
    t = svc.t
    if category is not None and not category.strip():
        raise CommandError(t("quiz.start.empty_category"))
    have = bank.available(s, category)
    if have == 0:
        if category is None:
            raise CommandError(t("quiz.start.bank_empty"))
        listing = ", ".join(f"{name} ({n})" for name, n in bank.categories(s)) or "—"
        raise CommandError(t("quiz.start.no_category", category=category[:80], known=listing))
    if count is None:
        return min(svc.config.training.quiz_size, have)
    if count < 1:
        raise CommandError(t("quiz.start.count_too_small"))
    if count > have:
        where = t("quiz.start.in_category", category=category) if category else ""
        raise CommandError(t("quiz.start.count_too_big", count=count, have=have, where=where))
    return count


def check_rep(svc: Services, s: Session, rep: Member) -> None:
    t = svc.t
    if not rep.is_rep:
        raise CommandError(t("quiz.start.not_a_rep", name=rep.name))
    if svc.outbox.route(rep) is None:
        raise CommandError(t("quiz.start.unreachable", name=rep.name))
    running = s.scalar(
        select(QuizRun).where(QuizRun.rep_id == rep.id, QuizRun.status == RunStatus.OPEN)
    )
    if running is not None:
        zone = svc.team_config(s.get_one(Team, running.team_id)).zone
        raise CommandError(
            t(
                "quiz.start.busy",
                name=rep.name,
                run=running.id,
                due=when(running.deadline_at, zone),
            )
        )


def _create(
    svc: Services,
    s: Session,
    now: datetime,
    team_id: int,
    plan: Plan,
    origin: str,
    category: str | None,
    started_by: int | None,
) -> QuizRun:
    run = QuizRun(
        team_id=team_id,
        rep_id=plan.rep.id,
        grader_id=plan.grader.id if plan.grader else None,
        origin=origin,
        category=category,
        started_by=started_by,
        status=RunStatus.OPEN,
        created_at=now,
        deadline_at=now + svc.config.training.quiz_deadline,
    )
    s.add(run)
    s.flush()
    for seq, question in enumerate(plan.questions, 1):
        s.add(RunQuestion(run_id=run.id, seq=seq, question_id=question.id))
    s.flush()
    return run


def _intro(svc: Services, s: Session, run: QuizRun, total: int) -> str:
    t = svc.t
    if run.origin == "pair":
        return t("quiz.intro.pair", peer=scorer_name(svc, s, run), n=total)
    if run.origin == "onboarding":
        return t("quiz.intro.onboarding", n=total)
    starter = s.get_one(Member, run.started_by).name if run.started_by else "—"
    return t("quiz.intro.manager", by=starter, n=total)


def begin(
    svc: Services,
    s: Session,
    now: datetime,
    team_id: int,
    plan: Plan,
    origin: str,
    category: str | None = None,
    started_by: int | None = None,
) -> QuizRun:
    """Write the run and put its first question to the rep, in the caller's transaction."""
    run = _create(svc, s, now, team_id, plan, origin, category, started_by)
    first = s.scalar(select(RunQuestion).where(RunQuestion.run_id == run.id, RunQuestion.seq == 1))
    _ask(svc, s, run, first, now, _intro(svc, s, run, len(plan.questions)))
    return run


def start(
    svc: Services,
    actor: Actor,
    team_id: int,
    rep: Member,
    category: str | None,
    count: int | None,
) -> Text:
    """A manager starts a quiz for one rep; the team's managers score its open answers."""
    now = svc.clock.now()
    t = svc.t
    try:
        with svc.db.transaction() as s:
            check_rep(svc, s, rep)
            n = check_count(svc, s, category, count)
            plan = Plan(rep=rep, questions=bank.pick(s, rep.id, category, n))
            me = actor.member_of(team_id)
            run = begin(svc, s, now, team_id, plan, "manager", category, me.id if me else None)
            zone = svc.team_config(s.get_one(Team, team_id)).zone
            due = when(run.deadline_at, zone)
    except IntegrityError:  # another start for the same rep won the race
        return Text(text=t("quiz.start.busy_now", name=rep.name))
    svc.wake_delivery()
    return Text(text=t("quiz.start.started", run=run.id, name=rep.name, n=n, due=due))


def pair(
    svc: Services,
    actor: Actor,
    team_id: int,
    senior: Member,
    new: Member,
    category: str | None,
    count: int | None,
) -> Text:
    """Two reps quiz each other: each answers a set, and scores the other's open answers."""
    now = svc.clock.now()
    t = svc.t
    if senior.id == new.id:
        raise CommandError(t("quiz.pair.same", name=senior.name))
    try:
        with svc.db.transaction() as s:
            check_rep(svc, s, senior)
            check_rep(svc, s, new)
            n = check_count(svc, s, category, count)
            first = bank.pick(s, senior.id, category, n)
            second = bank.pick(s, new.id, category, n, avoid={q.id for q in first})
            me = actor.member_of(team_id)
            by = me.id if me else None
            a = begin(svc, s, now, team_id, Plan(senior, first, new), "pair", category, by)
            b = begin(svc, s, now, team_id, Plan(new, second, senior), "pair", category, by)
            a.partner_run_id, b.partner_run_id = b.id, a.id
            zone = svc.team_config(s.get_one(Team, team_id)).zone
            due = when(a.deadline_at, zone)
    except IntegrityError:
        return Text(text=t("quiz.pair.busy_now"))
    svc.wake_delivery()
    return Text(
        text=t(
            "quiz.pair.started",
            senior=senior.name,
            new=new.name,
            first=a.id,
            second=b.id,
            n=n,
            due=due,
        )
    )


# -- asking and answering ---------------------------------------------------------------


def _ask(
    svc: Services, s: Session, run: QuizRun, rq: RunQuestion, now: datetime, intro: str = ""
) -> None:
    rq.asked_at = now
    rq.nudge_at = now + svc.config.training.answer_reminder
    card = cards.question_card(svc.t, asked_view(svc, s, run, rq, intro), None)
    rep = s.get_one(Member, run.rep_id)
    svc.outbox.to_member(s, now, rep, card, card_key=cards.question_key(rq))


def _next_or_close(svc: Services, s: Session, run: QuizRun, now: datetime) -> None:
    following = s.scalar(
        select(RunQuestion)
        .where(RunQuestion.run_id == run.id, RunQuestion.asked_at.is_(None))
        .order_by(RunQuestion.seq)
        .limit(1)
    )
    if following is not None:
        _ask(svc, s, run, following, now)
    else:
        close(svc, s, run, now, "answered")


def _locked_question(
    svc: Services, s: Session, actor: Actor, rq_id: int | None, now: datetime
) -> tuple[QuizRun, RunQuestion] | Text:
    """The question and its run (row locked), if the actor may answer it now. A run past
    its deadline is closed here, so an answer a moment late is refused like any other."""
    t = svc.t
    rq = s.get(RunQuestion, rq_id) if rq_id is not None else None
    if rq is None or rq.asked_at is None:
        return Text(text=t("quiz.answer.unknown"))
    run = s.get_one(QuizRun, rq.run_id, with_for_update=True)
    if run.rep_id not in actor.member_ids:
        return Text(text=t("quiz.answer.not_yours", name=s.get_one(Member, run.rep_id).name))
    done = s.scalar(select(Answer).where(Answer.run_question_id == rq.id))
    if done is not None:
        return Text(text=t("quiz.answer.already"))
    if run.status == RunStatus.OPEN and run.deadline_at <= now:
        close(svc, s, run, now, "deadline")
    if run.status != RunStatus.OPEN:
        zone = svc.team_config(s.get_one(Team, run.team_id)).zone
        return Text(text=t("quiz.answer.closed", at=when(run.closed_at, zone)))
    return run, rq


def choose(svc: Services, actor: Actor, value: str) -> Text | None:
    """A multiple-choice button: recorded and scored at once, then the next question."""
    now = svc.clock.now()
    rq_text, _, choice_text = value.partition(":")
    choice = parse_small(choice_text, len(bank.LETTERS))
    try:
        with svc.db.transaction() as s:
            found = _locked_question(svc, s, actor, parse_id(rq_text), now)
            if isinstance(found, Text):
                return found
            run, rq = found
            question = s.get_one(Question, rq.question_id)
            if question.kind != "choice" or choice is None or choice >= len(question.choices or []):
                return Text(text=svc.t("quiz.answer.unknown"))
            answer = Answer(run_question_id=rq.id, run_id=run.id, choice=choice, answered_at=now)
            s.add(answer)
            rq.nudge_at = None
            s.flush()
            card = cards.question_card(svc.t, asked_view(svc, s, run, rq), answer)
            svc.outbox.update(s, now, cards.question_key(rq), card)
            _next_or_close(svc, s, run, now)
    except IntegrityError:
        return Text(text=svc.t("quiz.answer.already"))
    svc.wake_delivery()
    return None


def open_form(svc: Services, actor: Actor, value: str) -> Text | Form:
    """The Answer button of an open question: the text box to type the answer in."""
    with svc.db.transaction() as s:
        found = _locked_question(svc, s, actor, parse_id(value), svc.clock.now())
        if not isinstance(found, Text):
            run, rq = found
            return cards.answer_form(svc.t, asked_view(svc, s, run, rq))
    svc.wake_delivery()  # a question past its deadline was just closed: say so at once
    return found


def submit_answer(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text | None:
    """An open answer typed in: kept, sent to whoever scores it, and the next question asked."""
    t = svc.t
    text = answers.get("answer", "")
    if not text:
        raise FormInvalid({"answer": t("quiz.answer.empty")})
    if len(text) > cards.MAX_ANSWER:
        raise FormInvalid({"answer": t("input.too_long", max=cards.MAX_ANSWER)})
    now = svc.clock.now()
    try:
        with svc.db.transaction() as s:
            found = _locked_question(svc, s, actor, parse_id(value), now)
            if isinstance(found, Text):
                return found
            run, rq = found
            if s.get_one(Question, rq.question_id).kind != "open":
                return Text(text=t("quiz.answer.unknown"))
            answer = Answer(
                run_question_id=rq.id,
                run_id=run.id,
                text=text,
                answered_at=now,
                grade_nudge_at=now + svc.config.training.grade_reminder,
            )
            s.add(answer)
            rq.nudge_at = None
            s.flush()
            card = cards.question_card(t, asked_view(svc, s, run, rq), answer)
            svc.outbox.update(s, now, cards.question_key(rq), card)
            _send_for_grading(svc, s, run, rq, answer, now)
            _next_or_close(svc, s, run, now)
    except IntegrityError:
        return Text(text=t("quiz.answer.already"))
    svc.wake_delivery()
    return None


def typed_answer(svc: Services, actor: Actor, text: str) -> Text | None:
    """A message typed in chat while an open question waits for this rep is its answer
    (None when nothing waits), so a rep can answer without pressing Answer first."""
    with svc.db.reading() as s:
        rq_id = s.scalar(
            select(RunQuestion.id)
            .join(QuizRun, QuizRun.id == RunQuestion.run_id)
            .join(Question, Question.id == RunQuestion.question_id)
            .outerjoin(Answer, Answer.run_question_id == RunQuestion.id)
            .where(
                QuizRun.rep_id.in_(actor.member_ids),
                QuizRun.status == RunStatus.OPEN,
                RunQuestion.asked_at.is_not(None),
                Question.kind == "open",
                Answer.id.is_(None),
            )
            .order_by(RunQuestion.asked_at.desc())
            .limit(1)
        )
    if rq_id is None:
        return None
    try:
        return submit_answer(svc, actor, str(rq_id), {"answer": text.strip()}) or Text(
            text=svc.t("form.received")
        )
    except FormInvalid as exc:
        return Text(text="\n".join(exc.errors.values()))


def graders_of(s: Session, run: QuizRun) -> list[Member]:
    if run.grader_id is not None:
        return [s.get_one(Member, run.grader_id)]
    return managers_of(s, run.team_id, but=run.rep_id)


def _send_for_grading(
    svc: Services, s: Session, run: QuizRun, rq: RunQuestion, answer: Answer, now: datetime
) -> None:
    card = cards.grading_card(svc.t, grading_view(s, run, rq, answer))
    for grader in graders_of(s, run):
        svc.outbox.to_member(s, now, grader, card, card_key=cards.grading_key(answer))


# -- closing and the result ---------------------------------------------------------------


def close(svc: Services, s: Session, run: QuizRun, now: datetime, reason: str) -> bool:
    """Close an open run (all answered, or its deadline passed); False if it was not open."""
    won = s.execute(
        update(QuizRun)
        .where(QuizRun.id == run.id, QuizRun.status == RunStatus.OPEN)
        .values(status=RunStatus.CLOSED, close_reason=reason, closed_at=now)
        .returning(QuizRun.id)
    ).first()
    if won is None:
        return False
    s.refresh(run)
    s.execute(update(RunQuestion).where(RunQuestion.run_id == run.id).values(nudge_at=None))
    items = items_of(s, [run.id])[run.id]
    rep = s.get_one(Member, run.rep_id)
    if reason == "deadline":
        for item in items:
            if item.answer is None and item.run_question.asked_at is not None:
                card = cards.question_card(svc.t, asked_view(svc, s, run, item.run_question), None)
                svc.outbox.update(s, now, cards.question_key(item.run_question), card)
        answered = sum(i.answer is not None for i in items)
        note = svc.t("quiz.closed.deadline", run=run.id, answered=answered, total=len(items))
        svc.outbox.to_member(s, now, rep, Text(text=note))
    elif any(i.pending for i in items):
        note = svc.t("quiz.closed.waiting", run=run.id, scorer=scorer_name(svc, s, run))
        svc.outbox.to_member(s, now, rep, Text(text=note))
    complete_if_scored(svc, s, run, now)
    return True


def complete_if_scored(svc: Services, s: Session, run: QuizRun, now: datetime) -> None:
    """Once a closed run has every score, tell the rep and the managers, exactly once."""
    if run.status != RunStatus.CLOSED:
        return
    items = items_of(s, [run.id])[run.id]
    if any(i.pending for i in items):
        return
    won = s.execute(
        update(QuizRun)
        .where(QuizRun.id == run.id, QuizRun.completed_at.is_(None))
        .values(completed_at=now)
        .returning(QuizRun.id)
    ).first()
    if won is None:
        return
    t = svc.t
    mark = svc.config.training.pass_mark
    result = score(items)
    graders = member_names(s, {i.grade.grader_id for i in items if i.grade is not None})
    rep = s.get_one(Member, run.rep_id)
    svc.outbox.to_member(s, now, rep, cards.result_card(t, run, result, items, graders, mark))
    team = s.get_one(Team, run.team_id)
    line = t(
        "quiz.done.line",
        name=rep.name,
        run=run.id,
        score=cards.score_line(t, result, mark, complete=True),
    )
    svc.outbox.to_team(s, now, team.name, "manager", Text(text=line))


def close_overdue(svc: Services, limit: int = SWEEP_BATCH) -> int:
    """Close every run past its deadline with what was answered; one transaction each."""
    now = svc.clock.now()
    done = 0
    while done < limit:
        with svc.db.transaction() as s:
            query = (
                select(QuizRun)
                .where(QuizRun.status == RunStatus.OPEN, QuizRun.deadline_at <= now)
                .order_by(QuizRun.deadline_at, QuizRun.id)
                .limit(1)
            )
            if svc.db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            run = s.scalar(query)
            if run is None:
                break
            close(svc, s, run, now, "deadline")
        done += 1
    if done:
        svc.wake_delivery()
    return done
