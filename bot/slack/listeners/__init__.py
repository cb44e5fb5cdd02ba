"""Slack listeners, one module per kind; each is thin: parse, call a handler, render."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_sdk.errors import SlackApiError

from handlers.core.context import Actor, Services

log = logging.getLogger(__name__)


def actor(svc: Services, user_id: str) -> Actor:
    return svc.actor("slack", user_id)


def after_answer(background: Executor, what: str, call: Callable[[], object]) -> None:
    """Make a Slack call once the request is answered: request threads only decide (a few
    milliseconds of database work), they never wait on Slack. What the user asked for is
    committed already, so a failed call is logged, not retried."""
    background.submit(_logged, what, call)


def _logged(what: str, call: Callable[[], object]) -> None:
    try:
        call()
    except SlackApiError as exc:  # Slack said no (a trigger that expired, a channel gone)
        log.warning("could not %s: %s", what, exc.response.get("error"))
    except Exception:
        log.exception("could not %s", what)
