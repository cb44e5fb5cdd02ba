"""outbox: partial indexes over pending rows, so delivery stays fast as the table grows

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    for name, columns in (
        ("outbox_pending_order", ["action", "id"]),
        ("outbox_pending_card", ["card_key", "id"]),
    ):
        op.create_index(name, "outbox", columns, sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index("outbox_pending_card", table_name="outbox")
    op.drop_index("outbox_pending_order", table_name="outbox")
