"""mentor vetting, cohorts, PLC groups, enrollments and requirements

Revision ID: 7b9822f28bbb
Revises: c2f959734170
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b9822f28bbb'
down_revision = 'c2f959734170'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planning', 'active', 'completed', 'archived', name='cohort_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('year1_min_meetings', sa.Integer(), nullable=False),
    sa.Column('year1_min_contact_minutes', sa.Integer(), nullable=False),
    sa.Column('year1_min_reflections', sa.Integer(), nullable=False),
    sa.Column('year2_min_meetings', sa.Integer(), nullable=False),
    sa.Column('year2_min_contact_minutes', sa.Integer(), nullable=False),
    sa.Column('year2_min_reflections', sa.Integer(), nullable=False),
    sa.Column('at_risk_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('at_risk_days >= 0', name=op.f('ck_cohorts_at_risk_days_nonneg')),
    sa.CheckConstraint('start_year BETWEEN 2000 AND 2100', name=op.f('ck_cohorts_start_year_range')),
    sa.CheckConstraint('year1_min_contact_minutes >= 0', name=op.f('ck_cohorts_year1_min_contact_minutes_nonneg')),
    sa.CheckConstraint('year1_min_meetings >= 0', name=op.f('ck_cohorts_year1_min_meetings_nonneg')),
    sa.CheckConstraint('year1_min_reflections >= 0', name=op.f('ck_cohorts_year1_min_reflections_nonneg')),
    sa.CheckConstraint('year2_min_contact_minutes >= 0', name=op.f('ck_cohorts_year2_min_contact_minutes_nonneg')),
    sa.CheckConstraint('year2_min_meetings >= 0', name=op.f('ck_cohorts_year2_min_meetings_nonneg')),
    sa.CheckConstraint('year2_min_reflections >= 0', name=op.f('ck_cohorts_year2_min_reflections_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts'))
    )
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohorts_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohorts_start_year'), ['start_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohorts_status'), ['status'], unique=False)

    op.create_table('requirement_defaults',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year1_min_meetings', sa.Integer(), nullable=False),
    sa.Column('year1_min_contact_minutes', sa.Integer(), nullable=False),
    sa.Column('year1_min_reflections', sa.Integer(), nullable=False),
    sa.Column('year2_min_meetings', sa.Integer(), nullable=False),
    sa.Column('year2_min_contact_minutes', sa.Integer(), nullable=False),
    sa.Column('year2_min_reflections', sa.Integer(), nullable=False),
    sa.Column('at_risk_days', sa.Integer(), nullable=False),
    sa.CheckConstraint('at_risk_days >= 0', name=op.f('ck_requirement_defaults_at_risk_days_nonneg')),
    sa.CheckConstraint('year1_min_contact_minutes >= 0', name=op.f('ck_requirement_defaults_year1_min_contact_minutes_nonneg')),
    sa.CheckConstraint('year1_min_meetings >= 0', name=op.f('ck_requirement_defaults_year1_min_meetings_nonneg')),
    sa.CheckConstraint('year1_min_reflections >= 0', name=op.f('ck_requirement_defaults_year1_min_reflections_nonneg')),
    sa.CheckConstraint('year2_min_contact_minutes >= 0', name=op.f('ck_requirement_defaults_year2_min_contact_minutes_nonneg')),
    sa.CheckConstraint('year2_min_meetings >= 0', name=op.f('ck_requirement_defaults_year2_min_meetings_nonneg')),
    sa.CheckConstraint('year2_min_reflections >= 0', name=op.f('ck_requirement_defaults_year2_min_reflections_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_defaults'))
    )
    op.create_table('mentee_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('grade_level', sa.Enum('elementary', 'middle', 'high', name='grade_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('kind', sa.Enum('new', 'returning', name='mentee_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=True),
    sa.Column('iss_issued_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentee_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentee_profiles'))
    )
    with op.batch_alter_table('mentee_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentee_profiles_district'), ['district'], unique=False)

    op.create_table('mentor_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('grade_levels', sa.String(length=32), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('years_experience', sa.Integer(), nullable=False),
    sa.Column('association_number', sa.String(length=40), nullable=False),
    sa.Column('association_expires_on', sa.Date(), nullable=False),
    sa.Column('holds_career_certificate', sa.Boolean(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('reference1_name', sa.String(length=120), nullable=False),
    sa.Column('reference1_email', sa.String(length=254), nullable=False),
    sa.Column('reference2_name', sa.String(length=120), nullable=False),
    sa.Column('reference2_email', sa.String(length=254), nullable=False),
    sa.Column('commits_two_years', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'approved', 'declined', 'withdrawn', name='application_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.String(length=1000), nullable=True),
    sa.Column('override_reason', sa.String(length=1000), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_mentor_applications_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentor_applications_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_applications'))
    )
    with op.batch_alter_table('mentor_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_applications_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_applications_status'), ['status'], unique=False)

    op.create_table('mentor_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('grade_levels', sa.String(length=32), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('years_experience', sa.Integer(), nullable=False),
    sa.Column('association_number', sa.String(length=40), nullable=False),
    sa.Column('association_expires_on', sa.Date(), nullable=False),
    sa.Column('holds_career_certificate', sa.Boolean(), nullable=False),
    sa.Column('vetting_approved_on', sa.Date(), nullable=False),
    sa.Column('training_completed_on', sa.Date(), nullable=True),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity BETWEEN 1 AND 30', name=op.f('ck_mentor_profiles_capacity_range')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentor_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentor_profiles'))
    )
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_profiles_region'), ['region'], unique=False)

    op.create_table('plc_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('active_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('active_count >= 0 AND active_count <= capacity', name=op.f('ck_plc_groups_within_capacity')),
    sa.CheckConstraint('capacity BETWEEN 1 AND 30', name=op.f('ck_plc_groups_capacity_range')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_plc_groups_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_plc_groups_mentor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plc_groups')),
    sa.UniqueConstraint('cohort_id', 'mentor_id', name=op.f('uq_plc_groups_cohort_id_mentor_id'))
    )
    with op.batch_alter_table('plc_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plc_groups_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('enrollments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('plc_group_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'withdrawn', 'completed', name='enrollment_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_enrollments_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_enrollments_mentee_id_users')),
    sa.ForeignKeyConstraint(['plc_group_id'], ['plc_groups.id'], name=op.f('fk_enrollments_plc_group_id_plc_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollments')),
    sa.UniqueConstraint('cohort_id', 'mentee_id', name=op.f('uq_enrollments_cohort_id_mentee_id'))
    )
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollments_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollments_plc_group_id'), ['plc_group_id'], unique=False)
        batch_op.create_index('uq_enrollments_active_mentee', ['mentee_id'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('plc_group_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('conflict_reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_assignments_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_assignments_mentor_id_users')),
    sa.ForeignKeyConstraint(['plc_group_id'], ['plc_groups.id'], name=op.f('fk_assignments_plc_group_id_plc_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index('uq_assignments_open_enrollment', ['enrollment_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))



def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('uq_assignments_open_enrollment', sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_assignments_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_enrollment_id'))

    op.drop_table('assignments')
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_index('uq_enrollments_active_mentee', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.drop_index(batch_op.f('ix_enrollments_plc_group_id'))
        batch_op.drop_index(batch_op.f('ix_enrollments_cohort_id'))

    op.drop_table('enrollments')
    with op.batch_alter_table('plc_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plc_groups_mentor_id'))

    op.drop_table('plc_groups')
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_profiles_region'))

    op.drop_table('mentor_profiles')
    with op.batch_alter_table('mentor_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_applications_status'))
        batch_op.drop_index(batch_op.f('ix_mentor_applications_email'))

    op.drop_table('mentor_applications')
    with op.batch_alter_table('mentee_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentee_profiles_district'))

    op.drop_table('mentee_profiles')
    op.drop_table('requirement_defaults')
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohorts_status'))
        batch_op.drop_index(batch_op.f('ix_cohorts_start_year'))
        batch_op.drop_index(batch_op.f('ix_cohorts_region'))

    op.drop_table('cohorts')
