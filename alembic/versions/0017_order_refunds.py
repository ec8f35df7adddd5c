"""order: refunds, in full or in part, and how much of an order has been given back

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 17:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refunded_cents", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "order_refund",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("order_meta.id", ondelete="CASCADE"), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("restocked", sa.Boolean(), nullable=False),
        sa.Column("stripe_refund_id", sa.String(length=255), nullable=True, unique=True),
        sa.Column("by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_order_refund_order_id", "order_refund", ["order_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_order_refund_order_id", table_name="order_refund")
    op.drop_table("order_refund")
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.drop_column("refunded_cents")
