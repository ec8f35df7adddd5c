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


SORTS = {"featured", "price_asc", "price_desc", "name"}


def list_products(
    session: Session,
    *,
    category: str | None = None,
    species: str | None = None,
    query: str | None = None,
    size: str | None = None,
    colour: str | None = None,
    max_price_cents: int | None = None,
    sort: str = "featured",
) -> list[ProductCard]:
    """Active products as cards, filtered by category, species, text, size, colour and price, then sorted."""
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
    cards = []
    for product, cat in rows:
        mine = variants.get(product.id, [])
        if size:
            mine = [v for v in mine if v.size == size or v.size is None]
        if colour:
            mine = [v for v in mine if (v.colour or "").lower() == colour.lower()]
        if max_price_cents is not None:
            mine = [v for v in mine if v.price_cents <= max_price_cents]
        if (size or colour or max_price_cents is not None) and not mine:
            continue
        cards.append(_card(product, cat, mine or variants.get(product.id, [])))
    if sort == "price_asc":
        cards.sort(key=lambda c: c.min_price_cents)
    elif sort == "price_desc":
        cards.sort(key=lambda c: -c.min_price_cents)
    elif sort == "name":
        cards.sort(key=lambda c: c.title)
    return cards


def filter_options(session: Session) -> dict[str, list[str]]:
    """The sizes and colours that exist in the catalog, for the filter controls."""
    sizes = {v.size for v in session.exec(select(ProductVariant)) if v.size}
    colours = {v.colour for v in session.exec(select(ProductVariant)) if v.colour}
    return {"sizes": sorted(sizes, key=lambda s: (SIZE_ORDER.get(s, 99), s)), "colours": sorted(colours)}


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
        variants=[variant_out(v) for v in variants],
    )


def variant_out(variant: ProductVariant, product: str = "") -> VariantOut:
    """A variant as shoppers see it (with its product's name when given)."""
    return VariantOut(
        product=product,
        sku=variant.sku,
        title=variant.title,
        size=variant.size,
        colour=variant.colour,
        colour_hex=variant.colour_hex,
        price_cents=variant.price_cents,
        price=format_money(variant.price_cents, variant.currency),
        currency=variant.currency,
        stock=variant.stock,
        in_stock=variant.stock > 0,
    )


def product_names(session: Session, product_ids: list[int]) -> dict[int, str]:
    """Product id → name, for lists that mix variants of several products."""
    if not product_ids:
        return {}
    rows = session.exec(select(Product.id, Product.title).where(col(Product.id).in_(set(product_ids))))
    return {product_id: title for product_id, title in rows}


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
