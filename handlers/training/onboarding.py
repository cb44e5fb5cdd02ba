"""Onboarding in three stages, from each rep's start date in config:
(1) knowledge: a checklist of documents, each confirmed with a button;
(2) quizzes: passed once a quiz reaches the pass mark;
(3) mock sale: the manager records the exercise and its outcome.

Where a rep stands is computed from rows (ticks, scored quizzes, mock sales) every
time it is asked, so it can never disagree with the record. The welcome and the
first quiz are timers kept as columns of the rep's onboarding row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import number, when
from handlers.core.i18n import Translator
from handlers.core.messages import (
    MAX_BUTTONS,
    Button,
    Card,
    CardField,
    Form,
    FormInvalid,
    Input,
    Text,
)
from handlers.core.parse import parse_id
from handlers.core.settings import ChecklistItem
from handlers.core.text import clip
from handlers.training import bank, runs
from handlers.training.scoring import items_of, score
from storage.models import Member, Team
from storage.training import ChecklistTick, MockSale, Onboarding, QuizRun

# A start date means the rep's first morning: the welcome goes out then, not at midnight.
WORKDAY_STARTS = time(9, 0)
TICK, MOCK_FORM = "onboard_tick", "onboard_mock"
STAGES = ("knowledge", "quizzes", "mock")
MAX_EXERCISE, MAX_NOTES = 500, 1000


def sync(svc: Services, session: Session) -> None:
    """Give each rep with a start date in config an onboarding row; keep the date current."""
    for team_cfg in svc.config.teams:
        team = session.scalar(select(Team).where(Team.name == team_cfg.name))
        if team is None:
            continue
        members = {
            m.name.casefold(): m
            for m in session.scalars(select(Member).where(Member.team_id == team.id))
        }
        dates = {rep.name.casefold(): rep.start_date for rep in team_cfg.reps}
        rows = {
            row.member_id: row
            for row in session.scalars(
                select(Onboarding).where(Onboarding.member_id.in_([m.id for m in members.values()]))
            )
        }
        for key, member in members.items():
            start = dates.get(key) if member.is_rep else None
            row = rows.get(member.id)
            if row is not None:
                row.start_date = start
            elif start is not None:
                session.add(Onboarding(member_id=member.id, start_date=start, first_quiz="waiting"))


def starts_at(start: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(start, WORKDAY_STARTS, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Progress:
    """Where one rep stands; every date is derived from the rows that prove it."""

    member: Member
    zone: ZoneInfo
    start: datetime
    items: list[ChecklistItem]
    ticked: dict[str, datetime]
    first_quiz_at: datetime
    first_quiz: str
    quizzes: int
    best: Fraction | None
    quiz_passed_at: datetime | None
    mock: MockSale | None
    mock_passed_at: datetime | None

    @property
    def knowledge_at(self) -> datetime | None:
        if any(item.id not in self.ticked for item in self.items):
            return None
        return max((self.ticked[item.id] for item in self.items), default=self.start)

    @property
    def done_at(self) -> tuple[datetime | None, datetime | None, datetime | None]:
        return self.knowledge_at, self.quiz_passed_at, self.mock_passed_at

    @property
    def stage(self) -> int:
        """The first stage not yet done (1-3), or 4 when all three are."""
        return next((n for n, at in enumerate(self.done_at, 1) if at is None), 4)

    @property
    def stage_since(self) -> datetime:
        """When the current stage began: the start, or when the stages before it were done."""
        earlier = [at for at in self.done_at[: self.stage - 1] if at is not None]
        return max([self.start, *earlier])

    def advanced(self, since: datetime, until: datetime) -> list[int]:
        return [n for n, at in enumerate(self.done_at, 1) if at is not None and since < at <= until]


def progress(svc: Services, s: Session, member: Member) -> Progress | None:
    """The rep's progress, or None when they have no start date in config."""
    row = s.scalar(select(Onboarding).where(Onboarding.member_id == member.id))
    if row is None or row.start_date is None:
        return None
    training = svc.config.training
    zone = svc.team_config(s.get_one(Team, member.team_id)).zone
    start = starts_at(row.start_date, zone)
    ticked = {
        tick.item: tick.confirmed_at
        for tick in s.scalars(select(ChecklistTick).where(ChecklistTick.member_id == member.id))
    }
    quizzes = s.scalars(
        select(QuizRun)
        .where(QuizRun.rep_id == member.id, QuizRun.completed_at.is_not(None))
        .order_by(QuizRun.completed_at)
    ).all()
    items = items_of(s, [r.id for r in quizzes])
    scores = {r.id: score(items[r.id]) for r in quizzes}
    passed = [r.completed_at for r in quizzes if scores[r.id].reaches(training.pass_mark)]
    mocks = s.scalars(
        select(MockSale).where(MockSale.member_id == member.id).order_by(MockSale.id)
    ).all()
    return Progress(
        member=member,
        zone=zone,
        start=start,
        items=list(training.checklist),
        ticked=ticked,
        first_quiz_at=start + training.first_quiz_after,
        first_quiz=row.first_quiz,
        quizzes=len(quizzes),
        best=max((sc.percent for sc in scores.values()), default=None),
        quiz_passed_at=passed[0] if passed else None,
        mock=mocks[-1] if mocks else None,
        mock_passed_at=next((m.recorded_at for m in mocks if m.passed), None),
    )


