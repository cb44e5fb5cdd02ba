"""POST /leads, fuzzed: any body gets 201, 200 (a lead seen before) or 400 with the field
named, never a 5xx; a refused body adds no lead."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.web import build_web_app
from storage.models import Lead
from tests.fuzz import ODD_CHARACTERS

TOKEN = "intake-token"
FIELDS = ["company", "contact", "email", "phone", "source", "tier", "external_id", "amount", "team"]
ODD_STRINGS = st.one_of(
    st.text(),
    st.text(ODD_CHARACTERS, min_size=1, max_size=5),
    st.text(min_size=190, max_size=300),
    st.sampled_from(["sales", "nobody", " ", "Acme"]),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | ODD_STRINGS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6).map(json.dumps),
    st.dictionaries(st.sampled_from(FIELDS), ODD_STRINGS, max_size=6).map(
        lambda d: json.dumps({"company": "Acme", **d})
    ),
    JSON_VALUES.map(json.dumps),
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
    st.text().map(str),  # not JSON at all
)


@pytest.fixture
def client(make_bot):
    bot = make_bot(intake={"token": TOKEN})
    return bot, build_web_app(bot.svc, lambda: True).test_client()


def leads(bot) -> int:
    with bot.svc.db.reading() as s:
        return s.scalar(select(func.count()).select_from(Lead))


@given(body=BODIES)
def test_any_body_is_a_lead_or_a_400_naming_the_problem(client, body):
    bot, web = client
    before = leads(bot)
    answer = web.post(
        "/leads",
        data=body.encode("utf-8", "surrogatepass"),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert answer.status_code in (200, 201, 400), answer.get_data(as_text=True)
    if answer.status_code == 400:
        error = answer.get_json()["error"]
        assert error.split(":")[0] in ("body", *FIELDS), error
        assert leads(bot) == before
    else:
        assert answer.get_json()["status"] in ("offering", "pool", "claimed")
        assert leads(bot) == before + (answer.status_code == 201)
