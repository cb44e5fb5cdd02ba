"""Slack's requests, fuzzed and signed as Slack signs them: clicks on any button with any
value, forms with any answers, slash commands and DMs with any text. Every one gets an
answer below 500, and nothing inside fails with a traceback."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import IDS, ODD_TEXT
from tests.pipeline_support import open_account

USERS = st.sampled_from(["U0MARIA", "U0ALICE", "U0BOB", "U0NOBODY", "W0WHO"])
# Slack sends UTF-8: a slash command's form body cannot carry half a surrogate pair (JSON
# payloads can, escaped).
UTF8_TEXT = ODD_TEXT.filter(lambda text: not any("\ud800" <= ch <= "\udfff" for ch in text))
VALUES = st.one_of(IDS, ODD_TEXT, st.sampled_from(["1", "1:0", "1:needs:won", "1:9", "x:y:z"]))


@pytest.fixture
def fuzzed(sbot, caplog):
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "1000")
    caplog.set_level(logging.WARNING)
    yield sbot
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def actions(sbot) -> st.SearchStrategy[str]:
    known = sorted(sbot.runtime.svc.registry.actions)
    return st.one_of(
        st.sampled_from(known).map(lambda a: f"{a}:0"),
        st.sampled_from(known),
        st.text(max_size=30),
    )


@given(data=st.data())
def test_any_click_is_answered_below_500(fuzzed, data):
    click = fuzzed.send.click_payload(
        data.draw(USERS),
        data.draw(actions(fuzzed)),
        data.draw(VALUES),
        channel_id=data.draw(st.sampled_from(["DU0ALICE", "C0MGRS", ""])),
        message_ts="1700000000.000100",
        container_type=data.draw(st.sampled_from(["message", "view"])),
    )
    assert fuzzed.send.send_payload(click).status < 500


@given(data=st.data())
def test_any_form_answer_is_answered_below_500(fuzzed, data):
    forms = sorted(fuzzed.runtime.svc.registry.submissions)
    callback = data.draw(st.one_of(st.sampled_from(forms).map(lambda f: f"form:{f}"), st.text()))
    names = data.draw(
        st.lists(
            st.sampled_from(
                ["amount", "close", "reason", "details", "answer", "comment", "question", "x"]
            ),
            max_size=4,
        )
    )
    values = {
        name: {"value": {"type": "plain_text_input", "value": data.draw(ODD_TEXT)}}
        for name in names
    }
    answer = fuzzed.send.view_submission(
        data.draw(USERS), callback, values, private_metadata=data.draw(VALUES)
    )
    assert answer.status < 500


@given(
    who=USERS,
    command=st.sampled_from(
        ["/lead", "/team", "/deal", "/forecast", "/note", "/account", "/quiz", "/onboard", "/nope"]
    ),
    text=UTF8_TEXT,
)
def test_any_slash_command_is_answered_below_500(fuzzed, who, command, text):
    assert fuzzed.send.command(who, command, text).status < 500


@given(who=USERS, text=ODD_TEXT, subtype=st.sampled_from([None, "file_share", "message_changed"]))
def test_any_direct_message_is_answered_below_500(fuzzed, who, text, subtype):
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": f"D{who}",
        "user": who,
        "text": text,
        "ts": "1700000001.000001",
    }
    if subtype:
        event["subtype"] = subtype
    if subtype == "file_share":
        event["files"] = [{"id": "F0", "name": text[:30], "mimetype": "audio/mp4"}]
    assert fuzzed.send.event(event).status < 500
