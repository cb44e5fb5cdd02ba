"""The Bolt app: signature checks, retry de-duplication, and the listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.config import SlackConfig
from bot.slack.home import HomePages
from bot.slack.listeners import actions, commands, events, views
from handlers.core import inbound
from handlers.core.context import Services

log = logging.getLogger(__name__)


def build_slack_app(
    svc: Services,
    cfg: SlackConfig,
    client: WebClient,
    background: Executor | None = None,
    home: HomePages | None = None,
) -> App:
    """The Bolt app; what is done after an answer runs on `background` (the caller's, so it
    can let that work finish at shutdown); `home` keeps the Home tab of each person who
    clicks, types or opens it current."""
    socket_mode = cfg.app_token is not None
    app = App(
        client=client,
        signing_secret=cfg.signing_secret or "",
        # In Socket Mode requests come over the authenticated socket, not signed HTTP.
        request_verification_enabled=not socket_mode or cfg.signing_secret is not None,
        token_verification_enabled=False,
        # Listeners run in the request's own thread and answer when they return: no
        # hand-over to another thread and no polling for the ack. They are quick (a
        # database decision); what may be slow afterwards goes to `background`.
        process_before_response=True,
    )
    background = background or ThreadPoolExecutor(max_workers=16, thread_name_prefix="slack-after")

    @app.middleware
    def drop_retried_events(body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Slack resends an event it thinks was missed; the second copy must do nothing."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not inbound.first_time(svc, f"slack:{event_id}"):
            log.info("event %s already handled; retry ignored", event_id)
            return BoltResponse(status=200, body="")
        return next()

    if home is not None:

        @app.middleware
        def pages_change(body: dict[str, Any], next: Any) -> BoltResponse | None:
            """Whatever someone did (a click, a command, a form, a message) may change
            their page: it is published again once the listener has answered."""
            response = next()
            home.changed(_user_of(body))
            return response

    actions.register(app, svc, background)
    commands.register(app, svc, background)
    events.register(app, svc, background, home)
    views.register(app, svc, background)
    return app


def _user_of(body: dict[str, Any]) -> str:
    """Who sent a click or form (`user.id`), a command (`user_id`) or a message (its
    event's `user`); "" for anything else (the Home tab's opening has its own listener)."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        is_message = event.get("type") == "message" and not event.get("bot_id")
        return str(event.get("user") or "") if is_message else ""
    user = body.get("user")
    if isinstance(user, dict):
        return str(user.get("id") or "")
    return str(body.get("user_id") or "")
