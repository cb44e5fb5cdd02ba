"""Metrics read from the database, and /metrics turned off or behind a token (the
scripted run over HTTP is in tests/bot/slack/test_metrics_e2e.py)."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families


def scrape(text: str) -> dict[tuple[str, frozenset], float]:
    """Each sample of an exposition: (name, labels) -> value."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def test_what_is_owed_is_read_from_the_database(bot: Any) -> None:
    """The backlog and the windows past their deadline, as the database holds them: no
    delivery runs here, so the cards wait, and no sweep, so the window stays open."""
    from bot.metrics import Metrics
    from handlers.roulette.intake import LeadInput, add_lead

    metrics = Metrics(bot.svc, ["slack"])
    add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    bot.clock.advance(seconds=30)
    got = scrape(metrics.exposition().decode())
    assert value(got, "salesbot_outbox_backlog_messages", platform="slack") == 1
    assert value(got, "salesbot_outbox_oldest_owed_seconds", platform="slack") == 30
    assert value(got, "salesbot_windows_overdue") == 0  # the card is not out: no window yet
    bot.deliver()
    bot.clock.advance(seconds=75)  # the 60 s window ran out 15 s ago
    got = scrape(metrics.exposition().decode())
    assert value(got, "salesbot_outbox_backlog_messages", platform="slack") == 0
    assert value(got, "salesbot_windows_overdue") == 1
    assert value(got, "salesbot_sweep_lag_seconds") == 15


@pytest.mark.parametrize(
    ("metrics", "token", "sent", "status"),
    [
        ("off", None, None, 404),
        ("on", None, None, 200),
        ("on", "scrape-token", None, 401),
        ("on", "scrape-token", "wrong", 401),
        ("on", "scrape-token", "scrape-token", 200),
    ],
)
def test_metrics_can_be_off_or_behind_a_token(
    bot: Any, metrics: str, token: str | None, sent: str | None, status: int
) -> None:
    from bot.web import build_web_app

    web = build_web_app(
        bot.svc,
        lambda: True,
        metrics=bot.runtime.metrics if metrics == "on" else None,
        metrics_token=token,
    )
    headers = {"Authorization": f"Bearer {sent}"} if sent else {}
    answer = web.test_client().get("/metrics", headers=headers)
    assert answer.status_code == status
    assert (b"salesbot_offers_opened_total" in answer.data) == (status == 200)


def test_the_config_turns_metrics_off_and_sets_a_token() -> None:
    from bot.config import parse_config
    from tests.conftest import demo_team

    config = parse_config({"teams": [demo_team()], "metrics": {"enabled": False, "token": "t"}})
    assert (config.metrics.enabled, config.metrics.token) == (False, "t")
    assert parse_config({"teams": [demo_team()]}).metrics.enabled
