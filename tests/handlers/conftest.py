"""A bot without any chat server: handlers, database, outbox and a recording sender."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.runtime import Runtime, build_runtime
from handlers.core.context import Actor, identify
from tests.conftest import FakeClock, demo_config
from tests.fakes.recording import RecordingSender


@dataclass
class Bot:
    runtime: Runtime
    chat: RecordingSender
    clock: FakeClock

    @property
    def svc(self):
        return self.runtime.svc

    def actor(self, slack_id: str) -> Actor:
        with self.svc.db.transaction() as s:
            return identify(s, "slack", slack_id)

    def deliver(self) -> None:
        while self.runtime.delivery.run_once():
            pass

    def dm_cards(self, slack_id: str) -> list:
        return [s.message for s in self.chat.to(slack_id)]


@pytest.fixture
def make_bot(database_url: str, clock: FakeClock) -> Iterator[Any]:
    made: list[Runtime] = []

    def make(**overrides: Any) -> Bot:
        chat = RecordingSender()
        runtime = build_runtime(demo_config(database_url, **overrides), {"slack": chat}, clock)
        made.append(runtime)
        return Bot(runtime, chat, clock)

    yield make
    for runtime in made:
        runtime.delivery.pool.shutdown()
        runtime.svc.db.dispose()


@pytest.fixture
def bot(make_bot: Any) -> Bot:
    return make_bot()
