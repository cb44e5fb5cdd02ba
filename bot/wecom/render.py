"""Neutral messages as WeCom app messages: template cards, markdown and text."""

from __future__ import annotations

from typing import Any

from handlers.core.messages import Button, Card, Text
from handlers.core.text import clip, split, utf8_len

# WeCom's own limits: 6 fields and 6 buttons a card, 2048 bytes of text a message.
_MAX_ITEMS = 6
# What a template card shows of each part on a phone (WeCom's guidance; longer is cut).
_TITLE, _DESC, _KEY, _VALUE, _TEXT, _BUTTON = 36, 44, 10, 30, 300, 10
_MESSAGE_BYTES = 2040  # a text or markdown message holds 2048 bytes
_STYLE = {"primary": 1, "danger": 2, None: 3}


def parts(text: str, limit: int = _MESSAGE_BYTES) -> list[str]:
    """Text as WeCom messages: WeCom refuses anything over 2,048 bytes, so a long text (a
    digest, a timeline) goes as several, split between lines."""
    return [p for p in split(text, limit, utf8_len) if p.strip()] or [text]


def button_key(button: Button) -> str:
    """What WeCom hands back as EventKey when the button is clicked."""
    return f"{button.action}:{button.value}"


def parse_key(key: str) -> tuple[str, str]:
    action, _, value = key.partition(":")
    return action, value


def _side_by_side(card: Card) -> list[int]:
    """The fields short enough to sit side by side in full (at most six)."""
    short = [
        i for i, f in enumerate(card.fields) if len(f.label) <= _KEY and len(f.value) <= _VALUE
    ]
    return short[:_MAX_ITEMS]


def _sub_title(card: Card, shown: list[int]) -> str:
    """The card's text, plus in full whatever the title, fields or footer would cut."""
    lines = [card.title] if len(card.title) > _TITLE else []
    lines += [f"{f.label}: {f.value}" for i, f in enumerate(card.fields) if i not in shown]
    lines.append(card.text)
    if len(card.footer) > _DESC:
        lines.append(card.footer)
    return "\n".join(line for line in lines if line)


def cut(card: Card) -> bool:
    """True when a template card cannot show all of this card: it is sent in full first."""
    return len(_sub_title(card, _side_by_side(card))) > _TEXT


def template_card(card: Card, task_id: str, buttons: list[dict[str, Any]] | None = None) -> dict:
    """A button_interaction card. `buttons` keeps the old buttons on an update that
    retires them (WeCom wants the list even when `replace_text` disables it).

    Nothing is lost to WeCom's short title and fields: a long title, field or footer is
    also written out in full in the card's text."""
    body: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": clip(card.title, _TITLE)},
        "task_id": task_id,
        "button_list": buttons if buttons is not None else button_list(card),
    }
    if card.footer:
        body["main_title"]["desc"] = clip(card.footer, _DESC)
    shown = _side_by_side(card)
    sub_title = _sub_title(card, shown)
    if sub_title:
        body["sub_title_text"] = clip(sub_title, _TEXT)
    if shown:
        body["horizontal_content_list"] = [
            {"keyname": card.fields[i].label, "value": card.fields[i].value} for i in shown
        ]
    return body


def _button_texts(labels: list[str]) -> list[str]:
    """Labels cut to the ten characters WeCom suggests, never into twins: "Read: Doc 1"
    and "Read: Doc 2" keep their ends ("Read…Doc 1") when their starts look the same."""
    clipped = [clip(label, _BUTTON) for label in labels]
    head = (_BUTTON - 1) // 2
    return [
        label[:head] + "…" + label[head + 1 - _BUTTON :]
        if len(label) > _BUTTON and clipped.count(text) > 1
        else text
        for label, text in zip(labels, clipped, strict=True)
    ]


def button_list(card: Card) -> list[dict[str, Any]]:
    buttons = card.buttons[:_MAX_ITEMS]
    texts = _button_texts([b.label for b in buttons])
    return [
        {"text": text, "style": _STYLE[b.style], "key": button_key(b)}
        for b, text in zip(buttons, texts, strict=True)
    ]


def status_word(card: Card) -> str:
    """What a settled card shows where its buttons were."""
    return clip(card.status or card.title, 10)


def markdown(message: Card | Text) -> str:
    """For group chats and for cards without buttons: WeCom markdown (send it in `parts`)."""
    if isinstance(message, Text):
        return message.text
    lines = [f"**{message.title}**"]
    lines += [f"> {f.label}: {f.value}" for f in message.fields]
    if message.text:
        lines.append(message.text)
    if message.footer:
        lines.append(f'<font color="comment">{message.footer}</font>')
    return "\n".join(lines)
