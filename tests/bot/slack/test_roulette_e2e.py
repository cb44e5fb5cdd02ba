"""The roulette as people see it on Slack, across real HTTP both ways."""

from __future__ import annotations

import time

import requests

from handlers.roulette.sweep import expire_due
from tests.bot.slack.conftest import button, header, labels
from tests.fakes.slack_requests import fire_concurrently
from tests.pipeline_support import all_delivered


def test_lead_from_website_is_offered_claimed_and_reported(sbot):
    answer = sbot.lead({"company": "Acme", "contact": "Li Lei", "amount": 12000, "tier": "smb"})
    assert answer.status_code == 201
    assert answer.json() == {"id": 1, "status": "offering"}
    [card] = sbot.dm_cards("U0ALICE")
    assert header(card) == "New lead: Acme"
    assert labels(card) == ["Claim", "Pass"]
    text = str(card.args["blocks"])
    assert "Li Lei" in text and "12,000" in text and "smb" in text and "1 min, until" in text

    claim = button(card, "Claim")
    sbot.clock.advance(seconds=20)
    result = sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        claim["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    assert result.status == 200
    [update] = sbot.updates(card)
    assert header(update) == "Claimed by you: Acme"
    assert labels(update) == ["New deal"]  # Claim and Pass are gone
    [line] = sbot.channel_posts("C0MGRS")
    assert line.args["text"] == "Alice claimed lead #1 Acme (12,000) after 20 s."
    assert sbot.slack.calls("chat.postEphemeral") == []


def test_pass_hands_over_to_the_next_rep(sbot):
    sbot.lead({"company": "Beta"})
    [card] = sbot.dm_cards("U0ALICE")
    sbot.send.click(
        "U0ALICE",
        "lead_pass:1",
        button(card, "Pass")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    [update] = sbot.updates(card)
    assert header(update) == "Passed: Beta" and labels(update) == []
    [bob] = sbot.dm_cards("U0BOB")
    assert labels(bob) == ["Claim", "Pass"]


def test_timeout_expires_card_and_offers_next_rep_once(sbot):
    sbot.lead({"company": "Gamma"})
    [card] = sbot.dm_cards("U0ALICE")
    sbot.clock.advance(seconds=61)
    [update] = sbot.updates(card)
    assert header(update) == "Expired: Gamma (your window closed)"
    assert labels(update) == []
    [bob] = sbot.dm_cards("U0BOB")
    time.sleep(1.2)  # a few more sweeper ticks: still exactly one card for Bob
    assert len(sbot.slack.messages_to("DU0BOB")) == 1
    stale = sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        button(card, "Claim")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    assert stale.status == 200
    [note] = sbot.slack.wait_for("chat.postEphemeral")
    assert note.args["user"] == "U0ALICE"
    assert note.args["text"].startswith("Too late: your window closed at 09:01:00 UTC")


def test_someone_else_clicking_changes_nothing(sbot):
    sbot.lead({"company": "Delta"})
    [card] = sbot.dm_cards("U0ALICE")
    sbot.send.click(
        "U0BOB",
        "lead_claim:0",
        button(card, "Claim")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    [note] = sbot.slack.wait_for("chat.postEphemeral")
    assert note.args["user"] == "U0BOB"
    assert note.args["text"] == "This offer is for Alice; only they can answer it."
    assert sbot.slack.calls("chat.update") == []


def test_exactly_one_of_many_simultaneous_clicks_wins(make_slack_bot):
    sbot = make_slack_bot(
        team={
            "managers": ["U0MARIA"],
            "reps": [{"name": f"Rep{i}", "slack": f"U0REP{i}"} for i in range(3)],
        }
    )
    sbot.lead({"company": "Rush"})
    [card] = sbot.dm_cards("U0REP0")
    value = button(card, "Claim")["value"]

    def click():
        return sbot.send.click(
            "U0REP0", "lead_claim:0", value, channel_id="DU0REP0", message_ts=card.response["ts"]
        )

    results = fire_concurrently([click] * 25)
    assert [r.status for r in results] == [200] * 25
    sbot.updates(card)
    sbot.slack.wait_for("chat.postEphemeral")
    time.sleep(0.5)
    assert len(sbot.slack.calls("chat.update")) == 1
    assert len(sbot.channel_posts("C0MGRS")) == 1
    # 24 clicks lost; the clicker is told why once, not 24 times
    notes = [c.args["text"] for c in sbot.slack.calls("chat.postEphemeral")]
    assert notes == ["You have already claimed this lead."]
    with sbot.runtime.svc.db.transaction() as s:
        from sqlalchemy import select

        from storage.models import LeadEvent

        kinds = s.scalars(select(LeadEvent.kind).where(LeadEvent.lead_id == 1)).all()
    assert kinds.count("claimed") == 1


def test_pool_grab_race_has_one_winner(sbot):
    sbot.lead({"company": "Omega"})
    for _ in range(3):  # each window starts when its card arrives
        all_delivered(sbot.runtime.svc)
        sbot.clock.advance(seconds=61)
        expire_due(sbot.runtime.svc)
    pool_card = sbot.slack.wait_for(
        "chat.postMessage",
        lambda c: (
            c.args.get("channel") == "C0MGRS" and "blocks" in c.args and labels(c) == ["Grab"]
        ),
    )[0]
    escalation = sbot.slack.wait_for(
        "chat.postMessage", lambda c: "went to the open pool" in c.args.get("text", "")
    )[0]
    assert "Alice's window expired" in escalation.args["text"]
    value = button(pool_card, "Grab")["value"]
    grabbers = ["U0ALICE", "U0BOB", "U0CAROL"] * 7

    def grab(user):
        return lambda: sbot.send.click(
            user, "lead_grab", value, channel_id="C0MGRS", message_ts=pool_card.response["ts"]
        )

    results = fire_concurrently([grab(u) for u in grabbers])
    assert all(r.status == 200 for r in results)
    [update] = sbot.updates(pool_card)
    assert header(update).startswith("Grabbed by ") and labels(update) == []
    winner = header(update).removeprefix("Grabbed by ").split(":")[0]
    sbot.slack.wait_for("chat.postEphemeral", count=3)
    time.sleep(0.3)
    notes = {(c.args["user"], c.args["text"]) for c in sbot.slack.calls("chat.postEphemeral")}
    assert len(notes) == 3 and len(sbot.slack.calls("chat.postEphemeral")) == 3
    assert {text for _, text in notes} == {
        "You already have this lead.",
        f"{winner} grabbed it first.",
    }
    assert len(sbot.slack.calls("chat.update")) == 1 + 3  # three expired offer cards


def test_forged_and_stale_requests_are_refused(sbot):
    sbot.lead({"company": "Sigma"})
    [card] = sbot.dm_cards("U0ALICE")
    value = button(card, "Claim")["value"]
    bad = sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        value,
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
        signature="v0=" + "0" * 64,
    )
    old = sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        value,
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
        timestamp=int(time.time()) - 301,
    )
    assert (bad.status, old.status) == (401, 401)
    unsigned = requests.post(
        f"{sbot.web.url}/slack/events",
        data={"command": "/lead", "text": "add Forged 1", "user_id": "U0MARIA"},
        timeout=10,
    )
    assert unsigned.status_code == 401
    time.sleep(0.3)
    assert sbot.slack.calls("chat.update") == []
    assert len(sbot.slack.calls("chat.postMessage")) == 1  # only the card itself


def test_retried_event_has_no_second_effect(sbot):
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU0MARIA",
        "user": "U0MARIA",
        "text": "lead add Retry Co 100",
        "ts": "1700000001.000001",
    }
    first = sbot.send.event(event, event_id="Ev0001")
    again = sbot.send.event(
        event,
        event_id="Ev0001",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert (first.status, again.status) == (200, 200)
    [reply] = sbot.slack.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "DU0MARIA")
    assert reply.args["text"] == "Lead #1 Retry Co added; it is being offered."
    sbot.dm_cards("U0ALICE")
    time.sleep(0.5)
    assert len(sbot.slack.messages_to("DU0MARIA")) == 1
    assert len(sbot.slack.messages_to("DU0ALICE")) == 1


