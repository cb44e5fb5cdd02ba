"""Kill the bot in the middle of a claim window and start it again: the window holds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
import yaml
from sqlalchemy import func, select

from storage.db import Database
from storage.models import MessageRef
from tests.fakes.slack_api import FakeSlack

WINDOW = 6  # seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_bot(config: Path, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(config)],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("bot did not become healthy:\n" + log.read_text())


def wait_until_delivered(database_url: str) -> None:
    """The card is in Slack and the bot has recorded where: now is mid-window."""
    db = Database(database_url)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with db.transaction() as s:
                if s.scalar(select(func.count()).select_from(MessageRef)):
                    return
            time.sleep(0.05)
        raise AssertionError("the card's reference was never recorded")
    finally:
        db.dispose()


def test_window_survives_a_crash(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    with FakeSlack() as slack:
        config = tmp_path / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "database": {"url": database_url},
                    "http": {"host": "127.0.0.1", "port": port},
                    "intake": {"token": "t0ken"},
                    "slack": {
                        "bot_token": "xoxb-test",
                        "signing_secret": "s3cret",
                        "api_url": slack.url,
                    },
                    "teams": [
                        {
                            "name": "sales",
                            "window": f"{WINDOW}s",
                            "manager_channel": "C0MGRS",
                            "managers": ["U0MARIA"],
                            "reps": [
                                {"name": "Alice", "slack": "U0ALICE"},
                                {"name": "Bob", "slack": "U0BOB"},
                            ],
                        }
                    ],
                }
            )
        )
        log = tmp_path / "bot.log"
        first = start_bot(config, port, log)
        try:
            answer = requests.post(
                f"http://127.0.0.1:{port}/leads",
                json={"company": "Phoenix"},
                headers={"Authorization": "Bearer t0ken"},
                timeout=10,
            )
            offered_at = datetime.now(UTC).timestamp()
            assert answer.status_code == 201
            [card] = slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == "DU0ALICE")
            wait_until_delivered(database_url)
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        assert datetime.now(UTC).timestamp() - offered_at < WINDOW - 2, "killed too late"

        second = start_bot(config, port, log)
        try:
            [bob] = slack.wait_for(
                "chat.postMessage", lambda c: c.args["channel"] == "DU0BOB", timeout=WINDOW + 10
            )
            assert datetime.now(UTC).timestamp() - offered_at >= WINDOW - 0.5
            [expired] = slack.wait_for("chat.update", lambda c: c.args["ts"] == card.response["ts"])
            assert (
                expired.args["blocks"][0]["text"]["text"] == "Expired: Phoenix (your window closed)"
            )
            time.sleep(1.5)  # several sweeps later: still one card each, one update
            assert len(slack.messages_to("DU0BOB")) == 1
            assert len(slack.messages_to("DU0ALICE")) == 1
            assert len(slack.calls("chat.update")) == 1
            assert bob.args["blocks"][0]["text"]["text"] == "New lead: Phoenix"
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=20) == 0, log.read_text()
