"""`slack: {home_tab: false}` for an app whose Home tab is not turned on: `salesbot run`
publishes no page, and still answers everything else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from tests.bot.test_restart import free_port, start_bot
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender


@pytest.mark.parametrize("home_tab", [True, False])
def test_the_home_tab_is_published_only_when_it_is_on(
    home_tab: bool, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    with FakeSlack() as slack:
        config = {
            "database": {"url": database_url},
            "http": {"host": "127.0.0.1", "port": port},
            "slack": {
                "bot_token": "xoxb-test",
                "signing_secret": "s3cret",
                "api_url": slack.url,
                "home_tab": home_tab,
            },
            "teams": [
                {
                    "name": "sales",
                    "managers": ["U0MARIA"],
                    "reps": [{"name": "Alice", "slack": "U0ALICE"}],
                }
            ],
        }
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(config))
        bot = start_bot(path, port, tmp_path / "bot.log")
        try:
            send = SlackSender(f"http://127.0.0.1:{port}", "s3cret")
            event = {"type": "app_home_opened", "user": "U0ALICE", "tab": "home"}
            assert send.event(event).status == 200
            assert send.command("U0ALICE", "/home", "").status == 200  # answered either way
            if home_tab:
                slack.wait_for("views.publish", lambda c: c.args["user_id"] == "U0ALICE")
            else:
                time.sleep(2.0)  # four of the publisher's ticks, had it been running
                assert slack.calls("views.publish") == []
        finally:
            bot.terminate()
            bot.wait(timeout=30)
