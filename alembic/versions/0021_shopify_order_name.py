"""shopify order name: an order placed on Shopify keeps the name its customer knows it by (#1001), and the
fulfilment created in Shopify when staff ship it here

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_name", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("shopify_fulfillment_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.drop_column("shopify_fulfillment_id")
        batch_op.drop_column("source_name")
