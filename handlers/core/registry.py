"""What each feature adds to the bot, and all features together.

A feature lists, in one place (its package's `FEATURE`), its commands, button actions,
form submissions, strings, scheduled jobs, and the hooks it offers: a start-up sync with
config, a look at typed text that is no command, files shared with the bot. The registry
merges them; a key two features both claim is an error at start-up, never a silent
replacement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from handlers.core.commands import Command
    from handlers.core.context import Actor, Services
    from handlers.core.inbox import SharedFile
    from handlers.core.messages import Card, Form, Text
    from handlers.core.settings import Settings, TeamConfig

    # a click: (svc, who, the button's value) -> a note for the clicker, a form, or nothing
    Action = Callable[[Services, Actor, str], Text | Form | None]
    # a form's answers: (svc, who, the form's value, answers); raises FormInvalid
    Submission = Callable[[Services, Actor, str, dict[str, str]], Text | None]


class DuplicateError(ValueError):
    """Two features claim the same command, action, form, string or job."""


@dataclass(frozen=True)
class Every:
    """A job that ticks every `seconds`: it reads what is due from the database."""

    name: str
    seconds: float
    run: Callable[[Services], object]


@dataclass(frozen=True)
class Scheduled:
    """A job per team on a crontab line, in the team's time zone (a digest):
    `crontab(settings, team)` gives the team's line or None (off); `run(svc, team name)`
    fires it."""

    name: str
    crontab: Callable[[Settings, TeamConfig], str | None]
    run: Callable[[Services, str], object]


@dataclass(frozen=True)
class AtStart:
    """A job run once when the bot starts (a digest that downtime made the team miss)."""

    name: str
    run: Callable[[Services], object]


Job = Every | Scheduled | AtStart


@dataclass(frozen=True)
class Timed:
    """Cards whose clock starts when they reach someone (an offer's window): delivery calls
    `starting(svc, session, ids, now)` in the transaction that takes the cards' sends, for
    the cards as they are to be sent (ids are what follows "prefix:" in the card key), and
    `shown(svc, session, ids, now)` in the one that records that they landed."""

    prefix: str
    starting: Callable[[Services, Session, list[str], datetime], dict[str, Card]]
    shown: Callable[[Services, Session, list[str], datetime], None]


@dataclass(frozen=True)
class Feature:
    name: str
    # command -> subcommand -> Command; "" is the bare command, "*" takes any first word
    commands: Mapping[str, Mapping[str, Command]] = field(default_factory=dict)
    actions: Mapping[str, Action] = field(default_factory=dict)
    submissions: Mapping[str, Submission] = field(default_factory=dict)
    strings: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    jobs: Sequence[Job] = ()
    # at start-up, in feature order, in one transaction: make the tables match the config;
    # raises StartupError (one line per problem) if the config asks for what cannot be
    sync: Callable[[Services, Session], None] | None = None
    # typed text that is no command (the answer to an open quiz question), or None
    typed: Callable[[Services, Actor, str], Text | None] | None = None
    # files shared with the bot in a direct message
    files: Callable[[Services, Actor, str, list[SharedFile]], list[Text]] | None = None
    # cards whose clock starts when they are sent
    timed: Sequence[Timed] = ()


def _merge(into: dict[str, Any], more: Mapping[str, Any], what: str, feature: str) -> None:
    for key, value in more.items():
        if key in into:
            raise DuplicateError(f"{feature}: {what} {key!r} is already registered")
        into[key] = value


@dataclass(frozen=True)
class Registry:
    """Every feature's additions, merged; built once at start-up."""

    features: tuple[Feature, ...]
    commands: dict[str, dict[str, Command]]
    actions: dict[str, Action]
    submissions: dict[str, Submission]
    strings: dict[str, tuple[str, str]]
    jobs: tuple[Job, ...]
    timed: dict[str, Timed]

    @classmethod
    def of(cls, features: Iterable[Feature]) -> Registry:
        """Merge the features; raises DuplicateError on any key claimed twice."""
        features = tuple(features)
        commands: dict[str, dict[str, Command]] = {}
        actions: dict[str, Action] = {}
        submissions: dict[str, Submission] = {}
        strings: dict[str, tuple[str, str]] = {}
        jobs: dict[str, Job] = {}
        timed: dict[str, Timed] = {}
        for feature in features:
            for name, table in feature.commands.items():
                _merge(commands.setdefault(name, {}), table, f"/{name} subcommand", feature.name)
            _merge(actions, feature.actions, "action", feature.name)
            _merge(submissions, feature.submissions, "form", feature.name)
            _merge(strings, feature.strings, "string", feature.name)
            _merge(jobs, {job.name: job for job in feature.jobs}, "job", feature.name)
            _merge(timed, {t.prefix: t for t in feature.timed}, "timed card", feature.name)
        return cls(features, commands, actions, submissions, strings, tuple(jobs.values()), timed)

    def syncs(self) -> list[Callable[[Services, Session], None]]:
        return [f.sync for f in self.features if f.sync is not None]

    def typed_hooks(self) -> list[Callable[[Services, Actor, str], Text | None]]:
        return [f.typed for f in self.features if f.typed is not None]

    def file_hooks(self) -> list[Callable[[Services, Actor, str, list[SharedFile]], list[Text]]]:
        return [f.files for f in self.features if f.files is not None]
