"""What Slack refuses never leaves the bot: long texts, many blocks, clicks from surfaces
without a channel, pickers with more choices than a card holds. The fake Slack refuses
what Slack refuses, so each of these would fail with invalid_blocks if it got through."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.slack.sender import SlackSender, outbox_sender
from handlers.core.messages import Card, CardField, Form, Input, Text
from tests.bot.slack.conftest import button, header, labels
from tests.pipeline_support import open_account


@pytest.fixture
def sender(sbot) -> SlackSender:
    return outbox_sender("xoxb-test", sbot.slack.url)


def test_a_long_text_is_split_into_sections_and_capped_at_fifty_blocks(sbot, sender):
    text = "\n".join(f"line {i}: " + "x" * 2500 for i in range(80))  # 200 KB, 80 sections
    sender.send("channel", "C0MGRS", Text(text=text))
    [post] = sbot.slack.calls("chat.postMessage")
    assert post.response["ok"], post.response
    assert len(post.args["blocks"]) == 50
    assert post.args["blocks"][-1]["text"]["text"] == "…"  # said it was cut
    assert len(post.args["text"].encode()) <= 4000


def test_fallback_text_is_cut_by_bytes_not_characters(sbot, sender):
    sender.send("channel", "C0MGRS", Text(text="坚果云" * 2000))  # 6,000 chars, 18,000 bytes
    [post] = sbot.slack.calls("chat.postMessage")
    assert post.response["ok"], post.response
    fallback = post.args["text"]
    assert len(fallback.encode()) <= 4000 and fallback.endswith("…")
    assert fallback.startswith("坚果云坚果云")  # cut between characters, never inside one


def test_a_card_with_a_long_footer_many_fields_and_long_labels_is_accepted(sbot, sender):
    card = Card(
        title="T" * 400,
        fields=tuple(CardField(label=f"L{i} " * 30, value="v" * 3000) for i in range(23)),
        text="&<>" * 2000,  # escaping makes text longer: each section still fits
        footer="f" * 5000,
    )
    sender.send("channel", "C0MGRS", card)
    [post] = sbot.slack.calls("chat.postMessage")
    assert post.response["ok"], post.response
    assert post.args["blocks"][-1]["type"] == "context"
    assert len(post.args["blocks"][-1]["elements"][0]["text"]) <= 3000


def test_a_form_value_too_long_for_slacks_metadata_is_refused_when_made():
    with pytest.raises(ValidationError):
        Form(
            title="t",
            inputs=(Input(name="a", label="A"),),
            submit="ok",
            action="x",
            value="9" * 101,
        )


def test_a_click_from_a_surface_without_a_channel_is_answered_in_the_dm(sbot):
    sbot.lead({"company": "Acme"})
    [card] = sbot.dm_cards("U0ALICE")
    claim = button(card, "Claim")
    for _ in range(2):  # the second click finds the lead claimed: it is told why, privately
        sbot.send.click(
            "U0ALICE",
            claim["action_id"],
            claim["value"],
            channel_id="",
            message_ts="",
            container_type="view",
            view={"type": "home"},
        )
    [note] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("text") == "You have already claimed this lead."
    )
    assert note.args["channel"] == "U0ALICE" and note.response["ok"]
    assert sbot.slack.calls("chat.postEphemeral") == []


def test_the_recording_picker_offers_as_many_accounts_as_a_card_holds(sbot):
    for rep in ("U0ALICE", "U0BOB", "U0CAROL"):
        for n in range(3):
            open_account(sbot.runtime.svc, rep, f"{rep[2:].title()} {n}", "1000")
    shared = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "channel": "DU0MARIA",
        "user": "U0MARIA",
        "text": "",
        "ts": "1700000002.000001",
        "files": [{"id": "F0REC", "name": "call.m4a", "mimetype": "audio/mp4"}],
    }
    sbot.send.event(shared, event_id="Ev0REC9")
    [pick] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: header(c) == "Which account is call.m4a for?"
    )
    assert pick.response["ok"], pick.response
    assert len(labels(pick)) == 6  # the latest six of the nine open accounts
