"""The pipeline as people see it on WeCom, across real HTTP both ways: card buttons, forms
asked one chat message at a time, commands typed to the app, a recording sent as a file,
and the digests (markdown plus the chart as an image) in the manager group chat."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import func, select

from handlers.digests import scheduled
from handlers.pipeline import notes
from storage.accounts import Account
from storage.models import OutboxMessage
from tests.bot.wecom.conftest import WeComBot, labels, said, text_of, title, typed, updates_of
from tests.fakes.wecom_api import Call
from tests.file_samples import AMR, M4A
from tests.pipeline_support import actor, all_delivered, open_account, wait_stored


def cards_titled(wbot: WeComBot, user: str, prefix: str, count: int = 1) -> list[Call]:
    return wbot.wecom.wait_for(
        "message/send",
        lambda c: (
            c.args["touser"] == user
            and c.args["msgtype"] == "template_card"
            and title(c).startswith(prefix)
        ),
        count=count,
    )


def sub_title(call: Call) -> str:
    return call.args["template_card"].get("sub_title_text", "")


def fields(call: Call) -> dict[str, str]:
    return {
        f["keyname"]: f["value"]
        for f in call.args["template_card"].get("horizontal_content_list", [])
    }


def shown(call: Call) -> str:
    """Everything a card shows under its title: its text, then the fields side by side."""
    return "\n".join([sub_title(call), *(f"{k}: {v}" for k, v in fields(call).items())])


def chat(wbot: WeComBot, needle: str) -> Call:
    [post] = wbot.wecom.wait_for(
        "appchat/send", lambda c: c.args["msgtype"] == "markdown" and needle in text_of(c)
    )
    assert post.args["chatid"] == "wrMGRS"
    return post


def account_card(wbot: WeComBot, user: str = "alice", count: int = 1) -> list[Call]:
    return cards_titled(wbot, user, "Account #", count)


def test_claimed_card_opens_an_account_answered_in_chat(wbot):
    wbot.lead({"company": "Acme", "amount": 12000})
    [offer] = wbot.cards_to("alice")
    wbot.click("alice", offer, "Claim")
    [claimed] = updates_of(wbot, offer)
    assert title(claimed) == "Claimed by you: Acme"
    assert labels(claimed) == ["New deal"]

    wbot.click("alice", claimed, "New deal")
    [asked] = said(wbot, "alice", "Estimated amount")
    assert text_of(asked).splitlines() == [
        "New deal",
        "Lead #1 Acme: the needs are understood. What is the deal worth, and when should it close?",
        "Estimated amount",
        "(- keeps 12,000)",
        "Reply with your answer (or cancel).",
    ]
    wbot.send.text("alice", "abc")
    said(wbot, "alice", "Expected close date (YYYY-MM-DD) (optional: reply - to skip)")
    refused = typed(wbot, "alice", "-", "abc is not an amount")
    assert refused.startswith(
        "abc is not an amount: use a number from 0 up, such as 12000 or 12,000.50.\nNew deal\n"
    )
    with wbot.runtime.svc.db.reading() as s:  # nothing was opened by the bad answer
        assert s.scalar(select(func.count()).select_from(Account)) == 0
    wbot.send.text("alice", "-")  # keeps 12,000
    said(wbot, "alice", "Expected close date", count=2)
    wbot.send.text("alice", "2026-06-30")

    [account] = account_card(wbot)
    assert labels(account) == ["trial", "negotiati…", "won", "lost"]
    assert fields(account) == {"Owner": "Alice", "Stage": "needs", "Amount": "12,000"}
    # fields too long to sit side by side are written out above the buttons
    assert sub_title(account).splitlines()[:3] == [
        "Probability: 30% (stage needs)",
        "Expected revenue: 3,600",
        "Expected close: 2026-06-30",
    ]
    [_, settled] = updates_of(wbot, offer, count=2)
    assert settled.args["template_card"]["main_title"]["desc"] == "Lead #1 · account #1"
    assert settled.args["template_card"]["replace_text"] == "Claimed"
    notice = chat(wbot, "opened account")
    assert text_of(notice) == "Alice opened account #1 Acme: needs, 12,000 × 30% = 3,600 expected."
    said(wbot, "alice", "Thanks, your answers are in.")
    # the same answer typed again is just a message: it opens nothing more
    wbot.send.text("alice", "2026-06-30")
    said(wbot, "alice", "Commands")
    all_delivered(wbot.runtime.svc)
    assert len(account_card(wbot)) == 1


def test_stage_buttons_commands_and_the_lost_reason_asked_in_chat(wbot):
    svc = wbot.runtime.svc
    open_account(svc, "alice", "Acme", "12000", date(2026, 6, 30), platform="wecom")
    [card] = account_card(wbot)
    wbot.click("alice", card, "trial")
    [moved] = updates_of(wbot, card)
    assert "Probability: 60% (stage trial)" in shown(moved)
    assert labels(moved) == ["needs", "negotiati…", "won", "lost"]
    [note] = said(wbot, "alice", "Moved:")
    assert text_of(note) == "Moved: #1 Acme: trial, 12,000 × 60% = 7,200 expected."

    wbot.click("bob", moved, "won")
    [refused] = said(wbot, "bob", "Acme")
    assert text_of(refused) == (
        "Account #1 Acme is Alice's: only Alice or a manager can see or change it."
    )

    # a typed change updates the card with the code the last click brought (Bob's)...
    answer = typed(wbot, "alice", "/deal Acme stage negotiation", "Moved:")
    assert answer == "Moved: #1 Acme: negotiation, 12,000 × 90% = 10,800 expected."
    [_, negotiating] = updates_of(wbot, card, count=2)
    assert "Stage: negotiation" in shown(negotiating)
    # ...and once no code is left, the card comes again as a new card, buttons and all
    assert typed(wbot, "alice", "deal Acme probability 80", "Updated:") == (
        "Updated: #1 Acme: negotiation, 12,000 × 80% = 9,600 expected."
    )
    [_, again] = account_card(wbot, count=2)
    assert "Expected revenue: 9,600" in shown(again)
    assert labels(again) == ["needs", "trial", "won", "lost"]
    assert again.args["template_card"]["task_id"] != card.args["template_card"]["task_id"]
    typed(wbot, "alice", "deal Acme amount 13000", "Updated:")
    [changed] = updates_of(wbot, again)  # the new card's own code updates it in place
    assert "Expected revenue: 10,400" in shown(changed)

    wbot.click("alice", changed, "lost")
    [asked] = said(wbot, "alice", "Reason (optional: reply - to skip)")
    lines = text_of(asked).splitlines()
    assert lines[0] == "Deal lost"
    assert lines[3:6] == ["1. price", "2. competitor", "3. no budget"]
    typed(wbot, "alice", "7", "Reply with a number from 1 to 5.")
    typed(wbot, "alice", "1", "In your own words (optional: reply - to skip)")
    wbot.send.text("alice", "half the budget")
    [lost] = updates_of(wbot, again, count=2)[1:]
    assert labels(lost) == ["needs", "trial", "won", "lost"]
    assert lost.args["template_card"]["replace_text"] == "Lost"
    assert "Lost (price). Final: it does not move again." in shown(lost)
    line = chat(wbot, "lost account")
    assert text_of(line) == "Alice lost account #1 Acme (13,000): price."
    said(wbot, "alice", "Moved: #1 Acme: lost")
    timeline = typed(wbot, "alice", "account Acme", "Timeline")
    assert "Alice moved it negotiation → lost (0%): price — half the budget" in timeline


def test_lost_typed_as_a_command_asks_why_in_the_next_messages(wbot):
    open_account(wbot.runtime.svc, "alice", "Acme", "12000", platform="wecom")
    account_card(wbot)
    asked = typed(wbot, "alice", "deal Acme stage lost", "Deal lost")
    assert "Reason (optional: reply - to skip)" in asked
    typed(wbot, "alice", "-", "In your own words")
    # neither a reason nor words of one's own: the form is asked again
    typed(wbot, "alice", "-", "a lost deal needs its reason")
    typed(wbot, "alice", "2", "In your own words")
    wbot.send.text("alice", "-")
    line = chat(wbot, "lost account")
    assert text_of(line) == "Alice lost account #1 Acme (12,000): competitor."
    assert typed(wbot, "alice", "cancel", "Commands").startswith("Commands")  # no form waits


def test_commands_notes_and_forecast_typed_to_the_app(wbot):
    open_account(wbot.runtime.svc, "alice", "Acme", "12000", date(2026, 3, 31), platform="wecom")
    assert typed(wbot, "alice", "deal Acme amount 1e400", "1e400") == (
        "1e400 is not an amount: use a number from 0 up, such as 12000 or 12,000.50."
    )
    assert typed(wbot, "alice", "/deal Acme probability 45", "Updated") == (
        "Updated: #1 Acme: needs, 12,000 × 45% = 5,400 expected."
    )
    forecast = typed(wbot, "maria", "forecast", "Total:").splitlines()
    assert forecast[2:5] == [
        "Total: 5,400 / 12,000 (1)",
        "By stage:",
        "• needs: 5,400 / 12,000 (1)",
    ]
    note = "note Acme CTO's call https://rec.example.com/1"
    assert typed(wbot, "alice", note, "Note") == "Note with its recording link added to #1 Acme."
    timeline = typed(wbot, "alice", "/account 1", "Timeline")
    assert "note by Alice: CTO's call · recording: https://rec.example.com/1" in timeline
    mine = typed(wbot, "bob", "forecast", "Forecast for Bob")
    assert mine.endswith("No account is expected to close in 2026-Q1.")


def test_a_long_answer_comes_in_messages_wecom_takes_whole(wbot):
    svc = wbot.runtime.svc
    account_id = open_account(svc, "alice", "Acme", "12000", platform="wecom")
    alice = actor(svc, "alice", "wecom")
    for n in range(1, 31):
        notes.add_note(svc, alice, account_id, f"call {n:02d}: " + "budget and timing " * 5, None)
    wbot.send.text("maria", "account Acme")
    first = said(wbot, "maria", "Account #1 Acme")[0]
    all_delivered(wbot.runtime.svc)
    parts = [c for c in wbot.wecom.sent_to("maria") if c.at >= first.at]
    assert len(parts) > 1
    assert all(c.ok and len(text_of(c).encode()) <= 2048 for c in parts)
    lines = "\n".join(text_of(c) for c in parts).splitlines()
    assert lines[0] == "Account #1 Acme"
    assert lines[-1].endswith("note by Alice: call 30: " + "budget and timing " * 5)
    assert len([line for line in lines if "note by Alice: call" in line]) == 30


def test_a_recording_sent_as_a_file_is_attached_to_the_account_picked(wbot):
    open_account(wbot.runtime.svc, "alice", "Acme", "12000", platform="wecom")
    account_card(wbot)
    wbot.wecom.add_media("call.m4a", M4A, "audio/mp4", media_id="MEDIA0REC")
    wbot.wecom.add_media("voice.amr", AMR, "audio/amr", media_id="MEDIA0VOICE42")
    wbot.send.file("alice", "MEDIA0REC", "call.m4a", msg_id="7100001")
    wbot.send.file("alice", "MEDIA0REC", "call.m4a", msg_id="7100001")  # WeCom retrying
    [pick] = cards_titled(wbot, "alice", "Which account is call.m4a")
    assert labels(pick) == ["#1 Acme"]
    [got] = said(wbot, "alice", "Got call.m4a")
    assert text_of(got) == "Got call.m4a: pick its account on the card."
    wbot.click("alice", pick, "#1 Acme")
    [attached] = updates_of(wbot, pick)
    assert title(attached) == "Recording call.m4a attached to #1 A…"  # WeCom's short title
    assert shown(attached).startswith("Recording call.m4a attached to #1 Acme.")
    assert attached.args["template_card"]["replace_text"] == "Attached"
    said(wbot, "alice", "Recording call.m4a attached to #1 Acme.")
    wait_stored(wbot.runtime.svc, 1)
    timeline = typed(wbot, "maria", "account Acme", "Timeline")
    link = f"recording from Alice: call.m4a · recording: {wbot.web.url}/files/1?exp="
    assert link in timeline  # the copy in the file store, not WeCom's three-day media
    # a file that is neither a recording nor a contract is turned down; a voice message is one
    wbot.send.file("alice", "MEDIA0DOC", "prices.xlsx")
    [sheet] = said(wbot, "alice", "prices.xlsx")
    assert text_of(sheet).startswith("prices.xlsx is neither a call recording")
    voice = {"MediaId": "MEDIA0VOICE42", "Format": "amr", "MsgId": "7100002"}
    assert wbot.send.message("alice", "voice", voice).status == 200
    [pick_voice] = cards_titled(wbot, "alice", "Which account is voice-MEDIA0VOICE")
    wbot.click("alice", pick_voice, "#1 Acme")
    said(wbot, "alice", "Recording voice-MEDIA0VOICE4.amr attached to #1 Acme.")  # by its id
    all_delivered(wbot.runtime.svc)
    picks = [c for c in wbot.wecom.sent_to("alice") if c.args["msgtype"] == "template_card"]
    assert [title(c) for c in picks].count("Which account is call.m4a for?") == 1


def test_the_scheduled_forecast_digest_and_its_chart_reach_the_group_chat_once(wbot):
    svc = wbot.runtime.svc
    open_account(svc, "alice", "Acme", "12000", date(2026, 3, 31), platform="wecom")
    open_account(svc, "bob", "Beta", "8000", date(2026, 3, 15), platform="wecom")
    all_delivered(wbot.runtime.svc)  # the notices about the accounts are out of the way
    assert scheduled.run_scheduled(svc, "forecast", "sales")
    assert not scheduled.run_scheduled(svc, "forecast", "sales")  # a second process, same period
    post = chat(wbot, "Forecast digest")
    content = text_of(post)
    assert content.startswith("**Forecast digest · sales · 2026-03-02**")
    assert "Total: 6,000 / 20,000 (2)" in content and "• Alice: 3,600 / 12,000 (1)" in content
    [image] = wbot.wecom.wait_for("appchat/send", lambda c: c.args["msgtype"] == "image")
    assert image.ok and image.args["chatid"] == "wrMGRS"
    [upload] = wbot.wecom.calls("media/upload")
    assert upload.args["type"] == "image"
    assert upload.args["filename"] == "forecast-sales-2026-Q1.png"
    assert upload.args["size"] > 1000
    assert image.args["image"]["media_id"] == upload.response["media_id"]
    assert image.at > post.at  # the chart comes after the digest's text
    all_delivered(wbot.runtime.svc)
    posts = wbot.wecom.chat_posts("wrMGRS")
    assert [c.args["msgtype"] for c in posts if c.at >= post.at] == ["markdown", "image"]
    assert len(wbot.wecom.calls("media/upload")) == 1


def test_the_chart_is_retried_when_the_upload_fails(wbot):
    svc = wbot.runtime.svc
    open_account(svc, "alice", "Acme", "12000", date(2026, 3, 31), platform="wecom")
    wbot.wecom.fail("media/upload", errcode=-1)
    assert scheduled.run_scheduled(svc, "forecast", "sales")
    chat(wbot, "Forecast digest")
    wbot.wecom.wait_for("media/upload", lambda c: c.fault is not None)
    wait_for_retry(wbot)
    wbot.clock.advance(minutes=10)
    wbot.runtime.svc.wake_delivery()
    [image] = wbot.wecom.wait_for("appchat/send", lambda c: c.args["msgtype"] == "image")
    assert image.ok
    all_delivered(wbot.runtime.svc)
    assert len([c for c in wbot.wecom.calls("appchat/send") if "digest" in str(c.args)]) == 1


def wait_for_retry(wbot: WeComBot, timeout: float = 5.0) -> None:
    """Wait until a failed delivery is recorded as owed again (before moving the clock)."""
    deadline = time.monotonic() + timeout
    while True:
        with wbot.runtime.svc.db.reading() as s:
            owed = s.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "pending", OutboxMessage.attempts > 0)
            )
        if owed:
            return
        assert time.monotonic() < deadline, "no retry recorded"
        time.sleep(0.01)


def test_the_workload_digest_reaches_the_group_chat(wbot):
    svc = wbot.runtime.svc
    open_account(svc, "alice", "Acme", "12000", platform="wecom")
    assert scheduled.run_scheduled(svc, "workload", "sales")
    post = chat(wbot, "Workload digest")
    content = text_of(post)
    assert content.startswith("**Workload digest · sales · 2026-03-02**")
    assert "• Alice: 1/3 open leads · claims 1 · passes 0" in content
    assert '<font color="comment">Covers what happened since' in content
    all_delivered(wbot.runtime.svc)
    assert wbot.wecom.calls("media/upload") == []
