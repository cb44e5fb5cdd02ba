"""The console as a chat platform: deliveries are printed, buttons become numbers.

Deliveries arrive on the delivery threads while someone types, so every write goes
through one lock, and output that arrives while the prompt waits reprints the prompt.
Button numbers are unique for the whole session, so a number typed later can only
mean one button; when a card is updated its old numbers are retired, as Slack
replaces a message's buttons.
"""

from __future__ import annotations

import itertools
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from bot.console.words import Words
from bot.delivery import DeliveryError, SentRef
from handlers.core.messages import Card, Image, Text

RULE = "──"


@dataclass
class Slot:
    """One numbered button: what pressing it runs, and on which card it sits."""

    number: int
    card: int
    label: str
    action: str
    value: str
    # the person's name for a DM, "#channel" for a channel post
    recipient: str
    live: bool = True


@dataclass
class _Shown:
    """A card as printed: where it went and the numbers of its current buttons."""

    heading: str
    recipient: str
    buttons: list[int] = field(default_factory=list)


def body(message: Card | Text, numbers: list[int]) -> list[str]:
    """The message's lines, indented under its heading; buttons as `[3] Claim   [4] Pass`."""
    if isinstance(message, Text):
        lines = message.text.splitlines() or [""]
    else:
        lines = message.lines()
        if message.buttons:
            pairs = zip(numbers, message.buttons, strict=True)
            lines.append("   ".join(f"[{n}] {b.label}" for n, b in pairs))
    return [f"  {line}" for line in lines]