def test_a_card_delivered_late_gets_its_whole_window(sbot):
    """The window counts from when the card reaches the rep: under a 429 the card goes out
    later, and its deadline, the one on the card and the one enforced, moves with it."""
    sbot.slack.fail("chat.postMessage", status=429, retry_after=5, times=1)
    sbot.slack.fail("chat.postMessage", delay=1.0, times=1)  # then a slow answer
    sbot.lead({"company": "Late"})
    sbot.slack.wait_for("chat.postMessage", lambda c: c.fault is not None and c.fault.status == 429)
    listing = sbot.send.command("U0MARIA", "/lead", "list").json()["text"]
    assert "its card is on its way to Alice" in listing
    sbot.clock.advance(seconds=70)  # past the minute it would have had from the first try
    time.sleep(0.6)  # the sweeper ticks meanwhile: a card not yet shown keeps its lead
    [card] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.response is not None and c.response.get("ok")
    )
    assert "1 min, until 09:02:10 UTC" in str(card.args["blocks"])  # 09:01:10 + the window
    all_delivered(sbot.runtime.svc)
    sbot.clock.advance(seconds=55)  # 09:02:05: an hour-old deadline would be long gone
    result = sbot.send.click(
        "U0ALICE",
        button(card, "Claim")["action_id"],
        button(card, "Claim")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    assert result.status == 200
    [claimed] = sbot.updates(card)
    assert header(claimed) == "Claimed by you: Late"
