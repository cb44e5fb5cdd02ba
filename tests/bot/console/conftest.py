"""The console chat, driven line by line with a clock the tests move.

No delivery thread runs here: each line delivers what it caused on the test's thread,
so what a line printed is exactly the text after it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.console import Chat, ConsoleSender
from bot.runtime import Runtime, build_runtime
from handlers.roulette.sweep import expire_due
from tests.bot.console.support import deliver_now
from tests.conftest import FakeClock, demo_config


@dataclass
class Console:
    chat: Chat
    out: io.StringIO
    runtime: Runtime
    clock: FakeClock

    def type(self, line: str) -> str:
        """Handle one line; returns everything it printed."""
        start = len(self.out.getvalue())
        assert self.chat.handle(line) is True
        return self.out.getvalue()[start:]

    def tick(self) -> str:
        """What the sweeper and the delivery thread would print now."""
        start = len(self.out.getvalue())
        expire_due(self.runtime.svc)
        deliver_now(self.runtime)
        return self.out.getvalue()[start:]


@pytest.fixture
def make_console(database_url: str, clock: FakeClock) -> Iterator[Any]:
    made: list[Runtime] = []

    def make(**overrides: Any) -> Console:
        config = demo_config(database_url, **overrides)
        out = io.StringIO()
        sender = ConsoleSender(out, config.locale)
        runtime = build_runtime(config, {"console": sender}, clock)
        made.append(runtime)
        chat = Chat(runtime.svc, sender, settle=lambda: deliver_now(runtime))
        return Console(chat, out, runtime, clock)

    yield make
    for runtime in made:
        runtime.delivery.pool.shutdown()
        runtime.svc.db.dispose()


@pytest.fixture
def console(make_console: Any) -> Console:
    return make_console()
