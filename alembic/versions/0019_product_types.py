"""product types: each saved design, cart line and order line names the registered type it is a design of

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 22:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("saved_design", "cart_line", "order_line")


def upgrade() -> None:
    """Apply this revision: every design so far is a harness."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("product_type", sa.String(length=32), nullable=False, server_default="harness")
            )


def downgrade() -> None:
    """Revert this revision."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("product_type")
