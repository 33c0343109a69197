"""specialist regions and the certification office role

A program specialist may be scoped to regions (specialist_regions: no row, statewide, as every
specialist is today: nothing to backfill). The certification office is a new role: the role
column grows to hold its value and its check constraint admits it.

Revision ID: ada92aae8205
Revises: 435fc300c59f
Create Date: 2026-12-07 03:10:43.876669

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ada92aae8205'
down_revision = '435fc300c59f'
branch_labels = None
depends_on = None

ROLE_CHECK = 'ck_users_role'  # the full name (op.f() marks it so below)
OLD_ROLES = ('specialist', 'mentor', 'mentee')
NEW_ROLES = (*OLD_ROLES, 'certification_office')


def _roles_check(roles) -> sa.TextClause:
    return sa.text(f"role IN ({', '.join(repr(role) for role in roles)})")


def upgrade():
    op.create_table('specialist_regions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_specialist_regions_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'region', name=op.f('pk_specialist_regions'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(ROLE_CHECK), type_='check')
        batch_op.alter_column('role',
               existing_type=sa.VARCHAR(length=10),
               type_=sa.String(length=20),
               existing_nullable=False)
        batch_op.create_check_constraint(op.f(ROLE_CHECK), _roles_check(NEW_ROLES))


def downgrade():
    op.execute(sa.text("DELETE FROM specialist_regions"))
    op.execute(sa.text("UPDATE users SET is_active = false WHERE role = 'certification_office'"))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(ROLE_CHECK), type_='check')
    # An office account cannot keep its role: it becomes a deactivated mentee.
    op.execute(sa.text("UPDATE users SET role = 'mentee' WHERE role = 'certification_office'"))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role',
               existing_type=sa.String(length=20),
               type_=sa.VARCHAR(length=10),
               existing_nullable=False)
        batch_op.create_check_constraint(op.f(ROLE_CHECK), _roles_check(OLD_ROLES))

    op.drop_table('specialist_regions')