def day(p: Progress) -> str:
    return p.start.astimezone(p.zone).date().isoformat()


def stage_name(t: Translator, stage: int) -> str:
    return t("onboard.stage.done") if stage > 3 else t(f"onboard.stage.{STAGES[stage - 1]}")


def describe(t: Translator, p: Progress, now: datetime, pass_mark: int) -> str:
    """The whole progress of one rep, stage by stage, as a manager reads it."""
    days = (now - p.start).days + 1
    lines = [t("onboard.show.title", name=p.member.name, start=day(p), days=max(days, 0))]
    todo = [item.title for item in p.items if item.id not in p.ticked]
    if p.knowledge_at is not None:
        stage1 = t("onboard.show.knowledge_done", at=when(p.knowledge_at, p.zone))
    else:
        stage1 = t(
            "onboard.show.knowledge_todo",
            done=len(p.items) - len(todo),
            total=len(p.items),
            todo="; ".join(todo),
        )
    if p.quiz_passed_at is not None:
        stage2 = t("onboard.show.quiz_passed", at=when(p.quiz_passed_at, p.zone), mark=pass_mark)
    elif p.best is not None:
        stage2 = t("onboard.show.quiz_best", best=number(p.best), n=p.quizzes, mark=pass_mark)
    elif p.first_quiz == "waiting":
        stage2 = t("onboard.show.quiz_scheduled", at=when(p.first_quiz_at, p.zone))
    else:
        stage2 = t("onboard.show.quiz_none", mark=pass_mark)
    if p.mock is None:
        stage3 = t("onboard.show.mock_none")
    else:
        outcome = t("onboard.mock.passed" if p.mock.passed else "onboard.mock.failed")
        stage3 = t(
            "onboard.show.mock",
            outcome=outcome,
            at=when(p.mock.recorded_at, p.zone),
            exercise=clip(p.mock.exercise, 200),
        )
        if p.mock.notes:
            stage3 += " — " + clip(p.mock.notes, 200)
    lines += [
        f"1. {t('onboard.stage.knowledge')}: {stage1}",
        f"2. {t('onboard.stage.quizzes')}: {stage2}",
        f"3. {t('onboard.stage.mock')}: {stage3}",
        t("onboard.show.now", stage=stage_name(t, p.stage)),
    ]
    return "\n".join(lines)


def summary_line(t: Translator, p: Progress, now: datetime) -> str:
    if p.start > now:
        return t("onboard.overview.upcoming", name=p.member.name, start=day(p))
    since = when(p.stage_since, p.zone)
    if p.stage > 3:
        return t("onboard.overview.done", name=p.member.name, since=since)
    return t(
        "onboard.overview.row",
        name=p.member.name,
        stage=p.stage,
        what=stage_name(t, p.stage),
        since=since,
    )


# -- stage 1: the checklist ---------------------------------------------------------------


def card_key(member: Member) -> str:
    return f"onboard:{member.id}"


def checklist_card(t: Translator, p: Progress, intro: str = "") -> Card:
    """The knowledge checklist with a Done button per document not yet confirmed."""
    fields = []
    for n, item in enumerate(p.items, 1):
        state = t("onboard.card.confirmed") if item.id in p.ticked else t("onboard.card.to_read")
        value = f"{item.link} · {state}" if item.link else state
        fields.append(CardField(label=f"{n}. {item.title}", value=value))
    # The next few unread documents get a Done button each; ticking one brings the next.
    buttons = tuple(
        Button(
            label=t("onboard.card.button", title=clip(item.title, 40)),
            action=TICK,
            value=f"{p.member.id}:{item.id}",
        )
        for item in p.items
        if item.id not in p.ticked
    )[:MAX_BUTTONS]
    done = p.knowledge_at is not None
    text = t("onboard.card.all_done") if done else t("onboard.card.text")
    return Card(
        title=t("onboard.card.title", name=p.member.name),
        fields=tuple(fields),
        text="\n\n".join(x for x in (intro, text) if x),
        buttons=buttons,
        footer=t("onboard.card.footer", at=when(p.first_quiz_at, p.zone))
        if p.first_quiz == "waiting"
        else "",
        status=t("onboard.card.state_done") if done else "",
    )


