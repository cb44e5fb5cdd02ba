"""Accounts: a claimed lead becomes one, moves through the stages, ends won or lost.

Every change is one UPDATE conditional on what the user last saw (`... WHERE stage =
:from`, `... WHERE amount_cents = :old`), so a double click or a retried request finds
nothing left to change and is told so. The timeline event, the card update and the
manager notice are written in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.messages import Form, FormInvalid, Text
from handlers.core.money import show_cents, to_cents
from handlers.core.parse import parse_amount, parse_date, parse_id
from handlers.core.report import report
from handlers.pipeline import cards
from handlers.pipeline.find import can_change
from handlers.pipeline.forecast import today
from handlers.roulette import cards as lead_cards
from handlers.roulette import first_touch
from storage.accounts import Account, AccountEvent, Outcome
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team


def add_to_timeline(
    s: Session, account: Account, kind: str, now: datetime, actor: Actor, **fields: Any
) -> None:
    """Add a line to the account's timeline; anything recorded counts as activity."""
    member = actor.member_of(account.team_id)
    s.add(
        AccountEvent(
            account_id=account.id,
            team_id=account.team_id,
            member_id=member.id if member else None,
            kind=kind,
            at=now,
            **fields,
        )
    )
    s.execute(update(Account).where(Account.id == account.id).values(last_activity_at=now))


def refresh_card(svc: Services, s: Session, now: datetime, account: Account) -> None:
    """Queue the owner's card as it is now, wherever it was sent."""
    s.refresh(account)
    owner = s.get_one(Member, account.owner_id)
    card = cards.account_card(svc.t, svc.config.pipeline, account, owner.name)
    svc.outbox.update(s, now, cards.card_key(account), card)


def editable(svc: Services, s: Session, actor: Actor, account_id: int) -> Account | Text:
    """The account, if the actor may change it; else what to tell them."""
    account = s.get(Account, account_id)
    if account is None or actor.member_of(account.team_id) is None:
        return Text(text=svc.t("account.unknown_id", id=account_id))
    if not can_change(actor, account):
        owner = s.get_one(Member, account.owner_id)
        return Text(
            text=svc.t("account.not_yours", id=account.id, name=account.name, owner=owner.name)
        )
    return account


def _claimed_lead(svc: Services, s: Session, actor: Actor, lead_id: int) -> Lead | Text:
    """The lead, if it can become an account now and the actor may open it."""
    t = svc.t
    lead = s.get(Lead, lead_id)
    if lead is None or actor.member_of(lead.team_id) is None:
        return Text(text=t("lead.unknown", id=lead_id))
    existing = s.scalar(select(Account).where(Account.lead_id == lead.id))
    if existing is not None:
        return Text(text=t("account.exists", lead=lead.id, id=existing.id, name=existing.name))
    if lead.status != LeadStatus.CLAIMED or lead.owner_id is None:
        status = t(f"status.{lead.status}")
        return Text(
            text=t("account.lead_not_claimed", id=lead.id, company=lead.company, status=status)
        )
    if lead.owner_id not in actor.member_ids and not actor.is_manager(lead.team_id):
        owner = s.get_one(Member, lead.owner_id)
        return Text(text=t("account.lead_not_yours", id=lead.id, owner=owner.name))
    return lead


