"""meetings with attendance, reflections, year sign-offs and reminders

Revision ID: 70b3eb6850d6
Revises: 4608afa3c8b9
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '70b3eb6850d6'
down_revision = '4608afa3c8b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sent_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('mentor_no_meeting', 'mentee_no_reflection', name='reminder_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sent_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminders'))
    )
    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.create_index('ix_sent_reminders_user_id_sent_at', ['user_id', 'sent_at'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plc_group_id', sa.Integer(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('format', sa.Enum('in_person', 'virtual', 'phone', name='meeting_format', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('kind', sa.Enum('plc_group', 'one_on_one', name='meeting_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('topics', sa.String(length=200), nullable=False),
    sa.Column('focus', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('next_meeting_on', sa.Date(), nullable=True),
    sa.Column('private_notes', sa.Text(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes BETWEEN 15 AND 480', name=op.f('ck_meetings_duration_range')),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_meetings_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['users.id'], name=op.f('fk_meetings_logged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plc_group_id'], ['plc_groups.id'], name=op.f('fk_meetings_plc_group_id_plc_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_meetings_submission_token'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_plc_group_id_held_on', ['plc_group_id', 'held_on'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_meeting_attendance_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'enrollment_id', name=op.f('pk_meeting_attendance'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_enrollment_id'), ['enrollment_id'], unique=False)

    op.create_table('reflections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('is_shared', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentor_reply', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_reflections_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_reflections_author_id_users')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_reflections_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_reflections_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_reflections_mentor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflections'))
    )
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflections_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_reflections_enrollment_id_written_on', ['enrollment_id', 'written_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflections_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('year_sign_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('on_behalf_reason', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_year_sign_offs_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_year_sign_offs_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_year_sign_offs_signed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_year_sign_offs')),
    sa.UniqueConstraint('enrollment_id', 'program_year', name=op.f('uq_year_sign_offs_enrollment_id_program_year'))
    )


def downgrade():
    op.drop_table('year_sign_offs')
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflections_mentor_id'))
        batch_op.drop_index('ix_reflections_enrollment_id_written_on')
        batch_op.drop_index(batch_op.f('ix_reflections_author_id'))

    op.drop_table('reflections')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_enrollment_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_plc_group_id_held_on')

    op.drop_table('meetings')
    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_sent_reminders_user_id_sent_at')

    op.drop_table('sent_reminders')
