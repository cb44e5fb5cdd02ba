"""What every text command is made of: the request, the table row, the errors, and the
parsing of the bits many commands share (amounts, people)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from handlers.core.context import Actor, Services
from handlers.core.messages import Card, Form, Text
from storage.models import Member, Team

MAX_AMOUNT = Decimal("1e13")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")

Reply = list[Card | Text | Form]


class CommandError(Exception):
    """Bad input: the message says what is wrong, in the user's language; nothing changed.

    Raised with no message, it means "show this command's usage".
    """


@dataclass(frozen=True)
class Request:
    svc: Services
    actor: Actor
    team_id: int
    args: list[str]


@dataclass(frozen=True)
class Command:
    usage_key: str
    managers_only: bool
    run: Callable[[Request], Reply]
    # Free text (a note) is split on spaces only: an apostrophe or a quote is just a letter.
    free_text: bool = False


def one(message: Card | Text | Form) -> Reply:
    return [message]


def parse_amount(t: Callable[..., str], text: str) -> Decimal:
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise CommandError(t("input.bad_amount", value=text[:40])) from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise CommandError(t("input.bad_amount", value=text[:40]))
    return amount.quantize(Decimal("0.01"))


def find_member(req: Request, word: str) -> Member:
    """A person named by Slack mention (<@U…>), @name, name or chat id, on the actor's team."""
    mention = _MENTION.match(word)
    with req.svc.db.reading() as s:
        base = select(Member).where(Member.team_id == req.team_id, Member.listed.is_(True))
        if mention:
            found = s.scalar(base.where(Member.slack_id == mention.group(1)))
        else:
            name = word.removeprefix("@")
            found = s.scalar(
                base.where(
                    (func.lower(Member.name) == name.lower())
                    | (Member.slack_id == name)
                    | (Member.wecom_id == name)
                )
            )
        team_name = s.get_one(Team, req.team_id).name
    if found is None:
        raise CommandError(req.svc.t("team.unknown_member", who=word[:60], team=team_name))
    return found
