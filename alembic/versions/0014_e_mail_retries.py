"""e-mail retries: attempts and the next attempt's time

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 05:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | Sequence[str] | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision (the new SENDING status fits the status column as it is: a string, no constraint)."""
    with op.batch_alter_table('email_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_email_message_next_attempt_at'), ['next_attempt_at'], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.execute("UPDATE email_message SET status = 'STORED' WHERE status = 'SENDING'")
    with op.batch_alter_table('email_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_message_next_attempt_at'))
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
