"""Neutral messages as Block Kit, always within what Slack accepts.

Slack refuses a whole message (`invalid_blocks`) for one text too long or one block too
many, so every text is fitted here: sections 3,000 characters, fields 2,000, headers 150,
buttons 75, modal titles 24, the notification text 4,000 bytes, 50 blocks a message.
Identifiers (button values, a form's metadata) are never cut: the message model keeps
them short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.core.messages import Card, Form, Image, Text
from handlers.core.text import ELLIPSIS, clip, clip_bytes, split
from handlers.home.chart import Chart
from handlers.home.page import Page

SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
MODAL_TITLE = 24
OPTION_TEXT, OPTION_VALUE, OPTIONS = 75, 150, 100
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
FALLBACK_BYTES = 4000


def action_id(action: str, index: int) -> str:
    """A button's action id: Slack wants each one unique within its block, so the card's
    action (one per kind of button: a quiz card has one `quiz_choose` per choice) gets the
    button's place on the card."""
    return f"{action}:{index}"


def action_of(action_id: str) -> str:
    """The handler's action from a clicked button's action id (see `action_id`)."""
    return action_id.split(":", 1)[0]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn(text: str, limit: int) -> dict[str, str]:
    """Text as mrkdwn, escaped, of at most `limit` characters once escaped."""
    escaped = _escape(text)
    keep = limit
    while len(escaped) > limit:
        keep -= len(escaped) - limit
        escaped = _escape(clip(text, keep))
    return {"type": "mrkdwn", "text": escaped}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or " "}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text or " ", SECTION_TEXT)}


def _sections(text: str) -> list[dict[str, Any]]:
    """Long text (a digest, a timeline) as several sections, split between lines. Escaping
    makes a section longer, so each piece leaves room for it."""
    return [_section(piece) for piece in split(text, SECTION_TEXT, lambda p: len(_escape(p)))]


def _cap(
    out: list[dict[str, Any]], keep_last: int = 0, limit: int = MESSAGE_BLOCKS
) -> list[dict[str, Any]]:
    """At most `limit` blocks (a message's 50, a view's 100): the end (buttons, footer)
    stays, the middle is cut."""
    if len(out) <= limit:
        return out
    tail = out[len(out) - keep_last :] if keep_last else []
    head = out[: limit - keep_last - 1]
    return [*head, _section(ELLIPSIS), *tail]


def blocks(message: Card | Text | Image) -> list[dict[str, Any]]:
    if isinstance(message, Text):
        return _cap(_sections(message.text))
    if isinstance(message, Image):  # uploaded as a file by the sender; this is its caption
        return [_section(message.title)]
    out: list[dict[str, Any]] = [{"type": "header", "text": _plain(message.title, HEADER_TEXT)}]
    fields = [_mrkdwn(f"*{f.label}*\n{f.value}", FIELD_TEXT) for f in message.fields]
    for start in range(0, len(fields), 10):
        out.append({"type": "section", "fields": fields[start : start + 10]})
    if message.text:
        out += _sections(message.text)
    end: list[dict[str, Any]] = []
    if message.buttons:
        buttons = [
            {
                "type": "button",
                "text": _plain(b.label, BUTTON_TEXT),
                "action_id": action_id(b.action, i),
                "value": b.value,
                **({"style": b.style} if b.style else {}),
            }
            for i, b in enumerate(message.buttons)
        ]
        end.append({"type": "actions", "elements": buttons})
    if message.footer:
        end.append({"type": "context", "elements": [_mrkdwn(message.footer, SECTION_TEXT)]})
    return _cap(out + end, keep_last=len(end))


def fallback(message: Card | Text | Image) -> str:
    """The notification text Slack shows where blocks cannot be (4,000 bytes at most)."""
    return clip_bytes(message.plain(), FALLBACK_BYTES)


def reply_payload(messages: list[Card | Text]) -> dict[str, Any]:
    """Several messages as one response (slash command answers are a single message)."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if out:
            out.append({"type": "divider"})
        out += blocks(message)
    text = clip_bytes("\n\n".join(m.plain() for m in messages), FALLBACK_BYTES)
    return {"text": text, "blocks": _cap(out)}


def modal(form: Form) -> dict[str, Any]:
    """A form as a modal; the callback id names the form's action, metadata its value."""
    view_blocks: list[dict[str, Any]] = []
    if form.text:
        view_blocks += _sections(form.text)
    for field in form.inputs:
        if field.choices:
            element: dict[str, Any] = {
                "type": "static_select",
                "action_id": "value",
                "options": [
                    {"text": _plain(c, OPTION_TEXT), "value": c[:OPTION_VALUE]}
                    for c in field.choices[:OPTIONS]
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
                "label": _plain(field.label, 2000),
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": f"form:{form.action}",
        "private_metadata": form.value,
        "title": _plain(form.title, MODAL_TITLE),
        "submit": _plain(form.submit, MODAL_TITLE),
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


def home_view(page: Page, pictures: Mapping[str, str]) -> dict[str, Any]:
    """A person's page as a Home tab view: each card as it would be a message, a divider
    between them, a chart as its picture when `pictures` knows its Slack file (card key ->
    file id), else its words. At most 100 blocks: the end of a page too long is cut."""
    out: list[dict[str, Any]] = []
    for item in page.items:
        if out:
            out.append({"type": "divider"})
        if isinstance(item, Chart):
            file_id = pictures.get(item.card_key)
            if file_id is None:
                out += _sections(f"{item.title}\n{item.text}")
                continue
            out.append(
                {
                    "type": "image",
                    "slack_file": {"id": file_id},
                    "alt_text": clip(item.text, 2000),
                    "title": _plain(item.title, 2000),
                }
            )
            continue
        out += blocks(item)
    return {"type": "home", "blocks": _cap(out, limit=VIEW_BLOCKS)}
