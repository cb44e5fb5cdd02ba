"""Slack in Socket Mode, end to end: with an app token the bot needs no public URL.

The bot is wired as `salesbot run` wires it with `slack.app_token` set (no
signing secret, no HTTP endpoint for Slack), and Bolt's `SocketModeHandler`
connects to a fake Socket Mode server; Web API calls go to FakeSlack.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.runtime import Runtime, build_runtime
from bot.slack.app import build_slack_app
from bot.slack.sender import make_client, outbox_sender
from tests.bot.slack.conftest import button, header, labels
from tests.conftest import FakeClock, demo_config
from tests.fakes.slack_api import (
    APP_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    Call,
    FakeSlack,
    default_user_name,
)
from tests.fakes.slack_socket import FakeSocketMode

APP_TOKEN = "xapp-test"


@dataclass
class SocketBot:
    runtime: Runtime
    slack: FakeSlack
    socket: FakeSocketMode
    handler: SocketModeHandler
    clock: FakeClock

    def dm_cards(self, user_id: str, count: int = 1) -> list[Call]:
        return self.slack.wait_for(
            "chat.postMessage", lambda c: c.args.get("channel") == f"D{user_id}", count=count
        )

    def command(self, user_id: str, command: str, text: str) -> dict[str, Any]:
        """Run a slash command over the socket; return the client's ack."""
        envelope_id = self.socket.send_envelope(
            "slash_commands",
            slash_command(user_id, command, text, self.slack.response_url_base),
            accepts_response_payload=True,
        )
        return self.socket.wait_ack(envelope_id)

    def click(self, user_id: str, card: Call, label: str) -> dict[str, Any]:
        """Click a button on a card over the socket; return the client's ack."""
        envelope_id = self.socket.send_envelope(
            "interactive", block_actions(user_id, card, label, self.slack.response_url_base)
        )
        return self.socket.wait_ack(envelope_id)


def _user(user_id: str) -> dict[str, Any]:
    name = default_user_name(user_id)
    return {"id": user_id, "username": name, "name": name, "team_id": TEAM_ID}


def slash_command(user_id: str, command: str, text: str, response_url_base: str) -> dict[str, Any]:
    """The `slash_commands` payload: the HTTP form fields, as a JSON object."""
    return {
        "token": "fake-verification-token",
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": "C0CMD",
        "channel_name": "sales",
        "user_id": user_id,
        "user_name": default_user_name(user_id),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": f"{response_url_base}commands/{TEAM_ID}/{secrets.token_hex(8)}",
        "trigger_id": f"{int(time.time() * 1000)}.{secrets.token_hex(8)}",
    }


def block_actions(user_id: str, card: Call, label: str, response_url_base: str) -> dict[str, Any]:
    """The `interactive` payload Slack sends when `user_id` clicks `label` on `card`."""
    pressed = button(card, label)
    block_id = next(
        (b.get("block_id", "b") for b in card.args["blocks"] if pressed in b.get("elements", [])),
        "b",
    )
    channel, ts = card.response["channel"], card.response["ts"]
    return {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": "fake-verification-token",
        "trigger_id": f"{int(time.time() * 1000)}.{secrets.token_hex(8)}",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "channel": {"id": channel, "name": "directmessage"},
        "message": {
            "type": "message",
            "subtype": "bot_message",
            "user": BOT_USER_ID,
            "bot_id": "BBOT",
            "app_id": APP_ID,
            "team": TEAM_ID,
            "ts": ts,
            "text": card.args.get("text", ""),
            "blocks": card.args["blocks"],
        },
        "response_url": f"{response_url_base}actions/{TEAM_ID}/{secrets.token_hex(8)}",
        "state": {"values": {}},
        "actions": [
            {
                "action_id": pressed["action_id"],
                "block_id": block_id,
                "text": pressed["text"],
                "value": pressed["value"],
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


@pytest.fixture
def socket_bot(database_url: str, clock: FakeClock) -> Iterator[SocketBot]:
    """The bot as `run_chat` builds it in Socket Mode, connected to the fakes."""
    slack = FakeSlack().start()
    socket = FakeSocketMode().start()
    socket.attach(slack)
    config = demo_config(
        database_url,
        slack={"bot_token": "xoxb-test", "app_token": APP_TOKEN, "api_url": slack.url},
    )
    assert config.slack.signing_secret is None
    client = make_client(config.slack.bot_token, config.slack.api_url)
    runtime = build_runtime(
        config, {"slack": outbox_sender(config.slack.bot_token, config.slack.api_url)}, clock
    )
    app = build_slack_app(runtime.svc, config.slack, client)
    runtime.start()
    handler = SocketModeHandler(app, config.slack.app_token)
    try:
        handler.connect()
        socket.wait_connected()
        yield SocketBot(runtime, slack, socket, handler, clock)
    finally:
        handler.close()
        socket.stop()
        runtime.stop()
        slack.stop()
    assert slack.errors == []


def test_connects_with_the_app_token_and_is_greeted(socket_bot: SocketBot) -> None:
    [opened] = socket_bot.slack.calls("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert opened.response is not None and opened.response["url"].startswith("ws://127.0.0.1:")
    assert socket_bot.socket.connection_count == 1
    assert socket_bot.handler.client.is_connected()


def test_lead_added_offered_and_claimed_over_the_socket(socket_bot: SocketBot) -> None:
    ack = socket_bot.command("U0MARIA", "/lead", "add Acme 5000")
    assert ack["payload"]["text"] == "Lead #1 Acme added; it is being offered."

    [card] = socket_bot.dm_cards("U0ALICE")
    assert card.args["channel"] == "DU0ALICE"
    assert header(card) == "New lead: Acme"
    assert labels(card) == ["Claim", "Pass"]

    socket_bot.clock.advance(seconds=20)
    ack = socket_bot.click("U0ALICE", card, "Claim")
    assert "payload" not in ack, json.dumps(ack)

    [update] = socket_bot.slack.wait_for(
        "chat.update", lambda c: c.args.get("ts") == card.response["ts"]
    )
    assert update.args["channel"] == "DU0ALICE"
    assert header(update) == "Claimed by you: Acme"
    assert "Claim" not in labels(update)
    [line] = socket_bot.slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("channel") == "C0MGRS"
    )
    assert line.args["text"] == "Alice claimed lead #1 Acme (5,000) after 20 s."
    assert socket_bot.slack.calls("chat.postEphemeral") == []
