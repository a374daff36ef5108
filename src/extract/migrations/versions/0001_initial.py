"""Initial schema: documents, officials and their titles, dates, figures, recommendations, warnings.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False, comment='sha256 of the source bytes'),
    sa.Column('status', sa.String(length=8), nullable=False, comment='ok, or error for inputs that could not be read'),
    sa.Column('schema_version', sa.String(length=8), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('media_type', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True, comment='the normalised text every span points into'),
    sa.Column('error_kind', sa.String(length=20), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('supervision_body', sa.Text(), nullable=True),
    sa.Column('supervision_body_start', sa.Integer(), nullable=True),
    sa.Column('supervision_body_end', sa.Integer(), nullable=True),
    sa.Column('supervision_target', sa.Text(), nullable=True),
    sa.Column('supervision_target_start', sa.Integer(), nullable=True),
    sa.Column('supervision_target_end', sa.Integer(), nullable=True),
    sa.Column('supervision_topic', sa.Text(), nullable=True),
    sa.Column('supervision_topic_start', sa.Integer(), nullable=True),
    sa.Column('supervision_topic_end', sa.Integer(), nullable=True),
    sa.Column('supervision_period', sa.Text(), nullable=True),
    sa.Column('supervision_period_value', sa.String(length=64), nullable=True),
    sa.Column('supervision_period_start', sa.Integer(), nullable=True),
    sa.Column('supervision_period_end', sa.Integer(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_error_kind'), ['error_kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_source_path'), ['source_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_status'), ['status'], unique=False)

    op.create_table('dates',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False, comment='ISO 8601, START/END for periods'),
    sa.Column('value_start', sa.String(length=32), nullable=False, comment='the value, or the start of a period'),
    sa.Column('value_end', sa.String(length=32), nullable=False, comment='the value, or the end of a period'),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_dates_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'position', name=op.f('pk_dates'))
    )
    with op.batch_alter_table('dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dates_value'), ['value'], unique=False)

    op.create_table('figures',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('figure_id', sa.String(length=16), nullable=False, comment='f1, f2, … within the document'),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('qualifier', sa.Text(), nullable=True),
    sa.Column('part_of', sa.String(length=16), nullable=True, comment='figure_id of the whole this figure breaks down'),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'part_of'], ['figures.document_id', 'figures.figure_id'], name=op.f('fk_figures_document_id_part_of_figures')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_figures_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'figure_id', name=op.f('pk_figures'))
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_category'), ['category'], unique=False)
        batch_op.create_index('ix_figures_document_id_part_of', ['document_id', 'part_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_unit'), ['unit'], unique=False)

    op.create_table('officials',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment="index in the record's list"),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=True, comment='the first mention'),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_officials_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'position', name=op.f('pk_officials'))
    )
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officials_name'), ['name'], unique=False)

    op.create_table('recommendations',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.Text(), nullable=True, comment="the record's `by`"),
    sa.Column('requested_by_start', sa.Integer(), nullable=True),
    sa.Column('requested_by_end', sa.Integer(), nullable=True),
    sa.Column('addressee', sa.Text(), nullable=True),
    sa.Column('addressee_start', sa.Integer(), nullable=True),
    sa.Column('addressee_end', sa.Integer(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_recommendations_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'position', name=op.f('pk_recommendations'))
    )
    op.create_table('warnings',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_warnings_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'position', name=op.f('pk_warnings'))
    )
    with op.batch_alter_table('warnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warnings_code'), ['code'], unique=False)

    op.create_table('official_titles',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('official_position', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('expanded', sa.Text(), nullable=True, comment='abbreviations spelled out'),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id', 'official_position'], ['officials.document_id', 'officials.position'], name=op.f('fk_official_titles_document_id_official_position_officials'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'official_position', 'position', name=op.f('pk_official_titles'))
    )


def downgrade() -> None:
    op.drop_table('official_titles')
    with op.batch_alter_table('warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warnings_code'))

    op.drop_table('warnings')
    op.drop_table('recommendations')
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officials_name'))

    op.drop_table('officials')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_unit'))
        batch_op.drop_index('ix_figures_document_id_part_of')
        batch_op.drop_index(batch_op.f('ix_figures_category'))

    op.drop_table('figures')
    with op.batch_alter_table('dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dates_value'))

    op.drop_table('dates')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_status'))
        batch_op.drop_index(batch_op.f('ix_documents_source_path'))
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_error_kind'))

    op.drop_table('documents')
