"""message_refs: one row per card and recipient, so every copy of a card can be updated

A card sent to several people (a grading card to each manager, the WeCom pool card to
each rep) kept one reference per card and platform: the last copy sent. Each reference
now names the outbox target it was sent to. Existing references take the target of the
card's latest send on their platform.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_refs_new",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_key", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("ts", sa.String(length=100), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="message_refs_new_pkey"),
        sa.UniqueConstraint("card_key", "target", name="message_refs_card_key_target_key"),
    )
    op.execute(
        """
        INSERT INTO message_refs_new (id, card_key, target, platform, channel, ts, extra)
        SELECT r.id, r.card_key,
               COALESCE(
                   (SELECT o.target FROM outbox o
                     WHERE o.card_key = r.card_key AND o.action = 'send'
                       AND o.target LIKE r.platform || ':%'
                     ORDER BY o.id DESC LIMIT 1),
                   r.platform || ':unknown:' || r.channel),
               r.platform, r.channel, r.ts, r.extra
          FROM message_refs r
        """
    )
    op.drop_table("message_refs")
    op.rename_table("message_refs_new", "message_refs")
    op.create_index("message_refs_by_ts", "message_refs", ["platform", "ts"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('message_refs', 'id'), "
            "COALESCE((SELECT MAX(id) FROM message_refs), 0) + 1, false)"
        )


def downgrade() -> None:
    op.drop_index("message_refs_by_ts", table_name="message_refs")
    op.create_table(
        "message_refs_old",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_key", sa.String(length=100), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("ts", sa.String(length=100), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("card_key", "platform"),
    )
    op.execute(
        """
        INSERT INTO message_refs_old (id, card_key, platform, channel, ts, extra)
        SELECT MAX(id), card_key, platform, MAX(channel), MAX(ts), NULL
          FROM message_refs GROUP BY card_key, platform
        """
    )
    op.drop_table("message_refs")
    op.rename_table("message_refs_old", "message_refs")
