"""Essential experiences (the program's default list and each cohort's copy, and which mentee has
done which), goals marked reached, the optional plan requirement per program year, and the year
tallies' count of experiences and agreed plan.

Existing data: the requirements default to "not required" (0), so every cohort keeps its status;
the program's default list is seeded with the built-in one when the defaults row exists (else
when it is first made), and each existing cohort gets a copy, as a new cohort would; the tallies
count the plans already agreed.

Revision ID: 3b4f61716b9c
Revises: 1b6960fbaf9f
Create Date: 2026-12-06 23:34:18.707816

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b4f61716b9c'
down_revision = '1b6960fbaf9f'
branch_labels = None
depends_on = None

REQUIREMENT_COLUMNS = [
    f'year{year}_{name}' for year in (1, 2) for name in ('min_experiences', 'plan_due_month', 'plan_due_day')
]

# The built-in list as this revision wrote it (mentoring/cohorts/experiences.py BUILT_IN may
# change later; a migration keeps its own copy).
BUILT_IN = {
    1: (
        "Observed a peer's classroom guidance lesson",
        "Built a yearly school counseling calendar",
        "Met the principal to agree on the counselor's role and duties",
        "Reviewed the district's crisis response plan",
        "Took part in a student's individual planning meeting (504, IEP or individual career "
        "and academic plan)",
    ),
    2: (
        "Led a small-group counseling series",
        "Used school data to set a program goal and reported its results",
        "Presented the school counseling program to staff, families or the board",
        "Reviewed the school counseling program with the principal at year's end",
        "Attended a professional conference or regional training",
    ),
}


def upgrade():
    op.create_table('essential_experiences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_essential_experiences_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_essential_experiences_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_essential_experiences'))
    )
    with op.batch_alter_table('essential_experiences', schema=None) as batch_op:
        batch_op.create_index('ix_essential_experiences_cohort_year', ['cohort_id', 'program_year', 'position'], unique=False)

    op.create_table('experiences_done',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('ticked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_experiences_done_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['experience_id'], ['essential_experiences.id'], name=op.f('fk_experiences_done_experience_id_essential_experiences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticked_by_id'], ['users.id'], name=op.f('fk_experiences_done_ticked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiences_done')),
    sa.UniqueConstraint('enrollment_id', 'experience_id', name=op.f('uq_experiences_done_enrollment_id_experience_id'))
    )
    with op.batch_alter_table('experiences_done', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiences_done_experience_id'), ['experience_id'], unique=False)

    for table in ('cohorts', 'requirement_defaults'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in REQUIREMENT_COLUMNS:
                batch_op.add_column(sa.Column(column, sa.Integer(), server_default='0', nullable=False))
            for column in REQUIREMENT_COLUMNS:
                batch_op.create_check_constraint(op.f(f'ck_{table}_{column}_nonneg'), f'{column} >= 0')
            for year in (1, 2):
                batch_op.create_check_constraint(
                    op.f(f'ck_{table}_year{year}_plan_due_range'),
                    f'year{year}_plan_due_month <= 12 AND year{year}_plan_due_day <= 31',
                )
        # The models give the values; the server default only filled the existing rows.
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in REQUIREMENT_COLUMNS:
                batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('plan_goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_on', sa.Date(), nullable=True))

    with op.batch_alter_table('year_tallies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('experiences', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('plan_agreed', sa.Integer(), server_default='0', nullable=False))

    connection = op.get_bind()
    experiences = sa.table(
        'essential_experiences',
        sa.column('cohort_id', sa.Integer()),
        sa.column('program_year', sa.Integer()),
        sa.column('position', sa.Integer()),
        sa.column('title', sa.String()),
    )
    if connection.scalar(sa.text('SELECT count(*) FROM requirement_defaults')):
        op.bulk_insert(experiences, [
            {'cohort_id': None, 'program_year': year, 'position': position, 'title': title}
            for year, titles in BUILT_IN.items()
            for position, title in enumerate(titles, start=1)
        ])
    cohort_ids = connection.scalars(sa.text('SELECT id FROM cohorts ORDER BY id')).all()
    if cohort_ids:
        op.bulk_insert(experiences, [
            {'cohort_id': cohort_id, 'program_year': year, 'position': position, 'title': title}
            for cohort_id in cohort_ids
            for year, titles in BUILT_IN.items()
            for position, title in enumerate(titles, start=1)
        ])
    # The plans already agreed: their year's tally says so (a row is made where none was).
    connection.execute(sa.text(
        "UPDATE year_tallies SET plan_agreed = 1 WHERE EXISTS (SELECT 1 FROM mentoring_plans p "
        "WHERE p.enrollment_id = year_tallies.enrollment_id "
        "AND p.program_year = year_tallies.program_year AND p.status = 'agreed')"
    ))
    connection.execute(sa.text(
        "INSERT INTO year_tallies (enrollment_id, program_year, meetings, contact_minutes, "
        "reflections, last_meeting_on, experiences, plan_agreed) "
        "SELECT p.enrollment_id, p.program_year, 0, 0, 0, NULL, 0, 1 FROM mentoring_plans p "
        "WHERE p.status = 'agreed' AND NOT EXISTS (SELECT 1 FROM year_tallies t "
        "WHERE t.enrollment_id = p.enrollment_id AND t.program_year = p.program_year)"
    ))


def downgrade():
    with op.batch_alter_table('year_tallies', schema=None) as batch_op:
        batch_op.drop_column('plan_agreed')
        batch_op.drop_column('experiences')

    with op.batch_alter_table('plan_goals', schema=None) as batch_op:
        batch_op.drop_column('done_on')

    for table in ('requirement_defaults', 'cohorts'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for year in (1, 2):
                batch_op.drop_constraint(op.f(f'ck_{table}_year{year}_plan_due_range'), type_='check')
            for column in REQUIREMENT_COLUMNS:
                batch_op.drop_constraint(op.f(f'ck_{table}_{column}_nonneg'), type_='check')
            for column in reversed(REQUIREMENT_COLUMNS):
                batch_op.drop_column(column)

    with op.batch_alter_table('experiences_done', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiences_done_experience_id'))

    op.drop_table('experiences_done')
    with op.batch_alter_table('essential_experiences', schema=None) as batch_op:
        batch_op.drop_index('ix_essential_experiences_cohort_year')

    op.drop_table('essential_experiences')