def send_checklist(svc: Services, s: Session, p: Progress, now: datetime, intro: str = "") -> None:
    svc.outbox.to_member(
        s, now, p.member, checklist_card(svc.t, p, intro), card_key=card_key(p.member)
    )


def tick(svc: Services, actor: Actor, value: str) -> Text | None:
    """A Done button: the item is confirmed once, however often it is clicked."""
    t = svc.t
    now = svc.clock.now()
    member_text, _, item_id = value.partition(":")
    with svc.db.transaction() as s:
        member_id = parse_id(member_text)
        member = s.get(Member, member_id) if member_id is not None else None
        if member is None:
            return Text(text=t("onboard.tick.unknown"))
        if member.id not in actor.member_ids:
            return Text(text=t("onboard.tick.not_yours", name=member.name))
        item = next((i for i in svc.config.training.checklist if i.id == item_id), None)
        if item is None:
            return Text(text=t("onboard.tick.unknown"))
        dialect = postgresql if svc.db.is_postgres else sqlite
        added = s.execute(
            dialect.insert(ChecklistTick)
            .values(member_id=member.id, item=item.id, confirmed_at=now)
            .on_conflict_do_nothing(index_elements=["member_id", "item"])
            .returning(ChecklistTick.id)
        ).first()
        if added is None:
            return Text(text=t("onboard.tick.already", title=item.title))
        p = progress(svc, s, member)
        if p is not None:
            svc.outbox.update(s, now, card_key(member), checklist_card(t, p))
    svc.wake_delivery()
    return None


# -- the timers: welcome on the first morning, the first quiz a while later ------------


def _candidates(s: Session, *where: object) -> list[tuple[int, date, int]]:
    rows = s.execute(
        select(Onboarding.id, Onboarding.start_date, Member.team_id)
        .join(Member, Member.id == Onboarding.member_id)
        .where(
            Onboarding.start_date.is_not(None),
            Member.listed.is_(True),
            Member.is_rep.is_(True),
            *where,
        )
    ).all()
    return [(row_id, start, team_id) for row_id, start, team_id in rows]


def _zones(svc: Services, s: Session) -> dict[int, ZoneInfo]:
    return {
        team.id: cfg.zone
        for team in s.scalars(select(Team))
        if (cfg := svc.config.team(team.name)) is not None
    }


def welcome_due(svc: Services) -> int:
    """On a rep's first morning: the welcome and the knowledge checklist, once."""
    now = svc.clock.now()
    sent = 0
    with svc.db.transaction() as s:
        zones = _zones(svc, s)
        due = [
            row_id
            for row_id, start, team_id in _candidates(s, Onboarding.welcomed_at.is_(None))
            if team_id in zones and starts_at(start, zones[team_id]) <= now
        ]
        for row_id in due:
            won = s.execute(
                update(Onboarding)
                .where(Onboarding.id == row_id, Onboarding.welcomed_at.is_(None))
                .values(welcomed_at=now)
                .returning(Onboarding.member_id)
            ).first()
            if won is None:
                continue
            p = progress(svc, s, s.get_one(Member, won.member_id))
            if p is not None:
                intro = svc.t(
                    "onboard.welcome", name=p.member.name, at=when(p.first_quiz_at, p.zone)
                )
                send_checklist(svc, s, p, now, intro)
                sent += 1
    return sent


def first_quiz_due(svc: Services) -> int:
    """`first_quiz_after` the start date: the rep's first quiz, started once by the bot."""
    now = svc.clock.now()
    after = svc.config.training.first_quiz_after
    with svc.db.reading() as s:
        zones = _zones(svc, s)
        due = [
            row_id
            for row_id, start, team_id in _candidates(s, Onboarding.first_quiz == "waiting")
            if team_id in zones and starts_at(start, zones[team_id]) + after <= now
        ]
    for row_id in due:
        with svc.db.transaction() as s:
            won = s.execute(
                update(Onboarding)
                .where(Onboarding.id == row_id, Onboarding.first_quiz == "waiting")
                .values(first_quiz="started")
                .returning(Onboarding.member_id)
            ).first()
            if won is not None:
                row = s.get_one(Onboarding, row_id)
                row.first_quiz = _first_quiz(svc, s, s.get_one(Member, won.member_id), now)
    return len(due)


