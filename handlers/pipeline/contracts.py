"""Contract approval: a rep sends a contract for an account (a file shared in chat, or a
link with /contract); the managers of its team get a card with Approve and Reject; the
first decision wins; the rep's card shows it in place, with Won once it is approved.

A new version supersedes the one waiting. Only managers decide, and a manager who owns
the account (or sent the contract) leaves it to the others when there are others. A
contract waiting longer than `pipeline.contract_reminder` reminds them, once a period.
A shared file goes to the managers once its copy is in the file store, so the link on
their card is one they can open.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import when
from handlers.core.messages import Card, Form, FormInvalid, Text
from handlers.core.money import show_cents
from handlers.core.parse import parse_id
from handlers.pipeline import contract_cards as cards
from handlers.pipeline.accounts import editable, move
from handlers.pipeline.files import describe
from handlers.pipeline.find import can_change
from storage.accounts import Account, Outcome
from storage.contracts import WAITING, Contract, ContractStatus
from storage.files import FileStatus, StoredFile
from storage.models import Member, Team

ATTEMPTS = 3  # two versions sent for one account at the same moment: the later tries again
LISTED = 20


def deciders(s: Session, account: Account, contract: Contract) -> list[Member]:
    """Who may decide: the team's managers, less one who owns the account or sent the
    contract, unless nobody else is left."""
    managers = s.scalars(
        select(Member)
        .where(
            Member.team_id == account.team_id,
            Member.is_manager.is_(True),
            Member.listed.is_(True),
        )
        .order_by(Member.position, Member.id)
    ).all()
    # (a manager who is also a rep is one member: the same id owns and manages)
    others = [m for m in managers if m.id not in (account.owner_id, contract.member_id)]
    return others or list(managers)


def _content(svc: Services, s: Session, contract: Contract, now: datetime) -> str:
    """The file (with a link to its stored copy) or the link the contract was sent with."""
    t = svc.t
    if contract.stored_file_id is not None:
        return t(
            "contract.file", file=describe(svc, s.get_one(StoredFile, contract.stored_file_id), now)
        )
    return t("contract.link", link=contract.link or "—")


def _names(s: Session, *ids: int | None) -> list[str]:
    return [s.get_one(Member, i).name if i is not None else "" for i in ids]


def _zone(svc: Services, s: Session, account: Account):
    return svc.team_config(s.get_one(Team, account.team_id)).zone


def _newer(s: Session, contract: Contract) -> int | None:
    return s.scalar(
        select(func.min(Contract.version)).where(
            Contract.account_id == contract.account_id, Contract.version > contract.version
        )
    )


def _cards(svc: Services, s: Session, contract: Contract, now: datetime, *, first: bool) -> None:
    """Queue the contract's cards as they are now: sent (`first`) or updated in place."""
    t = svc.t
    account = s.get_one(Account, contract.account_id)
    owner, sender, decider = _names(s, account.owner_id, contract.member_id, contract.decided_by)
    content = _content(svc, s, contract, now)
    zone = _zone(svc, s, account)
    settled = cards.decision(t, contract, decider, _newer(s, contract), zone)
    who = deciders(s, account, contract)
    if contract.status == ContractStatus.RECEIVING:
        line = t("contract.receiving")
    elif contract.status == ContractStatus.PENDING:
        line = t("contract.waiting_for", names=", ".join(m.name for m in who))
    else:
        line = settled
    mine = cards.rep_card(t, contract, account, owner, sender, content, line)
    if first:
        for member_id in dict.fromkeys((contract.member_id, account.owner_id)):
            member = s.get_one(Member, member_id)
            svc.outbox.to_member(s, now, member, mine, card_key=cards.rep_key(contract))
        return
    theirs = cards.managers_card(t, contract, account, owner, sender, content, settled)
    svc.outbox.update(s, now, cards.rep_key(contract), mine)
    svc.outbox.update(s, now, cards.managers_key(contract), theirs)


def _to_deciders(svc: Services, s: Session, contract: Contract, now: datetime) -> None:
    account = s.get_one(Account, contract.account_id)
    owner, sender = _names(s, account.owner_id, contract.member_id)
    content = _content(svc, s, contract, now)
    card = cards.managers_card(svc.t, contract, account, owner, sender, content, "")
    for manager in deciders(s, account, contract):
        svc.outbox.to_member(s, now, manager, card, card_key=cards.managers_key(contract))


