"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, Select, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
# Advisory locks of start-up work every replica does (PostgreSQL).
MIGRATE_LOCK, SYNC_LOCK = 74616, 74617


def first_of(session: Session, query: Select[Any], limit: int | None) -> tuple[list[Any], int]:
    """The first `limit` rows of `query` (all, with None) and how many it has in all:
    a page lists a few of hundreds, and counting them needs no loading."""
    rows = list(session.scalars(query.limit(limit)))
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return rows, session.scalar(counted) or 0


def _normalise(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# Sessions made with this execution option only read: on SQLite they begin with a plain
# (deferred) BEGIN and never wait for the write lock.
READ_ONLY = "salesbot_read_only"
# A burst of clicks on one lead is a few dozen requests at once: keep that many
# connections open instead of opening and closing them per burst.
POOL = {"pool_size": 48, "max_overflow": 16}


def make_engine(url: str) -> Engine:
    url = _normalise(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **POOL)
    engine = create_engine(url, connect_args={"timeout": 10}, **POOL)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see below).
        dbapi_conn.isolation_level = None
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "busy_timeout=10000",
            "foreign_keys=ON",
        ):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            # Take the write lock up front: two writers never deadlock upgrading a read lock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """One engine and its session factories.

    `transaction()` is the unit of every change; `reading()` is for looking only. SQLite
    has one writer at a time: writers in this process queue on a lock (woken the moment
    it frees) rather than in SQLite's busy loop, which sleeps in growing steps.
    """

    def __init__(self, url: str):
        self.url = _normalise(url)
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        reader = snapshot = self.engine.execution_options(**{READ_ONLY: True})
        if self.engine.dialect.name == "postgresql":
            # Reads need no transaction there: no BEGIN/ROLLBACK round trips.
            reader = reader.execution_options(isolation_level="AUTOCOMMIT")
            snapshot = snapshot.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        # On SQLite a read is one transaction, which sees one moment throughout already.
        self.read_sessions = sessionmaker(reader, expire_on_commit=False)
        self.snapshot_sessions = sessionmaker(snapshot, expire_on_commit=False)
        self._writer = threading.RLock() if self.engine.dialect.name == "sqlite" else None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._writer or nullcontext(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def serialized(self, lock: int) -> Iterator[Session]:
        """A transaction no other process runs at the same time under the same `lock`: for
        work every replica does at start-up (syncing the config's teams), where two running
        it at once would both insert the same rows. SQLite's writers are one at a time
        already; PostgreSQL takes an advisory lock held until the commit."""
        with self.transaction() as session:
            if self.is_postgres:
                session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; whatever it changes is rolled back on close.

        What it loaded stays readable afterwards (closing detaches, it does not expire).
        """
        with closing(self.read_sessions()) as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """Like `reading()`, but every query sees the database as it was at the first:
        for figures from several queries that must add up (a digest's totals)."""
        with closing(self.snapshot_sessions()) as session:
            yield session

    def ping(self) -> bool:
        try:
            with self.reading() as s:
                s.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def migrate(self) -> None:
        """Bring the schema to the newest revision; safe to run from several replicas."""
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": MIGRATE_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")  # one branch per feature

    def dispose(self) -> None:
        self.engine.dispose()
