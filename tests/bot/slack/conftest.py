"""A running bot over real HTTP: our web server, a fake Slack Web API, signed requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime, build_runtime
from bot.slack.app import build_slack_app
from bot.slack.files import SlackDownloads
from bot.slack.home import attach
from bot.slack.sender import make_client, outbox_sender
from bot.web import WebServer, build_web_app
from tests.conftest import FakeClock, demo_config
from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_requests import SlackSender as SignedRequests

SECRET = "test-signing-secret"
INTAKE = "intake-token"


@dataclass(repr=False)
class SlackBot:
    runtime: Runtime
    web: WebServer
    slack: FakeSlack
    send: SignedRequests
    clock: FakeClock

    def __repr__(self) -> str:  # failing property-based examples print their fixtures
        return "SlackBot(...)"

    def dm_cards(self, user_id: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait for `count` cards posted in the user's DM and return them all."""
        return self.slack.wait_for(
            "chat.postMessage",
            lambda c: c.args.get("channel") == f"D{user_id}",
            count=count,
            timeout=timeout,
        )

    def channel_posts(self, channel: str, count: int = 1) -> list[Call]:
        return self.slack.wait_for(
            "chat.postMessage", lambda c: c.args.get("channel") == channel, count=count
        )

    def updates(self, card: Call, count: int = 1) -> list[Call]:
        ts = card.response["ts"]
        return self.slack.wait_for("chat.update", lambda c: c.args.get("ts") == ts, count=count)

    def lead(self, body: dict[str, Any]) -> Any:
        import requests

        return requests.post(
            f"{self.web.url}/leads",
            json=body,
            headers={"Authorization": f"Bearer {INTAKE}"},
            timeout=10,
        )


def button(call: Call, label: str) -> dict[str, Any]:
    for block in call.args["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return element
    raise AssertionError(f"no {label!r} button in {call.args['blocks']}")


def labels(call: Call) -> list[str]:
    return [
        e["text"]["text"]
        for block in call.args["blocks"]
        for e in block.get("elements", [])
        if e.get("type") == "button"
    ]


def header(call: Call) -> str:
    return call.args["blocks"][0]["text"]["text"]


@pytest.fixture
def make_slack_bot(database_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Any]:
    started: list[tuple[Runtime, WebServer, FakeSlack, SignedRequests]] = []

    def make(**overrides: Any) -> SlackBot:
        slack = FakeSlack().start()
        overrides.setdefault("data_dir", str(tmp_path / "data"))
        config = demo_config(
            database_url,
            slack={"bot_token": "xoxb-test", "signing_secret": SECRET, "api_url": slack.url},
            intake={"token": INTAKE},
            **overrides,
        )
        client = make_client(config.slack.bot_token, config.slack.api_url)
        runtime = build_runtime(
            config,
            {"slack": outbox_sender(config.slack.bot_token, config.slack.api_url)},
            clock,
            {"slack": SlackDownloads(client)},
        )
        app = build_slack_app(runtime.svc, config.slack, client, home=attach(runtime, client))
        web = WebServer(
            build_web_app(
                runtime.svc,
                lambda: runtime.healthy,
                app,
                slack_secret=SECRET,
                metrics=runtime.metrics,
            ),
            "127.0.0.1",
            0,
        )
        web.start()
        runtime.svc.store.public_url = web.url  # the port is the one the server got
        runtime.start()
        send = SignedRequests(web.url, SECRET, response_url_base=slack.response_url_base)
        started.append((runtime, web, slack, send))
        return SlackBot(runtime, web, slack, send, clock)

    yield make
    for runtime, web, slack, send in started:
        send.close()
        web.stop()
        runtime.stop()
        slack.stop()


@pytest.fixture
def sbot(make_slack_bot: Any) -> SlackBot:
    return make_slack_bot()
