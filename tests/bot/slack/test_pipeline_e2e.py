"""The pipeline as people see it on Slack, across real HTTP both ways: buttons, modals,
commands, the digest with its uploaded chart, and a recording shared in a DM."""

from __future__ import annotations

from datetime import date

import requests

from handlers.digests import scheduled
from tests.bot.slack.conftest import button, header, labels
from tests.file_samples import M4A
from tests.pipeline_support import all_delivered, open_account, wait_stored


def claimed_card(sbot, company: str):
    sbot.lead({"company": company, "amount": 12000})
    [card] = sbot.dm_cards("U0ALICE")
    sbot.send.click(
        "U0ALICE",
        "lead_claim:0",
        button(card, "Claim")["value"],
        channel_id="DU0ALICE",
        message_ts=card.response["ts"],
    )
    [claimed] = sbot.updates(card)
    return card, claimed


def click(sbot, user: str, card, label: str):
    return sbot.send.click(
        user,
        button(card, label)["action_id"],
        button(card, label)["value"],
        channel_id=card.response["channel"],
        message_ts=card.response["ts"],
    )


def submit(sbot, user: str, opened, values: dict):
    view = opened.args["view"]
    return sbot.send.view_submission(
        user,
        view["callback_id"],
        {name: {"value": state} for name, state in values.items()},
        private_metadata=view["private_metadata"],
    )


def account_card(sbot, count: int = 1):
    return sbot.slack.wait_for(
        "chat.postMessage",
        lambda c: c.args.get("channel") == "DU0ALICE" and header(c).startswith("Account #"),
        count=count,
    )


def test_claimed_card_opens_an_account_through_a_modal(sbot):
    card, claimed = claimed_card(sbot, "Acme")
    assert header(claimed) == "Claimed by you: Acme"
    assert labels(claimed) == ["New deal"]
    click(sbot, "U0ALICE", claimed, "New deal")
    [opened] = sbot.slack.wait_for("views.open")
    view = opened.args["view"]
    assert view["title"]["text"] == "New deal"
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["amount"]["initial_value"] == "12,000"
    bad = submit(sbot, "U0ALICE", opened, {"amount": {"value": "abc"}, "close": {"value": ""}})
    assert bad.json() == {
        "response_action": "errors",
        "errors": {
            "amount": "abc is not an amount: use a number from 0 up, such as 12000 or 12,000.50."
        },
    }
    good = {"amount": {"value": "12,000"}, "close": {"value": "2026-06-30"}}
    assert submit(sbot, "U0ALICE", opened, good).status == 200
    [account] = account_card(sbot)
    assert labels(account) == ["trial", "negotiation", "won", "lost"]
    assert "30% (stage needs)" in str(account.args["blocks"])
    [_, settled] = sbot.updates(card, count=2)
    assert labels(settled) == []
    assert settled.args["blocks"][-1]["elements"][0]["text"] == "Lead #1 · account #1"
    notices = [c.args["text"] for c in sbot.channel_posts("C0MGRS", count=2)]
    assert notices[1] == "Alice opened account #1 Acme: needs, 12,000 × 30% = 3,600 expected."
    # the same form sent again opens nothing more
    submit(sbot, "U0ALICE", opened, good)
    all_delivered(sbot.runtime.svc)
    assert len(account_card(sbot)) == 1


def test_stage_buttons_and_the_lost_reason_modal(sbot):
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000", date(2026, 6, 30))
    [card] = account_card(sbot)
    click(sbot, "U0ALICE", card, "trial")
    [moved] = sbot.updates(card)
    assert "60% (stage trial)" in str(moved.args["blocks"])
    assert labels(moved) == ["needs", "negotiation", "won", "lost"]
    [note] = sbot.slack.wait_for("chat.postEphemeral")
    assert note.args["text"] == "Moved: #1 Acme: trial, 12,000 × 60% = 7,200 expected."
    click(sbot, "U0BOB", moved, "won")
    [refused] = sbot.slack.wait_for("chat.postEphemeral", count=2)[1:]
    assert refused.args["text"] == (
        "Account #1 Acme is Alice's: only Alice or a manager can see or change it."
    )
    click(sbot, "U0ALICE", moved, "lost")
    [opened] = sbot.slack.wait_for("views.open")
    [select] = [b for b in opened.args["view"]["blocks"] if b.get("block_id") == "reason"]
    assert [o["value"] for o in select["element"]["options"]][:2] == ["price", "competitor"]
    chosen = {"type": "static_select", "selected_option": {"value": "price"}}
    sbot.send.view_submission(
        "U0ALICE",
        opened.args["view"]["callback_id"],
        {"reason": {"value": chosen}, "details": {"value": "half the budget"}},
        private_metadata=opened.args["view"]["private_metadata"],
    )
    [_, lost] = sbot.updates(card, count=2)
    assert labels(lost) == []
    assert "Lost (price). Final: it does not move again." in str(lost.args["blocks"])
    [line] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: "lost account" in c.args.get("text", "")
    )
    assert line.args["channel"] == "C0MGRS"
    assert line.args["text"] == "Alice lost account #1 Acme (12,000): price."


