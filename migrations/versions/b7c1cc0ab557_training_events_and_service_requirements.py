"""Mentor service: training events (regional trainings, mentor forums) with their attendance, and
the service requirements of each school year. New tables only: nothing to backfill.

Revision ID: b7c1cc0ab557
Revises: 52a2f918ae1e
Create Date: 2026-12-06 23:35:31.514429

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1cc0ab557'
down_revision = '52a2f918ae1e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('service_requirements',
    sa.Column('school_year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('min_trainings', sa.Integer(), nullable=False),
    sa.Column('min_meetings', sa.Integer(), nullable=False),
    sa.Column('min_contact_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('min_contact_minutes >= 0', name=op.f('ck_service_requirements_min_contact_minutes_nonneg')),
    sa.CheckConstraint('min_meetings >= 0', name=op.f('ck_service_requirements_min_meetings_nonneg')),
    sa.CheckConstraint('min_trainings >= 0', name=op.f('ck_service_requirements_min_trainings_nonneg')),
    sa.CheckConstraint('school_year BETWEEN 2000 AND 2100', name=op.f('ck_service_requirements_school_year_range')),
    sa.PrimaryKeyConstraint('school_year', name=op.f('pk_service_requirements'))
    )
    op.create_table('training_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('regional_training', 'mentor_forum', name='training_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes BETWEEN 15 AND 2400', name=op.f('ck_training_events_minutes_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_events'))
    )
    with op.batch_alter_table('training_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_events_held_on'), ['held_on'], unique=False)

    op.create_table('training_attendance',
    sa.Column('training_event_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_training_attendance_mentor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_training_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['training_event_id'], ['training_events.id'], name=op.f('fk_training_attendance_training_event_id_training_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('training_event_id', 'mentor_id', name=op.f('pk_training_attendance'))
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_mentor_id'), ['mentor_id'], unique=False)



def downgrade():
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_mentor_id'))

    op.drop_table('training_attendance')
    with op.batch_alter_table('training_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_events_held_on'))

    op.drop_table('training_events')
    op.drop_table('service_requirements')
