"""The card that asks which account a shared file is for, when the message named none:
one button per account the sharer may pick, the latest active first."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.context import Actor, Services
from handlers.core.messages import MAX_BUTTONS, Button, Card, Text
from storage.accounts import Account, Outcome
from storage.models import Member

PICK_FROM = MAX_BUTTONS  # accounts offered as buttons


def ask_which(
    svc: Services,
    actor: Actor,
    member: Member,
    card_key: str,
    file: str,
    action: str,
    value: str,
    why: str,
    what: str = "recording",
) -> Text:
    """Send the card (`card_key`), its buttons `action` with `value:account id`; a click
    does the rest. `what` names the strings: recording or contract."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        query = select(Account).where(
            Account.team_id == member.team_id, Account.outcome == Outcome.OPEN
        )
        if not actor.is_manager(member.team_id):
            query = query.where(Account.owner_id == member.id)
        accounts = s.scalars(
            query.order_by(Account.last_activity_at.desc(), Account.id.desc()).limit(PICK_FROM)
        ).all()
        if not accounts:
            return Text(text=(why + " " if why else "") + t(f"{what}.no_accounts", file=file))
        buttons = tuple(
            Button(
                label=t("recording.pick", id=a.id, name=a.name)[:75],
                action=action,
                value=f"{value}:{a.id}",
            )
            for a in accounts
        )
        card = Card(
            title=t("recording.which", file=file),
            text=(why + "\n" if why else "") + t(f"{what}.which_text"),
            buttons=buttons,
        )
        svc.outbox.to_member(s, now, member, card, card_key=card_key)
    svc.wake_delivery()
    return Text(text=t("recording.kept", file=file))
