"""Slash commands over real HTTP: the ephemeral answer is what the user sees."""

from __future__ import annotations

from tests.bot.slack.conftest import labels
from tests.pipeline_support import all_delivered


def blocks_text(answer) -> str:
    return answer.json()["text"]


def test_lead_add_list_show_cancel(sbot):
    added = sbot.send.command("U0MARIA", "/lead", 'add "Acme Ltd" 9,500 contact="Li Lei"')
    assert added.status == 200
    assert blocks_text(added) == "Lead #1 Acme Ltd added; it is being offered."
    [card] = sbot.dm_cards("U0ALICE")
    all_delivered(sbot.runtime.svc)  # the card is recorded as shown: its window runs
    listing = blocks_text(sbot.send.command("U0MARIA", "/lead", "list"))
    assert listing.startswith("sales: 1 lead(s) in flight\n• #1 Acme Ltd (9,500): Alice holds")
    shown = blocks_text(sbot.send.command("U0MARIA", "/lead", "show 1"))
    assert "Contact: Li Lei" in shown and "offered to Alice" in shown
    cancelled = blocks_text(sbot.send.command("U0MARIA", "/lead", "cancel 1"))
    assert cancelled == "Lead #1 Acme Ltd withdrawn."
    [update] = sbot.updates(card)
    assert labels(update) == []


def test_usage_refusals_and_away(sbot):
    assert blocks_text(sbot.send.command("U0MARIA", "/lead", "")).startswith("Usage of /lead:")
    assert blocks_text(sbot.send.command("U0ALICE", "/lead", "add X")) == (
        "Only managers can use /lead add."
    )
    assert blocks_text(sbot.send.command("U0ALICE", "/team", "away")) == (
        "Alice is now away: no new leads until back."
    )
    assert blocks_text(sbot.send.command("U0MARIA", "/team", "away <@U0NOBODY|x>")) == (
        "No one called @U0NOBODY on team sales."
    )
    sbot.send.command("U0MARIA", "/lead", "add Skipper")
    [bob] = sbot.dm_cards("U0BOB")
    all_delivered(sbot.runtime.svc)
    listing = blocks_text(sbot.send.command("U0MARIA", "/lead", "list"))
    assert "#1 Skipper: Bob holds the window" in listing  # away, Alice comes last
    assert sbot.slack.messages_to("DU0ALICE") == []
    assert labels(bob) == ["Claim", "Pass"]


def test_pool_listing_has_grab_buttons(sbot):
    empty = sbot.send.command("U0BOB", "/lead", "pool")
    assert blocks_text(empty) == "The open pool of sales is empty."
    from handlers.roulette.sweep import expire_due

    sbot.lead({"company": "Pooled"})
    for _ in range(3):  # each window starts when its card arrives
        all_delivered(sbot.runtime.svc)
        sbot.clock.advance(seconds=61)
        expire_due(sbot.runtime.svc)
    # the background sweeper may be the one closing the last window: wait for the pool card
    sbot.slack.wait_for("chat.postMessage", lambda c: "Open pool: Pooled" in c.args["text"])
    answer = sbot.send.command("U0BOB", "/lead", "pool").json()
    buttons = [
        e["text"]["text"]
        for b in answer["blocks"]
        for e in b.get("elements", [])
        if e.get("type") == "button"
    ]
    assert buttons == ["Grab"]
    assert answer["blocks"][0]["text"]["text"] == "Open pool: Pooled"
