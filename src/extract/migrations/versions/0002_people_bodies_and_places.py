"""People, bodies and places: shared tables keyed by the records' keys, and which documents name them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('key', sa.String(length=500), nullable=False, comment='folded name @ where they serve: lê-quang-hùng@tỉnh-thanh-hóa'),
    sa.Column('name', sa.Text(), nullable=False, comment='the name as first written'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_people'))
    )
    op.create_table('places',
    sa.Column('key', sa.String(length=500), nullable=False, comment="'{set}:{level}:{code}'"),
    sa.Column('unit_set', sa.String(length=16), nullable=False, comment='legacy-63 (before 2025-07-01) or 2025-34'),
    sa.Column('level', sa.String(length=16), nullable=False, comment='province, district or ward'),
    sa.Column('type', sa.String(length=40), nullable=False, comment='Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, …'),
    sa.Column('name', sa.Text(), nullable=False, comment='official name, e.g. Huyện Hoằng Hóa'),
    sa.Column('code', sa.String(length=16), nullable=False, comment='official code at its level'),
    sa.Column('province_code', sa.String(length=16), nullable=False),
    sa.Column('district_code', sa.String(length=16), nullable=True),
    sa.Column('path', sa.Text(), nullable=False, comment='names from the province down: tỉnh-thanh-hóa/huyện-hoằng-hóa'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_places'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_province_code'), ['province_code'], unique=False)

    op.create_table('bodies',
    sa.Column('key', sa.String(length=500), nullable=False, comment='place path / body path'),
    sa.Column('expanded', sa.Text(), nullable=False, comment='full name qualified by its place'),
    sa.Column('scope', sa.String(length=16), nullable=True, comment='national, province, district, ward or foreign'),
    sa.Column('place_key', sa.String(length=500), nullable=True),
    sa.Column('part_of', sa.String(length=500), nullable=True, comment='the body it is part of (Thường trực HĐND → HĐND)'),
    sa.ForeignKeyConstraint(['part_of'], ['bodies.key'], name=op.f('fk_bodies_part_of_bodies')),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_bodies_place_key_places')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bodies'))
    )
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bodies_place_key'), ['place_key'], unique=False)

    op.create_table('document_places',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('place_key', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False, comment='as first written, or the official name where only implied'),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.Column('implied', sa.Boolean(), nullable=False, comment='not written: the province of a named district'),
    sa.Column('renamed', sa.Boolean(), nullable=False, comment='written under a former name or type'),
    sa.Column('supervised', sa.Boolean(), nullable=False, comment="the supervision's target (or its unit)"),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_places_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_document_places_place_key_places')),
    sa.PrimaryKeyConstraint('document_id', 'place_key', name=op.f('pk_document_places'))
    )
    with op.batch_alter_table('document_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_places_place_key'), ['place_key'], unique=False)

    op.create_table('document_bodies',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('body_key', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False, comment='as first written'),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_key'], ['bodies.key'], name=op.f('fk_document_bodies_body_key_bodies')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_bodies_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'body_key', name=op.f('pk_document_bodies'))
    )
    with op.batch_alter_table('document_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_bodies_body_key'), ['body_key'], unique=False)

    op.create_table('document_people',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('official_position', sa.Integer(), nullable=False, comment="the official's row"),
    sa.Column('person_key', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'official_position'], ['officials.document_id', 'officials.position'], name=op.f('fk_document_people_document_id_official_position_officials'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_key'], ['people.key'], name=op.f('fk_document_people_person_key_people')),
    sa.PrimaryKeyConstraint('document_id', 'official_position', name=op.f('pk_document_people'))
    )
    with op.batch_alter_table('document_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_people_person_key'), ['person_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_people_person_key'))

    op.drop_table('document_people')
    with op.batch_alter_table('document_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_bodies_body_key'))

    op.drop_table('document_bodies')
    with op.batch_alter_table('document_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_places_place_key'))

    op.drop_table('document_places')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bodies_place_key'))

    op.drop_table('bodies')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_province_code'))
        batch_op.drop_index(batch_op.f('ix_places_level'))

    op.drop_table('places')
    op.drop_table('people')
