"""Helpers the pipeline's tests share: a claimed lead for a given rep, accounts, timelines."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from handlers.core.commands import run_command
from handlers.core.context import Actor, Services, identify
from handlers.pipeline import accounts as pipeline
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from storage.accounts import Account, AccountEvent
from storage.files import FileStatus, StoredFile
from storage.models import Member, Offer, OutboxMessage


def actor(svc: Services, slack_id: str, platform: str = "slack") -> Actor:
    """Who `slack_id` is; pass `platform="wecom"` to name people by their WeCom id."""
    with svc.db.transaction() as s:
        return identify(s, platform, slack_id)


def deliver(svc: Services) -> None:
    """Send what the outbox owes now, on this thread, as the delivery thread would: a rep
    acts on a card once it has reached them (an offer's window starts then). Safe beside a
    running delivery thread: a row is taken by one sender only, and what that thread has
    taken is waited for (until then a card's window has not started)."""
    svc.later.drain(10)  # work started after answers queues messages too
    delivery = svc.wake_delivery.__self__  # build_runtime hands Services Delivery.wake
    deadline = time.monotonic() + 10
    while delivery.run_once() or delivery.owed():
        assert time.monotonic() < deadline, "the outbox still owes messages due now"
        time.sleep(0.005)


def claimed_lead(
    svc: Services, slack_id: str, company: str, amount: Any = None, *, platform: str = "slack"
) -> int:
    """A new lead, passed on by the others until `slack_id` holds it, then claimed."""
    lead, _ = add_lead(svc, "sales", LeadInput(company=company, amount=amount and Decimal(amount)))
    for _ in range(10):
        deliver(svc)
        with svc.db.transaction() as s:
            offer = s.scalar(select(Offer).where(Offer.lead_id == lead.id, Offer.status == "open"))
            member = s.get_one(Member, offer.member_id)
            holder = member.wecom_id if platform == "wecom" else member.slack_id
        if holder == slack_id:
            assert offers.claim(svc, actor(svc, slack_id, platform), str(offer.id)) is None
            return lead.id
        offers.pass_offer(svc, actor(svc, holder, platform), str(offer.id))
    raise AssertionError(f"{slack_id} was never offered {company}")


def open_account(
    svc: Services,
    slack_id: str,
    company: str,
    amount: str,
    close: date | None = None,
    *,
    platform: str = "slack",
) -> int:
    """A claimed lead of `slack_id` turned into an account; returns the account id."""
    lead_id = claimed_lead(svc, slack_id, company, platform=platform)
    reply, opened = pipeline.open_account(
        svc, actor(svc, slack_id, platform), lead_id, Decimal(amount), close
    )
    assert opened, reply.text
    with svc.db.transaction() as s:
        return s.scalar(select(Account.id).where(Account.lead_id == lead_id))


def say(svc: Services, slack_id: str, command: str, text: str = "") -> str:
    """What a command answers, as text."""
    replies = run_command(svc, actor(svc, slack_id), command, text)
    return "\n".join(r.plain() if hasattr(r, "plain") else r.title for r in replies)


def account(svc: Services, account_id: int) -> Account:
    with svc.db.transaction() as s:
        return s.get_one(Account, account_id)


def events(svc: Services, account_id: int | None = None) -> list[tuple[str, str | None]]:
    """(kind, stage) of every timeline event, oldest first."""
    with svc.db.transaction() as s:
        query = select(AccountEvent.kind, AccountEvent.stage).order_by(AccountEvent.id)
        if account_id is not None:
            query = query.where(AccountEvent.account_id == account_id)
        return [tuple(row) for row in s.execute(query).all()]


def count(svc: Services, model: Any) -> int:
    with svc.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))


def all_delivered(svc: Services, timeout: float = 5.0) -> None:
    """Wait until the outbox holds nothing unsent: what reached the chat is all there will be."""
    deadline = time.monotonic() + timeout
    while True:
        with svc.db.reading() as s:
            pending = s.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "pending")
            )
        if not pending:
            return
        assert time.monotonic() < deadline, f"{pending} message(s) still unsent"
        time.sleep(0.01)


def wait_stored(svc: Services, file_id: int, timeout: float = 10.0) -> StoredFile:
    """Wait until the copy job has settled the file (stored, refused or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        with svc.db.reading() as s:
            file = s.get(StoredFile, file_id)
        if file is not None and file.status != FileStatus.PENDING:
            return file
        assert time.monotonic() < deadline, f"file {file_id} is still being copied"
        time.sleep(0.02)
