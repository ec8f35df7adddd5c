"""Catalog rules: what is listed, how a product's price range and availability are derived."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from allpetplus.catalog import search
from allpetplus.catalog.models import (
    CatalogPage,
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
#: Cards on one page of the catalogue.
PAGE_SIZE = 24
#: The most words of a search that count (a longer query is cut there).
MAX_SEARCH_TERMS = 8


def find_products(
    session: Session,
    *,
    category: str | None = None,
    species: str | None = None,
    query: str | None = None,
    size: str | None = None,
    colour: str | None = None,
    max_price_cents: int | None = None,
    sort: str = "featured",
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> CatalogPage:
    """One page of active products as cards, filtered, searched and sorted in the database, with how many
    match in all. A page past the last one is the last one."""
    stmt = _matching(session, category=category, species=species, query=query, size=size, colour=colour,
                     max_price_cents=max_price_cents)  # fmt: skip
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    cards = _cards(session, stmt, sort, size, colour, max_price_cents, limit=per_page, offset=(page - 1) * per_page)
    return CatalogPage(cards=cards, total=total, page=page, pages=pages, per_page=per_page)


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
    limit: int | None = None,
) -> list[ProductCard]:
    """Active products as cards (the first ``limit`` of them), filtered by category, species, text, size,
    colour and price, then sorted; ``find_products`` for a page of a large catalogue."""
    stmt = _matching(session, category=category, species=species, query=query, size=size, colour=colour,
                     max_price_cents=max_price_cents)  # fmt: skip
    return _cards(session, stmt, sort, size, colour, max_price_cents, limit=limit)


def featured_products(session: Session, limit: int = 4) -> list[ProductCard]:
    """Up to ``limit`` in-stock products for a landing page, one per category in shelf order."""
    picks: list[ProductCard] = []
    for category in list_categories(session):
        in_stock = select(ProductVariant.id).where(ProductVariant.product_id == Product.id, ProductVariant.stock > 0)
        stmt = _matching(session, category=category.slug).where(in_stock.exists())
        picks += _cards(session, stmt, "featured", None, None, None, limit=1)
        if len(picks) == limit:
            break
    return picks


def category_counts(session: Session) -> dict[str, int]:
    """How many active products each category (by slug) holds."""
    rows = session.exec(
        select(Category.slug, func.count(col(Product.id)))
        .join(Product, col(Product.category_id) == Category.id)
        .where(col(Product.is_active).is_(True))
        .group_by(Category.slug)
    )
    return dict(rows.all())


def _variant_rules(size: str | None, colour: str | None, max_price_cents: int | None) -> list[Any]:
    """What a variant must be for its product to match the size, colour and price filters (one variant must
    meet them all; a variant without a size fits every size)."""
    rules: list[Any] = []
    if size:
        rules.append(or_(col(ProductVariant.size) == size, col(ProductVariant.size).is_(None)))
    if colour:
        rules.append(func.lower(ProductVariant.colour) == colour.lower())
    if max_price_cents is not None:
        rules.append(col(ProductVariant.price_cents) <= max_price_cents)
    return rules


def _matching(
    session: Session,
    *,
    category: str | None = None,
    species: str | None = None,
    query: str | None = None,
    size: str | None = None,
    colour: str | None = None,
    max_price_cents: int | None = None,
) -> Select:
    stmt = (
        select(Product, Category)
        .join(Category, col(Product.category_id) == Category.id)
        .where(col(Product.is_active).is_(True))
    )
    if category:
        stmt = stmt.where(Category.slug == category)
    if species and species != "all":
        stmt = stmt.where(col(Product.species).in_([species, "all"]))
    if query and (found := search.matching_ids(session, query, MAX_SEARCH_TERMS)) is not None:
        stmt = stmt.where(col(Product.id).in_(found))
    if rules := _variant_rules(size, colour, max_price_cents):
        stmt = stmt.where(select(ProductVariant.id).where(ProductVariant.product_id == Product.id, *rules).exists())
    return stmt


def _cards(
    session: Session,
    stmt: Select,
    sort: str,
    size: str | None,
    colour: str | None,
    max_price_cents: int | None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ProductCard]:
    """The cards of ``stmt``'s products in ``sort`` order; a card's price range is that of the variants that
    match the filters."""
    rules = _variant_rules(size, colour, max_price_cents)
    lowest = (
        select(func.min(ProductVariant.price_cents))
        .where(ProductVariant.product_id == Product.id, *rules)
        .correlate(Product)
        .scalar_subquery()
    )
    order = {
        "price_asc": (lowest, col(Product.id)),
        "price_desc": (lowest.desc(), col(Product.id)),
        "name": (col(Product.title), col(Product.id)),
    }.get(sort, (col(Category.position), col(Product.title), col(Product.id)))
    rows = list(session.exec(stmt.order_by(*order).offset(offset).limit(limit)))
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
        cards.append(_card(product, cat, mine or variants.get(product.id, [])))
    return cards


def filter_options(session: Session) -> dict[str, list[str]]:
    """The sizes and colours that exist in the catalog, for the filter controls."""
    sizes = session.exec(select(ProductVariant.size).where(col(ProductVariant.size).is_not(None)).distinct()).all()
    colours = session.exec(
        select(ProductVariant.colour).where(col(ProductVariant.colour).is_not(None)).distinct()
    ).all()
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
