"""What anyone who can reach the URL may send: nothing of it gets a 500 or a traceback,
and nothing of it changes anything. Signed but malformed is 400; unsigned is 401 before
anything is read."""

from __future__ import annotations

import logging

import pytest
import requests

from storage.models import Lead
from tests.bot.slack.test_intake_e2e import leads_in_db, post


@pytest.fixture(autouse=True)
def no_tracebacks(caplog):
    caplog.set_level(logging.WARNING)
    yield
    logged = caplog.get_records("call")  # what the requests caused, not the server's stop
    assert [r for r in logged if r.exc_info] == [], "a traceback was logged"


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        "[1, 2]",
        '"text"',
        "[" * 5000 + "]" * 5000,
        '{"type": "block_actions", "user": {"id": "\\udcff"}}',
    ],
)
def test_a_signed_body_slack_would_never_send_is_400(sbot, payload):
    body = "payload=" + requests.utils.quote(payload, safe="")
    answer = sbot.send.post(body, "application/x-www-form-urlencoded")
    assert answer.status == 400


def test_an_unsigned_or_stale_body_is_401_before_it_is_read(sbot):
    url = f"{sbot.web.url}/slack/events"
    assert requests.post(url, data={"payload": "{not json"}, timeout=10).status_code == 401
    stale = sbot.send.post("payload=%7Bnot+json", "application/x-www-form-urlencoded", timestamp=1)
    assert stale.status == 401
    forged = requests.post(
        url,
        data="payload={}",
        headers={"X-Slack-Request-Timestamp": "x", "X-Slack-Signature": "v0=00"},
        timeout=10,
    )
    assert forged.status_code == 401


def test_a_signed_payload_with_nul_in_an_id_is_400(sbot):
    click = sbot.send.click_payload(
        "U0AL\x00ICE", "lead_claim:0", "1", channel_id="D", message_ts="1"
    )
    assert sbot.send.send_payload(click).status == 400


def test_deeply_nested_json_to_leads_is_400(sbot):
    answer = post(sbot, "[" * 100_000 + "]" * 100_000)
    assert (answer.status_code, answer.json()) == (400, {"error": "body: larger than 64 KiB"})
    answer = post(sbot, '{"company": ' + "[" * 20_000 + "]" * 20_000 + "}")
    assert (answer.status_code, answer.json()) == (400, {"error": "body: not valid JSON"})
    assert leads_in_db(sbot) == 0


@pytest.mark.parametrize("field", ["company", "contact", "email", "source", "external_id"])
def test_control_characters_in_a_lead_are_refused_naming_the_field(sbot, field):
    body = {"company": "Acme", field: "Ac\u0000me"}
    answer = requests.post(
        f"{sbot.web.url}/leads",
        json=body,
        headers={"Authorization": "Bearer intake-token"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert answer.json() == {"error": f"{field}: control characters are not allowed"}
    assert leads_in_db(sbot) == 0


def test_a_lone_surrogate_in_a_lead_is_refused(sbot):
    answer = post(sbot, '{"company": "Acme \\ud800"}')
    assert answer.status_code == 400 and answer.json()["error"].startswith("company: ")
    with sbot.runtime.svc.db.reading() as s:
        assert s.query(Lead).count() == 0
