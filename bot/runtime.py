"""Wire the pieces together: database, outbox, delivery, the features and their jobs.
Used by every entry point."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session

from bot import logs
from bot.config import Config
from bot.delivery import Delivery, Sender
from bot.later import Later
from bot.metrics import Metrics
from bot.scheduler import add_jobs, every
from handlers import features
from handlers.core import inbound
from handlers.core.clock import Clock, SystemClock
from handlers.core.context import Services
from handlers.core.downloads import Download
from handlers.core.messages import Message
from handlers.core.report import Event
from handlers.roulette import offers
from storage import outbox
from storage.db import SYNC_LOCK, Database
from storage.files import kept_secret
from storage.filestore import FileStore
from storage.outbox import Outbox

KEEP_DELIVERED = timedelta(days=30)  # how long delivered chat messages stay in the outbox
KEEP_SEEN = timedelta(days=1)  # how long a delivery id is remembered against retries
PRUNE_EVERY_HOURS = 6
PRUNE_CHUNK = 5000


def configured_platforms(config: Config) -> tuple[str, ...]:
    """The chat platforms a bot with this config runs on: Slack and/or WeCom, else the
    console."""
    platforms = tuple(
        name
        for name, on in (("slack", config.slack.enabled), ("wecom", config.wecom.enabled))
        if on
    )
    return platforms or ("console",)


def team_channels(config: Config, platforms: tuple[str, ...]) -> dict[tuple[str, str, str], str]:
    """Each team's manager and pool audience on each platform that is on.

    WeCom group chats take no cards, so there the pool card goes to the team's reps
    directly (one card to all of them; the first to click Grab gets the lead).
    """
    channels: dict[tuple[str, str, str], str] = {}
    for team in config.teams:
        if "slack" in platforms and team.manager_channel:
            channels[(team.name, "manager", "slack")] = f"channel:{team.manager_channel}"
        if "slack" in platforms and team.pool_channel:
            channels[(team.name, "pool", "slack")] = f"channel:{team.pool_channel}"
        if "wecom" in platforms:
            chat = team.wecom_chat or config.wecom.manager_chat
            if chat:
                channels[(team.name, "manager", "wecom")] = f"channel:{chat}"
            reps = [r.wecom for r in team.reps if r.wecom and r.active]
            if reps:
                channels[(team.name, "pool", "wecom")] = "user:" + "|".join(reps)
        if "console" in platforms:
            channels[(team.name, "manager", "console")] = f"channel:{team.name}-managers"
            channels[(team.name, "pool", "console")] = f"channel:{team.name}-pool"
    return channels


@dataclass(frozen=True)
class CardTimers:
    """The features' timed cards (an offer's window starts when its card is sent), for
    delivery: card keys in, each feature's hook called with the ids its prefix names."""

    svc: Services

    def _by_feature(self, card_keys: list[str]) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for key in card_keys:
            prefix, _, ident = key.partition(":")
            if prefix in self.svc.registry.timed:
                groups.setdefault(prefix, []).append(ident)
        return groups

    def starting(self, session: Session, card_keys: list[str]) -> dict[str, Message]:
        now = self.svc.clock.now()
        fresh: dict[str, Message] = {}
        for prefix, ids in self._by_feature(card_keys).items():
            cards = self.svc.registry.timed[prefix].starting(self.svc, session, ids, now)
            fresh.update({f"{prefix}:{ident}": card for ident, card in cards.items()})
        return fresh

    def shown(self, session: Session, card_keys: list[str]) -> None:
        now = self.svc.clock.now()
        for prefix, ids in self._by_feature(card_keys).items():
            self.svc.registry.timed[prefix].shown(self.svc, session, ids, now)


@dataclass
class Runtime:
    svc: Services
    delivery: Delivery
    scheduler: BackgroundScheduler
    # work requests started after their answers (an asked-for digest)
    later: Later
    metrics: Metrics

    def start(self) -> None:
        self.delivery.start()
        self.scheduler.start()
        self.delivery.wake()  # anything left in the outbox by an earlier run

    def stop(self, grace: float = 0.0) -> None:
        """Stop the jobs (a running one finishes), then send what is due for up to `grace`
        seconds; whatever is still owed waits in the outbox."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.later.stop(grace)  # what it queues, delivery still sends
        self.delivery.stop(grace)
        self.svc.db.dispose()

    @property
    def healthy(self) -> bool:
        return self.scheduler.running and self.svc.db.ping()


def _prune_outbox(svc: Services) -> None:
    """Forget chat messages delivered long ago, a chunk per transaction (writers wait
    on SQLite's one lock only briefly)."""
    before = svc.clock.now() - KEEP_DELIVERED
    while True:
        with svc.db.transaction() as s:
            if outbox.prune_delivered(s, before, PRUNE_CHUNK) < PRUNE_CHUNK:
                return


def _prune_seen(svc: Services) -> None:
    inbound.forget_seen(svc, svc.clock.now() - KEEP_SEEN)


def file_store(config: Config, key: bytes) -> FileStore:
    """The store `files.url` names; links to a local one start with `http.public_url`."""
    files = config.files
    assert files.url is not None  # the config fills it in
    return FileStore(
        files.url,
        public_url=config.http.base_url,
        key=key,
        user=files.user,
        password=files.password,
    )


def build_runtime(
    config: Config,
    senders: dict[str, Sender],
    clock: Clock | None = None,
    downloads: Mapping[str, Download] | None = None,
) -> Runtime:
    """Migrate, sync the teams from config and prepare (not start) the background work.
    `downloads` fetch files shared on each platform (for the file store)."""
    registry = features.registry()
    db = Database(config.database.url)
    db.migrate()
    platforms = tuple(senders)
    svc = Services(
        config=config,
        db=db,
        clock=clock or SystemClock(),
        outbox=Outbox(platforms, team_channels(config, platforms)),
        registry=registry,
        downloads=dict(downloads or {}),
    )
    with db.serialized(SYNC_LOCK) as s:  # replicas starting together sync one at a time
        for sync in registry.syncs():
            sync(svc, s)
        svc.files = file_store(config, kept_secret(s, "file_links"))

    def on_failure(tag: str, reason: str) -> None:
        kind, _, ident = tag.partition(":")
        if kind == "offer":
            offers.offer_undeliverable(svc, int(ident), reason)

    metrics = Metrics(svc, platforms)

    def on_event(event: Event) -> None:
        metrics.hear(event)
        logs.event(event)

    svc.on_event = on_event
    delivery = Delivery(
        db, svc.clock, senders, on_failure, CardTimers(svc), chat_failed=metrics.chat_failed
    )
    svc.wake_delivery = delivery.wake
    later = Later()
    svc.later = later
    scheduler = BackgroundScheduler(timezone=UTC)
    every(scheduler, "outbox-prune", _prune_outbox, svc, hours=PRUNE_EVERY_HOURS)
    every(scheduler, "seen-prune", _prune_seen, svc, hours=PRUNE_EVERY_HOURS)
    add_jobs(scheduler, svc)
    return Runtime(svc=svc, delivery=delivery, scheduler=scheduler, later=later, metrics=metrics)
