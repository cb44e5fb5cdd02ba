"""A rep's part of their page: what is theirs to do now, and where their quarter stands.

Every button is the one the rep's cards carry (Claim, Pass, Contacted, a quiz's choices,
a score), so a click here is answered by the same handler, with the same checks, as on
the card; the one button of its own opens an account's card in the rep's messages.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import clock_time, duration, money
from handlers.core.messages import MAX_BUTTONS, Button, Card, CardField, Text
from handlers.core.parse import parse_id
from handlers.core.settings import TeamConfig
from handlers.pipeline import cards as account_cards
from handlers.pipeline import forecast, quotas
from handlers.pipeline.accounts import editable
from handlers.roulette import cards as lead_cards
from handlers.training import cards as quiz_cards
from handlers.training import onboarding, runs
from storage.accounts import Account, Outcome
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team
from storage.training import Answer, Grade, Question, QuizRun, RunQuestion, RunStatus

SHOW_ACCOUNT = "home_account"
OFFERS_SHOWN = 4  # each offer is a card of its own with Claim and Pass
ACCOUNTS_LISTED = 15
SCORES_SHOWN = 2  # a grading card is long: the rest wait in the rep's messages


def offers(svc: Services, s: Session, rep: Member, tcfg: TeamConfig) -> list[Card]:
    """The windows running for the rep now, each with its time left and Claim / Pass."""
    t = svc.t
    now = svc.clock.now()
    rows = s.execute(
        select(Offer, Lead)
        .join(Lead, Lead.id == Offer.lead_id)
        .where(
            Offer.member_id == rep.id,
            Offer.status == OfferStatus.OPEN,
            Offer.shown_at.is_not(None),  # the window starts when the card reaches them
            Offer.expires_at > now,
        )
        .order_by(Offer.expires_at)
    ).all()
    if not rows:
        return [Card(title=t("home.offers.title", n=0), text=t("home.offers.none"))]
    out = []
    for offer, lead in rows[:OFFERS_SHOWN]:
        left = t(
            "home.offer.left",
            left=duration(t, offer.expires_at - now),
            until=clock_time(offer.expires_at, tcfg.zone),
        )
        out.append(
            Card(
                title=t("home.offer.title", company=lead.company),
                fields=(
                    CardField(label=t("field.amount"), value=money(lead.amount)),
                    CardField(label=t("field.window"), value=left),
                ),
                buttons=(
                    Button(
                        label=t("button.claim"),
                        action=lead_cards.CLAIM,
                        value=str(offer.id),
                        style="primary",
                    ),
                    Button(label=t("button.pass"), action=lead_cards.PASS, value=str(offer.id)),
                ),
                footer=t("lead.ref", id=lead.id),
            )
        )
    heading = Card(title=t("home.offers.title", n=len(rows)))
    more = len(rows) - OFFERS_SHOWN
    tail = [Card(title=t("home.offer.more", n=more))] if more > 0 else []
    return [heading, *out, *tail]


def first_touches(svc: Services, s: Session, rep: Member, tcfg: TeamConfig) -> list[Card]:
    """Claimed leads still waiting for the rep's first touch (under a first-touch SLA)."""
    if tcfg.first_touch is None:
        return []
    t = svc.t
    now = svc.clock.now()
    leads = s.scalars(
        select(Lead)
        .where(
            Lead.owner_id == rep.id,
            Lead.status == LeadStatus.CLAIMED,
            Lead.touched_at.is_(None),
        )
        .order_by(Lead.claimed_at)
    ).all()
    if not leads:
        return []
    lines = [
        t(
            "home.touch.row",
            id=lead.id,
            company=lead.company,
            ago=duration(t, now - (lead.claimed_at or lead.created_at)),
        )
        for lead in leads
    ]
    buttons = tuple(
        Button(
            label=t("home.touch.button", company=lead.company),
            action=lead_cards.CONTACTED,
            value=str(lead.id),
        )
        for lead in leads[:MAX_BUTTONS]
    )
    return [
        Card(
            title=t("home.touch.title", n=len(leads)),
            text="\n".join(lines[:ACCOUNTS_LISTED]),
            buttons=buttons,
        )
    ]


def accounts(svc: Services, s: Session, rep: Member) -> list[Card]:
    """The rep's open accounts by stage, with amount, probability and expected revenue."""
    t = svc.t
    found = s.scalars(
        select(Account)
        .where(Account.owner_id == rep.id, Account.outcome == Outcome.OPEN)
        .order_by(Account.amount_cents.desc(), Account.id)
    ).all()
    if not found:
        return [Card(title=t("home.accounts.title", n=0), text=t("home.accounts.none"))]
    order = {stage.name: i for i, stage in enumerate(svc.config.pipeline.stages)}
    ranked = sorted(found, key=lambda a: order.get(a.stage, len(order)))
    listed = ranked[:ACCOUNTS_LISTED]
    lines: list[str] = []
    for account in listed:
        heading = t("home.accounts.stage", stage=account.stage)
        if heading not in lines:
            lines.append(heading)
        lines.append("• " + account_cards.summary(t, account))
    if len(ranked) > ACCOUNTS_LISTED:
        lines.append(t("home.more", n=len(ranked) - ACCOUNTS_LISTED, command="/account <name>"))
    buttons = tuple(
        Button(
            label=t("home.accounts.button", name=account.name),
            action=SHOW_ACCOUNT,
            value=str(account.id),
        )
        for account in listed[:MAX_BUTTONS]
    )
    title = t("home.accounts.title", n=len(found))
    return [Card(title=title, text="\n".join(lines), buttons=buttons)]


