"""Button clicks, the same on every platform: an action id and the button's value."""

from __future__ import annotations

from collections.abc import Callable

from salesbot.handlers import roulette
from salesbot.handlers.context import Actor, Services
from salesbot.handlers.messages import Text

# action id -> handler(svc, actor, button value); each feature module has its own table.
ACTIONS: dict[str, Callable[[Services, Actor, str], Text | None]] = {**roulette.ACTIONS}


def run_action(svc: Services, actor: Actor, action_id: str, value: str) -> Text | None:
    """Run a click; the reply, if any, is for the clicker's eyes only."""
    handler = ACTIONS.get(action_id)
    if handler is None:
        return Text(text=svc.t("click.unknown"))
    if not actor.known:
        return Text(text=svc.t("click.stranger"))
    if len(value) > 100:
        return Text(text=svc.t("click.unknown"))
    return handler(svc, actor, value)
