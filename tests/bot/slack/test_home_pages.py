"""How often pages are published: once per burst per person, within a pace, after a
rate limit only when Slack allows."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient

from bot.slack import render
from bot.slack.home import HomePages
from handlers.core.commands import run_command
from handlers.core.report import Event
from handlers.home import page
from tests.fakes.block_kit import view_errors
from tests.fakes.slack_api import FakeSlack


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Any:
    server = FakeSlack().start()
    yield server
    server.stop()


def pages_for(bot: Any, fake: FakeSlack, **options: Any) -> tuple[HomePages, Ticks]:
    ticks = Ticks()
    client = WebClient(token="xoxb-test", base_url=fake.url)
    home = HomePages(bot.svc, client, {"C0MGRS": {"sales"}}, clock=ticks, **options)
    return home, ticks


def published(fake: FakeSlack) -> list[str]:
    return [c.args["user_id"] for c in fake.calls("views.publish")]


def test_a_burst_publishes_once_then_once_more_after_the_pause(bot, fake):
    home, ticks = pages_for(bot, fake, coalesce=3.0)
    for _ in range(50):
        home.changed("U0ALICE")
    assert home.publish_due() == 1
    for _ in range(50):
        home.changed("U0ALICE")
    ticks.now += 1
    assert home.publish_due() == 0  # within 3 s of the last
    ticks.now += 2
    assert home.publish_due() == 1
    assert home.publish_due() == 0  # nothing changed since
    assert published(fake) == ["U0ALICE", "U0ALICE"]


def test_deliveries_and_team_events_reach_the_right_people(bot, fake):
    home, _ = pages_for(bot, fake)
    home.delivered(["slack:user:U0BOB", "wecom:user:bob", "console:channel:sales-managers"])
    home.heard(Event("offer.claimed", {"team": "sales", "lead": 1}))
    assert home.publish_due() == 2
    assert sorted(published(fake)) == ["U0BOB", "U0MARIA"]
    home.delivered(["slack:channel:C0MGRS"])  # the managers' channel: the managers' pages
    assert home.publish_due() == 0  # Maria's page waits out its pause …
    assert home._due == {"U0MARIA": home._due["U0MARIA"]}


def test_the_pace_leaves_the_rest_waiting_oldest_first(bot, fake):
    home, ticks = pages_for(bot, fake, per_minute=2)
    for user in ("U0CAROL", "U0ALICE", "U0BOB"):
        home.changed(user)
        ticks.now += 0.1
    assert home.publish_due() == 2
    assert published(fake) == ["U0CAROL", "U0ALICE"]
    ticks.now += 30
    assert home.publish_due() == 0  # two a minute
    ticks.now += 31
    assert home.publish_due() == 1
    assert published(fake)[-1] == "U0BOB"


def test_a_rate_limit_pauses_publishing_for_as_long_as_slack_asks(bot, fake):
    home, ticks = pages_for(bot, fake)
    fake.fail("views.publish", status=429, retry_after=20)
    home.changed("U0ALICE")
    home.changed("U0BOB")
    assert home.publish_due() == 0
    ticks.now += 10
    assert home.publish_due() == 0
    ticks.now += 11
    assert home.publish_due() == 2
    answered = [c for c in fake.calls("views.publish") if c.fault is None]
    assert sorted(c.args["user_id"] for c in answered) == ["U0ALICE", "U0BOB"]


def test_a_crowded_page_stays_within_what_slack_takes(make_bot):
    # Maria manages and is the only rep: every lead is offered to her
    bot = make_bot(team={"reps": [{"name": "Maria", "slack": "U0MARIA", "capacity": 50}]})
    for i in range(30):
        run_command(bot.svc, bot.actor("U0MARIA"), "/lead", f"add Lead{i} 1000")
    bot.deliver()
    view = render.home_view(page.build(bot.svc, bot.actor("U0MARIA")), {})
    assert view_errors(view) == []
    words = str(view)
    assert "Offers open for you (30)" in words
    assert "…and 26 more offers — their cards are in your messages" in words
    assert "…and 15 more — type /lead list" in words
