"""Migrations build exactly what the models describe, and carry old rows forward."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from sqlalchemy import text

from storage.db import MIGRATIONS, Database
from storage.models import Base


def test_the_migrated_schema_is_the_models_schema(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.migrate()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.dispose()
    assert differences == []


def _upgrade(db: Database, revision: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_card_references_of_an_old_database_keep_their_recipient(database_url: str) -> None:
    """Before 0006 a card had one reference per platform; each now names its recipient,
    taken from the card's latest send on that platform."""
    db = Database(database_url)
    try:
        _upgrade(db, "0005")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO outbox (action, target, card_key, payload, status, attempts,"
                    " created_at, next_attempt_at) VALUES"
                    " ('send', 'slack:user:U0ALICE', 'offer:1', '{}', 'done', 1, :t, :t),"
                    " ('send', 'wecom:user:alice', 'offer:1', '{}', 'done', 1, :t, :t)"
                ),
                {"t": "2026-11-30 09:00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO message_refs (card_key, platform, channel, ts) VALUES"
                    " ('offer:1', 'slack', 'DU0ALICE', '1700000000.000100'),"
                    " ('offer:1', 'wecom', 'alice', 'sb-task')"
                )
            )
        db.migrate()
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT card_key, target, channel FROM message_refs ORDER BY platform")
            ).all()
            conn.execute(
                text(
                    "INSERT INTO message_refs (card_key, target, platform, channel, ts)"
                    " VALUES ('offer:1', 'slack:user:U0BOB', 'slack', 'DU0BOB', '1.2')"
                )
            )
            conn.rollback()
    finally:
        db.dispose()
    assert [tuple(r) for r in rows] == [
        ("offer:1", "slack:user:U0ALICE", "DU0ALICE"),
        ("offer:1", "wecom:user:alice", "alice"),
    ]
