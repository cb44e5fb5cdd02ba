"""Neutral messages as WeCom app messages: template cards, markdown and text."""

from __future__ import annotations

from typing import Any

from salesbot.handlers.messages import Button, Card, Text

# WeCom's own limits: 6 fields and 6 buttons a card, 2048 bytes of text a message.
_MAX_ITEMS = 6
_STYLE = {"primary": 1, "danger": 2, None: 3}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip_bytes(text: str, limit: int = 2040) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore") + "…"


def button_key(button: Button) -> str:
    """What WeCom hands back as EventKey when the button is clicked."""
    return f"{button.action}:{button.value}"


def parse_key(key: str) -> tuple[str, str]:
    action, _, value = key.partition(":")
    return action, value


def template_card(card: Card, task_id: str, buttons: list[dict[str, Any]] | None = None) -> dict:
    """A button_interaction card. `buttons` keeps the old buttons on an update that
    retires them (WeCom wants the list even when `replace_text` disables it)."""
    body: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": _clip(card.title, 36)},
        "task_id": task_id,
        "button_list": buttons if buttons is not None else button_list(card),
    }
    if card.footer:
        body["main_title"]["desc"] = _clip(card.footer, 44)
    # Six fields fit side by side; any more are listed under the title instead.
    overflow = [f"{f.label}: {f.value}" for f in card.fields[_MAX_ITEMS:]]
    sub_title = "\n".join(x for x in (card.text, *overflow) if x)
    if sub_title:
        body["sub_title_text"] = _clip(sub_title, 300)
    if card.fields:
        body["horizontal_content_list"] = [
            {"keyname": _clip(f.label, 10), "value": _clip(f.value, 30)}
            for f in card.fields[:_MAX_ITEMS]
        ]
    return body


def button_list(card: Card) -> list[dict[str, Any]]:
    return [
        {"text": _clip(b.label, 10), "style": _STYLE[b.style], "key": button_key(b)}
        for b in card.buttons[:_MAX_ITEMS]
    ]


def status_word(card: Card) -> str:
    """What a settled card shows where its buttons were."""
    return _clip(card.status or card.title, 10)


def markdown(message: Card | Text) -> str:
    """For group chats and for cards without buttons: WeCom markdown."""
    if isinstance(message, Text):
        return _clip_bytes(message.text)
    lines = [f"**{message.title}**"]
    lines += [f"> {f.label}: {f.value}" for f in message.fields]
    if message.text:
        lines.append(message.text)
    if message.footer:
        lines.append(f'<font color="comment">{message.footer}</font>')
    return _clip_bytes("\n".join(lines))


def plain(message: Card | Text) -> str:
    return _clip_bytes(message.plain())
