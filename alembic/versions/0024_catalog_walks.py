"""price sorts walk a (price, product) index, shelf order walks each shelf's (category, title) index, and a
product's variants' filter columns are in one index (a count of the products with a fitting variant reads it alone)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.drop_index("ix_product_variant_product_price", table_name="product_variant")
    op.create_index("ix_product_variant_price", "product_variant", ["price_cents", "product_id"])
    op.create_index("ix_product_variant_filters", "product_variant", ["product_id", "size", "price_cents", "colour"])
    op.create_index("ix_product_shelf", "product", ["category_id", "title", "id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_product_shelf", table_name="product")
    op.drop_index("ix_product_variant_filters", table_name="product_variant")
    op.drop_index("ix_product_variant_price", table_name="product_variant")
    op.create_index("ix_product_variant_product_price", "product_variant", ["product_id", "price_cents"])
