"""Button clicks and form answers, the same on every platform.

A click is an action id and the button's value; a form's answers come back with the
form's action id and value. Each feature registers its own (see registry.py).
"""

from __future__ import annotations

from handlers.core.context import Actor, Services
from handlers.core.messages import MAX_VALUE, Form, FormInvalid, Text
from handlers.core.parse import has_control_characters


def run_action(svc: Services, actor: Actor, action_id: str, value: str) -> Text | Form | None:
    """Run a click; the reply, if any, is for the clicker's eyes only."""
    handler = svc.registry.actions.get(action_id)
    if handler is None or len(value) > MAX_VALUE or has_control_characters(value):
        return Text(text=svc.t("click.unknown"))
    if not actor.known:
        return Text(text=svc.t("click.stranger"))
    return handler(svc, actor, value)


def run_submission(
    svc: Services, actor: Actor, action_id: str, value: str, answers: dict[str, str]
) -> Text | None:
    """Hand a form's answers to its handler; FormInvalid passes through to the adapter."""
    handler = svc.registry.submissions.get(action_id)
    if handler is None or len(value) > MAX_VALUE or has_control_characters(value):
        return Text(text=svc.t("click.unknown"))
    if not actor.known:
        return Text(text=svc.t("click.stranger"))
    odd = {k: svc.t("input.control_chars") for k, v in answers.items() if has_control_characters(v)}
    if odd:
        raise FormInvalid(odd)
    return handler(svc, actor, value, {k: v.strip() for k, v in answers.items()})
