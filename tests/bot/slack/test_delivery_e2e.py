"""Slack failing: rate limits, server errors, timeouts, reps who cannot be messaged."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from storage.models import OutboxMessage
from tests.bot.slack.conftest import button, header
from tests.pipeline_support import all_delivered
from tests.waiting import wait_until


def outbox_row(sbot, row_id=1, action=None):
    with sbot.runtime.svc.db.transaction() as s:
        if action is not None:
            return s.scalar(select(OutboxMessage).where(OutboxMessage.action == action))
        return s.scalar(select(OutboxMessage).where(OutboxMessage.id == row_id))


def test_a_rate_limited_card_goes_back_to_the_outbox_until_retry_after(sbot):
    """A 429 is the outbox's to wait out, not the client's: the card is tried again once
    Retry-After has passed, and its offer window starts when it finally goes out."""
    sbot.slack.fail("chat.postMessage", status=429, retry_after=2, times=2)
    sbot.lead({"company": "Slowly"})
    wait_until(lambda: outbox_row(sbot).attempts == 1)
    row = outbox_row(sbot)
    assert row.last_error == "ratelimited"
    assert row.next_attempt_at >= sbot.clock.now() + timedelta(seconds=2)  # as Slack asked
    assert len(sbot.slack.calls("chat.postMessage")) == 1  # nothing more until then
    sbot.clock.advance(seconds=3)
    wait_until(lambda: outbox_row(sbot).attempts == 2)
    sbot.clock.advance(seconds=3)
    cards = sbot.slack.wait_for(
        "chat.postMessage",
        lambda c: c.fault is None and c.args.get("channel") == "DU0ALICE",
        timeout=15,
    )
    assert len([c for c in sbot.slack.calls("chat.postMessage") if c.fault is not None]) == 2
    assert header(cards[0]) == "New lead: Slowly"
    assert "until 09:01:06 UTC" in str(cards[0].args["blocks"])  # sent at 09:00:06


def test_server_errors_and_timeouts_are_retried_without_doubling(sbot):
    sbot.slack.fail("chat.postMessage", status=503, times=1)
    sbot.lead({"company": "Flaky"})
    wait_until(lambda: outbox_row(sbot).attempts == 1)
    sbot.clock.advance(seconds=3)
    [card] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.fault is None and c.args.get("channel") == "DU0ALICE"
    )
    sbot.slack.fail("chat.update", delay=12, times=1)  # longer than the client's timeout
    sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        button(card, "Claim")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    wait_until(lambda: outbox_row(sbot, action="update").attempts == 1, timeout=20)
    assert outbox_row(sbot, action="update").last_error == "TimeoutError: timed out"
    sbot.clock.advance(seconds=3)  # the update is retried; updating twice is harmless
    updates = sbot.slack.wait_for("chat.update", lambda c: c.fault is None)
    assert len(updates) == 1
    assert header(updates[0]) == "Claimed by you: Flaky"
    sbot.channel_posts("C0MGRS")
    time.sleep(0.5)
    assert len(sbot.slack.messages_to("C0MGRS")) == 1
    from sqlalchemy import select

    from storage.models import Lead

    with sbot.runtime.svc.db.transaction() as s:
        assert s.scalar(select(Lead.status)) == "claimed"


def test_rep_who_cannot_be_messaged_is_skipped_with_reason(sbot):
    sbot.slack.fail(
        "conversations.open",
        error="user_not_found",
        times=None,
        when=lambda a: a.get("users") == "U0ALICE",
    )
    sbot.lead({"company": "Skippy"})
    [bob] = sbot.dm_cards("U0BOB")
    assert header(bob) == "New lead: Skippy"
    all_delivered(sbot.runtime.svc)
    answer = sbot.send.command("U0MARIA", "/lead", "list")
    assert (
        "Alice skipped (cannot be messaged (user_not_found)); Bob holds the window" in answer.text
    )
