"""How leads look in chat: the offer card, the pool card, history and one-line notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.display import clock_time, duration, money, when
from handlers.core.i18n import Translator
from handlers.core.messages import Button, Card, CardField, Text
from handlers.core.settings import TeamConfig
from storage.models import Lead, LeadEvent, LeadStatus, Member, Offer, OfferStatus

CLAIM, PASS, GRAB, CONTACTED = "lead_claim", "lead_pass", "lead_grab", "lead_contacted"
# the claimed card's button; handled by the pipeline (handlers/pipeline/accounts.py)
OPEN_ACCOUNT = "account_open"


def skip_reason(t: Translator, reason: str | None) -> str:
    code, _, detail = (reason or "").partition(":")
    if code == "unreachable" and detail == "no_chat":
        return t("skip.no_chat")
    if code == "away" and detail:
        return t("skip.away_until", detail=detail)
    return t(f"skip.{code}", detail=detail) if code in _SKIP_CODES else (reason or "")


_SKIP_CODES = {"inactive", "away", "tier", "capacity", "off-hours", "unreachable", "no-first-touch"}


def lead_fields(t: Translator, lead: Lead) -> tuple[CardField, ...]:
    contact = " · ".join(x for x in (lead.contact, lead.email, lead.phone) if x)
    rows = [
        (t("field.company"), lead.company),
        (t("field.contact"), contact or "—"),
        (t("field.amount"), money(lead.amount)),
        (t("field.tier"), lead.tier or "—"),
        (t("field.source"), lead.source or "—"),
    ]
    return tuple(CardField(label=label, value=value) for label, value in rows)


def offer_card(
    t: Translator,
    team: TeamConfig,
    lead: Lead,
    offer: Offer,
    rep: Member,
    account_id: int | None = None,
) -> Card:
    """The DM a rep gets; once the window closes the same card loses its buttons.

    Claimed, it gets its buttons back: open the account once the needs are understood
    (`account_id` says it is open already) and, under a first-touch SLA, Contacted until
    the first touch. Taken back for want of one, it says so.
    """
    fields = lead_fields(t, lead)
    if offer.status == OfferStatus.OPEN:
        window = t(
            "offer.window",
            span=duration(t, team.window),
            until=clock_time(offer.expires_at, team.zone),
        )
        return Card(
            title=t("offer.title", company=lead.company),
            fields=(*fields, CardField(label=t("field.window"), value=window)),
            text=t("offer.text"),
            buttons=(
                Button(label=t("button.claim"), action=CLAIM, value=str(offer.id), style="primary"),
                Button(label=t("button.pass"), action=PASS, value=str(offer.id)),
            ),
            footer=t("lead.ref", id=lead.id),
        )
    state = "taken_back" if _taken_back(lead, offer) else offer.status
    title = t(f"offer.closed.{state}", company=lead.company, name=rep.name)
    buttons: list[Button] = []
    footer = t("lead.ref", id=lead.id)
    text = ""
    if state == OfferStatus.CLAIMED and lead.touched_at is not None and lead.claimed_at:
        text = t("offer.contacted", took=duration(t, lead.touched_at - lead.claimed_at))
    if state == OfferStatus.CLAIMED and account_id is not None:
        footer = t("lead.ref_account", id=lead.id, account=account_id)
    elif state == OfferStatus.CLAIMED and lead.status == LeadStatus.CLAIMED:
        value = str(lead.id)
        buttons.append(Button(label=t("button.open_account"), action=OPEN_ACCOUNT, value=value))
        if team.first_touch is not None and lead.touched_at is None:
            buttons.append(Button(label=t("button.contacted"), action=CONTACTED, value=value))
    return Card(
        title=title,
        fields=fields,
        text=text,
        buttons=tuple(buttons),
        footer=footer,
        status=t(f"offer.state.{state}"),
    )


def _taken_back(lead: Lead, offer: Offer) -> bool:
    """A claim the lead no longer has: taken back for want of a first touch."""
    return offer.status == OfferStatus.CLAIMED and lead.owner_id != offer.member_id


def pool_card(t: Translator, lead: Lead, taker: Member | None = None) -> Card:
    """The open-pool post: anyone on the team may grab it until someone does."""
    fields = lead_fields(t, lead)
    if lead.status == LeadStatus.POOL:
        return Card(
            title=t("pool.title", company=lead.company),
            fields=fields,
            text=t("pool.text"),
            buttons=(
                Button(label=t("button.grab"), action=GRAB, value=str(lead.id), style="primary"),
            ),
            footer=t("lead.ref", id=lead.id),
        )
    if taker is not None:
        title = t("pool.grabbed", company=lead.company, name=taker.name)
        status = t("pool.state.grabbed", name=taker.name)
    else:
        title = t("pool.closed", company=lead.company, status=t(f"status.{lead.status}"))
        status = t(f"status.{lead.status}")
    return Card(title=title, fields=fields, footer=t("lead.ref", id=lead.id), status=status)


def history(t: Translator, s: Session, lead: Lead, zone: ZoneInfo) -> list[str]:
    """Every step of the lead, oldest first, as a manager reads it."""
    rows = s.execute(
        select(LeadEvent, Member.name)
        .outerjoin(Member, Member.id == LeadEvent.member_id)
        .where(LeadEvent.lead_id == lead.id)
        .order_by(LeadEvent.id)
    ).all()
    lines = []
    for event, name in rows:
        detail = event.detail or ""
        if event.kind == "skipped":
            detail = skip_reason(t, detail)
        elif event.kind in ("claimed", "contacted") and detail.isdigit():
            detail = duration(t, timedelta(seconds=int(detail)))
        elif event.kind == "waiting" and detail:
            detail = when(datetime.fromisoformat(detail), zone)
        kind = "created_from" if event.kind == "created" and detail else event.kind
        text = t(f"event.{kind}", name=name or "—", detail=detail)
        lines.append(f"{clock_time(event.at, zone)} · {text}")
    return lines


def escalation(t: Translator, lead: Lead, steps: list[str]) -> Text:
    body = "\n".join(f"• {line}" for line in steps)
    return Text(text=t("pool.escalation", id=lead.id, company=lead.company, history=body))


def claimed_line(t: Translator, lead: Lead, rep: Member, took: timedelta) -> Text:
    return Text(
        text=t(
            "notice.claimed" if lead.amount is not None else "notice.claimed_no_amount",
            name=rep.name,
            id=lead.id,
            company=lead.company,
            amount=money(lead.amount),
            took=duration(t, took),
        )
    )


def grabbed_line(t: Translator, lead: Lead, rep: Member) -> Text:
    return Text(text=t("notice.grabbed", name=rep.name, id=lead.id, company=lead.company))
