"""shopify catalog: products and variants that come from a Shopify store keep their Shopify ids, the version
applied, the product's photo, the compare-at price and the inventory item

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 01:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: every product so far is the shop's own (no Shopify id)."""
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shopify_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("source_updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("image_url", sa.String(length=500), nullable=True))
        batch_op.create_unique_constraint("uq_product_shopify_id", ["shopify_id"])
    with op.batch_alter_table("product_variant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("compare_at_cents", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("shopify_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("inventory_item_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_product_variant_shopify_id", ["shopify_id"])
        batch_op.create_index("ix_product_variant_inventory_item_id", ["inventory_item_id"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("product_variant", schema=None) as batch_op:
        batch_op.drop_index("ix_product_variant_inventory_item_id")
        batch_op.drop_constraint("uq_product_variant_shopify_id", type_="unique")
        batch_op.drop_column("inventory_item_id")
        batch_op.drop_column("shopify_id")
        batch_op.drop_column("compare_at_cents")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_constraint("uq_product_shopify_id", type_="unique")
        batch_op.drop_column("image_url")
        batch_op.drop_column("source_updated_at")
        batch_op.drop_column("shopify_id")
