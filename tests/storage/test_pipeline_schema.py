"""The 0002 migration builds exactly the tables the pipeline's models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.accounts import Account, AccountEvent, Recording
from storage.db import Database
from storage.digests import Digest

PIPELINE_TABLES = {m.__tablename__ for m in (Account, AccountEvent, Recording, Digest)}


def about_pipeline(difference: tuple) -> bool:
    return any(f"'{name}'" in repr(difference) for name in PIPELINE_TABLES)


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.migrate()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Account.metadata)
            tables = set(conn.dialect.get_table_names(conn))
    finally:
        db.dispose()
    assert tables >= PIPELINE_TABLES
    assert [d for d in differences if about_pipeline(d)] == []