def open_account(
    svc: Services, actor: Actor, lead_id: int, amount: Decimal, close: date | None
) -> tuple[Text, bool]:
    """Turn a claimed lead into an account in the first stage; (what to say, opened?).

    The owner gets the account's card in their DM; the claimed card loses its button.
    """
    t = svc.t
    now = svc.clock.now()
    first = svc.config.pipeline.first
    try:
        with svc.db.transaction() as s:
            lead = _claimed_lead(svc, s, actor, lead_id)
            if isinstance(lead, Text):
                return lead, False
            account = Account(
                team_id=lead.team_id,
                lead_id=lead.id,
                name=lead.company,
                owner_id=lead.owner_id,
                stage=first.name,
                outcome=Outcome.OPEN,
                stage_probability=first.probability,
                amount_cents=to_cents(amount),
                close_date=close,
                created_at=now,
                last_activity_at=now,
            )
            s.add(account)
            s.flush()
            add_to_timeline(
                s,
                account,
                "opened",
                now,
                actor,
                stage=first.name,
                probability=first.probability,
                amount_cents=account.amount_cents,
                close_date=close,
            )
            owner = s.get_one(Member, account.owner_id)
            tcfg = svc.team_config(s.get_one(Team, lead.team_id))
            ids = {"lead": lead.id, "account": account.id, "user": owner.name}
            report(svc, s, "account.opened", team=tcfg.name, stage=first.name, **ids)
            card = cards.account_card(t, svc.config.pipeline, account, owner.name)
            svc.outbox.to_member(s, now, owner, card, card_key=cards.card_key(account))
            svc.outbox.to_team(
                s, now, tcfg.name, "manager", cards.opened_notice(t, account, owner.name)
            )
            first_touch.touch(s, lead.id, now)  # a new deal is a first touch
            s.refresh(lead)
            claimed = s.scalar(
                select(Offer).where(
                    Offer.lead_id == lead.id,
                    Offer.member_id == lead.owner_id,
                    Offer.status == OfferStatus.CLAIMED,
                )
            )
            if claimed is not None:
                offer_card = lead_cards.offer_card(t, tcfg, lead, claimed, owner, account.id)
                svc.outbox.update(s, now, f"offer:{claimed.id}", offer_card)
            reply = Text(text=t("account.opened", summary=cards.summary(t, account)))
    except IntegrityError:
        # A second click or a retried request lost the race to open the same lead.
        with svc.db.reading() as s:
            existing = s.scalar(select(Account).where(Account.lead_id == lead_id))
        if existing is None:
            raise
        exists = t("account.exists", lead=lead_id, id=existing.id, name=existing.name)
        return Text(text=exists), False
    svc.wake_delivery()
    return reply, True


def move(
    svc: Services,
    actor: Actor,
    account_id: int,
    stage_name: str,
    expected_from: str | None = None,
    reason: str | None = None,
    details: str | None = None,
    then: Callable[[Session, datetime], None] | None = None,
) -> Text | Form:
    """Move an account to a stage; lost needs a reason (asked with a form if not given).

    Won and lost are final: the close date becomes the day it closed, the probability
    the stage's own, and the lead stops counting against the rep's capacity. `then` runs
    in the same transaction once it has moved (a card that offered the move changes).
    """
    t = svc.t
    now = svc.clock.now()
    pipeline = svc.config.pipeline
    with svc.db.transaction() as s:
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        stage = pipeline.stage(stage_name)
        if stage is None:
            stages = ", ".join(st.name for st in pipeline.stages)
            return Text(text=t("stage.unknown", stage=stage_name[:40], stages=stages))
        if account.outcome != Outcome.OPEN:
            return Text(
                text=t("account.final", id=account.id, name=account.name, stage=account.stage)
            )
        if account.stage == stage.name:
            return Text(
                text=t("account.already_in", id=account.id, name=account.name, stage=stage.name)
            )
        if expected_from is not None and account.stage != expected_from:
            return Text(
                text=t("account.moved_since", id=account.id, name=account.name, stage=account.stage)
            )
        if stage.final == "lost" and not reason:
            return cards.lost_form(t, pipeline, account)
        values: dict[str, Any] = {"stage": stage.name, "stage_probability": stage.probability}
        if stage.final is not None:
            zone = svc.team_config(s.get_one(Team, account.team_id)).zone
            values.update(
                outcome=Outcome(stage.final),
                probability_override=None,
                close_date=today(now, zone),
                closed_at=now,
                lost_reason=reason if stage.final == "lost" else None,
            )
        old = account.stage
        moved = s.execute(
            update(Account)
            .where(Account.id == account.id, Account.stage == old, Account.outcome == Outcome.OPEN)
            .values(**values)
            .returning(Account.id)
        ).first()
        if moved is None:
            s.refresh(account)
            return Text(
                text=t("account.moved_since", id=account.id, name=account.name, stage=account.stage)
            )
        lost_text = None
        if stage.final == "lost":
            lost_text = f"{reason} — {details}" if details else reason
        add_to_timeline(
            s,
            account,
            "stage",
            now,
            actor,
            stage=stage.name,
            from_stage=old,
            probability=stage.probability,
            text=lost_text,
        )
        refresh_card(svc, s, now, account)
        report(svc, s, "account.moved", account=account.id, stage=stage.name, user=actor.name)
        if stage.final is not None:
            s.execute(
                update(Lead)
                .where(Lead.id == account.lead_id, Lead.status == LeadStatus.CLAIMED)
                .values(status=LeadStatus.CLOSED)
            )
            owner = s.get_one(Member, account.owner_id).name
            team = s.get_one(Team, account.team_id).name
            svc.outbox.to_team(s, now, team, "manager", cards.closed_notice(t, account, owner))
        if then is not None:
            then(s, now)
        reply = Text(text=t("account.moved", summary=cards.summary(t, account)))
    svc.wake_delivery()
    return reply


