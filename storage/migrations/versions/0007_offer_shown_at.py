"""offers.shown_at: a window starts when its card reaches the rep

Until the card is sent, an open offer has no deadline and the sweep leaves it alone;
each attempt to send the card starts the window afresh, and `shown_at` records the
attempt that landed. Offers open at the upgrade keep the windows they had.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.add_column(sa.Column("shown_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE offers SET shown_at = opened_at WHERE status = 'open'")


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("shown_at")
