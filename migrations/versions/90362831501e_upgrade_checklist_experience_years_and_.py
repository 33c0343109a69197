"""ISS to CSS upgrade checklist: years of experience with their evaluations, professional development

Revision ID: 90362831501e
Revises: 4a960fdb32ec
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '90362831501e'
down_revision = '4a960fdb32ec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('development_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.Enum('contact_hours', 'semester_hours', name='credit_unit', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('credit_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(unit = 'contact_hours' AND credit_minutes > 0 AND credit_minutes = (credit_minutes / 30) * 30) OR (unit = 'semester_hours' AND credit_minutes > 0 AND credit_minutes = (credit_minutes / 450) * 450)", name=op.f('ck_development_activities_credit_in_half_units')),
    sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_development_activities_mentee_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_activities'))
    )
    with op.batch_alter_table('development_activities', schema=None) as batch_op:
        batch_op.create_index('ix_development_activities_mentee_id_completed_on', ['mentee_id', 'completed_on'], unique=False)

    op.create_table('experience_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('employer', sa.String(length=120), nullable=False),
    sa.Column('school_type', sa.Enum('public', 'accredited_nonpublic', 'unaccredited_nonpublic', name='school_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('accrediting_body', sa.Enum('nca', 'msa', 'neasc', 'nwac', 'wasc', 'sacs', 'nfnssaa', 'isacs', 'nlsa', 'mapcy', name='accrediting_body', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('is_contracted', sa.Boolean(), nullable=False),
    sa.Column('is_at_least_half_time', sa.Boolean(), nullable=False),
    sa.Column('evaluation_completed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(school_type = 'accredited_nonpublic') = (accrediting_body IS NOT NULL)", name=op.f('ck_experience_years_accrediting_body_when_accredited')),
    sa.CheckConstraint('start_year BETWEEN 1950 AND 2100', name=op.f('ck_experience_years_start_year_range')),
    sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_experience_years_mentee_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience_years')),
    sa.UniqueConstraint('mentee_id', 'start_year', name=op.f('uq_experience_years_mentee_id_start_year'))
    )


def downgrade():
    op.drop_table('experience_years')
    with op.batch_alter_table('development_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_development_activities_mentee_id_completed_on')

    op.drop_table('development_activities')
