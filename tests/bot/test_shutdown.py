"""SIGTERM in the middle of a burst of clicks: every click sent gets its answer, every claim
its card update and its line to the managers, and the process exits 0."""

from __future__ import annotations

import http.client
import signal
import threading
from pathlib import Path

import yaml
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Lead, LeadStatus, OutboxMessage, OutboxStatus
from tests.bot.slack.conftest import button
from tests.bot.test_restart import free_port, start_bot
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender as SignedRequests

LEADS = 90
REPS = ("U0ALICE", "U0BOB", "U0CAROL")


def config(database_url: str, port: int, slack_url: str) -> dict:
    return {
        "database": {"url": database_url},
        "http": {"host": "127.0.0.1", "port": port},
        "intake": {"token": "t0ken"},
        "slack": {"bot_token": "xoxb-test", "signing_secret": "s3cret", "api_url": slack_url},
        "shutdown_grace": "15s",
        "teams": [
            {
                "name": "sales",
                "window": "10m",
                "manager_channel": "C0MGRS",
                "managers": ["U0MARIA"],
                "reps": [
                    {"name": name, "slack": rep, "capacity": LEADS}
                    for name, rep in zip(("Alice", "Bob", "Carol"), REPS, strict=True)
                ],
            }
        ],
    }


def test_sigterm_mid_burst_answers_every_click_and_sends_every_message(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    with FakeSlack() as slack:
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(config(database_url, port, slack.url)))
        log = tmp_path / "bot.log"
        bot = start_bot(path, port, log)
        try:
            intake = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(LEADS):
                body = f'{{"company": "Lead {i}"}}'
                headers = {"Authorization": "Bearer t0ken", "Content-Type": "application/json"}
                intake.request("POST", "/leads", body, headers)
                answer = intake.getresponse()
                answer.read()
                assert answer.status == 201
            intake.close()
            cards = slack.wait_for(
                "chat.postMessage", lambda c: c.args["channel"].startswith("DU0"), count=LEADS
            )
            signer = SignedRequests(f"http://127.0.0.1:{port}", "s3cret")
            bursts = []
            for card in cards:
                user = card.args["channel"].removeprefix("D")
                payload = signer.click_payload(
                    user,
                    "lead_claim:0",
                    button(card, "Claim")["value"],
                    channel_id=card.args["channel"],
                    message_ts=card.response["ts"],
                )
                bursts.append(signer.signed_payload(payload))

            sent = threading.Semaphore(0)
            answers: list[int | str] = []

            def click(body: bytes, headers: dict[str, str]) -> None:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("POST", "/slack/events", body, headers)
                    sent.release()
                    answer = conn.getresponse()
                    answer.read()
                    answers.append(answer.status)
                except OSError as exc:
                    answers.append(f"{type(exc).__name__}: {exc}")
                    sent.release()

            threads = [threading.Thread(target=click, args=burst) for burst in bursts]
            for thread in threads:
                thread.start()
            for _ in threads:
                assert sent.acquire(timeout=30)
            bot.send_signal(signal.SIGTERM)  # every click is on its way in; few are answered
            answered_before = len(answers)
            for thread in threads:
                thread.join(timeout=30)
            assert bot.wait(timeout=30) == 0, log.read_text()
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()
        assert answered_before < LEADS, "the burst was over before the signal: nothing tested"
        assert answers == [200] * LEADS, log.read_text()

        # Every claim was made and its messages went out before the process ended.
        db = Database(database_url)
        try:
            with db.reading() as s:
                claimed = s.scalar(select(func.count()).where(Lead.status == LeadStatus.CLAIMED))
                owed = s.scalar(
                    select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
                )
        finally:
            db.dispose()
        assert (claimed, owed) == (LEADS, 0)
        updated = {c.args["ts"] for c in slack.calls("chat.update")}
        assert updated == {card.response["ts"] for card in cards}
        assert all(
            c.args["blocks"][0]["text"]["text"].startswith("Claimed by you")
            for c in slack.calls("chat.update")
        )
        lines = [c for c in slack.messages_to("C0MGRS") if " claimed lead #" in c.args["text"]]
        assert len(lines) == LEADS
        assert "stopped" in log.read_text() and "Traceback" not in log.read_text()
