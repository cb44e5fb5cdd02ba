"""WeCom's callbacks, fuzzed and encrypted as WeCom encrypts them: any message type, event,
button key and text; XML that declares entities (expanding ones, external ones) inside or
outside the encryption. Every one gets 200 or a 4xx, no entity is ever expanded or read,
and nothing inside fails with a traceback."""

from __future__ import annotations

import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import IDS, ODD_TEXT

ALNUM = st.text(max_size=24).map(lambda text: "".join(filter(str.isalnum, text)))
USERS = st.one_of(st.sampled_from(["maria", "alice", "bob", "nobody"]), st.text(max_size=70))
KINDS = st.sampled_from(["text", "event", "file", "voice", "video", "image", "location", "?"])
# What WeCom's XML can carry: no NUL, no lone surrogates, no other control characters.
XML_TEXT = ODD_TEXT.map(
    lambda text: "".join(ch for ch in text if ch.isprintable() or ch in "\t\n\r")
)
# Ten entities, each ten of the one before: a billion letters if anything expanded them.
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e0 "aaaaaaaaaa">'
    + "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    + "]><xml><ToUserName>ww0corp</ToUserName><FromUserName>alice</FromUserName>"
    "<MsgType>text</MsgType><Content>&e9;</Content></xml>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>ww0corp</ToUserName><FromUserName>alice</FromUserName>"
    "<MsgType>text</MsgType><Content>&e;</Content></xml>"
)


@pytest.fixture
def fuzzed(wbot, caplog):
    caplog.set_level(logging.WARNING)
    yield wbot
    time.sleep(0.3)  # callbacks are handled after their answer: let the last ones finish
    wbot.runtime.delivery.run_once()
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def actions(wbot) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(sorted(wbot.runtime.svc.registry.actions)), st.text(max_size=20)
    )


@given(data=st.data())
def test_any_message_or_click_is_answered_with_200_or_a_4xx(fuzzed, data):
    kind = data.draw(KINDS)
    fields = {
        "Content": data.draw(XML_TEXT),
        "MsgId": data.draw(st.one_of(IDS, st.integers(min_value=0, max_value=2**64).map(str))),
    }
    if kind == "event":
        fields = {
            "Event": data.draw(st.sampled_from(["template_card_event", "enter_agent", "x"])),
            "EventKey": data.draw(actions(fuzzed)) + ":" + data.draw(st.one_of(IDS, XML_TEXT)),
            "TaskId": data.draw(ALNUM),
            "ResponseCode": data.draw(ALNUM),
        }
    if kind in ("file", "voice", "video"):
        fields = {
            "MediaId": data.draw(ALNUM),
            "FileName": data.draw(XML_TEXT),
        }
    answer = fuzzed.send.message(data.draw(USERS), kind, fields)
    assert answer.status in (200, 400, 403), answer.text


@pytest.mark.parametrize("xml", [BOMB, EXTERNAL], ids=["entity expansion", "external entity"])
def test_entities_are_refused_inside_the_encryption(fuzzed, xml):
    answer = fuzzed.send.post("", raw_xml=xml)
    assert answer.status == 400  # refused before any parser saw it: nothing expanded
    assert fuzzed.wecom.calls("message/send") == []


@pytest.mark.parametrize("xml", [BOMB, EXTERNAL], ids=["entity expansion", "external entity"])
def test_entities_are_refused_outside_the_encryption(fuzzed, xml):
    envelope = xml.replace("<Content>", "<Encrypt>").replace("</Content>", "</Encrypt>")
    answer = fuzzed.send.post("", body=envelope)
    assert answer.status == 400
    assert fuzzed.wecom.calls("message/send") == []


@given(body=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: f"<xml>{t}</xml>"))
def test_any_body_is_refused_without_a_traceback(fuzzed, body):
    answer = fuzzed.send.post("", body=body)
    assert answer.status in (400, 403)
