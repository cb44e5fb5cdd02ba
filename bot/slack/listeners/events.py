"""Direct messages to the bot: the same words as the slash commands ("lead list"), and
call recordings shared as files."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, Say

from bot.slack import render
from bot.slack.listeners import actor, after_answer
from handlers.core import chat_forms
from handlers.core.commands import run_typed
from handlers.core.context import Services
from handlers.core.messages import Card, Form, Text
from handlers.pipeline import notes


def shared_files(event: dict[str, Any]) -> list[notes.SharedFile]:
    """The files of a `file_share` message, as the handlers describe them."""
    return [
        notes.SharedFile(
            file_id=str(f["id"]),
            name=str(f.get("name") or f.get("title") or ""),
            link=str(f.get("permalink") or f.get("url_private") or ""),
            mimetype=str(f.get("mimetype") or ""),
        )
        for f in event.get("files") or []
        if isinstance(f, dict) and f.get("id")
    ]


def register(app: App, svc: Services, background: Executor) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], say: Say) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return

        def answer(replies: list[Card | Text]) -> None:
            payload = render.reply_payload(replies)
            after_answer(background, f"answer {event.get('user')}", lambda: say(**payload))

        if event.get("subtype") == "file_share":
            who = actor(svc, event.get("user", ""))
            text = (event.get("text") or "").strip()
            replies = notes.recording_shared(svc, who, "slack", text, shared_files(event))
            if replies:
                answer(list(replies))
            return
        if event.get("subtype"):
            return
        text = (event.get("text") or "").strip()
        who = actor(svc, event.get("user", ""))
        if chat_forms.waiting(svc, "slack", who.user_id):  # the answer to a form's question
            reply = chat_forms.answer(svc, who, text)
            if reply is not None:
                answer([reply])
            return
        replies = run_typed(svc, who, text)
        # A typed message cannot open a modal: the form is asked one message at a time.
        answer(
            [
                chat_forms.start(svc, "slack", who.user_id, r) if isinstance(r, Form) else r
                for r in replies
            ]
        )