def _touch(s: Session, account_id: int, now: datetime) -> None:
    s.execute(update(Account).where(Account.id == account_id).values(last_activity_at=now))


def send(
    svc: Services,
    actor: Actor,
    account_id: int,
    *,
    file: StoredFile | None = None,
    link: str | None = None,
) -> Text:
    """A new contract version for the account, superseding the one waiting. A shared file
    goes to the managers once the store has it; a link goes at once."""
    for attempt in range(ATTEMPTS):
        try:
            reply = _send(svc, actor, account_id, file, link)
            break
        except IntegrityError:  # another version for the same account won the race
            if attempt + 1 == ATTEMPTS:
                raise
    svc.wake_delivery()
    return reply


def _send(
    svc: Services, actor: Actor, account_id: int, file: StoredFile | None, link: str | None
) -> Text:
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        if account.outcome != Outcome.OPEN:
            return Text(text=t("contract.account_final", id=account.id, name=account.name))
        if file is not None:
            # locked: the copy settling at this moment either is seen as stored here, or
            # waits for this contract and then sends it on (file_settled)
            file = s.get_one(StoredFile, file.id, with_for_update=True)
            taken = s.scalar(select(Contract).where(Contract.stored_file_id == file.id))
            if taken is not None:
                held = s.get_one(Account, taken.account_id)
                return Text(
                    text=t(
                        "contract.already",
                        file=file.name,
                        version=taken.version,
                        id=held.id,
                        name=held.name,
                    )
                )
            if file.status in (FileStatus.REFUSED, FileStatus.FAILED):
                return Text(text=describe(svc, file, now))
        sender = actor.member_of(account.team_id)
        assert sender is not None  # editable() checked they are on the team
        waiting = s.scalars(
            select(Contract).where(Contract.account_id == account.id, Contract.status.in_(WAITING))
        ).all()
        version = (
            s.scalar(select(func.max(Contract.version)).where(Contract.account_id == account.id))
            or 0
        ) + 1
        for old in waiting:
            s.execute(
                update(Contract)
                .where(Contract.id == old.id, Contract.status == old.status)
                .values(status=ContractStatus.SUPERSEDED, remind_at=None)
            )
        ready = file is None or file.status == FileStatus.STORED
        contract = Contract(
            account_id=account.id,
            team_id=account.team_id,
            version=version,
            member_id=sender.id,
            stored_file_id=file.id if file is not None else None,
            link=link,
            status=ContractStatus.PENDING if ready else ContractStatus.RECEIVING,
            sent_at=now,
            remind_at=now + svc.config.pipeline.contract_reminder if ready else None,
        )
        s.add(contract)
        s.flush()
        for old in waiting:
            s.refresh(old)
            _cards(svc, s, old, now, first=False)
        _cards(svc, s, contract, now, first=True)
        if file is not None:  # the card that asked which account it was for, if one did
            picked = t("contract.picked", file=file.name, id=account.id, name=account.name)
            done = Card(title=picked, status=t("contract.picked_state"))
            svc.outbox.update(s, now, f"contract-file:{file.id}", done)
        if ready:
            _to_deciders(svc, s, contract, now)
        _touch(s, account.id, now)
        names = ", ".join(m.name for m in deciders(s, account, contract))
        key = "contract.sent" if ready else "contract.sent_receiving"
        return Text(text=t(key, version=version, id=account.id, name=account.name, names=names))


def file_settled(svc: Services, s: Session, file: StoredFile, now: datetime) -> None:
    """The copy of a contract's file is in the store (the managers get the card now), or
    it cannot be kept (the contract is withdrawn)."""
    contract = s.scalar(select(Contract).where(Contract.stored_file_id == file.id))
    if contract is None or contract.status != ContractStatus.RECEIVING:
        return
    if file.status == FileStatus.STORED:
        values = {
            "status": ContractStatus.PENDING,
            "remind_at": now + svc.config.pipeline.contract_reminder,
        }
    else:
        values = {"status": ContractStatus.WITHDRAWN, "reason": file.last_error}
    moved = s.execute(
        update(Contract)
        .where(Contract.id == contract.id, Contract.status == ContractStatus.RECEIVING)
        .values(**values)
        .returning(Contract.id)
    ).first()
    if moved is None:
        return
    s.refresh(contract)
    _cards(svc, s, contract, now, first=False)
    if contract.status == ContractStatus.PENDING:
        _to_deciders(svc, s, contract, now)


