"""PLC curriculum: the program's topic list (seeded with the program's own topics), each
cohort's topic per month of a program year, its links and files (bytes in the database), and the
topic a logged meeting covered. Evidence files' content type grows to 80 characters, the length
of the DOCX and PPTX types that core/files.py now shares with it.

Revision ID: bdf63aff9d31
Revises: cacc7c47e029
Create Date: 2026-12-06 23:27:58.526235

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

from mentoring.curriculum.seed import PROGRAM_TOPICS


# revision identifiers, used by Alembic.
revision = 'bdf63aff9d31'
down_revision = 'cacc7c47e029'
branch_labels = None
depends_on = None


def upgrade():
    topics = op.create_table('curriculum_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_topics')),
    sa.UniqueConstraint('title', name=op.f('uq_curriculum_topics_title'))
    )
    now = datetime.now(UTC)
    op.bulk_insert(topics, [{"title": title, "created_at": now} for title in PROGRAM_TOPICS])
    op.create_table('curriculum_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('program_year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_curriculum_months_month_range')),
    sa.CheckConstraint('program_year IN (1, 2)', name=op.f('ck_curriculum_months_program_year_1_or_2')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_curriculum_months_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_months')),
    sa.UniqueConstraint('cohort_id', 'program_year', 'month', name=op.f('uq_curriculum_months_cohort_id_program_year_month'))
    )
    op.create_table('curriculum_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=80), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size_bytes > 0', name=op.f('ck_curriculum_files_size_positive')),
    sa.ForeignKeyConstraint(['month_id'], ['curriculum_months.id'], name=op.f('fk_curriculum_files_month_id_curriculum_months'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_files'))
    )
    with op.batch_alter_table('curriculum_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_curriculum_files_month_id'), ['month_id'], unique=False)

    op.create_table('curriculum_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('label', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['month_id'], ['curriculum_months.id'], name=op.f('fk_curriculum_links_month_id_curriculum_months'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_links'))
    )
    with op.batch_alter_table('curriculum_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_curriculum_links_month_id'), ['month_id'], unique=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('curriculum_month_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meetings_curriculum_month_id'), ['curriculum_month_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meetings_curriculum_month_id_curriculum_months'), 'curriculum_months', ['curriculum_month_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('upgrade_evidence_files', schema=None) as batch_op:
        batch_op.alter_column('content_type',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=80),
               existing_nullable=False)



def downgrade():
    with op.batch_alter_table('upgrade_evidence_files', schema=None) as batch_op:
        batch_op.alter_column('content_type',
               existing_type=sa.String(length=80),
               type_=sa.VARCHAR(length=40),
               existing_nullable=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_curriculum_month_id_curriculum_months'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meetings_curriculum_month_id'))
        batch_op.drop_column('curriculum_month_id')

    with op.batch_alter_table('curriculum_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_curriculum_links_month_id'))

    op.drop_table('curriculum_links')
    with op.batch_alter_table('curriculum_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_curriculum_files_month_id'))

    op.drop_table('curriculum_files')
    op.drop_table('curriculum_months')
    op.drop_table('curriculum_topics')
