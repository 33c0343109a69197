"""Notifications: the in-app list, weekly digests, four more kinds; and the outgoing mail queue.

Mail is no longer sent after commit by the request: it waits in outgoing_mails, written in the
same transaction, until a worker sends it. Preferences gain the weekly digest and the kinds
mentoring, reflections, sign_offs and certificates.

Revision ID: 8daa0c3def29
Revises: 7b5a5d775e16
Create Date: 2026-12-06 23:26:29.894514

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8daa0c3def29'
down_revision = '7b5a5d775e16'
branch_labels = None
depends_on = None

KINDS = "kind IN ('mentoring', 'meetings', 'reflections', 'plans', 'sign_offs', 'certificates')"


def upgrade():
    op.create_table('outgoing_mails',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('attachment_name', sa.String(length=255), nullable=True),
    sa.Column('attachment_type', sa.String(length=100), nullable=True),
    sa.Column('attachment_content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('send_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mails'))
    )
    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_mails_send_after'), ['send_after'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('delivery', sa.Enum('immediate', 'digest', 'off', name='delivery', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('digested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('event_key', sa.String(length=120), nullable=True),
    sa.CheckConstraint(KINDS, name=op.f('ck_notifications_known_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'event_key', name=op.f('uq_notifications_user_id_event_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_id_created_at', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notifications_user_id_read_at', ['user_id', 'read_at'], unique=False)

    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_preferences_known_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_notification_preferences_choice'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_preferences_known_kind'), KINDS)
        batch_op.create_check_constraint(
            op.f('ck_notification_preferences_choice'), "choice IN ('immediate', 'digest', 'off')"
        )



def downgrade():
    op.execute(
        "DELETE FROM notification_preferences "
        "WHERE kind NOT IN ('meetings', 'plans') OR choice = 'digest'"
    )
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_preferences_known_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_notification_preferences_choice'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notification_preferences_known_kind'), "kind IN ('meetings', 'plans')"
        )
        batch_op.create_check_constraint(
            op.f('ck_notification_preferences_choice'), "choice IN ('immediate', 'off')"
        )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_read_at')
        batch_op.drop_index('ix_notifications_user_id_created_at')

    op.drop_table('notifications')
    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_mails_send_after'))

    op.drop_table('outgoing_mails')
