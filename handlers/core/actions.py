"""Button clicks and form answers, the same on every platform.

A click is an action id and the button's value; a form's answers come back with the
form's action id and value. Each feature module has its own tables.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.core.context import Actor, Services
from handlers.core.messages import Form, Text
from handlers.pipeline import accounts as pipeline
from handlers.pipeline import notes
from handlers.roulette import offers as roulette
from handlers.training import authoring as quiz_authoring
from handlers.training import grading as quiz_grading
from handlers.training import onboarding
from handlers.training import runs as quiz_runs

# action id -> handler(svc, actor, button value): a private reply, a form to fill, or nothing
ACTIONS: dict[str, Callable[[Services, Actor, str], Text | Form | None]] = {
    **roulette.ACTIONS,
    **pipeline.ACTIONS,
    **notes.ACTIONS,
    **quiz_runs.ACTIONS,
    **quiz_grading.ACTIONS,
    **onboarding.ACTIONS,
}

# form action id -> handler(svc, actor, form value, answers); raises FormInvalid on bad answers
SUBMISSIONS: dict[str, Callable[[Services, Actor, str, dict[str, str]], Text | None]] = {
    **pipeline.SUBMISSIONS,
    **quiz_runs.SUBMISSIONS,
    **quiz_grading.SUBMISSIONS,
    **quiz_authoring.SUBMISSIONS,
    **onboarding.SUBMISSIONS,
}


def run_action(svc: Services, actor: Actor, action_id: str, value: str) -> Text | Form | None:
    """Run a click; the reply, if any, is for the clicker's eyes only."""
    handler = ACTIONS.get(action_id)
    if handler is None:
        return Text(text=svc.t("click.unknown"))
    if not actor.known:
        return Text(text=svc.t("click.stranger"))
    if len(value) > 100:
        return Text(text=svc.t("click.unknown"))
    return handler(svc, actor, value)


def run_submission(
    svc: Services, actor: Actor, action_id: str, value: str, answers: dict[str, str]
) -> Text | None:
    """Hand a form's answers to its handler; FormInvalid passes through to the adapter."""
    handler = SUBMISSIONS.get(action_id)
    if handler is None:
        return Text(text=svc.t("click.unknown"))
    if not actor.known:
        return Text(text=svc.t("click.stranger"))
    return handler(svc, actor, value, {k: v.strip() for k, v in answers.items()})
