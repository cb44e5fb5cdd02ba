"""training: question bank, quiz runs, answers, grades, onboarding, digest guard

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_digest_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.DateTime(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "team_id", "period"),
    )
    op.create_table(
        "onboarding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("welcomed_at", sa.DateTime(), nullable=True),
        sa.Column("first_quiz", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )
    op.create_table(
        "onboarding_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "item"),
    )
    op.create_table(
        "onboarding_mock_sales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=500), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(length=1000), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["members.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("onboarding_mock_sales", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_onboarding_mock_sales_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "quiz_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.Column("correct", sa.Integer(), nullable=True),
        sa.Column("model_answer", sa.Text(), nullable=True),
        sa.Column("covers", sa.Text(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
    )
    with op.batch_alter_table("quiz_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_questions_category"), ["category"], unique=False)

    op.create_table(
        "quiz_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("grader_id", sa.Integer(), nullable=True),
        sa.Column("partner_run_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("close_reason", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grader_id"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quiz_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_runs_rep_id"), ["rep_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quiz_runs_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            "one_open_quiz_per_rep",
            ["rep_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.create_index("quiz_runs_due", ["status", "deadline_at"], unique=False)

    op.create_table(
        "quiz_run_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.Column("nudge_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["quiz_questions.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["quiz_runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "question_id"),
        sa.UniqueConstraint("run_id", "seq"),
    )
    with op.batch_alter_table("quiz_run_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quiz_run_questions_nudge_at"), ["nudge_at"], unique=False
        )

    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_question_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("grade_nudge_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["quiz_runs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_question_id"],
            ["quiz_run_questions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_question_id"),
    )
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quiz_answers_grade_nudge_at"), ["grade_nudge_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_quiz_answers_run_id"), ["run_id"], unique=False)

    op.create_table(
        "quiz_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("grader_id", sa.Integer(), nullable=False),
        sa.Column("graded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["quiz_answers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["grader_id"],
            ["members.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("answer_id", "revision"),
    )
    with op.batch_alter_table("quiz_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_grades_answer_id"), ["answer_id"], unique=False)


def downgrade() -> None:
    op.drop_table("quiz_grades")
    op.drop_table("quiz_answers")
    op.drop_table("quiz_run_questions")
    op.drop_table("quiz_runs")
    op.drop_table("quiz_questions")
    op.drop_table("onboarding_mock_sales")
    op.drop_table("onboarding_checks")
    op.drop_table("onboarding")
    op.drop_table("training_digest_posts")
