"""How a contract looks in chat: the managers' card with Approve and Reject, the rep's
card that shows the decision (with Won once approved), and the reject form."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.core.display import when
from handlers.core.i18n import Translator
from handlers.core.messages import Button, Card, CardField, Form, Input
from handlers.core.money import show_cents
from storage.accounts import Account, Outcome
from storage.contracts import Contract, ContractStatus

APPROVE, REJECT, WON = "contract_approve", "contract_reject", "contract_won"
ATTACH = "contract_attach"  # the pick card's buttons, when a shared file names no account
REASON_MAX = 400


def managers_key(contract: Contract) -> str:
    return f"contract:{contract.id}"


def rep_key(contract: Contract) -> str:
    return f"contract:{contract.id}:rep"


def title(t: Translator, contract: Contract, account: Account) -> str:
    return t("contract.title", version=contract.version, id=account.id, name=account.name)


def _fields(t: Translator, account: Account, owner: str, sender: str) -> tuple[CardField, ...]:
    rows = [
        (t("field.owner"), owner),
        (t("field.amount"), show_cents(account.amount_cents)),
        (t("field.stage"), account.stage),
    ]
    if sender != owner:
        rows.append((t("field.sent_by"), sender))
    return tuple(CardField(label=label, value=value) for label, value in rows)


def decision(
    t: Translator, contract: Contract, decider: str | None, newer: int | None, zone: ZoneInfo
) -> str:
    """What became of it, in a line: who decided and when, and why."""
    status = contract.status
    at = when(contract.decided_at, zone) if contract.decided_at else ""
    if status == ContractStatus.APPROVED:
        return t("contract.approved_by", name=decider or "—", at=at)
    if status == ContractStatus.REJECTED:
        return t("contract.rejected_by", name=decider or "—", at=at, reason=contract.reason)
    if status == ContractStatus.SUPERSEDED:
        return t("contract.superseded_by", version=newer or "—")
    if status == ContractStatus.WITHDRAWN:
        return t("contract.withdrawn", reason=contract.reason or "—")
    return ""


def managers_card(
    t: Translator,
    contract: Contract,
    account: Account,
    owner: str,
    sender: str,
    content: str,
    settled: str,
) -> Card:
    """What a manager decides on; `settled` (who decided, or what superseded it) takes the
    buttons' place once it is decided."""
    fields = _fields(t, account, owner, sender)
    head = title(t, contract, account)
    if settled:
        status = t(f"contract.state.{contract.status}")
        return Card(title=head, fields=fields, text=f"{content}\n{settled}", status=status)
    value = str(contract.id)
    buttons = (
        Button(label=t("button.approve"), action=APPROVE, value=value, style="primary"),
        Button(label=t("button.reject"), action=REJECT, value=value, style="danger"),
    )
    text = f"{content}\n{t('contract.decide')}"
    return Card(title=head, fields=fields, text=text, buttons=buttons, footer=t("contract.footer"))


def rep_card(
    t: Translator,
    contract: Contract,
    account: Account,
    owner: str,
    sender: str,
    content: str,
    line: str,
) -> Card:
    """The sender's (and owner's) card: waiting, then the decision in place; an approved
    contract of an open account offers Won."""
    fields = _fields(t, account, owner, sender)
    head = title(t, contract, account)
    status = contract.status
    text = f"{content}\n{line}"
    if status == ContractStatus.APPROVED and account.outcome == Outcome.OPEN:
        won = Button(label=t("button.won"), action=WON, value=str(contract.id), style="primary")
        return Card(
            title=head, fields=fields, text=text + "\n" + t("contract.won_hint"), buttons=(won,)
        )
    word = t("account.state.won") if account.outcome == Outcome.WON else None
    return Card(title=head, fields=fields, text=text, status=word or t(f"contract.state.{status}"))


def reject_form(t: Translator, contract: Contract, account: Account) -> Form:
    return Form(
        title=t("form.reject.title"),
        text=t("form.reject.text", title=title(t, contract, account)),
        inputs=(
            Input(
                name="reason",
                label=t("form.reject.reason"),
                multiline=True,
                max_length=REASON_MAX,
            ),
        ),
        submit=t("form.reject.submit"),
        action=REJECT,
        value=str(contract.id),
    )


def age(t: Translator, since: datetime, now: datetime) -> str:
    """How long it has waited, in hours (or minutes under an hour)."""
    minutes = int((now - since).total_seconds() // 60)
    if minutes < 60:
        return t("contract.age_minutes", n=minutes)
    return t("contract.age_hours", n=minutes // 60)
