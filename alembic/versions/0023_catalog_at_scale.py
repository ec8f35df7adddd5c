"""catalog at scale: indexes for the shop's filters and sorts, and full-text search on product names and
summaries (PostgreSQL: a GIN index on a tsvector; SQLite: an FTS5 table kept by triggers)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 05:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, ''))"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE product_search USING fts5(title, summary, content='product', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO product_search(rowid, title, summary) SELECT id, title, summary FROM product",
    "CREATE TRIGGER product_search_insert AFTER INSERT ON product BEGIN "
    "INSERT INTO product_search(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
    "CREATE TRIGGER product_search_delete AFTER DELETE ON product BEGIN "
    "INSERT INTO product_search(product_search, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); END",
    "CREATE TRIGGER product_search_update AFTER UPDATE OF title, summary ON product BEGIN "
    "INSERT INTO product_search(product_search, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); "
    "INSERT INTO product_search(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
]


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_product_active_category", "product", ["is_active", "category_id"])
    op.create_index("ix_product_title", "product", ["title", "id"])
    op.create_index("ix_product_variant_product_price", "product_variant", ["product_id", "price_cents"])
    # The colour filter compares without case; the index also gives the planner that expression's statistics.
    op.execute("CREATE INDEX ix_product_variant_colour ON product_variant (lower(colour))")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_product_search ON product USING gin ({PG_DOCUMENT})")
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_product_search")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER product_search_{trigger}")
        op.execute("DROP TABLE product_search")
    op.execute("DROP INDEX ix_product_variant_colour")
    op.drop_index("ix_product_variant_product_price", table_name="product_variant")
    op.drop_index("ix_product_title", table_name="product")
    op.drop_index("ix_product_active_category", table_name="product")