# -- deciding --------------------------------------------------------------------------


def _decidable(svc: Services, s: Session, actor: Actor, value: str) -> Contract | Text:
    """The contract behind a button, if the clicker may decide it now; else why not."""
    t = svc.t
    contract_id = parse_id(value)
    contract = s.get(Contract, contract_id) if contract_id is not None else None
    if contract is None or actor.member_of(contract.team_id) is None:
        return Text(text=t("contract.unknown"))
    account = s.get_one(Account, contract.account_id)
    head = cards.title(t, contract, account)
    if not actor.is_manager(contract.team_id):
        return Text(text=t("contract.managers_decide"))
    if contract.status != ContractStatus.PENDING:
        return Text(text=_settled_note(svc, s, contract, head))
    if not actor.member_ids & {m.id for m in deciders(s, account, contract)}:
        return Text(text=t("contract.not_your_decision", title=head))
    return contract


def _settled_note(svc: Services, s: Session, contract: Contract, head: str) -> str:
    account = s.get_one(Account, contract.account_id)
    [decider] = _names(s, contract.decided_by)
    zone = _zone(svc, s, account)
    line = cards.decision(svc.t, contract, decider, _newer(s, contract), zone)
    return svc.t("contract.settled", title=head, decision=line or svc.t("contract.receiving"))


def _decide(
    svc: Services, actor: Actor, value: str, status: ContractStatus, reason: str | None = None
) -> Text | None:
    """One conditional UPDATE decides: of two managers at once, the first one's wins."""
    now = svc.clock.now()
    with svc.db.transaction() as s:
        contract = _decidable(svc, s, actor, value)
        if isinstance(contract, Text):
            return contract
        me = actor.member_of(contract.team_id)
        assert me is not None
        won = s.execute(
            update(Contract)
            .where(Contract.id == contract.id, Contract.status == ContractStatus.PENDING)
            .values(status=status, decided_by=me.id, decided_at=now, reason=reason, remind_at=None)
            .returning(Contract.id)
        ).first()
        if won is None:
            s.refresh(contract)
            head = cards.title(svc.t, contract, s.get_one(Account, contract.account_id))
            return Text(text=_settled_note(svc, s, contract, head))
        s.refresh(contract)
        _cards(svc, s, contract, now, first=False)
        _touch(s, contract.account_id, now)
    svc.wake_delivery()
    return None


def click_approve(svc: Services, actor: Actor, value: str) -> Text | None:
    return _decide(svc, actor, value, ContractStatus.APPROVED)


def click_reject(svc: Services, actor: Actor, value: str) -> Text | Form:
    """Reject asks why first (a modal on Slack, the next message on WeCom and the console)."""
    with svc.db.reading() as s:
        contract = _decidable(svc, s, actor, value)
        if isinstance(contract, Text):
            return contract
        return cards.reject_form(svc.t, contract, s.get_one(Account, contract.account_id))


