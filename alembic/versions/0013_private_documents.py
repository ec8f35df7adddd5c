"""private documents: licence and vaccination documents leave the public upload folder

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 09:00:00.000000

Licence documents and vaccination certificates were kept under ``VAR_DIR/uploads``, which every app serves
to anyone at ``/_upload/...``. They now live in ``VAR_DIR/private`` (owner-only), one ``private_document``
row each (owner, kind, storage key), and the records point at that row. This revision moves the existing
local files there and deletes the public copies. A document kept on Cloudinary under the old scheme (a
public delivery URL) cannot be moved without the network: its link is dropped (logged with a count) and
the owner uploads it again. Downgrading keeps the documents private: the old URL columns come back empty.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
import sqlmodel
from alembic import op

from allpetplus.core.settings import settings

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")
#: Licence column with a URL → (column with the document id, the document's kind).
LICENCE_DOCUMENTS = {
    'rabies_certificate_url': ('rabies_certificate_id', 'rabies_certificate'),
    'altered_proof_url': ('altered_proof_id', 'altered_proof'),
    'service_proof_url': ('service_proof_id', 'service_proof'),
}
CONTENT_TYPES = {'pdf': 'application/pdf', 'png': 'image/png', 'jpg': 'image/jpeg', 'gif': 'image/gif',
                 'webp': 'image/webp'}


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('private_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('storage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_profile.id'], name=op.f('fk_private_document_user_id_user_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_private_document')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_private_document_storage_key'))
    )
    with op.batch_alter_table('private_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_private_document_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('licence', schema=None) as batch_op:
        for column, _kind in LICENCE_DOCUMENTS.values():
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_licence_{column}'), [column], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_licence_{column}_private_document'), 'private_document',
                                        [column], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('pet_vaccination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_pet_vaccination_document_id'), ['document_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_pet_vaccination_document_id_private_document'), 'private_document',
                                    ['document_id'], ['id'], ondelete='SET NULL')

    _move_documents(op.get_bind())

    with op.batch_alter_table('licence', schema=None) as batch_op:
        for column in LICENCE_DOCUMENTS:
            batch_op.drop_column(column)
    with op.batch_alter_table('pet_vaccination', schema=None) as batch_op:
        batch_op.drop_column('document_url')


def _move_documents(conn: sa.Connection) -> None:
    """Each local document under the public upload folder becomes a private file with its owner's row;
    the public copy is deleted once every row points at the private one."""
    uploads, private = settings.VAR_DIR / 'uploads', settings.VAR_DIR / 'private'
    licence = sa.table('licence', sa.column('id'), sa.column('user_id'),
                       *(sa.column(c) for pair in LICENCE_DOCUMENTS.items() for c in (pair[0], pair[1][0])))
    vaccination = sa.table('pet_vaccination', sa.column('id'), sa.column('pet_id'), sa.column('document_url'),
                           sa.column('document_id'))
    pet = sa.table('pet_profile', sa.column('id'), sa.column('user_id'))
    document = sa.table('private_document', sa.column('id'), sa.column('user_id'), sa.column('kind'),
                        sa.column('storage'), sa.column('storage_key'), sa.column('content_type'),
                        sa.column('size_bytes'), sa.column('created_at'))
    moved: dict[str, int] = {}  # a renewal (or a licence prefilled from a pet) shares its document
    public_copies: list[Path] = []
    left_behind = 0

    def move(url: str | None, owner_id: int, kind: str) -> int | None:
        nonlocal left_behind
        if not url:
            return None
        if url in moved:
            return moved[url]
        source = (uploads / url.removeprefix('/_upload/')).resolve()
        extension = source.suffix.lstrip('.').lower()
        if not url.startswith('/_upload/') or not source.is_relative_to(uploads.resolve()) or not source.is_file() \
                or extension not in CONTENT_TYPES:
            left_behind += 1
            return None
        data = source.read_bytes()
        key = f'{secrets.token_urlsafe(24)}.{extension}'
        private.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(private / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'wb') as target:
            target.write(data)
        moved[url] = conn.execute(document.insert().values(
            user_id=owner_id, kind=kind, storage='local', storage_key=key, content_type=CONTENT_TYPES[extension],
            size_bytes=len(data), created_at=sa.func.now(),
        ).returning(document.c.id)).scalar_one()
        public_copies.append(source)
        return moved[url]

    for row in conn.execute(sa.select(licence)).mappings().all():
        ids = {id_column: move(row[url_column], row['user_id'], kind)
               for url_column, (id_column, kind) in LICENCE_DOCUMENTS.items()}
        if any(ids.values()):
            conn.execute(licence.update().where(licence.c.id == row['id']).values(ids))
    rows = conn.execute(sa.select(vaccination.c.id, vaccination.c.document_url, pet.c.user_id)
                        .join(pet, pet.c.id == vaccination.c.pet_id)).mappings().all()
    for row in rows:
        if document_id := move(row['document_url'], row['user_id'], 'vaccination_certificate'):
            conn.execute(vaccination.update().where(vaccination.c.id == row['id']).values(document_id=document_id))
    for path in public_copies:
        path.unlink(missing_ok=True)
    if left_behind:
        log.warning('%d document link(s) not under the local upload folder were dropped; their owners upload '
                    'them again', left_behind)


def downgrade() -> None:
    """Revert this revision (the documents stay private; the old URL columns come back empty)."""
    with op.batch_alter_table('pet_vaccination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_pet_vaccination_document_id_private_document'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_pet_vaccination_document_id'))
        batch_op.drop_column('document_id')
    with op.batch_alter_table('licence', schema=None) as batch_op:
        for url_column, (column, _kind) in LICENCE_DOCUMENTS.items():
            batch_op.add_column(sa.Column(url_column, sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
            batch_op.drop_constraint(batch_op.f(f'fk_licence_{column}_private_document'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_licence_{column}'))
            batch_op.drop_column(column)
    with op.batch_alter_table('private_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_private_document_user_id'))
    op.drop_table('private_document')
