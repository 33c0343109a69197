"""year tallies keep the first day each year is at risk; a row for every enrollment and year

Every enrollment gets its two year_tallies rows (zeros where nothing is recorded), each with
at_risk_from (the first day its program year is at risk under the status rule, None for a
carried year 1) and minimums_met, worked out by the app's own rule
(mentoring/progress/tallies.py, with_kept_status) from the counts already kept. Enrollments get
an index on their status (the waiting-for-certificate list reads the active ones), and audit
events one on their target (a mentee record's trail).

Revision ID: 435fc300c59f
Revises: b7c1cc0ab557
Create Date: 2026-12-07 03:11:18

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "435fc300c59f"
down_revision = "b7c1cc0ab557"
branch_labels = None
depends_on = None

BATCH = 5000
REQUIREMENTS = [
    f"year{year}_{field}"
    for year in (1, 2)
    for field in (
        "min_meetings",
        "min_contact_minutes",
        "min_reflections",
        "min_experiences",
        "plan_due_month",
        "plan_due_day",
    )
]
tallies = sa.table(
    "year_tallies",
    sa.column("enrollment_id", sa.Integer),
    sa.column("program_year", sa.Integer),
    sa.column("meetings", sa.Integer),
    sa.column("contact_minutes", sa.Integer),
    sa.column("reflections", sa.Integer),
    sa.column("last_meeting_on", sa.Date),
    sa.column("experiences", sa.Integer),
    sa.column("plan_agreed", sa.Integer),
    sa.column("at_risk_from", sa.Date),
    sa.column("minimums_met", sa.Boolean),
)
enrollments = sa.table(
    "enrollments",
    sa.column("id", sa.Integer),
    sa.column("cohort_id", sa.Integer),
    sa.column("enrolled_on", sa.Date),
    sa.column("year1_carried_from_id", sa.Integer),
)
cohorts = sa.table(
    "cohorts",
    sa.column("id", sa.Integer),
    sa.column("start_year", sa.Integer),
    sa.column("at_risk_days", sa.Integer),
    *(sa.column(name, sa.Integer) for name in REQUIREMENTS),
)


def upgrade():
    with op.batch_alter_table("year_tallies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at_risk_from", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("minimums_met", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_year_tallies_at_risk_from", ["at_risk_from"], unique=False)
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.create_index("ix_enrollments_status", ["status"], unique=False)
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_target", ["target_type", "target_id"], unique=False)

    connection = op.get_bind()
    for year in (1, 2):
        missing = sa.select(
            enrollments.c.id,
            sa.literal(year),
            sa.literal(0),
            sa.literal(0),
            sa.literal(0),
            sa.literal(0),
            sa.literal(0),
        ).where(
            ~sa.exists().where(
                tallies.c.enrollment_id == enrollments.c.id, tallies.c.program_year == year
            )
        )
        connection.execute(
            tallies.insert().from_select(
                [
                    "enrollment_id",
                    "program_year",
                    "meetings",
                    "contact_minutes",
                    "reflections",
                    "experiences",
                    "plan_agreed",
                ],
                missing,
            )
        )

    # The app's rule (imported here, where the app is loaded), on the counts kept.
    from mentoring.progress.tallies import with_kept_status

    rows = connection.execute(
        sa.select(
            tallies.c.enrollment_id,
            tallies.c.program_year,
            tallies.c.meetings,
            tallies.c.contact_minutes,
            tallies.c.reflections,
            tallies.c.last_meeting_on,
            tallies.c.experiences,
            tallies.c.plan_agreed,
            enrollments.c.enrolled_on,
            enrollments.c.year1_carried_from_id,
            cohorts.c.start_year,
            cohorts.c.at_risk_days,
            *(cohorts.c[name] for name in REQUIREMENTS),
        )
        .join(enrollments, enrollments.c.id == tallies.c.enrollment_id)
        .join(cohorts, cohorts.c.id == enrollments.c.cohort_id)
    ).all()
    kept = [
        {
            "key_enrollment": row["enrollment_id"],
            "key_year": row["program_year"],
            "at_risk_from": row["at_risk_from"],
            "minimums_met": row["minimums_met"],
        }
        for row in with_kept_status(rows)
    ]
    update = (
        tallies.update()
        .where(
            tallies.c.enrollment_id == sa.bindparam("key_enrollment"),
            tallies.c.program_year == sa.bindparam("key_year"),
        )
        .values(
            at_risk_from=sa.bindparam("at_risk_from"), minimums_met=sa.bindparam("minimums_met")
        )
    )
    for start in range(0, len(kept), BATCH):
        connection.execute(update, kept[start : start + BATCH])


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_target")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index("ix_enrollments_status")
    with op.batch_alter_table("year_tallies", schema=None) as batch_op:
        batch_op.drop_index("ix_year_tallies_at_risk_from")
        batch_op.drop_column("minimums_met")
        batch_op.drop_column("at_risk_from")
    # The rows of zeros stay: they are what the app would count.