def submit_reject(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text | None:
    reason = answers.get("reason", "").strip()
    if not reason:
        raise FormInvalid({"reason": svc.t("form.reject.need_reason")})
    if len(reason) > cards.REASON_MAX:
        raise FormInvalid({"reason": svc.t("input.too_long", max=cards.REASON_MAX)})
    return _decide(svc, actor, value, ContractStatus.REJECTED, reason)


def click_won(svc: Services, actor: Actor, value: str) -> Text | Form:
    """Won, on an approved contract's card: the account moves to the won stage, and every
    copy of the card says so."""
    t = svc.t
    contract_id = parse_id(value)
    with svc.db.reading() as s:
        contract = s.get(Contract, contract_id) if contract_id is not None else None
        if contract is None or actor.member_of(contract.team_id) is None:
            return Text(text=t("contract.unknown"))
        account = s.get_one(Account, contract.account_id)
        if contract.status != ContractStatus.APPROVED:
            return Text(text=_settled_note(svc, s, contract, cards.title(t, contract, account)))
        if not can_change(actor, account):
            [owner] = _names(s, account.owner_id)
            return Text(text=t("account.not_yours", id=account.id, name=account.name, owner=owner))
    won = svc.config.pipeline.final_stage("won").name

    def then(s: Session, now: datetime) -> None:
        _cards(svc, s, s.get_one(Contract, contract.id), now, first=False)

    return move(svc, actor, account.id, won, then=then)


# -- reminders and lists ---------------------------------------------------------------


def remind(svc: Services) -> int:
    """Remind the deciders of every contract that has waited a period since it was sent
    or last reminded; returns how many were reminded (the job ticks it)."""
    t = svc.t
    now = svc.clock.now()
    period = svc.config.pipeline.contract_reminder
    with svc.db.transaction() as s:
        query = (
            select(Contract)
            .where(Contract.status == ContractStatus.PENDING, Contract.remind_at <= now)
            .order_by(Contract.remind_at)
            .limit(50)
        )
        if svc.db.is_postgres:
            query = query.with_for_update(skip_locked=True)
        reminded = 0
        for contract in s.scalars(query).all():
            moved = s.execute(
                update(Contract)
                .where(Contract.id == contract.id, Contract.remind_at == contract.remind_at)
                .values(remind_at=now + period)
                .returning(Contract.id)
            ).first()
            if moved is None:
                continue
            account = s.get_one(Account, contract.account_id)
            [sender] = _names(s, contract.member_id)
            note = Text(
                text=t(
                    "contract.reminder",
                    title=cards.title(t, contract, account),
                    name=sender,
                    age=cards.age(t, contract.sent_at, now),
                )
            )
            for manager in deciders(s, account, contract):
                svc.outbox.to_member(s, now, manager, note)
            reminded += 1
    if reminded:
        svc.wake_delivery()
    return reminded


def pending(svc: Services, actor: Actor, team_id: int) -> Text:
    """`/contract pending`: what waits on this manager's decision, oldest first."""
    t = svc.t
    now = svc.clock.now()
    lines = []
    with svc.db.reading() as s:
        rows = s.execute(
            select(Contract, Account)
            .join(Account, Account.id == Contract.account_id)
            .where(Contract.team_id == team_id, Contract.status == ContractStatus.PENDING)
            .order_by(Contract.sent_at, Contract.id)
        ).all()
        for contract, account in rows:
            if not actor.member_ids & {m.id for m in deciders(s, account, contract)}:
                continue
            [sender] = _names(s, contract.member_id)
            lines.append(
                "• "
                + t(
                    "contract.pending_row",
                    title=cards.title(t, contract, account),
                    name=sender,
                    amount=show_cents(account.amount_cents),
                    stage=account.stage,
                    age=cards.age(t, contract.sent_at, now),
                    content=_content(svc, s, contract, now),
                )
            )
    if not lines:
        return Text(text=t("contract.none_pending"))
    shown = lines[:LISTED]
    more = [t("contract.pending_more", n=len(lines) - LISTED)] if len(lines) > LISTED else []
    return Text(text="\n".join([t("contract.pending_head", n=len(lines)), *shown, *more]))


def history_lines(svc: Services, s: Session, account: Account, now: datetime) -> list[str]:
    """Every version of the account's contract: who sent it, the decision, who decided,
    when, the reason; for the timeline."""
    t = svc.t
    zone = _zone(svc, s, account)
    lines = []
    for contract in s.scalars(
        select(Contract).where(Contract.account_id == account.id).order_by(Contract.version)
    ):
        sender, decider = _names(s, contract.member_id, contract.decided_by)
        decided = cards.decision(t, contract, decider, _newer(s, contract), zone)
        if contract.status == ContractStatus.PENDING:
            decided = t("contract.state.pending")
        elif contract.status == ContractStatus.RECEIVING:
            decided = t("contract.receiving")
        lines.append(
            "• "
            + t(
                "contract.history_row",
                version=contract.version,
                name=sender,
                at=when(contract.sent_at, zone),
                decision=decided,
                content=_content(svc, s, contract, now),
            )
        )
    return lines
