"""year tallies: meetings, contact minutes and reflections per enrollment and program year

Filled here from the existing meetings and reflections; the app keeps them current after.

Revision ID: f2fb0787b935
Revises: e7d71d2cfa37
Create Date: 2026-11-23 06:25:39.612756

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2fb0787b935'
down_revision = 'e7d71d2cfa37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('year_tallies',
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('contact_minutes', sa.Integer(), nullable=False),
    sa.Column('reflections', sa.Integer(), nullable=False),
    sa.Column('last_meeting_on', sa.Date(), nullable=True),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_year_tallies_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_year_tallies_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enrollment_id', 'program_year', name=op.f('pk_year_tallies'))
    )
    # The same recount as mentoring/progress/tallies.py, in SQL that stays fixed with this
    # revision (the app's models may change later).
    op.execute("""
        INSERT INTO year_tallies
            (enrollment_id, program_year, meetings, contact_minutes, reflections, last_meeting_on)
        SELECT enrollment_id, program_year, SUM(meetings), SUM(contact_minutes),
               SUM(reflections), MAX(held_on)
        FROM (
            SELECT a.enrollment_id, m.program_year, 1 AS meetings,
                   m.duration_minutes AS contact_minutes, 0 AS reflections, m.held_on
            FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
            UNION ALL
            SELECT r.enrollment_id, r.program_year, 0, 0, 1, NULL
            FROM reflections r
        ) AS facts
        GROUP BY enrollment_id, program_year
    """)


def downgrade():
    op.drop_table('year_tallies')
