"""What every handler is given: the services, and who is acting."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.core.clock import Clock
from handlers.core.downloads import Download
from handlers.core.i18n import Translator
from handlers.core.messages import Text
from handlers.core.registry import Registry
from handlers.core.report import Event
from handlers.core.settings import Settings, TeamConfig
from storage.db import Database
from storage.filestore import FileStore
from storage.models import Member, Team
from storage.outbox import Outbox

ACTOR_TTL = 60.0
CLOSED_OFFERS_KEPT = 10_000


def _at_once(job: Callable[[], object]) -> None:
    job()


@dataclass
class Services:
    config: Settings
    db: Database
    clock: Clock
    outbox: Outbox
    # What the features add: commands, buttons, forms, strings, jobs.
    registry: Registry
    # Called after a commit that queued chat messages, so delivery starts at once.
    wake_delivery: Callable[[], None] = field(default=lambda: None)
    # Runs work a request started that need not hold up its answer (composing a digest's
    # chart): after the answer, on the bot's pool; at once where there is none.
    later: Callable[[Callable[[], object]], None] = field(default=lambda job: _at_once(job))
    # Told of what happened once it is committed (see handlers.core.report): the app counts
    # and logs it.
    on_event: Callable[[Event], None] = field(default=lambda _event: None)
    # Where copies of shared files are kept, and how each platform's adapter fetches one
    # (see handlers.core.inbox.Download).
    files: FileStore | None = None
    downloads: Mapping[str, Download] = field(default_factory=dict)
    # Who is who changes only with config (read at start-up), so lookups are kept a while.
    _actors: dict[tuple[str, str], tuple[float, Actor]] = field(default_factory=dict)
    # A closed offer never opens again, so the answer to a late click on it (a double
    # click, a burst of them) is kept: offer id -> (the rep it was offered to, the answer).
    _closed_offers: dict[int, tuple[int, Text]] = field(default_factory=dict)

    def actor(self, platform: str, user_id: str) -> Actor:
        """Who a chat user is (see `identify`), remembered for ACTOR_TTL seconds."""
        key, now = (platform, user_id), time.monotonic()
        hit = self._actors.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        with self.db.reading() as s:
            found = identify(s, platform, user_id)
        if len(self._actors) > 10_000:
            self._actors.clear()
        self._actors[key] = (now + ACTOR_TTL, found)
        return found

    def closed_offer(self, offer_id: int, member_ids: set[int]) -> Text | None:
        """The kept answer for a click by the offered rep on an offer known to be closed."""
        hit = self._closed_offers.get(offer_id)
        return hit[1] if hit is not None and hit[0] in member_ids else None

    def offer_closed(self, offer_id: int, member_id: int, answer: Text) -> None:
        if len(self._closed_offers) >= CLOSED_OFFERS_KEPT:
            self._closed_offers.clear()
        self._closed_offers[offer_id] = (member_id, answer)

    @property
    def store(self) -> FileStore:
        if self.files is None:
            raise LookupError("this process has no file store")
        return self.files

    @property
    def t(self) -> Translator:
        return Translator(self.config.locale, self.registry.strings)

    def team_config(self, team: Team) -> TeamConfig:
        cfg = self.config.team(team.name)
        if cfg is None:
            raise LookupError(f"team {team.name!r} is no longer in the config")
        return cfg


@dataclass(frozen=True)
class Actor:
    """Someone who clicked or typed: their chat identity and who they are on each team."""

    platform: str
    user_id: str
    members: tuple[Member, ...]

    @property
    def known(self) -> bool:
        return bool(self.members)

    @property
    def member_ids(self) -> set[int]:
        return {m.id for m in self.members}

    @property
    def name(self) -> str:
        return self.members[0].name if self.members else self.user_id

    def managed_team_ids(self) -> set[int]:
        return {m.team_id for m in self.members if m.is_manager}

    def is_manager(self, team_id: int | None = None) -> bool:
        managed = self.managed_team_ids()
        return bool(managed) if team_id is None else team_id in managed

    def home_team_id(self) -> int | None:
        """The team a command acts on: the first one they manage, else the first they are on."""
        managed = sorted(self.managed_team_ids())
        if managed:
            return managed[0]
        return min((m.team_id for m in self.members), default=None)

    def member_of(self, team_id: int) -> Member | None:
        return next((m for m in self.members if m.team_id == team_id), None)


_ID_COLUMN = {"slack": Member.slack_id, "wecom": Member.wecom_id}


def identify(session: Session, platform: str, user_id: str) -> Actor:
    """Find who a chat user is; the console names people by their name in config."""
    if platform == "console":
        where = func.lower(Member.name) == user_id.lower()
    else:
        where = _ID_COLUMN[platform] == user_id
    members = session.scalars(
        select(Member).where(where, Member.listed.is_(True)).order_by(Member.team_id)
    ).all()
    return Actor(platform=platform, user_id=user_id, members=tuple(members))