def _first_quiz(svc: Services, s: Session, rep: Member, now: datetime) -> str:
    """Start the first quiz; returns the row's new state (started, skipped, failed)."""
    t = svc.t
    team = s.get_one(Team, rep.team_id)
    if s.scalar(select(QuizRun.id).where(QuizRun.rep_id == rep.id).limit(1)) is not None:
        return "skipped"  # a manager already quizzed them
    category = svc.config.training.first_quiz_category
    have = bank.available(s, category)
    problem = None
    if have == 0:
        problem = t("onboard.first_quiz.no_questions", name=rep.name, category=category or "—")
    elif svc.outbox.route(rep) is None:
        problem = t("quiz.start.unreachable", name=rep.name)
    if problem is not None:
        svc.outbox.to_team(s, now, team.name, "manager", Text(text=problem))
        return "failed"
    count = min(svc.config.training.quiz_size, have)
    plan = runs.Plan(rep=rep, questions=bank.pick(s, rep.id, category, count))
    run = runs.begin(svc, s, now, team.id, plan, "onboarding", category)
    line = t("onboard.first_quiz.started", name=rep.name, run=run.id, n=count)
    svc.outbox.to_team(s, now, team.name, "manager", Text(text=line))
    return "started"


# -- stage 3: the mock sale ---------------------------------------------------------------


def mock_form(t: Translator, rep: Member) -> Form:
    return Form(
        title=t("onboard.mock.form_title"),
        text=t("onboard.mock.form_text", name=rep.name),
        inputs=(
            Input(name="exercise", label=t("onboard.mock.exercise"), max_length=MAX_EXERCISE),
            Input(
                name="outcome",
                label=t("onboard.mock.outcome"),
                choices=(t("onboard.mock.passed"), t("onboard.mock.failed")),
            ),
            Input(
                name="notes",
                label=t("onboard.mock.notes"),
                multiline=True,
                required=False,
                max_length=MAX_NOTES,
            ),
        ),
        submit=t("onboard.mock.submit"),
        action=MOCK_FORM,
        value=str(rep.id),
    )


def record_mock(
    svc: Services, actor: Actor, rep: Member, passed: bool, exercise: str, notes: str | None
) -> Text:
    """Keep a mock sale and its outcome; the rep is told, stage 3 passes with a passed one."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        manager = actor.member_of(rep.team_id)
        if manager is None or not actor.is_manager(rep.team_id):
            return Text(text=t("command.managers_only", command="/onboard mock"))
        row = s.scalar(select(Onboarding).where(Onboarding.member_id == rep.id))
        if row is None or row.start_date is None:
            return Text(text=t("onboard.not_onboarding", name=rep.name))
        s.add(
            MockSale(
                member_id=rep.id,
                exercise=exercise,
                passed=passed,
                notes=notes,
                recorded_by=manager.id,
                recorded_at=now,
            )
        )
        outcome = t("onboard.mock.passed" if passed else "onboard.mock.failed")
        note = t("onboard.mock.told", name=manager.name, outcome=outcome, exercise=exercise)
        if notes:
            note += "\n" + notes
        svc.outbox.to_member(s, now, rep, Text(text=note))
    svc.wake_delivery()
    return Text(text=t("onboard.mock.recorded", name=rep.name, outcome=outcome, exercise=exercise))


def submit_mock(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text:
    t = svc.t
    errors = {}
    exercise = answers.get("exercise", "")
    if not exercise:
        errors["exercise"] = t("form.required")
    elif len(exercise) > MAX_EXERCISE:
        errors["exercise"] = t("input.too_long", max=MAX_EXERCISE)
    outcomes = {t("onboard.mock.passed"): True, t("onboard.mock.failed"): False}
    if answers.get("outcome") not in outcomes:
        errors["outcome"] = t("onboard.mock.pick_outcome")
    notes = answers.get("notes") or None
    if notes is not None and len(notes) > MAX_NOTES:
        errors["notes"] = t("input.too_long", max=MAX_NOTES)
    if errors:
        raise FormInvalid(errors)
    rep_id = parse_id(value)
    with svc.db.reading() as s:
        rep = s.get(Member, rep_id) if rep_id is not None else None
    if rep is None:
        return Text(text=t("onboard.tick.unknown"))
    return record_mock(svc, actor, rep, outcomes[answers["outcome"]], exercise, notes)


def since_days(p: Progress, now: datetime) -> int:
    return max(0, (now - p.stage_since) // timedelta(days=1))
