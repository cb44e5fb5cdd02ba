"""How accounts look in chat: the account card with its stage buttons, the forms that
open an account or record why it was lost, manager notices and the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.display import money, when
from handlers.core.i18n import Translator
from handlers.core.messages import Button, Card, CardField, Form, Input, Text
from handlers.core.money import show_cents, show_weighted
from handlers.core.settings import PipelineConfig
from handlers.roulette.cards import OPEN_ACCOUNT
from storage.accounts import Account, AccountEvent, Outcome
from storage.models import Lead, Member

OPEN = OPEN_ACCOUNT  # the claimed card's button, and the form it opens
MOVE, LOST = "account_move", "account_lost"
TIMELINE_MAX = 30


def card_key(account: Account) -> str:
    return f"account:{account.id}"


def percent_in_force(account: Account) -> int:
    if account.probability_override is not None:
        return account.probability_override
    return account.stage_probability


def probability_text(t: Translator, account: Account) -> str:
    if account.probability_override is None:
        return t("account.probability_stage", p=account.stage_probability, stage=account.stage)
    return t(
        "account.probability_override",
        p=account.probability_override,
        stage=account.stage,
        stage_p=account.stage_probability,
    )


def expected(account: Account) -> str:
    return show_weighted(account.amount_cents * percent_in_force(account))


def summary(t: Translator, account: Account) -> str:
    """One line: stage, amount, probability and expected revenue."""
    return t(
        "account.summary",
        id=account.id,
        name=account.name,
        stage=account.stage,
        amount=show_cents(account.amount_cents),
        p=percent_in_force(account),
        expected=expected(account),
    )


def account_fields(t: Translator, account: Account, owner: str) -> tuple[CardField, ...]:
    close = account.close_date.isoformat() if account.close_date else "—"
    rows = [
        (t("field.owner"), owner),
        (t("field.stage"), account.stage),
        (t("field.amount"), show_cents(account.amount_cents)),
        (t("field.probability"), probability_text(t, account)),
        (t("field.expected"), expected(account)),
        (t("field.close"), close),
    ]
    return tuple(CardField(label=label, value=value) for label, value in rows)


def account_card(t: Translator, pipeline: PipelineConfig, account: Account, owner: str) -> Card:
    """The owner's card: a button per stage it can move to, gone once it is won or lost."""
    title = t("account.title", id=account.id, name=account.name)
    fields = account_fields(t, account, owner)
    footer = t("account.footer", id=account.id)
    if account.outcome != Outcome.OPEN:
        text = (
            t("account.is_won")
            if account.outcome == Outcome.WON
            else t("account.is_lost", reason=account.lost_reason or "—")
        )
        status = t(f"account.state.{account.outcome}")
        return Card(title=title, fields=fields, text=text, footer=footer, status=status)
    order = [s.name for s in pipeline.stages]
    after = order.index(account.stage) + 1 if account.stage in order else len(order)
    buttons = []
    for stage in pipeline.stages:
        if stage.name == account.stage:
            continue
        style = None
        if stage.final == "lost":
            style = "danger"
        elif stage.name == order[min(after, len(order) - 1)]:
            style = "primary"
        buttons.append(
            Button(
                label=t("button.move", stage=stage.name),
                action=MOVE,
                value=f"{account.id}:{account.stage}:{stage.name}",
                style=style,
            )
        )
    return Card(
        title=title, fields=fields, text=t("account.move"), buttons=tuple(buttons), footer=footer
    )


def open_form(t: Translator, lead: Lead) -> Form:
    """What the claimed card's button asks: the estimated amount and the close date."""
    return Form(
        title=t("form.open.title"),
        text=t("form.open.text", id=lead.id, company=lead.company),
        inputs=(
            Input(
                name="amount",
                label=t("form.open.amount"),
                initial=money(lead.amount) if lead.amount is not None else "",
                max_length=40,
            ),
            Input(name="close", label=t("form.open.close"), required=False, max_length=40),
        ),
        submit=t("form.open.submit"),
        action=OPEN,
        value=str(lead.id),
    )


