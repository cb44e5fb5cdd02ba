"""Direct messages to the bot: the same words as the slash commands ("lead list"), answers
to a form asked one message at a time, and files shared (call recordings, contracts); and
the Home tab opened."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, Say

from bot.slack import render
from bot.slack.home import HomePages
from bot.slack.listeners import actor, after_answer
from bot.slack.text import plain
from handlers.core import inbox
from handlers.core.context import Services
from handlers.core.messages import Card, Text


def shared_files(event: dict[str, Any]) -> list[inbox.SharedFile]:
    """The files of a `file_share` message, as the handlers describe them."""
    return [
        inbox.SharedFile(
            file_id=str(f["id"]),
            name=str(f.get("name") or f.get("title") or ""),
            link=str(f.get("permalink") or f.get("url_private") or ""),
            mimetype=str(f.get("mimetype") or ""),
            size=f["size"] if isinstance(f.get("size"), int) else None,
        )
        for f in event.get("files") or []
        if isinstance(f, dict) and f.get("id")
    ]


def register(app: App, svc: Services, background: Executor, home: HomePages | None) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        """The Home tab shows the person's page (the Messages tab asks for nothing)."""
        if home is not None and event.get("tab") == "home":
            home.changed(str(event.get("user") or ""))

    @app.event("message")
    def on_message(event: dict[str, Any], say: Say) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        subtype = event.get("subtype")
        if subtype not in (None, "file_share"):
            return  # edits, joins and the like ask nothing of the bot
        who = actor(svc, str(event.get("user", "")))
        text = plain(str(event.get("text") or "")).strip()
        replies: list[Card | Text]
        if subtype == "file_share":
            replies = list(inbox.files_shared(svc, who, text, shared_files(event)))
        else:
            replies = inbox.typed(svc, who, text)
        if replies:
            payload = render.reply_payload(replies)
            after_answer(background, f"answer {who.user_id}", lambda: say(**payload))
