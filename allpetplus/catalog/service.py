"""Catalog rules: what is listed, how a product's price range and availability are derived."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from allpetplus.catalog.models import (
    Category,
    CategoryOut,
    Product,
    ProductCard,
    ProductDetail,
    ProductVariant,
    VariantOut,
)
from allpetplus.core.money import format_money, format_range

SIZE_ORDER = {size: rank for rank, size in enumerate(["XS", "S", "M", "L", "XL", "XXL"])}


def list_categories(session: Session) -> list[CategoryOut]:
    """Categories in shelf order."""
    rows = session.exec(select(Category).order_by(Category.position, Category.name))
    return [CategoryOut(slug=c.slug, name=c.name, description=c.description, icon=c.icon) for c in rows]


def list_products(
    session: Session, *, category: str | None = None, species: str | None = None, query: str | None = None
) -> list[ProductCard]:
    """Active products as cards, optionally filtered by category slug, species and a text query."""
    stmt = (
        select(Product, Category)
        .join(Category, col(Product.category_id) == Category.id)
        .where(col(Product.is_active).is_(True))
        .order_by(Category.position, Product.title)
    )
    if category:
        stmt = stmt.where(Category.slug == category)
    if species and species != "all":
        stmt = stmt.where(col(Product.species).in_([species, "all"]))
    if query:
        pattern = f"%{query.strip()}%"
        stmt = stmt.where(col(Product.title).ilike(pattern) | col(Product.summary).ilike(pattern))
    rows = list(session.exec(stmt))
    variants = _variants_by_product(session, [product.id for product, _ in rows])
    return [_card(product, cat, variants.get(product.id, [])) for product, cat in rows]


def get_product(session: Session, handle: str) -> ProductDetail | None:
    """The product page for ``handle``, or ``None`` when no active product has it."""
    row = session.exec(
        select(Product, Category)
        .join(Category, col(Product.category_id) == Category.id)
        .where(Product.handle == handle, col(Product.is_active).is_(True))
    ).first()
    if row is None:
        return None
    product, cat = row
    variants = _variants_by_product(session, [product.id]).get(product.id, [])
    card = _card(product, cat, variants)
    sizes = sorted({v.size for v in variants if v.size}, key=lambda s: (SIZE_ORDER.get(s, 99), s))
    return ProductDetail(
        **card.model_dump(),
        description=product.description,
        sizes=sizes,
        variants=[
            VariantOut(
                sku=v.sku,
                title=v.title,
                size=v.size,
                colour=v.colour,
                colour_hex=v.colour_hex,
                price_cents=v.price_cents,
                price=format_money(v.price_cents, v.currency),
                currency=v.currency,
                stock=v.stock,
                in_stock=v.stock > 0,
            )
            for v in variants
        ],
    )


def _variants_by_product(session: Session, product_ids: list[int | None]) -> dict[int, list[ProductVariant]]:
    grouped: dict[int, list[ProductVariant]] = defaultdict(list)
    if not product_ids:
        return grouped
    stmt = (
        select(ProductVariant)
        .where(col(ProductVariant.product_id).in_(product_ids))
        .order_by(ProductVariant.position, ProductVariant.id)
    )
    for variant in session.exec(stmt):
        grouped[variant.product_id].append(variant)
    return grouped


def _card(product: Product, category: Category, variants: list[ProductVariant]) -> ProductCard:
    prices = [v.price_cents for v in variants] or [0]
    currency = variants[0].currency if variants else "USD"
    colours: list[str] = []
    for v in variants:
        if v.colour_hex and v.colour_hex not in colours:
            colours.append(v.colour_hex)
    return ProductCard(
        handle=product.handle,
        title=product.title,
        summary=product.summary,
        category=category.name,
        category_slug=category.slug,
        icon=category.icon,
        species=product.species,
        price=format_range(min(prices), max(prices), currency),
        min_price_cents=min(prices),
        currency=currency,
        colours=colours,
        in_stock=any(v.stock > 0 for v in variants),
    )