def own_forecast(svc: Services, s: Session, rep: Member, tcfg: TeamConfig) -> list[Card]:
    """This quarter's forecast for the rep, against their quota."""
    t = svc.t
    quarter = forecast.quarter_of(forecast.today(svc.clock.now(), tcfg.zone))
    answer = quotas.forecast_report(t, svc.config.pipeline, tcfg, s, rep.team_id, quarter, rep)
    title = t("home.forecast.title", quarter=quarter.label)
    return [Card(title=title, text="\n".join(answer.text.splitlines()[1:]))]


def quiz(svc: Services, s: Session, rep: Member) -> list[Card]:
    """The question put to the rep and not yet answered, as its own card (its buttons)."""
    found = s.execute(
        select(RunQuestion, QuizRun)
        .join(QuizRun, QuizRun.id == RunQuestion.run_id)
        .where(
            QuizRun.rep_id == rep.id,
            QuizRun.status == RunStatus.OPEN,
            RunQuestion.asked_at.is_not(None),
            ~exists().where(Answer.run_question_id == RunQuestion.id),
        )
        .order_by(RunQuestion.asked_at)
        .limit(1)
    ).first()
    if found is None:
        return []
    rq, run = found
    return [quiz_cards.question_card(svc.t, runs.asked_view(svc, s, run, rq), None)]


def to_score(svc: Services, s: Session, who: Member) -> list[Card]:
    """Open answers waiting for this person's score: theirs as a peer, and as a manager
    those the team's managers score (never their own)."""
    t = svc.t
    mine = QuizRun.grader_id == who.id
    if who.is_manager:
        mine = mine | ((QuizRun.grader_id.is_(None)) & (QuizRun.team_id == who.team_id))
    rows = s.execute(
        select(Answer, QuizRun, RunQuestion)
        .join(QuizRun, QuizRun.id == Answer.run_id)
        .join(RunQuestion, RunQuestion.id == Answer.run_question_id)
        .join(Question, Question.id == RunQuestion.question_id)
        .where(
            mine,
            QuizRun.rep_id != who.id,
            Question.kind == "open",
            ~exists().where(Grade.answer_id == Answer.id),
        )
        .order_by(Answer.answered_at)
    ).all()
    if not rows:
        return []
    out = [Card(title=t("home.score.title", n=len(rows)))]
    for answer, run, rq in rows[:SCORES_SHOWN]:
        out.append(quiz_cards.grading_card(t, runs.grading_view(s, run, rq, answer)))
    if len(rows) > SCORES_SHOWN:
        out.append(Card(title=t("home.score.more", n=len(rows) - SCORES_SHOWN)))
    return out


def onboarding_progress(svc: Services, s: Session, rep: Member) -> list[Card]:
    """Where the rep's onboarding stands and what is left in it, while it lasts."""
    progress = onboarding.progress(svc, s, rep)
    now = svc.clock.now()
    if progress is None or progress.stage > 3 or progress.start > now:
        return []
    text = onboarding.describe(svc.t, progress, now, svc.config.training.pass_mark)
    return [Card(title=svc.t("home.onboarding.title"), text=text)]


def sections(svc: Services, s: Session, rep: Member) -> list[Card]:
    """The whole of a rep's part, in the order they act on it."""
    tcfg = svc.team_config(s.get_one(Team, rep.team_id))
    return [
        *offers(svc, s, rep, tcfg),
        *first_touches(svc, s, rep, tcfg),
        *quiz(svc, s, rep),
        *accounts(svc, s, rep),
        *own_forecast(svc, s, rep, tcfg),
        *onboarding_progress(svc, s, rep),
    ]


def show_account(svc: Services, actor: Actor, value: str) -> Text | None:
    """The page's Open button: the account's card, with its stage buttons, in the clicker's
    messages (the owner, or a manager of its team: whoever may change it)."""
    account_id = parse_id(value)
    if account_id is None:
        return Text(text=svc.t("account.unknown_id", id=value[:20]))
    now = svc.clock.now()
    with svc.db.transaction() as s:
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        me = actor.member_of(account.team_id)
        assert me is not None  # editable: they are on its team
        owner = s.get_one(Member, account.owner_id)
        card = account_cards.account_card(svc.t, svc.config.pipeline, account, owner.name)
        svc.outbox.to_member(s, now, me, card, card_key=account_cards.card_key(account))
    svc.wake_delivery()
    return None
