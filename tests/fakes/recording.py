"""A chat platform that records what it was asked to send, for handler tests."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import BinaryIO

from bot.delivery import DeliveryError, SentRef
from handlers.core.downloads import DownloadError
from handlers.core.messages import Card, Text


@dataclass
class Sent:
    action: str
    kind: str
    address: str
    message: Card | Text
    ref: SentRef | None = None


@dataclass
class RecordingSender:
    platform: str = "slack"
    log: list[Sent] = field(default_factory=list)
    # address -> error to raise when sending to it
    broken: dict[str, DeliveryError] = field(default_factory=dict)
    # file id -> the content of a file people shared (what the platform would serve)
    files: dict[str, bytes] = field(default_factory=dict)
    # file id -> the error fetching it raises
    unfetchable: dict[str, DownloadError] = field(default_factory=dict)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, kind: str, address: str, message: Card | Text) -> SentRef:
        if address in self.broken:
            raise self.broken[address]
        with self._lock:
            ref = SentRef(
                channel=f"D{address}" if kind == "user" else address, ts=str(next(self._ts))
            )
            self.log.append(Sent("send", kind, address, message, ref))
        return ref

    def update(self, ref: SentRef, message: Card | Text) -> SentRef:
        with self._lock:
            self.log.append(Sent("update", "ref", ref.channel, message, ref))
        return ref

    def to(self, address: str, action: str = "send") -> list[Sent]:
        return [s for s in self.log if s.address == address and s.action == action]

    def updates_of(self, ref: SentRef) -> list[Sent]:
        return [s for s in self.log if s.action == "update" and s.ref == ref]

    def download(self, file_id: str, link: str, into: BinaryIO, limit: int) -> None:
        """The platform's `Download`: the content of a file added to `files`."""
        if file_id in self.unfetchable:
            raise self.unfetchable[file_id]
        if file_id not in self.files:
            raise DownloadError(f"no file {file_id}", gone=True)
        into.write(self.files[file_id][:limit])
