"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when
SALESBOT_TEST_DATABASE_URL is set), a clock the tests move, and a demo team."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.config import Config, parse_config
from bot.runtime import Runtime, build_runtime
from handlers.core.context import Actor, identify
from handlers.core.messages import Card, Form, Text
from tests.fakes.platform_rules import refused
from tests.fakes.recording import RecordingSender

PG_URL = os.environ.get("SALESBOT_TEST_DATABASE_URL")

# Property-based tests: a bounded, repeatable number of examples (more on demand).
settings.register_profile(
    "salesbot",
    max_examples=int(os.environ.get("SALESBOT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
settings.load_profile("salesbot")


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: datetime | None = None):
        self.current = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kw: float) -> None:
        self.current += timedelta(**kw)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str | None]:
    """A PostgreSQL database made for this run alone, dropped at the end."""
    if not PG_URL:
        yield None
        return
    base = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"salesbot_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(pg_server_url: str | None, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    if pg_server_url is None:
        yield f"sqlite:///{tmp_path / 'salesbot.db'}"
        return
    engine = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield pg_server_url


def demo_team() -> dict[str, Any]:
    """The team of the demo config, as a config file spells it."""
    return {
        "name": "sales",
        "window": "60s",
        "manager_channel": "C0MGRS",
        "managers": [{"name": "Maria", "slack": "U0MARIA"}],
        "reps": [
            {"name": "Alice", "slack": "U0ALICE", "capacity": 3},
            {"name": "Bob", "slack": "U0BOB", "capacity": 3},
            {"name": "Carol", "slack": "U0CAROL", "capacity": 3},
        ],
    }


def demo_config(database_url: str, **overrides: Any) -> Config:
    team = demo_team()
    team.update(overrides.pop("team", {}))
    raw = {"database": {"url": database_url}, "teams": [team], **overrides}
    return parse_config(raw)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def platforms_accept_every_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Card, Text and Form a test makes must be one Slack and WeCom accept."""
    for kind in (Card, Text, Form):

        def init(self: Any, *args: Any, _made: Any = kind.__init__, **fields: Any) -> None:
            _made(self, *args, **fields)
            problems = refused(self)
            assert not problems, f"{type(self).__name__} a platform would refuse: {problems}"

        monkeypatch.setattr(kind, "__init__", init)


@dataclass(repr=False)
class Bot:
    """A bot without any chat server: handlers, database, outbox and a recording sender."""

    runtime: Runtime
    chat: RecordingSender
    clock: FakeClock

    def __repr__(self) -> str:  # failing property-based examples print their fixtures
        return "Bot(...)"

    @property
    def svc(self):
        return self.runtime.svc

    def actor(self, slack_id: str) -> Actor:
        with self.svc.db.transaction() as s:
            return identify(s, "slack", slack_id)

    def deliver(self) -> None:
        """Send what is owed, after the work started after answers (asked-for digests)."""
        assert self.runtime.later.drain(10)
        while self.runtime.delivery.run_once():
            pass

    def dm_cards(self, slack_id: str) -> list:
        return [s.message for s in self.chat.to(slack_id)]


@pytest.fixture
def make_bot(database_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Any]:
    made: list[Runtime] = []

    def make(**overrides: Any) -> Bot:
        chat = RecordingSender()
        overrides.setdefault("data_dir", str(tmp_path / "data"))
        downloads = overrides.pop("downloads", {"slack": chat.download})
        config = demo_config(database_url, **overrides)
        runtime = build_runtime(config, {"slack": chat}, clock, downloads)
        made.append(runtime)
        return Bot(runtime, chat, clock)

    yield make
    for runtime in made:
        runtime.delivery.pool.shutdown()
        runtime.svc.db.dispose()


@pytest.fixture
def bot(make_bot: Any) -> Bot:
    return make_bot()
