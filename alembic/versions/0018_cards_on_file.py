"""cards on file: a Stripe Customer per account, saved cards, and the card payment of each box renewal

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "payment_customer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_profile.id", ondelete="CASCADE"), nullable=False,
                  unique=True),  # fmt: skip
        sa.Column("stripe_customer_id", sa.String(length=255), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "saved_card",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_profile.id", ondelete="CASCADE"), nullable=False),
        sa.Column("payment_method_id", sa.String(length=255), nullable=False, unique=True),
        sa.Column("brand", sa.String(length=24), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("exp_month", sa.Integer(), nullable=False),
        sa.Column("exp_year", sa.Integer(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_saved_card_user_id", "saved_card", ["user_id"])
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hold_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("subscription_renewal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("first_failed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_attempt", sa.Date(), nullable=True))
        batch_op.create_index("ix_subscription_renewal_next_attempt", ["next_attempt"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("subscription_renewal", schema=None) as batch_op:
        batch_op.drop_index("ix_subscription_renewal_next_attempt")
        for column in ("next_attempt", "first_failed_on", "attempts", "payment"):
            batch_op.drop_column(column)
    with op.batch_alter_table("order_meta", schema=None) as batch_op:
        batch_op.drop_column("hold_until")
    op.drop_index("ix_saved_card_user_id", table_name="saved_card")
    op.drop_table("saved_card")
    op.drop_table("payment_customer")
