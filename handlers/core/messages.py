"""The neutral message model: handlers speak in these, each adapter renders them.

A `Card` is what Slack shows as Block Kit, WeCom as a button_interaction template card
and the console as text with numbered buttons. Messages are plain data so they can
wait in the outbox as JSON and survive a restart.
"""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# A button's value and a form's value come back from the platform as they were sent, so
# they are kept short enough for every platform never to cut them (WeCom's button key is
# 1,024 bytes, Slack's metadata 3,000 characters); longer text is the adapters' to clip.
MAX_VALUE = 100


class Button(_Data):
    label: str
    action: str = Field(pattern=r"^[a-z_]{1,40}$")
    value: str = Field(max_length=MAX_VALUE)
    style: Literal["primary", "danger"] | None = None


class CardField(_Data):
    label: str
    value: str


# WeCom's template cards take six buttons; every platform gets the same cards.
MAX_BUTTONS = 6


class Card(_Data):
    kind: Literal["card"] = "card"
    title: str
    fields: tuple[CardField, ...] = ()
    text: str = ""
    buttons: tuple[Button, ...] = Field(default=(), max_length=MAX_BUTTONS)
    footer: str = ""
    # A word or two for where the buttons were once a card is settled ("Claimed").
    status: str = ""

    @model_validator(mode="after")
    def _distinct_buttons(self) -> Card:
        """A click names its button by action and value: two alike could not be told apart."""
        keys = [(b.action, b.value) for b in self.buttons]
        if len(set(keys)) != len(keys):
            raise ValueError("two buttons of a card have the same action and value")
        return self

    def lines(self) -> list[str]:
        """The card as lines of text, buttons aside: title, fields, text, footer."""
        lines = [self.title]
        lines += [f"{f.label}: {f.value}" for f in self.fields]
        lines += self.text.splitlines()
        lines += self.footer.splitlines()
        return lines

    def plain(self) -> str:
        """The card as one block of text: notification previews, logs, fallbacks."""
        return "\n".join(self.lines())


class Text(_Data):
    kind: Literal["text"] = "text"
    text: str

    def plain(self) -> str:
        return self.text


class Image(_Data):
    """A picture posted as a file, such as a digest's chart.

    The PNG travels as base64 so the message can wait in the outbox as JSON.
    """

    kind: Literal["image"] = "image"
    title: str
    filename: str
    data: str

    @classmethod
    def png(cls, title: str, filename: str, content: bytes) -> Image:
        return cls(title=title, filename=filename, data=base64.b64encode(content).decode())

    @property
    def content(self) -> bytes:
        return base64.b64decode(self.data)

    def plain(self) -> str:
        return self.title


class Input(_Data):
    """One field of a form: free text (one line or several) or a choice from a list."""

    name: str
    label: str
    multiline: bool = False
    required: bool = True
    initial: str = ""
    max_length: int = 3000
    choices: tuple[str, ...] = ()


class Form(_Data):
    """Questions put to one user, answered all at once: a Slack modal, console prompts.

    On submit the answers go to the handler registered for `action` in
    `handlers.actions.SUBMISSIONS`, with `value` handed back unchanged.
    """

    kind: Literal["form"] = "form"
    title: str
    inputs: tuple[Input, ...]
    submit: str
    action: str = Field(pattern=r"^[a-z_]{1,40}$")
    value: str = Field(default="", max_length=MAX_VALUE)
    text: str = ""


class FormInvalid(Exception):
    """Answers that cannot be accepted: input name -> what is wrong. Nothing was changed."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


Message = Annotated[Card | Text | Image, Field(discriminator="kind")]
_MESSAGE = TypeAdapter(Message)


def load_message(data: dict) -> Card | Text | Image:
    return _MESSAGE.validate_python(data)
