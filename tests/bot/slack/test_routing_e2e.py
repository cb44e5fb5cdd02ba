"""Routing as people see it on Slack: the Contacted button, a lead that waits for working
hours, time off and who is next, across real HTTP both ways."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.roulette import SLA_EVERY
from tests.bot.slack.conftest import button, header, labels
from tests.bot.slack.test_commands_e2e import blocks_text


def press(sbot, user, card, label, shown=None):
    """Press a button of `card` as it is `shown` now (after an update, say)."""
    pressed = button(shown or card, label)
    return sbot.send.click(
        user,
        pressed["action_id"],
        pressed["value"],
        channel_id=card.args["channel"],
        message_ts=card.response["ts"],
    )


def test_the_claimed_card_gets_contacted_and_the_sla_reminds_once(make_slack_bot):
    sbot = make_slack_bot(team={"first_touch": "1h", "first_touch_escalate": "2h"})
    sbot.lead({"company": "Acme"})
    [card] = sbot.dm_cards("U0ALICE")
    assert press(sbot, "U0ALICE", card, "Claim").status == 200
    [claimed] = sbot.updates(card)
    assert header(claimed) == "Claimed by you: Acme"
    assert labels(claimed) == ["New deal", "Contacted"]
    sbot.clock.advance(minutes=61)  # the SLA's ticker reads the moved clock
    # it ticks every SLA_EVERY seconds: wait for a few of its ticks, not just one
    [reminder] = sbot.dm_cards("U0ALICE", count=2, timeout=3 * SLA_EVERY)[1:]
    assert reminder.args["text"].startswith("Lead #1 Acme: you claimed it 1 h 1 min ago")
    sbot.clock.advance(minutes=4)
    press(sbot, "U0ALICE", card, "Contacted", shown=claimed)
    contacted = sbot.updates(card, count=2)[-1]
    assert labels(contacted) == ["New deal"]
    assert "First touch 1 h 5 min after the claim." in str(contacted.args["blocks"])
    sbot.clock.advance(hours=2)  # past the escalation: it was called off
    assert blocks_text(sbot.send.command("U0MARIA", "/team", "")).count("SLA misses 1") == 1
    assert [c for c in sbot.slack.messages_to("C0MGRS") if "not been in touch" in str(c.args)] == []


def test_a_lead_after_hours_waits_and_goes_out_when_work_starts(make_slack_bot):
    sbot = make_slack_bot(team={"timezone": "Europe/Berlin", "hours": "mon-fri 09:00-18:00"})
    sbot.clock.current = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)  # Saturday
    assert sbot.lead({"company": "Weekend"}).json() == {"id": 1, "status": "waiting"}
    listing = blocks_text(sbot.send.command("U0MARIA", "/lead", "list"))
    assert "#1 Weekend: waiting for working hours: offered at 2026-03-09 09:00 CET" in listing
    assert sbot.slack.messages_to("DU0ALICE") == []
    sbot.clock.current = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
    [card] = sbot.dm_cards("U0ALICE")
    assert header(card) == "New lead: Weekend"


def test_time_off_and_who_is_next(sbot):
    answer = sbot.send.command("U0MARIA", "/team", "away <@U0BOB|bob> until 2026-03-20 leave")
    assert blocks_text(answer) == "Bob is now away until 2026-03-20: no new leads until then."
    shown = blocks_text(sbot.send.command("U0MARIA", "/lead", "next")).splitlines()
    assert [line.split(":")[0] for line in shown[1:]] == ["1. Alice", "2. Carol", "3. Bob"]
    assert "3. Bob: skipped: away until 2026-03-20" in shown[3]
