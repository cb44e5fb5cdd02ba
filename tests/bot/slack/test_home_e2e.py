"""The Home tab over real HTTP: opened, kept current, clicked, for reps, managers and
strangers."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from bot.slack.home import COALESCE
from handlers.digests import scheduled
from storage.models import MessageRef
from tests.fakes.slack_api import Call
from tests.pipeline_support import all_delivered


def opened(sbot: Any, user_id: str) -> None:
    event = {"type": "app_home_opened", "user": user_id, "channel": f"D{user_id}", "tab": "home"}
    assert sbot.send.event(event).status == 200


def pages(sbot: Any, user_id: str) -> list[Call]:
    return [c for c in sbot.slack.calls("views.publish") if c.args.get("user_id") == user_id]


def next_page(sbot: Any, user_id: str, after: int = 0, timeout: float = 10.0) -> Call:
    """The first page published for the user after the first `after` ones."""
    [*_, page] = sbot.slack.wait_for(
        "views.publish",
        lambda c: c.args.get("user_id") == user_id,
        count=after + 1,
        timeout=timeout,
    )
    return page


def texts(page: Call) -> str:
    """Every word on the page, blocks' texts and fields and buttons alike."""
    out = []
    for block in page.args["view"]["blocks"]:
        for part in (block.get("text"), *(block.get("fields") or ()), *block.get("elements", ())):
            if isinstance(part, dict):
                text = part.get("text")
                out.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(out)


def buttons(page: Call, label: str) -> list[dict[str, Any]]:
    return [
        e
        for block in page.args["view"]["blocks"]
        for e in block.get("elements", ())
        if e.get("type") == "button" and e["text"]["text"] == label
    ]


def press(sbot: Any, user_id: str, page: Call, button: dict[str, Any]) -> Any:
    """Click a button on the Home tab as Slack reports it: from the view, no channel."""
    return sbot.send.click(
        user_id,
        button["action_id"],
        button["value"],
        channel_id="",
        message_ts="",
        container_type="view",
        view={"id": page.response["view"]["id"], "type": "home"},
    )


def test_opening_the_home_tab_publishes_the_reps_page(sbot):
    opened(sbot, "U0ALICE")
    page = next_page(sbot, "U0ALICE")
    assert page.args["view"]["type"] == "home"
    words = texts(page)
    assert "Alice's page" in words
    assert "No lead is offered to you right now." in words
    assert "You have no open account." in words
    assert "Your forecast, 2026-Q1" in words
    # the Messages tab asks for no page
    event = {"type": "app_home_opened", "user": "U0BOB", "channel": "DU0BOB", "tab": "messages"}
    assert sbot.send.event(event).status == 200
    time.sleep(1.0)
    assert pages(sbot, "U0BOB") == []


def test_a_new_offer_republishes_the_page_with_claim(sbot):
    opened(sbot, "U0ALICE")
    next_page(sbot, "U0ALICE")
    assert sbot.lead({"company": "Acme", "amount": 12000}).status_code == 201
    sbot.dm_cards("U0ALICE")
    page = next_page(sbot, "U0ALICE", after=1)
    assert "Offers open for you (1)" in texts(page)
    [claim] = buttons(page, "Claim")
    assert claim["value"] == "1"
    assert buttons(page, "Pass")


def test_a_claim_on_the_home_tab_claims_updates_the_card_and_the_page(sbot):
    assert sbot.lead({"company": "Acme", "amount": 12000}).status_code == 201
    [card] = sbot.dm_cards("U0ALICE")
    opened(sbot, "U0ALICE")
    page = next_page(sbot, "U0ALICE")
    [claim] = buttons(page, "Claim")
    assert press(sbot, "U0ALICE", page, claim).status == 200
    [update] = sbot.updates(card)
    assert update.args["blocks"][0]["text"]["text"] == "Claimed by you: Acme"
    after = next_page(sbot, "U0ALICE", after=1)
    assert "Offers open for you (0)" in texts(after)
    assert not buttons(after, "Claim")
    # the same stale click, now from the old page, gets the card's answer in the DM
    assert press(sbot, "U0ALICE", page, claim).status == 200
    [note] = sbot.slack.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "U0ALICE")
    assert "already claimed" in note.args["text"].lower()


def test_a_burst_of_fifty_changes_publishes_the_page_a_few_times(make_slack_bot):
    sbot = make_slack_bot(team={"reps": [{"name": "Alice", "slack": "U0ALICE", "capacity": 100}]})
    opened(sbot, "U0ALICE")
    next_page(sbot, "U0ALICE")
    started = time.monotonic()
    for i in range(50):
        assert sbot.lead({"company": f"Lead {i}"}).status_code == 201
    sbot.dm_cards("U0ALICE", count=50, timeout=20)
    all_delivered(sbot.runtime.svc)
    # the page catches up with the burst: it ends showing all fifty
    deadline = time.monotonic() + 15
    while "Offers open for you (50)" not in texts(pages(sbot, "U0ALICE")[-1]):
        assert time.monotonic() < deadline, "the page never showed the whole burst"
        time.sleep(0.2)
    took = time.monotonic() - started
    time.sleep(COALESCE + 1)  # nothing more is owed once it shows them all
    published = len(pages(sbot, "U0ALICE")) - 1
    assert 1 <= published <= took / COALESCE + 2, (published, took)


def test_the_managers_page_lists_leads_in_flight_and_the_reps(sbot):
    assert sbot.lead({"company": "Acme", "amount": 12000}).status_code == 201
    sbot.dm_cards("U0ALICE")
    opened(sbot, "U0MARIA")
    words = texts(next_page(sbot, "U0MARIA"))
    assert "Leads in flight (1)" in words
    assert "#1 Acme (12,000): Alice holds the window" in words
    assert "Open pool (0)" in words
    assert "• Alice: available · 0/3 open" in words
    assert "Forecast for sales, 2026-Q1" in words and "Forecast for sales, 2026-Q2" in words
    assert "No contract waits for you." in words
    assert not buttons(next_page(sbot, "U0MARIA"), "Claim")


def test_the_managers_page_shows_the_latest_digest_chart(sbot):
    answer = sbot.send.command("U0MARIA", "/forecast", "quota @Alice 2026-Q1 50000")
    assert answer.status == 200
    assert scheduled.runner("forecast")(sbot.runtime.svc, "sales")  # the digest's hour came
    sbot.slack.wait_for("files.completeUploadExternal", timeout=10)
    all_delivered(sbot.runtime.svc)
    [chart] = [r for r in refs(sbot) if r.extra]
    opened(sbot, "U0MARIA")

    def with_image(call: Call) -> bool:
        blocks = call.args["view"]["blocks"]
        return call.args.get("user_id") == "U0MARIA" and any(b["type"] == "image" for b in blocks)

    [page] = sbot.slack.wait_for("views.publish", with_image, timeout=10)
    [image] = [b for b in page.args["view"]["blocks"] if b["type"] == "image"]
    assert image["slack_file"] == {"id": chart.extra["file_id"]}
    assert image["title"]["text"] == "Latest forecast chart"


def refs(sbot: Any) -> list[MessageRef]:
    with sbot.runtime.svc.db.reading() as s:
        return list(s.scalars(select(MessageRef).where(MessageRef.card_key.like("digest:%"))))


def test_someone_not_in_the_config_gets_a_short_page(sbot):
    opened(sbot, "U0NOBODY")
    page = next_page(sbot, "U0NOBODY")
    words = texts(page)
    assert "Welcome to salesbot" in words
    assert "Ask Maria to add you" in words
    assert len(page.args["view"]["blocks"]) <= 3
