"""Catalog rules: what is listed, how a product's price range and availability are derived."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from sqlalchemy import func, or_, tuple_
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


@dataclasses.dataclass(frozen=True)
class Filters:
    """What a shopper narrowed the catalogue to (``None``: not narrowed)."""

    category: str | None = None
    species: str | None = None
    query: str | None = None
    size: str | None = None
    colour: str | None = None
    max_price_cents: int | None = None

    def variant_rules(self) -> list[Any]:
        """What a variant must be for its product to match the size, colour and price filters (one variant must
        meet them all; a variant without a size fits every size)."""
        rules: list[Any] = []
        if self.size:
            rules.append(or_(col(ProductVariant.size) == self.size, col(ProductVariant.size).is_(None)))
        if self.colour:
            rules.append(func.lower(ProductVariant.colour) == self.colour.lower())
        if self.max_price_cents is not None:
            rules.append(col(ProductVariant.price_cents) <= self.max_price_cents)
        return rules

    def fits(self, variant: Any) -> bool:
        """Whether ``variant`` meets the size, colour and price filters (``variant_rules``, in Python)."""
        return (
            (not self.size or variant.size in (self.size, None))
            and (not self.colour or (variant.colour or "").lower() == self.colour.lower())
            and (self.max_price_cents is None or variant.price_cents <= self.max_price_cents)
        )


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
    filters = Filters(category, species, query, size, colour, max_price_cents)
    page = max(page, 1)
    rules = _product_rules(session, filters)  # once: a search is a query of its own
    ids = _page_ids(session, filters, rules, sort, limit=per_page, offset=(page - 1) * per_page)
    total = len(ids) if page == 1 and len(ids) < per_page else _count(session, filters, rules)  # all on one page
    pages = max(1, -(-total // per_page))
    if not ids and page > 1:  # past the end: the last page counted
        page = pages
        ids = _page_ids(session, filters, rules, sort, limit=per_page, offset=(page - 1) * per_page)
    return CatalogPage(cards=_cards(session, ids, filters), total=total, page=page, pages=pages, per_page=per_page,
                       more=total >= COUNT_CAP)  # fmt: skip


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
    filters = Filters(category, species, query, size, colour, max_price_cents)
    return _cards(session, _page_ids(session, filters, _product_rules(session, filters), sort, limit=limit), filters)


def featured_products(session: Session, limit: int = 4) -> list[ProductCard]:
    """Up to ``limit`` in-stock products for a landing page, one per category in shelf order."""
    in_stock = select(ProductVariant.id).where(ProductVariant.product_id == Product.id, ProductVariant.stock > 0)
    picks: list[int] = []
    for category in list_categories(session):
        shelf = Filters(category=category.slug)
        stmt = _matching(shelf, _product_rules(session, shelf)).where(in_stock.exists())
        picks += session.exec(stmt.order_by(col(Product.title), col(Product.id)).limit(1)).all()
        if len(picks) == limit:
            break
    return _cards(session, picks, Filters())


def category_counts(session: Session) -> dict[str, int]:
    """How many active products each category (by slug) holds."""
    rows = session.exec(
        select(Category.slug, func.count(col(Product.id)))
        .join(Product, col(Product.category_id) == Category.id)
        .where(col(Product.is_active).is_(True))
        .group_by(Category.slug)
    )
    return dict(rows.all())


def _product_rules(session: Session, filters: Filters) -> list[Any]:
    """What an active product must be to match the shelf, species and search filters."""
    rules: list[Any] = [col(Product.is_active).is_(True)]
    if filters.category:
        rules.append(col(Product.category_id) == select(Category.id).where(Category.slug == filters.category)
                     .scalar_subquery())  # fmt: skip
    if filters.species and filters.species != "all":
        rules.append(col(Product.species).in_([filters.species, "all"]))
    if filters.query and (found := search.matching_ids(session, filters.query, MAX_SEARCH_TERMS)) is not None:
        rules.append(col(Product.id).in_(found))
    return rules


def _matching(filters: Filters, product_rules: list[Any]) -> Select:
    """The ids of the active products that match ``filters`` (``product_rules``: theirs). A variant filter is a
    semi-join, so a sort by name walks the title index and stops at the page."""
    stmt = select(Product.id).where(*product_rules)
    if rules := filters.variant_rules():
        stmt = stmt.where(select(ProductVariant.id).where(ProductVariant.product_id == Product.id, *rules).exists())
    return stmt


PRICE_SORTS = {"price_asc", "price_desc"}
#: Counting stops here: a page says "1,000+ products" rather than scanning a whole large catalog to count it.
COUNT_CAP = 1_000
#: A price sort walks the price index for the first pages (up to this many products); deeper pages group every
#: match, which is faster there (measured on 10,000 products: the walk wins up to page 4 of a filtered shelf).
PRICE_WALK_PRODUCTS = 96
#: Variants read per step of that walk: few enough that the database walks the index rather than sorting.
PRICE_WALK_STEP = 100


def _count(session: Session, filters: Filters, product_rules: list[Any]) -> int:
    """How many products match ``filters``, up to ``COUNT_CAP``."""
    capped = _matching(filters, product_rules).limit(COUNT_CAP).subquery()
    return session.exec(select(func.count()).select_from(capped)).one()


def _page_ids(session: Session, filters: Filters, product_rules: list[Any], sort: str, *, limit: int | None,
              offset: int = 0) -> list[int]:  # fmt: skip
    """The ids of one page of matching products in ``sort`` order (the database sorts narrow rows)."""
    if sort in PRICE_SORTS:
        return _price_ids(session, filters, product_rules, sort == "price_desc", limit=limit, offset=offset)
    if sort != "name" and not filters.category:
        return _shelf_ids(session, filters, product_rules, limit=limit, offset=offset)
    by_name = _matching(filters, product_rules).order_by(col(Product.title), col(Product.id))
    return [row[0] for row in session.execute(by_name.offset(offset).limit(limit))]


def _shelf_ids(session: Session, filters: Filters, product_rules: list[Any], *, limit: int | None,
               offset: int) -> list[int]:  # fmt: skip
    """The ids of one page in shelf order (shelves by position, each by name): each shelf's ``(category_id,
    title, id)`` index is walked in turn until the page is full, so the first page reads one or two shelves."""
    ids: list[int] = []
    for shelf in session.exec(select(Category.id).order_by(col(Category.position), col(Category.name))).all():
        wanted = None if limit is None else offset + limit - len(ids)
        on_shelf = _matching(filters, product_rules).where(col(Product.category_id) == shelf)
        found = session.exec(on_shelf.order_by(col(Product.title), col(Product.id)).limit(wanted)).all()
        skipped = min(offset, len(found))
        offset -= skipped
        ids += found[skipped:]
        if limit is not None and len(ids) >= limit:
            break
    return ids[:limit]


def _price_ids(session: Session, filters: Filters, product_rules: list[Any], descending: bool, *, limit: int | None,
               offset: int) -> list[int]:  # fmt: skip
    """The ids of one page sorted by price: low to high by each product's lowest matching price, high to low by
    its highest, ties by id; products without a variant last.

    A product's first variant in a walk of the ``(price_cents, product_id)`` index is at exactly that price, so
    the walk reads a few variants per product on the page and stops; a deep page groups every match instead."""
    wanted = None if limit is None else offset + limit
    rules = filters.variant_rules()
    if wanted is None or wanted > PRICE_WALK_PRODUCTS:
        price = (func.max if descending else func.min)(ProductVariant.price_cents)
        grouped = (
            select(Product.id).join(ProductVariant, col(ProductVariant.product_id) == Product.id, isouter=not rules)
            .where(*product_rules, *rules).group_by(col(Product.id))
            .order_by(*_direction(descending, price, col(Product.id), nulls_last=True))
        )  # fmt: skip
        return [row[0] for row in session.execute(grouped.offset(offset).limit(limit))]
    price, product = col(ProductVariant.price_cents), col(ProductVariant.product_id)
    walk = (
        select(ProductVariant.product_id, ProductVariant.price_cents)
        .join(Product, col(Product.id) == ProductVariant.product_id)
        .where(*product_rules, *rules).order_by(*_direction(descending, price, product))
    )  # fmt: skip
    found: dict[int, None] = {}  # each product where it first appears
    step = walk
    while len(found) < wanted:
        rows = session.execute(step.limit(PRICE_WALK_STEP)).all()
        found.update(dict.fromkeys(row[0] for row in rows))
        if len(rows) < PRICE_WALK_STEP:
            break
        past = tuple_(price, product) < (rows[-1][1], rows[-1][0]) if descending else \
            tuple_(price, product) > (rows[-1][1], rows[-1][0])  # fmt: skip
        step = walk.where(past)  # the next step starts after the last (price, product) read
    ids = list(found)
    if len(ids) < wanted and not rules:  # the walk ran out: products without a variant follow, as when grouped
        unsold = select(ProductVariant.id).where(ProductVariant.product_id == Product.id).exists()
        ids += session.exec(select(Product.id).where(*product_rules, ~unsold)
                            .order_by(*_direction(descending, col(Product.id)))).all()  # fmt: skip
    return ids[offset:wanted]


def _direction(descending: bool, *columns: Any, nulls_last: bool = False) -> list[Any]:
    """``columns`` as an ORDER BY, all descending or all ascending (an index walks either way)."""
    ordered = [column.desc() if descending else column.asc() for column in columns]
    if nulls_last:
        ordered[0] = ordered[0].nulls_last()
    return ordered


def _cards(session: Session, ids: list[int], filters: Filters) -> list[ProductCard]:
    """The cards of the products ``ids``, in that order; a card's price range is that of its variants that
    match the filters (all of them when none does). One query for the page, of the columns a card shows."""
    if not ids:
        return []
    rows: dict[int, Any] = {}
    variants: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(
        select(Product.id, Product.handle, Product.title, Product.summary, Product.species, Category.name,
               Category.slug, Category.icon, ProductVariant.size, ProductVariant.colour, ProductVariant.colour_hex,
               ProductVariant.price_cents, ProductVariant.currency, ProductVariant.stock,
               col(ProductVariant.id).label("variant_id"))
        .join(Category, col(Product.category_id) == Category.id)
        .join(ProductVariant, col(ProductVariant.product_id) == Product.id, isouter=True)
        .where(col(Product.id).in_(ids))
        .order_by(ProductVariant.position, ProductVariant.id)
    ):  # fmt: skip
        rows.setdefault(row.id, row)
        if row.variant_id is not None:
            variants[row.id].append(row)
    cards = []
    for product_id in ids:
        row, mine = rows[product_id], variants.get(product_id, [])
        cards.append(_card(row, row, [v for v in mine if filters.fits(v)] or mine))
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
        photo=product.image_url or "",
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
