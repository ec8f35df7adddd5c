"""verified e-mail: an account's address is trusted once its owner proved it, and a Shopify order is linked to
the account of its customer

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("user_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("shopify_customer_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_user_profile_shopify_customer_id", ["shopify_customer_id"])
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shopify_customer_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_order_meta_shopify_customer_id", ["shopify_customer_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.drop_index("ix_order_meta_shopify_customer_id")
        batch_op.drop_column("shopify_customer_id")
    with op.batch_alter_table("user_profile", schema=None) as batch_op:
        batch_op.drop_constraint("uq_user_profile_shopify_customer_id", type_="unique")
        batch_op.drop_column("shopify_customer_id")
        batch_op.drop_column("email_verified_at")
