"""Neutral messages as Block Kit."""

from __future__ import annotations

from typing import Any

from handlers.core.messages import Card, Form, Image, Text

# Block Kit limits: section text 3000, field 2000, button text 75, value 2000, 10 fields.
_TEXT_MAX = 3000


def action_id(action: str, index: int) -> str:
    """A button's action id: Slack wants each one unique within its block, so the card's
    action (one per kind of button: a quiz card has one `quiz_choose` per choice) gets the
    button's place on the card."""
    return f"{action}:{index}"


def action_of(action_id: str) -> str:
    """The handler's action from a clicked button's action id (see `action_id`)."""
    return action_id.split(":", 1)[0]


def _mrkdwn_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def blocks(message: Card | Text | Image) -> list[dict[str, Any]]:
    if isinstance(message, Text):
        return _sections(message.text)
    if isinstance(message, Image):  # uploaded as a file by the sender; this is its caption
        return [_section(message.title)]
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
        out += _sections(message.text)
    if message.buttons:
        out.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _clip(b.label, 75)},
                        "action_id": action_id(b.action, i),
                        "value": b.value,
                        **({"style": b.style} if b.style else {}),
                    }
                    for i, b in enumerate(message.buttons)
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


def _sections(text: str) -> list[dict[str, Any]]:
    """Long text (a digest, a timeline) as several sections, split between lines."""
    chunks: list[str] = []
    for line in text.split("\n"):
        if chunks and len(_mrkdwn_escape(chunks[-1] + "\n" + line)) <= _TEXT_MAX:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [_section(chunk) for chunk in chunks]


def fallback(message: Card | Text | Image) -> str:
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


def modal(form: Form) -> dict[str, Any]:
    """A form as a modal; the callback id names the form's action, metadata its value."""
    view_blocks: list[dict[str, Any]] = []
    if form.text:
        view_blocks.append(_section(form.text))
    for field in form.inputs:
        if field.choices:
            element: dict[str, Any] = {
                "type": "static_select",
                "action_id": "value",
                "options": [
                    {"text": {"type": "plain_text", "text": _clip(c, 75)}, "value": c[:150]}
                    for c in field.choices[:100]
                ],
            }
        else:
            element = {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": field.multiline,
                "max_length": field.max_length,
                **({"initial_value": field.initial} if field.initial else {}),
            }
        view_blocks.append(
            {
                "type": "input",
                "block_id": field.name,
                "optional": not field.required,
                "label": {"type": "plain_text", "text": _clip(field.label, 2000)},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": f"form:{form.action}",
        "private_metadata": form.value,
        "title": {"type": "plain_text", "text": _clip(form.title, 24)},
        "submit": {"type": "plain_text", "text": _clip(form.submit, 24)},
        "blocks": view_blocks,
    }


def answers(view: dict[str, Any]) -> dict[str, str]:
    """What the user typed or picked in a submitted modal, by input name."""
    out: dict[str, str] = {}
    for block_id, actions in (view.get("state", {}).get("values") or {}).items():
        element = actions.get("value") or {}
        selected = element.get("selected_option") or {}
        out[block_id] = str(element.get("value") or selected.get("value") or "")
    return out
