"""Neutral messages as Block Kit."""

from __future__ import annotations

from typing import Any

from salesbot.handlers.messages import Card, Text

# Block Kit limits: section text 3000, field 2000, button text 75, value 2000, 10 fields.
_TEXT_MAX = 3000


def _mrkdwn_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def blocks(message: Card | Text) -> list[dict[str, Any]]:
    if isinstance(message, Text):
        return [_section(message.text)]
    out: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(message.title, 150)}}
    ]
    fields = [
        {
            "type": "mrkdwn",
            "text": _clip(f"*{_mrkdwn_escape(f.label)}*\n{_mrkdwn_escape(f.value)}", 2000),
        }
        for f in message.fields
    ]
    for start in range(0, len(fields), 10):
        out.append({"type": "section", "fields": fields[start : start + 10]})
    if message.text:
        out.append(_section(message.text))
    if message.buttons:
        out.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _clip(b.label, 75)},
                        "action_id": b.action,
                        "value": b.value,
                        **({"style": b.style} if b.style else {}),
                    }
                    for b in message.buttons
                ],
            }
        )
    if message.footer:
        out.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _mrkdwn_escape(message.footer)}],
            }
        )
    return out


def _section(text: str) -> dict[str, Any]:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": _clip(_mrkdwn_escape(text), _TEXT_MAX)},
    }


def fallback(message: Card | Text) -> str:
    """The notification text Slack shows where blocks cannot be."""
    return _clip(message.plain(), 4000)


def reply_payload(messages: list[Card | Text]) -> dict[str, Any]:
    """Several messages as one response (slash command answers are a single message)."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if out:
            out.append({"type": "divider"})
        out += blocks(message)
    return {"text": _clip("\n\n".join(fallback(m) for m in messages), 4000), "blocks": out[:50]}
