"""POST /leads and GET /healthz over real HTTP."""

from __future__ import annotations

import requests

from tests.bot.slack.conftest import INTAKE


def post(sbot, body, token=INTAKE, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    headers.update(kw.pop("headers", {}))
    return requests.post(f"{sbot.web.url}/leads", data=body, headers=headers, timeout=10, **kw)


def leads_in_db(sbot):
    from sqlalchemy import func, select

    from storage.models import Lead

    with sbot.runtime.svc.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(Lead))


def test_token_is_required(sbot):
    assert post(sbot, '{"company": "A"}', token=None).status_code == 401
    assert post(sbot, '{"company": "A"}', token="wrong").status_code == 401
    assert post(sbot, '{"company": "A"}', token="").status_code == 401
    assert leads_in_db(sbot) == 0


def test_bad_bodies_name_the_problem(sbot):
    cases = {
        "{not json": "body: not valid JSON",
        "[1, 2]": "body: expected a JSON object",
        "{}": "company: is required",
        '{"company": "   "}': "company: String should have at least 1 character",
        '{"company": 5}': "company: Input should be a valid string",
        '{"company": "A", "amount": "100"}': "amount: must be a number, not text",
        '{"company": "A", "amount": -1}': "amount: must be a number from 0 up to 10^13",
        '{"company": "A", "amount": 1e300}': "amount: must be a number from 0 up to 10^13",
        '{"company": "A", "amount": true}': "amount: must be a number, not text",
        '{"company": "A", "email": ["x"]}': "email: Input should be a valid string",
        '{"company": "A", "team": "nope"}': "team: no team called 'nope'",
        '{"company": "' + "x" * 70_000 + '"}': "body: larger than 64 KiB",
        b"\xff\xfe": "body: not valid JSON",
    }
    for body, error in cases.items():
        answer = post(sbot, body)
        assert answer.status_code == 400, body[:40]
        assert answer.json()["error"].startswith(error), (body[:40], answer.json())
    assert leads_in_db(sbot) == 0


def test_same_external_id_returns_existing_lead_once(sbot):
    body = '{"company": "Acme", "external_id": "trial-77", "amount": 10.5, "email": "a@b.c"}'
    first = post(sbot, body)
    again = post(sbot, body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    sbot.dm_cards("U0ALICE")
    assert leads_in_db(sbot) == 1
    assert len(sbot.slack.calls("chat.postMessage")) == 1


def test_healthz(sbot):
    answer = requests.get(f"{sbot.web.url}/healthz", timeout=5)
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
    sbot.runtime.scheduler.shutdown()
    assert requests.get(f"{sbot.web.url}/healthz", timeout=5).status_code == 503
