"""Slack listeners, one module per kind; each is thin: parse, call a handler, render."""

from __future__ import annotations

from salesbot.handlers.context import Actor, Services, identify


def actor(svc: Services, user_id: str) -> Actor:
    with svc.db.transaction() as s:
        return identify(s, "slack", user_id)
