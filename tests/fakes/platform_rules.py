"""Every message the bot builds, held to what Slack and WeCom accept.

`accepted(message)` renders a card, text or form the way each adapter does and returns
what the real platform would refuse in it (nothing: an empty list). The root conftest
runs it on every Card, Text and Form any test makes, so a card that Slack or WeCom would
turn away fails the test that made it, wherever it was made.
"""

from __future__ import annotations

from bot.slack import render as slack
from bot.wecom import render as wecom
from handlers.core.messages import Card, Form, Text
from tests.fakes.block_kit import block_errors, view_errors
from tests.fakes.slack_api import TEXT_MAX
from tests.fakes.wecom_api import CONTENT_BYTES, card_problem


def refused(message: Card | Text | Form) -> list[str]:
    """What Slack or WeCom would refuse in this message, as they would word it."""
    if isinstance(message, Form):
        return [f"slack view: {e}" for e in view_errors(slack.modal(message))]
    problems = [f"slack: {e}" for e in block_errors(slack.blocks(message))]
    if len(slack.fallback(message)) > TEXT_MAX:
        problems.append("slack: msg_too_long")
    if isinstance(message, Card) and message.buttons:
        problem = card_problem(wecom.template_card(message, "sb-check"))
        if problem is not None:
            problems.append(f"wecom: {problem}")
    text = wecom.markdown(message) if isinstance(message, Card) else message.text
    problems += [
        f"wecom: a message of {len(part.encode())} bytes"
        for part in wecom.parts(text)
        if len(part.encode()) > CONTENT_BYTES
    ]
    return problems
