"""The console REPL: act as anyone in the config, type commands, press buttons by number.

It calls the same handlers as Slack and WeCom, so what a manager tries here is what
the team will get. Every line gets an answer and bad input never shows a trace.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.console.sender import ConsoleSender, isatty
from bot.console.words import Words
from handlers.core import commands, inbox
from handlers.core.actions import run_action, run_submission
from handlers.core.context import Actor, Services
from handlers.core.messages import Form, FormInvalid
from handlers.roulette.team import unavailable

log = logging.getLogger(__name__)

QUIT = ("quit", "exit")


class Chat:
    """One console session: who is acting, and what each typed line does."""

    def __init__(
        self, svc: Services, sender: ConsoleSender, settle: Callable[[], None] = lambda: None
    ):
        self.svc = svc
        self.sender = sender
        # Delivers what a line caused before the next prompt, so scripts read in order.
        self.settle = settle
        self.words = Words(svc.config.locale)
        self.me = svc.config.teams[0].managers[0].name
        # How to read one more line, for forms; set by run() (tests may set their own).
        self.read: Callable[[str], str | None] | None = None

    @property
    def prompt(self) -> str:
        return f"{self.me.lower()}> "

    def intro(self) -> str:
        return self.words("acting", name=self.me, roles=self._people()[self.me.casefold()][1])

    def run(self, stdin: TextIO) -> None:
        """Read and answer lines until quit, EOF or Ctrl-C."""
        self.sender.say(self.intro())
        read = self.read = _reader(stdin, self.sender)
        try:
            while (line := read(self.prompt)) is not None:
                if not self.handle(line):
                    return
        except KeyboardInterrupt:
            pass
        self.sender.say("\n" + self.words("bye"))

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        with self.sender.holding():
            try:
                keep = self._dispatch(line.strip())
            except Exception as exc:  # a bug must not end the session or show a trace
                log.debug("console line %r failed", line, exc_info=True)
                self.sender.say(self.words("failed", error=type(exc).__name__))
                keep = True
            try:
                self.settle()
            except Exception:
                log.debug("delivering after a console line failed", exc_info=True)
        return keep

    def _dispatch(self, text: str) -> bool:
        if not text:
            return True
        word, rest = (text.split(maxsplit=1) + [""])[:2]
        key = word.lstrip("/").lower()
        if key in QUIT:
            self.sender.say(self.words("bye"))
            return False
        if key == "help":
            self._help()
        elif key == "who":
            self._who()
        elif key == "as":
            self._act_as(rest.strip())
        elif key == "press":
            self._press(rest.strip())
        elif key == "upload":
            self._upload(rest.strip())
        elif _button_number(word) is not None:
            self._press(word)
        else:
            self._command(key, rest.strip())
        return True

    def _actor(self) -> Actor:
        return self.svc.actor("console", self.me)

    def _people(self) -> dict[str, tuple[str, str]]:
        """Everyone in config by folded name: (name as written, their roles in words)."""
        roles: dict[str, tuple[str, list[str]]] = {}
        for team in self.svc.config.teams:
            for kind, people in (("manager", team.managers), ("rep", team.reps)):
                for person in people:
                    entry = roles.setdefault(person.name.casefold(), (person.name, []))
                    entry[1].append(self.words(f"role.{kind}", team=team.name))
        return {key: (name, ", ".join(r)) for key, (name, r) in roles.items()}

    def _people_list(self) -> str:
        return ", ".join(name for name, _ in self._people().values())

    def _act_as(self, name: str) -> None:
        name = name.removeprefix("@").strip()
        if not name:
            self.sender.say(self.words("as_usage", people=self._people_list()))
            return
        found = self._people().get(name.casefold())
        if found is None:
            self.sender.say(
                self.words("no_such_person", name=name[:80], people=self._people_list())
            )
            return
        self.me = found[0]
        self.sender.say(self.words("now_acting", name=found[0], roles=found[1]))

    def _who(self) -> None:
        states = {
            name.casefold(): self.words(f"state.{state}")
            for name, state in unavailable(self.svc).items()
        }
        lines = []
        for key, (name, roles) in self._people().items():
            line = f"  {name}: {roles}"
            if key in states:
                line += f" ({states[key]})"
            if key == self.me.casefold():
                line += f"  ← {self.words('you')}"
            lines.append(line)
        self.sender.say("\n".join(lines))

    def _help(self) -> None:
        usages = [commands.usage(self.svc, name).text for name in self.svc.registry.commands]
        body = "\n".join(f"  {line}" for u in usages for line in u.splitlines())
        self.sender.say(self.words("help") + "\n" + body)

    def _press(self, arg: str) -> None:
        n = _button_number(arg)
        slot = self.sender.button(n) if n is not None else None
        if n is None:
            self.sender.say(self.words("press_usage"))
        elif slot is None:
            self.sender.say(self.words("no_button", n=n))
        elif not slot.live:
            self.sender.say(self.words("retired", card=slot.card, n=n))
        else:
            self.sender.say(
                self.words("pressed", name=self.me, n=n, label=slot.label, card=slot.card)
            )
            reply = run_action(self.svc, self._actor(), slot.action, slot.value)
            if isinstance(reply, Form):
                self._fill(reply)
            elif reply is not None:
                self.sender.say(f"{self.words('only_sees', name=self.me)} {reply.text}")
                theirs = slot.recipient and not slot.recipient.startswith("#")
                if theirs and slot.recipient.casefold() != self.me.casefold():
                    self.sender.say(self.words("hint_as", name=slot.recipient))

    def _upload(self, arg: str) -> None:
        """Share a local file as if it were shared in a DM with the bot (a call recording)."""
        word, _, text = arg.partition(" ")
        if not word:
            self.sender.say(self.words("upload_usage"))
            return
        path = Path(word).expanduser()
        if not path.is_file():
            self.sender.say(self.words("no_file", path=word[:200]))
            return
        path, stat = path.resolve(), path.stat()
        shared = inbox.SharedFile(
            file_id=f"{path}:{stat.st_size}:{stat.st_mtime_ns}",
            name=path.name,
            link=path.as_uri(),
        )
        for reply in inbox.files_shared(self.svc, self._actor(), text, [shared]):
            self.sender.show(reply, to=self.me)

    def _command(self, name: str, rest: str) -> None:
        for message in commands.run_command(self.svc, self._actor(), name, rest):
            if isinstance(message, Form):
                self._fill(message)
            else:
                self.sender.show(message, to=self.me)
        if not commands.known_command(self.svc, name):
            self.sender.say(self.words("unknown_word"))

    def _fill(self, form: Form) -> None:
        """Ask a form's questions one line at a time, then hand the answers in."""
        if self.read is None:
            self.sender.say(self.words("form_cannot_ask"))
            return
        self.sender.say("\n".join(x for x in (f"── {form.title} ──", form.text) if x))
        answers: dict[str, str] = {}
        for field in form.inputs:
            hint = f" [{' / '.join(field.choices)}]" if field.choices else ""
            optional = f" ({self.words('optional')})" if not field.required else ""
            line = self.read(f"{field.label}{optional}{hint}: ")
            if line is None:
                self.sender.say(self.words("form_cancelled"))
                return
            answers[field.name] = line.strip()
        try:
            reply = run_submission(self.svc, self._actor(), form.action, form.value, answers)
        except FormInvalid as exc:
            self.sender.say("\n".join(exc.errors.values()))
            return
        if reply is not None:
            self.sender.show(reply, to=self.me)


def _button_number(word: str) -> int | None:
    """`3`, `[3]` or `#3` is button 3; anything else is not a button."""
    word = word.strip().strip("[]").removeprefix("#")
    if not word.isascii() or not word.isdigit() or len(word) > 9:
        return None
    return int(word)


def _reader(stdin: TextIO, sender: ConsoleSender) -> Callable[[str], str | None]:
    """How to read a line: with line editing at a terminal, else plainly and echoed,
    so a piped script's transcript shows what was typed."""
    if stdin is sys.stdin and sender.out is sys.stdout and isatty(stdin) and isatty(sender.out):
        try:
            import readline  # gives input() line editing and history

            sender.typed = readline.get_line_buffer
        except ImportError:
            pass

        def interactive(prompt: str) -> str | None:
            with sender.asking(prompt, write=False):
                try:
                    return input(prompt)
                except EOFError:
                    return None

        return interactive

    echo = not isatty(stdin)

    def plain(prompt: str) -> str | None:
        with sender.asking(prompt):
            line = stdin.readline()
        if not line:
            return None
        if echo:
            sender.say(line.rstrip("\r\n"))
        return line

    return plain
