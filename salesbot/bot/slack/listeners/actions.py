"""Button clicks: Claim, Pass, Grab and every other feature's buttons."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from salesbot.bot.slack import render
from salesbot.bot.slack.listeners import actor
from salesbot.handlers.actions import ACTIONS, run_action
from salesbot.handlers.context import Services
from salesbot.handlers.messages import Form

log = logging.getLogger(__name__)


def register(app: App, svc: Services) -> None:
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        # The decision is committed before Slack gets its answer: a few milliseconds,
        # well inside the 3 s, and a 200 then means the click has taken effect.
        user_id = body["user"]["id"]
        reply = run_action(
            svc, actor(svc, user_id), action["action_id"], str(action.get("value", ""))
        )
        ack()
        if reply is None:
            return
        if isinstance(reply, Form):
            client.views_open(trigger_id=body["trigger_id"], view=render.modal(reply))
            return
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get(
            "channel_id"
        )
        try:
            client.chat_postEphemeral(
                channel=channel, user=user_id, text=reply.text, blocks=render.blocks(reply)
            )
        except SlackApiError as exc:
            log.warning("could not tell %s why their click did nothing: %s", user_id, exc)

    for action_id in ACTIONS:
        app.action(action_id)(on_click)
