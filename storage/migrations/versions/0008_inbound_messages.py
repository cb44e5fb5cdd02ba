"""inbound_messages: a WeCom callback is kept until its work is done

WeCom is answered at once and the work runs after; a replica killed in between used to
lose it (its retry was already marked as seen). Now the message waits in this table
under a lease, and another replica takes it over once the lease has run out.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("inbound_messages_by_lease", "inbound_messages", ["lease_until"])


def downgrade() -> None:
    op.drop_index("inbound_messages_by_lease", table_name="inbound_messages")
    op.drop_table("inbound_messages")
