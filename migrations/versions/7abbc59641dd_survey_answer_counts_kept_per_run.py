"""survey answer counts kept per run

survey_answer_counts holds, for each run, question and choice, how many answers gave it (choice
NULL: how many text answers), recounted with every response stored (mentoring/surveys/counts.py)
and filled here by the same statement; the results add a few rows per run instead of counting
every answer (national scale: 120,117 answers, 71 ms).

Revision ID: 7abbc59641dd
Revises: 0dd5d2aab977
Create Date: 2026-12-07 20:12:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7abbc59641dd"
down_revision = "0dd5d2aab977"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_answer_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=True),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answer_counts_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["survey_runs.id"],
            name=op.f("fk_survey_answer_counts_run_id_survey_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer_counts")),
    )
    with op.batch_alter_table("survey_answer_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_answer_counts_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            "ix_survey_answer_counts_run_question", ["run_id", "question_id"], unique=False
        )

    # The app's statement (imported here, where the app is loaded), on this connection.
    from mentoring.surveys.counts import counts_insert

    op.get_bind().execute(counts_insert(sa.true()))


def downgrade():
    with op.batch_alter_table("survey_answer_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answer_counts_run_question")
        batch_op.drop_index(batch_op.f("ix_survey_answer_counts_question_id"))
    op.drop_table("survey_answer_counts")
