"""GET /metrics over HTTP after a scripted run: every counter at the value the run implies."""

from __future__ import annotations

from typing import Any

import requests

from handlers.digests.scheduled import run_scheduled
from handlers.roulette.sweep import expire_due
from tests.bot.slack.conftest import button, labels
from tests.bot.test_metrics import scrape, value
from tests.pipeline_support import all_delivered


def click(sbot: Any, user: str, card: Any, label: str) -> None:
    action = {"Claim": "lead_claim:0", "Pass": "lead_pass:1", "Grab": "lead_grab"}[label]
    answer = sbot.send.click(
        user,
        action,
        button(card, label)["value"],
        channel_id=card.args["channel"],
        message_ts=card.response["ts"],
    )
    assert answer.status == 200


def test_counters_after_a_scripted_run(make_slack_bot: Any) -> None:
    sbot = make_slack_bot(
        team={
            "reps": [
                {"name": "Alice", "slack": "U0ALICE"},
                {"name": "Bob", "slack": "U0BOB"},
                {"name": "Carol", "slack": "U0CAROL", "active": False},
            ]
        }
    )
    # Lead 1 goes to Alice, who claims it after 20 s.
    assert sbot.lead({"company": "Acme", "source": "web"}).status_code == 201
    [acme] = sbot.dm_cards("U0ALICE")
    sbot.clock.advance(seconds=20)
    click(sbot, "U0ALICE", acme, "Claim")
    # Lead 2 starts at Bob, who passes; Carol is inactive (skipped); Alice lets it expire;
    # it goes to the pool, where Bob grabs it.
    assert sbot.lead({"company": "Beta", "source": "referral"}).status_code == 201
    [beta] = sbot.dm_cards("U0BOB")
    click(sbot, "U0BOB", beta, "Pass")
    sbot.dm_cards("U0ALICE", count=2)
    sbot.clock.advance(seconds=61)
    expire_due(sbot.runtime.svc)
    [pool] = sbot.slack.wait_for(
        "chat.postMessage",
        lambda c: (
            c.args.get("channel") == "C0MGRS" and "blocks" in c.args and labels(c) == ["Grab"]
        ),
    )
    click(sbot, "U0BOB", pool, "Grab")
    # Lead 3: Alice's card cannot be delivered (skipped as unreachable); Bob gets it and
    # claims it. Carol, inactive, comes last in its order and is never reached.
    sbot.slack.fail(
        "chat.postMessage", error="channel_not_found", when=lambda a: a.get("channel") == "DU0ALICE"
    )
    assert sbot.lead({"company": "Gamma", "source": "web"}).status_code == 201
    [*_, gamma] = sbot.dm_cards("U0BOB", count=2)
    assert "Gamma" in gamma.args["text"]
    sbot.clock.advance(seconds=5)
    click(sbot, "U0BOB", gamma, "Claim")
    assert run_scheduled(sbot.runtime.svc, "workload", "sales")
    all_delivered(sbot.runtime.svc)

    answer = requests.get(f"{sbot.web.url}/metrics", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    got = scrape(answer.text)
    team = {"team": "sales"}
    assert value(got, "salesbot_leads_received_total", source="web", **team) == 2
    assert value(got, "salesbot_leads_received_total", source="referral", **team) == 1
    assert value(got, "salesbot_offers_opened_total", **team) == 5
    assert value(got, "salesbot_offers_claimed_total", **team) == 2
    assert value(got, "salesbot_offers_passed_total", **team) == 1
    assert value(got, "salesbot_offers_expired_total", **team) == 1
    assert value(got, "salesbot_offers_skipped_total", reason="inactive", **team) == 1
    assert value(got, "salesbot_offers_skipped_total", reason="unreachable", **team) == 1
    assert value(got, "salesbot_leads_pooled_total", **team) == 1
    assert value(got, "salesbot_leads_grabbed_total", **team) == 1
    assert value(got, "salesbot_digests_posted_total", kind="workload", **team) == 1
    failures = "salesbot_chat_api_failures_total"
    assert value(got, failures, platform="slack", error="channel_not_found") == 1
    assert value(got, "salesbot_time_to_claim_seconds_count", **team) == 2
    assert value(got, "salesbot_time_to_claim_seconds_sum", **team) == 25
    assert value(got, "salesbot_time_to_claim_seconds_bucket", le="5.0", **team) == 1
    assert value(got, "salesbot_time_to_first_dm_seconds_count", **team) == 3
    assert value(got, "salesbot_outbox_backlog_messages", platform="slack") == 0
    assert value(got, "salesbot_outbox_oldest_owed_seconds", platform="slack") == 0
    assert value(got, "salesbot_windows_overdue") == 0
    requests_total = "salesbot_http_requests_total"
    assert value(got, requests_total, endpoint="/leads", method="POST", status="201") == 3
    assert value(got, requests_total, endpoint="/slack/events", method="POST", status="200") == 4
    assert value(got, "salesbot_http_request_duration_seconds_count", endpoint="/leads") == 3
