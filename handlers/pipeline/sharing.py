"""Files shared with the bot in a direct message: call recordings (audio, video) and
contracts (a PDF, a scan or photo, a Word document), each for the account the message
names; when it names none, the bot asks which with buttons. Anything else, or a file
over its size limit, is turned down with a message and not kept.
"""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.inbox import SharedFile
from handlers.core.messages import Text
from handlers.core.parse import parse_id
from handlers.pipeline import contracts, notes
from handlers.pipeline.contract_cards import ATTACH
from handlers.pipeline.files import kind_for, receive, refused_at_once
from handlers.pipeline.find import can_change, split_account
from handlers.pipeline.picks import ask_which
from storage.accounts import Account
from storage.contracts import Contract
from storage.files import FileKind, StoredFile
from storage.models import Member


def _account(
    svc: Services, actor: Actor, member: Member, text: str
) -> tuple[Account | None, str, list[str]]:
    """The account the message names, why none (to say on the pick card), the other words."""
    words = text.split()
    if not words:
        return None, "", []
    with svc.db.reading() as s:
        try:
            account, rest = split_account(svc, s, actor, member.team_id, words)
        except CommandError as exc:
            return None, str(exc.args[0]) if exc.args and exc.args[0] else "", words
        if not can_change(actor, account):
            owner = s.get_one(Member, account.owner_id).name
            why = svc.t("account.not_yours", id=account.id, name=account.name, owner=owner)
            return None, why, words
    return account, "", rest


def files_shared(svc: Services, actor: Actor, text: str, files: list[SharedFile]) -> list[Text]:
    """The pipeline's `files` hook: recordings and contracts, each to its account."""
    t = svc.t
    team_id = actor.home_team_id()
    member = actor.member_of(team_id) if team_id is not None else None
    if member is None:
        return [Text(text=t("command.stranger"))]
    replies: list[Text] = []
    by_kind: dict[FileKind, list[SharedFile]] = {FileKind.RECORDING: [], FileKind.CONTRACT: []}
    for shared in files:
        kind = kind_for(shared.declared_type)
        name = shared.name or shared.file_id
        if kind is None:
            replies.append(Text(text=t("file.not_kept", file=name)))
        elif (why := refused_at_once(svc, shared, kind)) is not None:
            replies.append(Text(text=why))
        else:
            by_kind[kind].append(shared)
    if not any(by_kind.values()):
        return replies
    account, why, rest = _account(svc, actor, member, text)
    if by_kind[FileKind.RECORDING]:
        replies += notes.recordings_shared(
            svc, actor, member, account, why, rest, by_kind[FileKind.RECORDING]
        )
    for shared in by_kind[FileKind.CONTRACT]:
        replies.append(_contract_shared(svc, actor, member, account, why, shared))
    return replies


def _contract_shared(
    svc: Services,
    actor: Actor,
    member: Member,
    account: Account | None,
    why: str,
    shared: SharedFile,
) -> Text:
    with svc.db.transaction() as s:
        file, new = receive(svc, s, member, actor.platform, shared, FileKind.CONTRACT)
        taken = s.scalar(select(Contract).where(Contract.stored_file_id == file.id))
        if taken is not None:
            held = s.get_one(Account, taken.account_id)
            return Text(
                text=svc.t(
                    "contract.already",
                    file=file.name,
                    version=taken.version,
                    id=held.id,
                    name=held.name,
                )
            )
    if account is not None:
        return contracts.send(svc, actor, account.id, file=file)
    if not new:  # shared again while its pick card waits
        return Text(text=svc.t("contract.file_waiting", file=file.name))
    key = f"contract-file:{file.id}"
    return ask_which(svc, actor, member, key, file.name, ATTACH, str(file.id), why, "contract")


def click_attach(svc: Services, actor: Actor, value: str) -> Text:
    """A pick card's button: `stored file id:account id`."""
    raw_file, _, raw_account = value.partition(":")
    file_id, account_id = parse_id(raw_file), parse_id(raw_account)
    if file_id is None or account_id is None:
        return Text(text=svc.t("click.unknown"))
    with svc.db.reading() as s:
        file = s.get(StoredFile, file_id)
    if file is None or file.member_id not in actor.member_ids:
        return Text(text=svc.t("contract.file_unknown"))
    return contracts.send(svc, actor, account_id, file=file)
