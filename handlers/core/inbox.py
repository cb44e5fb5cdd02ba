"""What people send the bot in a chat, routed once for every platform: typed text (a
Slack DM, a message to the WeCom app) and files shared with it.

Typed text is, in this order: the answer to the question a waiting form asked, a
command, whatever a feature takes typed text for (an open quiz question's answer), or
else a question the bot answers with the list of commands.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from handlers.core import chat_forms
from handlers.core.commands import help_text, known_command, run_command
from handlers.core.context import Actor, Services
from handlers.core.messages import Card, Form, Text
from handlers.core.parse import has_control_characters

_AUDIO_VIDEO = ("audio/", "video/")


@dataclass(frozen=True)
class SharedFile:
    """A file someone shared with the bot, as the chat platform describes it; its content
    is fetched afterwards through the platform's `downloads.Download`."""

    file_id: str
    name: str
    link: str
    mimetype: str = ""
    # bytes, when the platform says
    size: int | None = None

    @property
    def declared_type(self) -> str:
        """The type the platform gives, else the one its name suggests."""
        return self.mimetype or mimetypes.guess_type(self.name)[0] or ""

    @property
    def is_recording(self) -> bool:
        return self.declared_type.startswith(_AUDIO_VIDEO)


def typed(svc: Services, actor: Actor, text: str) -> list[Card | Text]:
    """Answer a message typed in a chat. A form a command asks for is put one question
    per message (a chat message cannot open a modal)."""
    if has_control_characters(text):
        return [Text(text=svc.t("input.control_chars"))]
    if chat_forms.waiting(svc, actor.platform, actor.user_id):
        answer = chat_forms.answer(svc, actor, text)
        return [] if answer is None else [answer]
    name, _, rest = text.strip().partition(" ")
    if known_command(svc, name):
        return [
            chat_forms.start(svc, actor.platform, actor.user_id, r) if isinstance(r, Form) else r
            for r in run_command(svc, actor, name, rest)
        ]
    if actor.known and text.strip():
        for hook in svc.registry.typed_hooks():
            answer = hook(svc, actor, text)
            if answer is not None:
                return [answer]
    return [help_text(svc)]


def files_shared(svc: Services, actor: Actor, text: str, files: list[SharedFile]) -> list[Text]:
    """Files shared in a direct message, with the words sent along (an account's name)."""
    described = [text, *(part for f in files for part in (f.file_id, f.name, f.link))]
    if any(has_control_characters(part) for part in described):
        return [Text(text=svc.t("input.control_chars"))]
    replies: list[Text] = []
    for hook in svc.registry.file_hooks():
        replies += hook(svc, actor, text, files)
    return replies
