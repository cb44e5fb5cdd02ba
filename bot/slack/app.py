"""The Bolt app: signature checks, retry de-duplication, and the listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.config import SlackConfig
from bot.slack.listeners import actions, commands, events, views
from handlers.core import inbound
from handlers.core.context import Services

log = logging.getLogger(__name__)


def build_slack_app(
    svc: Services, cfg: SlackConfig, client: WebClient, background: Executor | None = None
) -> App:
    """The Bolt app; what is done after an answer runs on `background` (the caller's, so it
    can let that work finish at shutdown)."""
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

    actions.register(app, svc, background)
    commands.register(app, svc, background)
    events.register(app, svc, background)
    views.register(app, svc, background)
    return app
