"""sub-app sessions end with the main-app session they were handed over from

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | Sequence[str] | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_session_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_user_session_parent_id_user_session'), 'user_session', ['parent_id'], ['id'],
            ondelete='CASCADE',
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_session_parent_id_user_session'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_session_parent_id'))
        batch_op.drop_column('parent_id')