def test_commands_answer_at_once(sbot):
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000", date(2026, 3, 31))
    answer = sbot.send.command("U0ALICE", "/deal", "Acme amount 1e400").json()
    assert answer["text"] == (
        "1e400 is not an amount: use a number from 0 up, such as 12000 or 12,000.50."
    )
    answer = sbot.send.command("U0ALICE", "/deal", "Acme probability 45").json()
    assert answer["text"] == "Updated: #1 Acme: needs, 12,000 × 45% = 5,400 expected."
    forecast = sbot.send.command("U0MARIA", "/forecast", "").json()["text"].splitlines()
    assert forecast[2:5] == [
        "Total: 5,400 / 12,000 (1)",
        "By stage:",
        "• needs: 5,400 / 12,000 (1)",
    ]
    note = "Acme CTO's call <https://rec.example.com/1>"
    assert sbot.send.command("U0ALICE", "/note", note).json()["text"] == (
        "Note with its recording link added to #1 Acme."
    )
    timeline = sbot.send.command("U0ALICE", "/account", "1").json()["text"]
    assert "note by Alice: CTO's call · recording: https://rec.example.com/1" in timeline
    # typed in a DM, a form that cannot open says what it asks instead
    sbot.send.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "DU0ALICE",
            "user": "U0ALICE",
            "text": "deal Acme stage lost",
            "ts": "1700000001.000001",
        }
    )
    [asked] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("text", "").startswith("Deal lost")
    )
    assert "/deal 1 stage lost <reason>" in asked.args["text"]


def test_the_scheduled_digest_and_its_chart_reach_the_manager_channel_once(sbot):
    svc = sbot.runtime.svc
    open_account(svc, "U0ALICE", "Acme", "12000", date(2026, 3, 31))
    open_account(svc, "U0BOB", "Beta", "8000", date(2026, 3, 15))
    assert scheduled.run_scheduled(svc, "forecast", "sales")
    assert not scheduled.run_scheduled(svc, "forecast", "sales")  # a second process, same period
    [post] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: header(c) == "Forecast digest · sales · 2026-03-02"
    )
    assert post.args["channel"] == "C0MGRS"
    text = str(post.args["blocks"])
    assert "Total: 6,000 / 20,000 (2)" in text and "• Alice: 3,600 / 12,000 (1)" in text
    [done] = sbot.slack.wait_for("files.completeUploadExternal")
    assert done.args["channel_id"] == "C0MGRS"
    assert done.args["files"][0]["title"] == (
        "Weighted forecast by rep and stage · sales · 2026-Q1"
    )
    [asked] = sbot.slack.calls("files.getUploadURLExternal")
    assert asked.args["filename"] == "forecast-sales-2026-Q1.png"
    [upload] = sbot.slack.calls("upload")
    assert upload.args["size"] == int(asked.args["length"]) > 1000
    assert done.at > post.at  # the chart comes after the digest's text
    all_delivered(sbot.runtime.svc)
    digests = [c for c in sbot.slack.calls("chat.postMessage") if "digest" in header(c)]
    assert len(digests) == 1
    assert len(sbot.slack.calls("files.completeUploadExternal")) == 1


def test_a_recording_shared_in_a_dm_is_attached_to_the_account_picked(sbot):
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000")
    account_card(sbot)
    file = sbot.slack.add_file("U0ALICE", "call.m4a", M4A, "audio/mp4", file_id="F0REC")
    shared = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "channel": "DU0ALICE",
        "user": "U0ALICE",
        "text": "",
        "ts": "1700000002.000001",
        "files": [file],
    }
    sbot.send.event(shared, event_id="Ev0REC")
    sbot.send.event(shared, event_id="Ev0REC", headers={"X-Slack-Retry-Num": "1"})
    [pick] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: header(c) == "Which account is call.m4a for?"
    )
    [said] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("text", "").startswith("Got call.m4a")
    )
    assert said.args["channel"] == "DU0ALICE"
    assert labels(pick) == ["#1 Acme"]
    click(sbot, "U0ALICE", pick, "#1 Acme")
    [attached] = sbot.updates(pick)
    assert header(attached) == "Recording call.m4a attached to #1 Acme." and labels(attached) == []
    wait_stored(sbot.runtime.svc, 1)
    [info] = sbot.slack.calls("files.info")
    assert info.args["file"] == "F0REC"
    [fetched] = sbot.slack.calls("files-pri")
    assert fetched.token == "xoxb-test"
    timeline = sbot.send.command("U0MARIA", "/account", "Acme").json()["text"]
    link = f"recording from Alice: call.m4a · recording: {sbot.web.url}/files/1?exp="
    assert link in timeline  # the stored copy, which the manager can open
    url = timeline.split("recording: ", 1)[1].split()[0]
    assert requests.get(url, timeout=10).content == M4A
    all_delivered(sbot.runtime.svc)
    picks = [c for c in sbot.slack.calls("chat.postMessage") if header(c).startswith("Which")]
    assert len(picks) == 1


def test_an_asked_for_digest_is_answered_before_its_chart_is_drawn(sbot, monkeypatch):
    """Slack wants an answer within 3 s; a digest's chart may take longer under load. The
    command is answered at once, and the digest follows in the DM."""
    import threading

    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000", date(2026, 3, 31))
    drawing, may_finish = threading.Event(), threading.Event()
    compose = scheduled.forecast_digest

    def slow_digest(*args, **kwargs):
        drawing.set()
        assert may_finish.wait(10)
        return compose(*args, **kwargs)

    monkeypatch.setattr(scheduled, "forecast_digest", slow_digest)
    answer = sbot.send.command("U0MARIA", "/forecast", "digest")
    assert answer.json()["text"] == "The forecast digest is on its way to your DM."
    assert drawing.wait(5) and not may_finish.is_set()  # answered while the chart was drawn
    may_finish.set()
    [card] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: header(c).startswith("Forecast digest · sales")
    )
    assert card.args["channel"] == "DU0MARIA"
