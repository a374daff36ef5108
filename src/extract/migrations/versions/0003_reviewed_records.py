"""Reviewed records: whether a document's rows are a person's corrected record, by whom and when,
and the machine's record kept beside it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False,
                                      comment="the rows are a reviewer's corrected record (giamsat apply)"))
        batch_op.add_column(sa.Column('reviewed_by', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.String(length=40), nullable=True, comment='ISO 8601'))
        batch_op.add_column(sa.Column('corrections', sa.Text(), nullable=True, comment='the corrections file applied'))
        batch_op.add_column(sa.Column('machine_record', sa.Text(), nullable=True,
                                      comment="the machine's record as JSON (its text in documents.text), where a "
                                              "reviewed one took its place in the rows"))
        batch_op.create_index(batch_op.f('ix_documents_reviewed'), ['reviewed'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_reviewed'))
        for name in ('machine_record', 'corrections', 'reviewed_at', 'reviewed_by', 'reviewed'):
            batch_op.drop_column(name)
