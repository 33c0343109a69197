"""enrollments keep the at-risk onsets of their open years

Each enrollment keeps, for each program year not yet complete, the first day that year is at
risk (year_tallies.at_risk_from), None once the year is complete (carried, or its minimums met and
signed off as met): kept by the recount and every sign-off (mentoring/progress/tallies.py,
keep_open_onsets), filled here by the same statement. Partial indexes over the active
enrollments let the at-risk list read the few whose onset has come and the waiting list the few
with both years complete, instead of every active enrollment's tallies (national scale: 19,626
enrollments looked up for 969 at risk).

Revision ID: 0dd5d2aab977
Revises: d5f2a9c3e1b7
Create Date: 2026-12-07 19:53:31

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0dd5d2aab977"
down_revision = "d5f2a9c3e1b7"
branch_labels = None
depends_on = None

ACTIVE = "status = 'active'"
YEARS_CLOSED = f"{ACTIVE} AND year1_at_risk_from IS NULL AND year2_at_risk_from IS NULL"


def _where(predicate: str) -> dict:
    return {"sqlite_where": sa.text(predicate), "postgresql_where": sa.text(predicate)}


def upgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year1_at_risk_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("year2_at_risk_from", sa.Date(), nullable=True))
        for year in (1, 2):
            batch_op.create_index(
                f"ix_enrollments_active_year{year}_at_risk",
                [f"year{year}_at_risk_from"],
                unique=False,
                **_where(ACTIVE),
            )
        batch_op.create_index(
            "ix_enrollments_active_years_closed", ["id"], unique=False, **_where(YEARS_CLOSED)
        )

    # The app's statement (imported here, where the app is loaded), on this connection.
    from mentoring.progress.tallies import open_onsets_update

    op.get_bind().execute(open_onsets_update(sa.true()))


def downgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index("ix_enrollments_active_years_closed", **_where(YEARS_CLOSED))
        for year in (2, 1):
            batch_op.drop_index(f"ix_enrollments_active_year{year}_at_risk", **_where(ACTIVE))
        batch_op.drop_column("year2_at_risk_from")
        batch_op.drop_column("year1_at_risk_from")
