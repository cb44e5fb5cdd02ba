"""contracts, quotas and the file store: stored_files, kept_secrets, contracts, quotas;
recordings and timeline events point to the stored copy of their file

Revision ID: 0201
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0201"
down_revision = "0007"
branch_labels = None
# the pipeline's tables (recordings, account_events) are on their own branch
depends_on = "0002"

_WAITING = sa.text("status IN ('receiving', 'pending')")


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=300), nullable=False),
        sa.Column("source_link", sa.String(length=1000), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mimetype", sa.String(length=100), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("path", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("stored_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "source_id"),
    )
    op.create_index("stored_files_due", "stored_files", ["status", "next_attempt_at"])
    op.create_table(
        "kept_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=True),
        sa.Column("link", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("remind_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["members.id"]),
        sa.ForeignKeyConstraint(["stored_file_id"], ["stored_files.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "version"),
        sa.UniqueConstraint("stored_file_id"),
    )
    op.create_index(
        "one_waiting_contract_per_account",
        "contracts",
        ["account_id"],
        unique=True,
        sqlite_where=_WAITING,
        postgresql_where=_WAITING,
    )
    op.create_index("contracts_due", "contracts", ["status", "remind_at"])
    op.create_index("contracts_by_team", "contracts", ["team_id", "status"])
    op.create_table(
        "quotas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["set_by"], ["members.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("quotas_by_quarter", "quotas", ["team_id", "year", "quarter"])
    with op.batch_alter_table("recordings") as batch:
        fk = sa.ForeignKey("stored_files.id", name="recordings_stored_file_id_fkey")
        batch.add_column(sa.Column("stored_file_id", sa.Integer(), fk, nullable=True))
    with op.batch_alter_table("account_events") as batch:
        fk = sa.ForeignKey("stored_files.id", name="account_events_stored_file_id_fkey")
        batch.add_column(sa.Column("stored_file_id", sa.Integer(), fk, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account_events") as batch:
        batch.drop_constraint("account_events_stored_file_id_fkey", type_="foreignkey")
        batch.drop_column("stored_file_id")
    with op.batch_alter_table("recordings") as batch:
        batch.drop_constraint("recordings_stored_file_id_fkey", type_="foreignkey")
        batch.drop_column("stored_file_id")
    op.drop_table("quotas")
    op.drop_table("contracts")
    op.drop_table("kept_secrets")
    op.drop_table("stored_files")
