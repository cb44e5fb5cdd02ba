"""Alembic environment: runs on the connection the app hands over."""

from alembic import context

from storage import (  # noqa: F401  (every table on Base.metadata)
    accounts,
    contracts,
    digests,
    files,
    first_touch,
    quotas,
    training,
)
from storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
