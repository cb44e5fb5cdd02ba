"""Slack listeners, one module per kind; each is thin: parse, call a handler, render."""

from __future__ import annotations

from salesbot.handlers.context import Actor, Services


def actor(svc: Services, user_id: str) -> Actor:
    return svc.actor("slack", user_id)
