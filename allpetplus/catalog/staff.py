"""Catalog management for staff: products on or off sale, variant prices and stock. Every function checks
the staff role."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.catalog.models import Product, ProductVariant
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.inputs import whole_number
from allpetplus.core.models import utcnow
from allpetplus.core.money import format_money
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin


class VariantRow(BaseModel):
    """A variant as staff edit it."""

    id: int
    sku: str
    title: str
    price: str
    price_input: str
    stock: int


class ProductRow(BaseModel):
    """A product with its variants."""

    id: int
    title: str
    is_active: bool
    variants: list[VariantRow]
    #: Its title, status, prices and stock belong to the connected Shopify store and are changed there.
    from_shopify: bool = False


def products(session: Session, actor: UserProfile | None, search: str = "") -> list[ProductRow]:
    """Products (by text in the title or a SKU) with their variants."""
    require_admin(actor)
    query = select(Product).order_by(Product.title)
    if search.strip():
        pattern = f"%{search.strip()}%"
        skus = select(ProductVariant.product_id).where(col(ProductVariant.sku).ilike(pattern))
        query = query.where(col(Product.title).ilike(pattern) | col(Product.id).in_(skus))
    rows = []
    for product in session.exec(query.limit(50)):
        variants = session.exec(
            select(ProductVariant).where(ProductVariant.product_id == product.id).order_by(ProductVariant.position)
        )
        rows.append(ProductRow(id=product.id, title=product.title, is_active=product.is_active,
                               from_shopify=product.shopify_id is not None, variants=[
            VariantRow(id=v.id, sku=v.sku, title=v.title, price=format_money(v.price_cents, v.currency),
                       price_input=f"{v.price_cents / 100:.2f}", stock=v.stock) for v in variants]))  # fmt: skip
    return rows


def update_variant(session: Session, actor: UserProfile | None, variant_id: int, price: str, stock: str) -> None:
    """Set a variant's price (in dollars, e.g. 24.99) and stock; both are checked."""
    require_admin(actor)
    variant = session.get(ProductVariant, variant_id)
    if variant is None:
        raise NotFound("That variant")
    _not_shopify_owned(session.get(Product, variant.product_id), "price")
    errors: dict[str, str] = {}
    try:
        cents = int((Decimal(price.strip().lstrip("$")) * 100).quantize(Decimal(1)))
        if not 1 <= cents <= 1_000_000:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["price"] = "Enter a price from 0.01 to 10,000.00."
        cents = 0
    units = whole_number(stock)
    if units is None or not 0 <= units <= 100_000:
        errors["stock"] = "Enter a whole number of units from 0 to 100,000."
    if errors:
        raise ValidationFailed(errors)
    variant.price_cents, variant.stock = cents, units
    session.add(variant)
    _touch(session, variant.product_id)
    session.flush()


def set_product_active(session: Session, actor: UserProfile | None, product_id: int, active: bool) -> None:
    """Put a product on sale or take it off (it stays in orders and carts' history)."""
    require_admin(actor)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("That product")
    _not_shopify_owned(product, "status")
    product.is_active = active
    product.updated_at = utcnow()
    session.add(product)
    session.flush()


def _not_shopify_owned(product: Product | None, field: str) -> None:
    """Refuse to change here what the connected Shopify store owns (the sync would undo it), saying where."""
    if product is not None and product.shopify_id is not None:
        raise ValidationFailed.one(field, f"“{product.title}” comes from Shopify: change its {field} in your Shopify "
                                   "admin (Products), and it is here within seconds.")  # fmt: skip


def _touch(session: Session, product_id: int) -> None:
    """Record that a product changed (its page, its offers and the sitemap's ``lastmod`` follow)."""
    product = session.get(Product, product_id)
    if product is not None:
        product.updated_at = utcnow()
        session.add(product)
