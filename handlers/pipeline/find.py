"""Which account people mean: by id, by exact name, by part of a name; and who may change it.

Everything here raises CommandError with a message that says what is wrong, in the
user's language, before anything is changed.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.parse import parse_id
from storage.accounts import Account
from storage.models import Member

SHOWN_MATCHES = 5
LONGEST_NAME = 8  # words tried as an account name in front of a note


def can_change(actor: Actor, account: Account) -> bool:
    """Only the owner or a manager of the account's team may change it or read its notes."""
    return account.owner_id in actor.member_ids or actor.is_manager(account.team_id)


def _ambiguous(svc: Services, s: Session, query: str, found: list[Account]) -> CommandError:
    owners = dict(
        s.execute(
            select(Member.id, Member.name).where(Member.id.in_({a.owner_id for a in found}))
        ).all()
    )
    listed = ", ".join(
        svc.t("account.match", id=a.id, name=a.name, owner=owners[a.owner_id])
        for a in found[:SHOWN_MATCHES]
    )
    return CommandError(svc.t("account.ambiguous", query=query[:60], matches=listed))


def find_account(svc: Services, s: Session, actor: Actor, team_id: int, query: str) -> Account:
    """The account named by id (5 or #5) or by name: an exact name first, else a part of it.

    A rep's own accounts are searched first, so a name shared with a colleague's account
    still finds theirs.
    """
    query = query.strip().strip('"“”')
    if not query:
        raise CommandError()
    base = select(Account).where(Account.team_id == team_id)
    if query.lstrip("#").isdigit():
        account_id = parse_id(query)
        account = s.scalar(base.where(Account.id == account_id)) if account_id else None
        if account is None:
            raise CommandError(svc.t("account.unknown_id", id=query.lstrip("#")[:20]))
        return account
    me = actor.member_of(team_id)
    scopes = [None] if actor.is_manager(team_id) or me is None else [me.id, None]
    lowered = query.lower()
    for owner_id in scopes:
        scoped = base if owner_id is None else base.where(Account.owner_id == owner_id)
        found = s.scalars(
            scoped.where(func.lower(Account.name) == lowered).order_by(Account.id).limit(6)
        ).all()
        if not found:
            found = s.scalars(
                scoped.where(func.lower(Account.name).contains(lowered, autoescape=True))
                .order_by(Account.id)
                .limit(SHOWN_MATCHES + 1)
            ).all()
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(svc, s, query, list(found))
    raise CommandError(svc.t("account.no_match", query=query[:60]))


def split_account(
    svc: Services, s: Session, actor: Actor, team_id: int, words: list[str]
) -> tuple[Account, list[str]]:
    """The account the first words name, and the words after it.

    `"Acme Cloud" called the CTO`, `#5 called the CTO` and `Acme Cloud called the CTO`
    all name Acme Cloud: the longest run of first words that is exactly an account's
    name wins, else the first word is searched for.
    """
    if not words:
        raise CommandError()
    if words[0][:1] in '"“':
        for end, word in enumerate(words):
            if word[-1:] in '"”' and (end > 0 or len(word) > 1):
                quoted = " ".join(words[: end + 1])
                return find_account(svc, s, actor, team_id, quoted), words[end + 1 :]
    if not words[0].lstrip("#").isdigit():
        for n in range(min(len(words), LONGEST_NAME), 1, -1):
            name = " ".join(words[:n]).lower()
            exact = s.scalars(
                select(Account.id)
                .where(Account.team_id == team_id, func.lower(Account.name) == name)
                .limit(2)
            ).all()
            if len(exact) == 1:
                return s.get_one(Account, exact[0]), words[n:]
    return find_account(svc, s, actor, team_id, words[0]), words[1:]
