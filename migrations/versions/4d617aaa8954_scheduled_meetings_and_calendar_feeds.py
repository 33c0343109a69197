"""Scheduled meetings (one row per occurrence) and calendar feeds (token digests).

Revision ID: 4d617aaa8954
Revises: c91c3729f370
Create Date: 2026-12-06 20:22:43.192779

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d617aaa8954'
down_revision = 'c91c3729f370'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_calendar_feeds_token_digest'))
    )
    op.create_table('scheduled_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plc_group_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('plc_group', 'one_on_one', name='meeting_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('topic', sa.Enum('counseling_skills', 'comprehensive_program', 'administrative_culture', 'ethics', 'student_support', 'collaboration', 'other', name='topic', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('video_url', sa.String(length=500), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('series', sa.String(length=32), nullable=True),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('is_cancelled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'one_on_one') = (enrollment_id IS NOT NULL)", name=op.f('ck_scheduled_meetings_one_on_one_has_mentee')),
    sa.CheckConstraint('duration_minutes BETWEEN 15 AND 480', name=op.f('ck_scheduled_meetings_duration_range')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_scheduled_meetings_sequence_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_scheduled_meetings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_scheduled_meetings_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plc_group_id'], ['plc_groups.id'], name=op.f('fk_scheduled_meetings_plc_group_id_plc_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_meetings')),
    sa.UniqueConstraint('uid', name=op.f('uq_scheduled_meetings_uid'))
    )
    with op.batch_alter_table('scheduled_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_meetings_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index('ix_scheduled_meetings_plc_group_id_starts_at', ['plc_group_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_meetings_series'), ['series'], unique=False)



def downgrade():
    with op.batch_alter_table('scheduled_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_meetings_series'))
        batch_op.drop_index('ix_scheduled_meetings_plc_group_id_starts_at')
        batch_op.drop_index(batch_op.f('ix_scheduled_meetings_enrollment_id'))

    op.drop_table('scheduled_meetings')
    op.drop_table('calendar_feeds')