def lost_form(t: Translator, pipeline: PipelineConfig, account: Account) -> Form:
    """Why the deal was lost: a reason from config, words of one's own, or both."""
    return Form(
        title=t("form.lost.title"),
        text=t("form.lost.text", id=account.id, name=account.name),
        inputs=(
            Input(
                name="reason",
                label=t("form.lost.reason"),
                required=False,
                choices=tuple(pipeline.lost_reasons),
            ),
            Input(
                name="details",
                label=t("form.lost.details"),
                required=False,
                multiline=True,
                max_length=400,
            ),
        ),
        submit=t("form.lost.submit"),
        action=LOST,
        value=f"{account.id}:{account.stage}",
    )


def opened_notice(t: Translator, account: Account, owner: str) -> Text:
    return Text(text=t("notice.account_opened", name=owner, summary=summary(t, account)))


def closed_notice(t: Translator, account: Account, owner: str) -> Text:
    key = "notice.account_won" if account.outcome == Outcome.WON else "notice.account_lost"
    return Text(
        text=t(
            key,
            name=owner,
            id=account.id,
            account=account.name,
            amount=show_cents(account.amount_cents),
            reason=account.lost_reason or "—",
        )
    )


def _event_line(t: Translator, event: AccountEvent, name: str, files: dict[int, str]) -> str:
    kind = event.kind
    if kind == "opened":
        return t(
            "timeline.opened",
            name=name,
            stage=event.stage,
            p=event.probability,
            amount=show_cents(event.amount_cents or 0),
        )
    if kind == "stage":
        key = "timeline.lost" if event.text else "timeline.stage"
        return t(
            key,
            name=name,
            old=event.from_stage,
            new=event.stage,
            p=event.probability,
            reason=event.text or "",
        )
    if kind == "amount":
        return t(
            "timeline.amount",
            name=name,
            old=show_cents(event.old_amount_cents or 0),
            new=show_cents(event.amount_cents or 0),
        )
    if kind == "close":
        return t("timeline.close", name=name, date=event.close_date or "—")
    if kind == "probability":
        if event.probability is None:
            return t("timeline.probability_cleared", name=name)
        return t("timeline.probability", name=name, p=event.probability)
    line = t(f"timeline.{kind}", name=name, text=event.text or "")
    if event.stored_file_id is not None:
        line += files.get(event.stored_file_id, "")
    elif event.link:
        line += t("timeline.link", link=event.link)
    return line


def timeline(
    t: Translator,
    s: Session,
    pipeline: PipelineConfig,
    account: Account,
    zone: ZoneInfo,
    contracts: Sequence[str] = (),
    files: dict[int, str] | None = None,
) -> Text:
    """The account at a glance, its contract versions, then its history: stage changes,
    notes and recordings (`files`: what each recording's stored copy adds to its line)."""
    owner = s.get_one(Member, account.owner_id).name
    lines = [t("account.title", id=account.id, name=account.name)]
    lines += [f"{f.label}: {f.value}" for f in account_fields(t, account, owner)]
    if account.outcome == Outcome.LOST:
        lines.append(t("account.is_lost", reason=account.lost_reason or "—"))
    rows = s.execute(
        select(AccountEvent, Member.name)
        .outerjoin(Member, Member.id == AccountEvent.member_id)
        .where(AccountEvent.account_id == account.id)
        .order_by(AccountEvent.id.desc())
        .limit(TIMELINE_MAX + 1)
    ).all()
    if contracts:
        lines.append(t("account.contracts"))
        lines += contracts
    lines.append(t("account.timeline"))
    if len(rows) > TIMELINE_MAX:
        rows = rows[:TIMELINE_MAX]
        lines.append(t("account.timeline_cut", n=TIMELINE_MAX))
    for event, name in reversed(rows):
        line = _event_line(t, event, name or "—", files or {})
        lines.append(f"• {when(event.at, zone)} · {line}")
    return Text(text="\n".join(lines))