def _set(
    svc: Services,
    actor: Actor,
    account_id: int,
    column: str,
    value: Any,
    event: dict[str, Any],
    shown: str,
) -> Text:
    """Change one figure of an account, conditional on the value the change was made from."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        if column == "probability_override" and account.outcome != Outcome.OPEN:
            return Text(
                text=t("account.final", id=account.id, name=account.name, stage=account.stage)
            )
        old = getattr(account, column)
        if column == "amount_cents":
            event["old_amount_cents"] = old
        if old == value:
            return Text(
                text=t(f"account.same_{column}", id=account.id, name=account.name, value=shown)
            )
        column_attr = getattr(Account, column)
        changed = s.execute(
            update(Account)
            .where(
                Account.id == account.id,
                column_attr.is_(None) if old is None else column_attr == old,
            )
            .values({column: value})
            .returning(Account.id)
        ).first()
        if changed is None:
            return Text(text=t("account.changed_since", id=account.id, name=account.name))
        add_to_timeline(s, account, event.pop("kind"), now, actor, **event)
        refresh_card(svc, s, now, account)
        reply = Text(text=t("account.updated", summary=cards.summary(t, account)))
    svc.wake_delivery()
    return reply


def set_amount(svc: Services, actor: Actor, account_id: int, amount: Decimal) -> Text:
    cents = to_cents(amount)
    event = {"kind": "amount", "amount_cents": cents}
    return _set(svc, actor, account_id, "amount_cents", cents, event, show_cents(cents))


def set_close(svc: Services, actor: Actor, account_id: int, close: date) -> Text:
    event = {"kind": "close", "close_date": close}
    return _set(svc, actor, account_id, "close_date", close, event, close.isoformat())


def set_probability(svc: Services, actor: Actor, account_id: int, percent: int | None) -> Text:
    """Override the stage's probability for this deal; None goes back to the stage's."""
    event = {"kind": "probability", "probability": percent}
    shown = "—" if percent is None else f"{percent}%"
    return _set(svc, actor, account_id, "probability_override", percent, event, shown)


# -- buttons and forms ---------------------------------------------------------------


def ask_to_open(svc: Services, actor: Actor, value: str) -> Text | Form:
    """The claimed card's button: ask for the amount and close date."""
    lead_id = parse_id(value)
    if lead_id is None:
        return Text(text=svc.t("click.unknown"))
    with svc.db.reading() as s:
        lead = _claimed_lead(svc, s, actor, lead_id)
        if isinstance(lead, Text):
            return lead
        return cards.open_form(svc.t, lead)


def submit_open(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text | None:
    """The open form's answers; the new card in the DM is the answer when it works."""
    errors = {}
    amount = close = None
    try:
        amount = parse_amount(svc.t, answers.get("amount", ""))
    except CommandError as exc:
        errors["amount"] = str(exc)
    if answers.get("close"):
        try:
            close = parse_date(svc.t, answers["close"])
        except CommandError as exc:
            errors["close"] = str(exc)
    if errors or amount is None:
        raise FormInvalid(errors)
    lead_id = parse_id(value)
    if lead_id is None:
        return Text(text=svc.t("lead.unknown", id=value[:20]))
    reply, opened = open_account(svc, actor, lead_id, amount, close)
    return None if opened else reply


def click_move(svc: Services, actor: Actor, value: str) -> Text | Form:
    """A stage button: `account id:stage it was in:stage to move to`."""
    raw_id, _, rest = value.partition(":")
    was, _, to = rest.partition(":")
    account_id = parse_id(raw_id)
    if account_id is None or not was or not to:
        return Text(text=svc.t("click.unknown"))
    return move(svc, actor, account_id, to, expected_from=was)


def submit_lost(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text | None:
    """Why it was lost: a configured reason, words of one's own, or both."""
    t = svc.t
    raw_id, _, was = value.partition(":")
    account_id = parse_id(raw_id)
    if account_id is None or not was:
        return Text(text=t("click.unknown"))
    choice, details = answers.get("reason", ""), answers.get("details", "")
    reasons = {r.casefold(): r for r in svc.config.pipeline.lost_reasons}
    if choice and choice.casefold() not in reasons:
        raise FormInvalid({"reason": t("form.lost.pick", reasons=", ".join(reasons.values()))})
    if not choice and not details:
        raise FormInvalid({"reason": t("form.lost.need_reason")})
    reason = reasons[choice.casefold()] if choice else details
    lost = svc.config.pipeline.final_stage("lost").name
    reply = move(svc, actor, account_id, lost, was, reason, details if choice else None)
    return reply if isinstance(reply, Text) else None