class ConsoleSender:
    """Implements the delivery `Sender` protocol by printing to a text stream."""

    platform = "console"

    def __init__(self, out: TextIO, locale: str = "en", files_dir: Path | None = None):
        self.out = out
        self.words = Words(locale)
        # Pictures (a digest's chart) are saved here and their path printed.
        self.files_dir = files_dir or Path(tempfile.gettempdir())
        self._image_numbers = itertools.count(1)
        # Refs survive restarts in the database; this tells ours from an earlier run's.
        self.session = uuid.uuid4().hex[:12]
        # The prompt the user sits at, None while a line is handled; `typed` gives what
        # they have typed so far, so output arriving meanwhile can redraw both.
        self.prompt: str | None = None
        self.typed: Callable[[], str] = str
        self._tty = isatty(out)
        self._lock = threading.RLock()
        self._cards: dict[int, _Shown] = {}
        self._slots: dict[int, Slot] = {}
        self._card_numbers = itertools.count(1)
        self._button_numbers = itertools.count(1)
        self._text_numbers = itertools.count(1)
        self._held = 0
        self._waiting: list[str] = []

    # -- the Sender protocol ----------------------------------------------------------

    def send(self, kind: str, address: str, message: Card | Text | Image) -> SentRef:
        recipient = address if kind == "user" else f"#{address}"
        heading = self.words("dm", name=address) if kind == "user" else recipient
        with self._lock:
            if isinstance(message, Image):
                path = self._save(message)
                lines = [f"  {message.title}", f"  {self.words('image_saved', path=path)}"]
                self._emit([f"{RULE} {heading} {RULE}", *lines])
                return SentRef(channel=recipient, ts=path.name)
            if isinstance(message, Text):
                self._emit([f"{RULE} {heading} {RULE}", *body(message, [])])
                return SentRef(channel=recipient, ts=f"text-{next(self._text_numbers)}")
            n, numbers = self._new_card(heading, recipient, message)
            self._emit(
                [f"{RULE} {heading} {RULE}  {self.words('card', n=n)}", *body(message, numbers)]
            )
            return self._ref(recipient, n)

    def update(self, ref: SentRef, message: Card | Text) -> SentRef:
        with self._lock:
            n = self._our_card(ref)
            if n is None:  # sent by an earlier run: show it afresh with working buttons
                heading = (
                    ref.channel
                    if ref.channel.startswith("#")
                    else self.words("dm", name=ref.channel)
                )
                n, numbers = self._new_card(heading, ref.channel, message)
                note = self.words("old_updated")
                lines = [f"{RULE} {heading} {RULE}  {self.words('card', n=n)} {note}"]
                self._emit([*lines, *body(message, numbers)])
                return self._ref(ref.channel, n)
            shown = self._cards[n]
            for number in shown.buttons:
                self._slots[number].live = False
            shown.buttons = self._number_buttons(n, shown.recipient, message)
            lines = [f"{RULE} {shown.heading} {RULE}  {self.words('updated', n=n)}"]
            self._emit([*lines, *body(message, shown.buttons)])
            return ref

    # -- what the chat needs -----------------------------------------------------------

    def button(self, number: int) -> Slot | None:
        """A copy of button `number` as it is now, or None if it was never shown."""
        with self._lock:
            slot = self._slots.get(number)
            return None if slot is None else replace(slot)

    def show(self, message: Card | Text, to: str) -> None:
        """Print a command's reply to the person typing; a card's buttons get numbers too."""
        with self._lock:
            if isinstance(message, Text):
                self._write(message.text.rstrip("\n") + "\n")
                return
            n, numbers = self._new_card("", to, message)
            lines = [f"{RULE} {self.words('card', n=n)} {RULE}", *body(message, numbers)]
            self._write("\n".join(lines) + "\n")

    @contextmanager
    def asking(self, prompt: str, *, write: bool = True) -> Iterator[None]:
        """While the user sits at `prompt`, output that arrives redraws it afterwards."""
        with self._lock:
            if write:
                self._write(prompt)
            self.prompt = prompt
        try:
            yield
        finally:
            with self._lock:
                self.prompt = None

    def say(self, text: str) -> None:
        """Print the console's own answer at once, even while deliveries are held."""
        with self._lock:
            self._write(text.rstrip("\n") + "\n")

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Keep deliveries back while a line is handled, so its answer prints first."""
        with self._lock:
            self._held += 1
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1
                if not self._held and self._waiting:
                    waiting, self._waiting = self._waiting, []
                    self._write("".join(waiting))

    # -- inside ----------------------------------------------------------------------

    def _save(self, image: Image) -> Path:
        """Write the picture under a name no other picture of any session has."""
        path = self.files_dir / f"{self.session}-{next(self._image_numbers)}-{image.filename}"
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path.write_bytes(image.content)
        except OSError as exc:
            raise DeliveryError(f"could not save the picture: {exc}") from exc
        return path

    def _ref(self, recipient: str, n: int) -> SentRef:
        return SentRef(channel=recipient, ts=str(n), extra={"console": self.session})

    def _our_card(self, ref: SentRef) -> int | None:
        if (ref.extra or {}).get("console") != self.session or not ref.ts.isdigit():
            return None
        n = int(ref.ts)
        return n if n in self._cards else None

    def _new_card(self, heading: str, recipient: str, card: Card | Text) -> tuple[int, list[int]]:
        n = next(self._card_numbers)
        numbers = self._number_buttons(n, recipient, card)
        self._cards[n] = _Shown(heading, recipient, numbers)
        return n, numbers

    def _number_buttons(self, n: int, recipient: str, message: Card | Text) -> list[int]:
        numbers = []
        for b in message.buttons if isinstance(message, Card) else ():
            number = next(self._button_numbers)
            self._slots[number] = Slot(number, n, b.label, b.action, b.value, recipient)
            numbers.append(number)
        return numbers

    def _emit(self, lines: list[str]) -> None:
        block = "\n" + "\n".join(lines) + "\n"
        if self._held:
            self._waiting.append(block)
        else:
            self._write(block)

    def _write(self, text: str) -> None:
        if self.prompt is not None:  # the user sits at the prompt: step past it, then redraw
            lead = "\r\x1b[K" if self._tty else "\n"
            text = lead + text + self.prompt + self.typed()
        try:
            self.out.write(text)
            self.out.flush()
        except (OSError, ValueError) as exc:  # closed or broken output stream
            raise DeliveryError(f"console output failed: {exc}") from exc


def isatty(stream: TextIO) -> bool:
    """Whether the stream is a terminal; StringIO and closed streams are not."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
