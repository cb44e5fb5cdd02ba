"""Button clicks: Claim, Pass, Grab and every other feature's buttons."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import Executor
from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import render
from bot.slack.listeners import actor, after_answer
from handlers.core.actions import run_action
from handlers.core.context import Services
from handlers.core.messages import Form

REPEAT_QUIET = 10.0  # seconds in which the same note to the same person is not repeated


class RecentNotes:
    """Remembers notes just sent, so ten impatient clicks get one explanation, not ten."""

    def __init__(self, quiet: float = REPEAT_QUIET):
        self.quiet = quiet
        self._sent: dict[tuple[str, ...], float] = {}
        self._lock = threading.Lock()

    def first(self, *key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._sent) > 10_000:
                self._sent = {k: t for k, t in self._sent.items() if t > now}
            if self._sent.get(key, 0.0) > now:
                return False
            self._sent[key] = now + self.quiet
            return True


def register(app: App, svc: Services, background: Executor) -> None:
    recent = RecentNotes()

    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        # The decision is committed before Slack gets its answer: a few milliseconds,
        # well inside the 3 s, and a 200 then means the click has taken effect.
        user_id = body["user"]["id"]
        action_name = render.action_of(str(action["action_id"]))
        reply = run_action(svc, actor(svc, user_id), action_name, str(action.get("value", "")))
        ack()
        if reply is None:
            return
        if isinstance(reply, Form):
            view = render.modal(reply)
            after_answer(
                background,
                f"open a form for {user_id}",
                lambda: client.views_open(trigger_id=body["trigger_id"], view=view),
            )
            return
        if not recent.first(user_id, action_name, str(action.get("value")), reply.text):
            return
        note = {"text": render.fallback(reply), "blocks": render.blocks(reply)}
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get(
            "channel_id"
        )
        if channel:  # a note only they see, where they clicked
            call = partial(client.chat_postEphemeral, channel=channel, user=user_id, **note)
        else:  # a surface with no channel (the Home tab): their DM with the bot
            call = partial(client.chat_postMessage, channel=user_id, **note)
        after_answer(background, f"tell {user_id} why their click did nothing", call)

    for name in svc.registry.actions:  # each button's id is its action and its place: lead_claim:0
        app.action(re.compile(rf"^{re.escape(name)}(:\d+)?$"))(on_click)
