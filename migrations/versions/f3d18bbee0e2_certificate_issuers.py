"""certificate issuers: the configured department, association, program, logos, signature
image and public URL stored once per configuration; certificates point at the one they were
issued under (none for those issued before: they keep layout 1)

Revision ID: f3d18bbee0e2
Revises: ad93a4a9d311
Create Date: 2026-12-06 20:04:55.837556

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3d18bbee0e2'
down_revision = 'ad93a4a9d311'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_issuers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('layout', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('association', sa.String(length=200), nullable=False),
    sa.Column('program', sa.String(length=200), nullable=False),
    sa.Column('public_url', sa.String(length=300), nullable=False),
    sa.Column('first_logo', sa.LargeBinary(), nullable=True),
    sa.Column('second_logo', sa.LargeBinary(), nullable=True),
    sa.Column('signature_image', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_issuers')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_certificate_issuers_fingerprint'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_certificates_issuer_id'), ['issuer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_issuer_id_certificate_issuers'), 'certificate_issuers', ['issuer_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificates_issuer_id_certificate_issuers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificates_issuer_id'))
        batch_op.drop_column('issuer_id')
    op.drop_table('certificate_issuers')
