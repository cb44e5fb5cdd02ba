"""Deliver the outbox: after each commit, and again with backoff until it lands.

A chat failure never undoes a state change; it only delays the message. A message
that can never be delivered (the user does not exist, the bot may not DM them) is
marked failed and the handlers are told, so a lead offer moves on to the next rep.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from handlers.core.clock import Clock
from handlers.core.messages import Card, Image, Message, Text, load_message
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage
from storage.outbox import SentRef

__all__ = ["Delivery", "DeliveryError", "Sender", "SentRef", "backoff"]

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A chat call failed. Permanent failures are not retried."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after

    @property
    def code(self) -> str:
        """What kind of failure, for counting: the reason up to its first colon
        (`ratelimited`, `channel_not_found`, `wecom 45009`, `ConnectionError`)."""
        return self.reason.partition(":")[0].strip()


class Sender(Protocol):
    """One chat platform's way of sending and updating."""

    platform: str

    def send(self, kind: str, address: str, message: Card | Text | Image) -> SentRef: ...

    def update(self, ref: SentRef, message: Card | Text) -> SentRef: ...


def backoff(attempts: int, retry_after: float | None) -> float:
    """Seconds until the next try: exponential with jitter, at least what the server asked."""
    wait = min(300.0, 2.0 ** min(attempts, 9)) * random.uniform(0.5, 1.0)
    return max(wait, retry_after or 0.0)


class Timers(Protocol):
    """Cards whose clock starts when they are sent (see handlers.core.registry.Timed)."""

    def starting(self, session: Session, card_keys: list[str]) -> dict[str, Message]: ...

    def shown(self, session: Session, card_keys: list[str]) -> None: ...


class Delivery:
    """Sends due outbox rows on a few worker threads; `wake()` after every commit."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        senders: dict[str, Sender],
        on_failure: Callable[[str, str], None],
        timers: Timers | None = None,
        workers: int = 8,
        chat_failed: Callable[[str, str], None] = lambda platform, error: None,
        landed: Callable[[list[str]], None] = lambda targets: None,
    ):
        self.db = db
        self.clock = clock
        self.senders = senders
        self.on_failure = on_failure
        self.timers = timers
        self.chat_failed = chat_failed  # (platform, error code) of every failed chat call
        self.landed = landed  # the targets of the messages just delivered (a page changed)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deliver")
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="delivery", daemon=True)
        self._thread.start()

    def stop(self, grace: float = 0.0) -> None:
        """Stop sending, after up to `grace` seconds of sending what is due: what is left
        stays in the outbox for the next process (or another replica) to send."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        deadline = time.monotonic() + grace
        try:
            while time.monotonic() < deadline and self.run_once():
                pass
        except Exception:
            log.exception("delivery at shutdown failed; the outbox keeps what is owed")
        self.pool.shutdown(wait=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=0.5)
            self._wake.clear()
            try:
                while self.run_once() and not self._stop.is_set():
                    pass
            except Exception:
                log.exception("delivery pass failed; will try again")

    def owed(self) -> bool:
        """Whether a message is due now and not yet delivered."""
        with self.db.reading() as s:
            return outbox.owed_now(s, self.clock.now())

    def run_once(self, limit: int = 16) -> int:
        """Deliver what is due now; returns how many rows were attempted.

        The database is touched twice a batch, not per message: once to claim the rows
        (with the card references their updates need), once to record what happened.
        """
        with self.db.transaction() as s:
            rows = outbox.claim_due(s, self.clock.now(), limit)
            s.flush()  # the claim (locked_until) must be written before the rows are let go
            refs = outbox.refs_for(s, [r for r in rows if r.action == "update"])
            fresh = self._starting(s, rows)
            s.flush()  # the windows they start are written before the rows are let go
            s.expunge_all()
        if rows:
            outcomes = self.pool.map(lambda row: self._deliver(row, refs, fresh), rows)
            self._record(list(outcomes))
        return len(rows)

    def _starting(self, s: Session, rows: list[OutboxMessage]) -> dict[str, Message]:
        """Timed cards about to be sent, as they are to go out (their clock starts now)."""
        keys = [r.card_key for r in rows if r.action == "send" and r.card_key]
        return self.timers.starting(s, keys) if self.timers and keys else {}

    def _deliver(
        self,
        row: OutboxMessage,
        refs: dict[tuple[str, str], SentRef],
        fresh: dict[str, Message],
    ) -> _Outcome:
        platform, kind, address = row.target.split(":", 2)
        sender = self.senders.get(platform)
        try:
            if sender is None:
                raise DeliveryError(f"{platform} is not connected", permanent=True)
            message = load_message(row.payload)
            if row.action == "send":
                message = fresh.get(row.card_key or "", message)
                ref = sender.send(kind, address, message)
                return _Outcome(row, ref if row.card_key else None)
            if row.action == "update":
                old = refs.get((row.card_key or "", row.target))
                if old is None:  # the card itself never arrived: nothing to update
                    return _Outcome(row)
                new = sender.update(old, message)
                return _Outcome(row, new if new != old else None)
            raise DeliveryError(f"unknown outbox action {row.action!r}", permanent=True)
        except DeliveryError as exc:
            return _Outcome(row, error=exc)
        except Exception as exc:  # a bug or an unexpected reply: retry, and say so in the log
            log.exception("delivering outbox row %s failed", row.id)
            return _Outcome(row, error=DeliveryError(f"{type(exc).__name__}: {exc}"))

    def _record(self, outcomes: list[_Outcome]) -> None:
        now = self.clock.now()
        given_up: list[tuple[str, str]] = []
        landed = [d.row.card_key for d in outcomes if d.error is None and d.row.action == "send"]
        with self.db.transaction() as s:
            if self.timers and landed:
                self.timers.shown(s, [key for key in landed if key])
            for done in outcomes:
                row, exc = done.row, done.error
                if exc is None:
                    if done.ref is not None and row.card_key:
                        outbox.save_ref(s, row.card_key, row.target, done.ref)
                    outbox.mark_done(s, row.id)
                    continue
                platform = row.target.partition(":")[0]
                self.chat_failed(platform, exc.code)
                log.warning(
                    "outbox row %s (%s %s): %s",
                    row.id,
                    row.action,
                    row.target,
                    exc.reason,
                    extra=_ids(row.card_key) | {"platform": platform, "error": exc.code},
                )
                if exc.permanent or now - row.created_at >= outbox.RETRY_FOR:
                    outbox.mark_failed(s, row.id, exc.reason)
                    if row.on_failure:
                        given_up.append((row.on_failure, exc.reason))
                else:
                    retry_at = now + timedelta(seconds=backoff(row.attempts, exc.retry_after))
                    outbox.mark_retry(s, row.id, exc.reason, retry_at)
        for tag, reason in given_up:
            self.on_failure(tag, reason)
        self.landed([d.row.target for d in outcomes if d.error is None])


# Card keys name what the card is about: `offer:12`, `pool:7` (a lead), `account:3`.
_CARD_IDS = {"offer": "offer", "pool": "lead", "account": "account"}


def _ids(card_key: str | None) -> dict[str, int]:
    """The id a card key names, as a log field."""
    prefix, _, ident = (card_key or "").partition(":")
    field = _CARD_IDS.get(prefix)
    return {field: int(ident)} if field and ident.isdigit() else {}


@dataclass(frozen=True)
class _Outcome:
    """How one delivery went: where its card now is, or why it failed."""

    row: OutboxMessage
    ref: SentRef | None = None
    error: DeliveryError | None = None
