"""routing: weighted levels, time off until a day, waiting leads, the first-touch SLA

Members get their place in the weighted rotation (`level`, all level at the upgrade) and
a day they are back; leads get the order they are offered in, the time a waiting lead is
offered again and the owner's first touch; each SLA step is a deadline row. The round
robin's cursor and starting places go: the levels take their place.

Revision ID: 0101
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("back_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("away_reason", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("level", sa.Float(), nullable=False, server_default="0"))
        batch.create_index(batch.f("ix_members_back_at"), ["back_at"], unique=False)
    with op.batch_alter_table("members") as batch:
        batch.alter_column("level", server_default=None)
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("route", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("wait_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("touched_at", sa.DateTime(), nullable=True))
        batch.drop_column("start_position")
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("rotation_cursor")
    op.create_table(
        "first_touch_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("first_touch_steps") as batch:
        batch.create_index("first_touch_steps_due", ["status", "due_at"], unique=False)
        batch.create_index(batch.f("ix_first_touch_steps_lead_id"), ["lead_id"], unique=False)
        batch.create_index(batch.f("ix_first_touch_steps_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_table("first_touch_steps")
    with op.batch_alter_table("teams") as batch:
        batch.add_column(
            sa.Column("rotation_cursor", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column("start_position", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_column("touched_at")
        batch.drop_column("wait_until")
        batch.drop_column("route")
    with op.batch_alter_table("members") as batch:
        batch.drop_index(batch.f("ix_members_back_at"))
        batch.drop_column("level")
        batch.drop_column("away_reason")
        batch.drop_column("back_at")
