"""Notification preferences: a row per person and kind turned off (no row: an email each time).

Revision ID: 1e3d46a45913
Revises: f80530dba5bb
Create Date: 2026-12-06 20:49:36.700520

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1e3d46a45913'
down_revision = 'f80530dba5bb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('choice', sa.Enum('immediate', 'off', name='choice', native_enum=False, create_constraint=True), nullable=False),
    sa.CheckConstraint("kind IN ('meetings', 'plans')", name=op.f('ck_notification_preferences_known_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )


def downgrade():
    op.drop_table('notification_preferences')
