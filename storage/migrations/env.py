"""Alembic environment: runs on the connection the app hands over."""

from alembic import context

from storage import accounts, contracts, digests, files, quotas, training  # noqa: F401  (every table on Base.metadata)
from storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
