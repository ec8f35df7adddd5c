"""The catalog from Shopify: products, variants, options (size, colour), prices, compare-at prices, inventory,
status and photos, mapped onto the shop's catalog with their Shopify ids.

``apply_product`` applies one Shopify product (a page of the import, or a ``products/update`` webhook) and never
goes backwards: a version older than the one applied changes nothing. ``sync_catalog`` reads the whole store page
by page, each page in its own transaction (memory stays flat however large the store), then takes off sale the
products Shopify no longer has, and reports what it changed; run nightly, it repairs what missed webhooks left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import structlog
from sqlalchemy import or_
from sqlmodel import Session, col, select

from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.core.models import utcnow
from allpetplus.shopify.client import AdminClient

log = structlog.get_logger(__name__)

PRODUCTS = """query Products($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    nodes {
      id handle title status updatedAt productType descriptionHtml
      featuredImage { url }
      variants(first: 100) {
        nodes {
          id sku title price compareAtPrice inventoryQuantity inventoryItem { id } selectedOptions { name value }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""
PAGE_SIZE = 50
#: The same products as one bulk operation (Shopify writes them to a JSONL file: a product, then its variants).
BULK_PRODUCTS = """{
  products {
    edges { node {
      id handle title status updatedAt productType descriptionHtml
      featuredImage { url }
      variants { edges { node {
        id sku title price compareAtPrice inventoryQuantity inventoryItem { id } selectedOptions { name value }
      } } }
    } }
  }
}"""
PRODUCTS_COUNT = "query ProductsCount { productsCount { count } }"
#: From this many products on, a sync reads the store with a bulk operation rather than page by page (pages of
#: 50 cost about 50 points each against a bucket that refills at 50 to 500 points a second).
BULK_FROM = 2_500
#: Shopify's option names for the shop's size and colour.
SIZE_OPTIONS = {"size"}
COLOUR_OPTIONS = {"color", "colour"}


@dataclass
class SyncReport:
    """What a sync changed: counts, and the handles it created, updated or took off sale (the first few)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    taken_off_sale: int = 0
    changed: list[str] = field(default_factory=list)

    def note(self, outcome: str, handle: str) -> None:
        """Count one product's outcome (``created``, ``updated``, ``unchanged`` or ``taken_off_sale``)."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome != "unchanged" and len(self.changed) < 50:
            self.changed.append(f"{outcome.replace('_', ' ')}: {handle}")

    def summary(self) -> str:
        """The report in one line."""
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.taken_off_sale} taken off sale")  # fmt: skip


def cents(amount: Any) -> int | None:
    """A Shopify money string ("24.99") in integer cents; ``None`` when there is none."""
    if amount in (None, ""):
        return None
    try:
        return max(int((Decimal(str(amount)) * 100).quantize(Decimal(1))), 0)
    except InvalidOperation:
        return None


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html or "")).strip()


def _category(session: Session, product_type: str) -> Category:
    """The shelf for Shopify's product type (made the first time it is seen; remembered for the session)."""
    name = (product_type or "From our store").strip()[:64]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48] or "from-our-store"
    known: dict[str, Category] = session.info.setdefault("shopify_categories", {})
    found = known.get(slug) or session.exec(select(Category).where(Category.slug == slug)).first()
    if found is None:
        found = Category(slug=slug, name=name, position=100)
        session.add(found)
        session.flush()
    known[slug] = found
    return found


def _option(variant: dict[str, Any], names: set[str]) -> str | None:
    found = next((o["value"] for o in variant.get("selectedOptions") or [] if o["name"].lower() in names), None)
    return str(found)[:32] if found else None


def _not_from(table: type[Product] | type[ProductVariant], shopify_id: str) -> Any:
    """Rows that are not this Shopify record's (the shop's own rows, with no Shopify id, included)."""
    return or_(col(table.shopify_id).is_(None), col(table.shopify_id) != shopify_id)


def _number(shopify_id: str) -> str:
    """The number at the end of a Shopify global id."""
    return shopify_id.rsplit("/", 1)[-1]


def _free_handle(session: Session, handle: str, shopify_id: str) -> str:
    """Shopify's handle, unless one of the shop's own products has it (then it gets the Shopify id's number)."""
    taken = session.exec(select(Product).where(Product.handle == handle, _not_from(Product, shopify_id))).first()
    return f"{handle[:60]}-{shopify_id.rsplit('/', 1)[-1]}"[:80] if taken else handle[:80]


def apply_product(session: Session, node: dict[str, Any]) -> str:
    """Apply one Shopify product to the catalog; returns ``created``, ``updated`` or ``unchanged`` (a version
    not newer than the one applied)."""
    updated_at = _when(node.get("updatedAt"))
    product = session.exec(select(Product).where(Product.shopify_id == node["id"])).first()
    if product is not None and product.source_updated_at and updated_at:
        applied = product.source_updated_at.replace(tzinfo=product.source_updated_at.tzinfo or updated_at.tzinfo)
        if updated_at <= applied:
            return "unchanged"
    outcome = "created" if product is None else "updated"
    product = product or Product(shopify_id=node["id"], handle="", title="", category_id=0)
    product.handle = _free_handle(session, str(node.get("handle") or node["id"]), node["id"])
    product.title = str(node.get("title") or product.handle)[:120]
    product.description = _text(str(node.get("descriptionHtml") or ""))
    product.summary = product.description[:200]
    product.category_id = _category(session, str(node.get("productType") or "")).id
    product.is_active = node.get("status") == "ACTIVE"
    image = (node.get("featuredImage") or {}).get("url")
    product.image_url = str(image)[:500] if image else None
    product.source_updated_at = updated_at
    product.updated_at = utcnow()
    session.add(product)
    session.flush()
    _apply_variants(session, product, (node.get("variants") or {}).get("nodes") or [], new=outcome == "created")
    return outcome


def _apply_variants(session: Session, product: Product, nodes: list[dict[str, Any]], *, new: bool = False) -> None:
    existing = {} if new else {v.shopify_id: v for v in session.exec(select(ProductVariant).where(
        ProductVariant.product_id == product.id))}  # fmt: skip
    wanted = {node["id"]: (str(node.get("sku") or "").strip() or f"SHOPIFY-{_number(node['id'])}")[:48]
              for node in nodes}  # fmt: skip
    mine = or_(col(ProductVariant.shopify_id).is_(None), col(ProductVariant.shopify_id).not_in(list(wanted)))
    taken = set(session.exec(select(ProductVariant.sku).where(col(ProductVariant.sku).in_(set(wanted.values())), mine)))
    with session.no_autoflush:  # one flush for the product's variants, not one before each query
        for position, node in enumerate(nodes):
            variant = existing.get(node["id"]) or ProductVariant(product_id=product.id, shopify_id=node["id"], sku="",
                                                                 title="", price_cents=0)  # fmt: skip
            sku = wanted[node["id"]]
            variant.sku = f"{sku[:36]}-{_number(node['id'])}"[:48] if sku in taken else sku  # a clash gets the number
            taken.add(variant.sku)
            variant.title = str(node.get("title") or product.title)[:80]
            variant.size, variant.colour = _option(node, SIZE_OPTIONS), _option(node, COLOUR_OPTIONS)
            variant.price_cents = cents(node.get("price")) or 0
            variant.compare_at_cents = cents(node.get("compareAtPrice"))
            variant.stock = max(int(node.get("inventoryQuantity") or 0), 0)
            variant.inventory_item_id = (node.get("inventoryItem") or {}).get("id") or None
            variant.position = position
            session.add(variant)
        for shopify_id, variant in existing.items():
            if shopify_id not in wanted:
                session.delete(variant)  # gone from Shopify: its cart lines go with it (orders keep their copy)
    session.flush()


def gid(kind: str, number: Any) -> str:
    """Shopify's global id for a REST id (``gid("Product", 7)`` → ``"gid://shopify/Product/7"``)."""
    return f"gid://shopify/{kind}/{number}"


def node_from_webhook(payload: dict[str, Any]) -> dict[str, Any]:
    """A ``products/create|update`` webhook body (Shopify sends webhooks in REST's shape) as the import's node."""
    names = [str(o.get("name", "")) for o in sorted(payload.get("options") or [], key=lambda o: o.get("position", 0))]
    image = payload.get("image") or next(iter(payload.get("images") or []), None) or {}

    def variant(v: dict[str, Any]) -> dict[str, Any]:
        values = [v.get(f"option{n}") for n in (1, 2, 3)]
        return {
            "id": gid("ProductVariant", v.get("id")), "sku": v.get("sku"), "title": v.get("title"),
            "price": v.get("price"), "compareAtPrice": v.get("compare_at_price"),
            "inventoryQuantity": v.get("inventory_quantity"),
            "inventoryItem": {"id": gid("InventoryItem", v["inventory_item_id"])} if v.get("inventory_item_id")
            else None,
            "selectedOptions": [{"name": n, "value": x} for n, x in zip(names, values, strict=False) if x],
        }  # fmt: skip

    return {
        "id": gid("Product", payload.get("id")),
        "handle": payload.get("handle"),
        "title": payload.get("title"),
        "status": str(payload.get("status") or "active").upper(),
        "updatedAt": payload.get("updated_at"),
        "productType": payload.get("product_type"),
        "descriptionHtml": payload.get("body_html"),
        "featuredImage": {"url": image.get("src")} if image.get("src") else None,
        "variants": {"nodes": [variant(v) for v in payload.get("variants") or []]},
    }


def set_stock(session: Session, inventory_item_id: str, available: Any) -> str | None:
    """An ``inventory_levels/update``: the variant of that inventory item has ``available`` units (none below 0);
    returns its SKU, or ``None`` when no variant here has that item."""
    variant = session.exec(select(ProductVariant).where(ProductVariant.inventory_item_id == inventory_item_id)).first()
    if variant is None:
        return None
    variant.stock = max(int(available or 0), 0)
    session.add(variant)
    product = session.get(Product, variant.product_id)
    if product is not None:
        product.updated_at = utcnow()
        session.add(product)
    return variant.sku


def take_off_sale(session: Session, shopify_id: str) -> str | None:
    """A product deleted in Shopify (``products/delete``): off sale here, kept for orders; returns its handle."""
    product = session.exec(select(Product).where(Product.shopify_id == shopify_id)).first()
    if product is None or not product.is_active:
        return None
    product.is_active, product.updated_at = False, utcnow()
    session.add(product)
    return product.handle


def sync_catalog(
    admin: AdminClient,
    transaction: Callable[[], AbstractContextManager[Session]],
    page_size: int = PAGE_SIZE,
    bulk: bool | None = None,
) -> SyncReport:
    """Read every Shopify product, apply each page of ``page_size`` in its own ``transaction()``, then take off sale
    the products Shopify no longer has; returns what changed. A store of ``BULK_FROM`` products or more (or
    ``bulk=True``) is read with a bulk operation, streamed from its file, instead of page by page."""
    if bulk is None:
        bulk = int(admin.execute(PRODUCTS_COUNT)["productsCount"]["count"]) >= BULK_FROM
    nodes = _bulk_products(admin.bulk_lines(BULK_PRODUCTS)) if bulk else admin.pages(PRODUCTS, "products",
                                                                                       page_size=page_size)  # fmt: skip
    report, seen = SyncReport(), set()
    for page in _pages(nodes, page_size):
        with transaction() as session:
            for node in page:
                seen.add(node["id"])
                report.note(apply_product(session, node), str(node.get("handle") or node["id"]))
    with transaction() as session:
        ours = session.exec(select(Product.shopify_id).where(col(Product.shopify_id).is_not(None),
                                                             col(Product.is_active).is_(True))).all()  # fmt: skip
        for shopify_id in ours:
            if shopify_id not in seen and (handle := take_off_sale(session, shopify_id)):
                report.note("taken_off_sale", handle)
    log.info("shopify catalog synced", summary=report.summary())
    return report


def _bulk_products(lines: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The products of a bulk operation's lines (each product followed by its variants, which name it in
    ``__parentId``), shaped as the paged query's nodes, one at a time."""
    current: dict[str, Any] | None = None
    for line in lines:
        parent = line.pop("__parentId", None)
        if parent is None:
            if current is not None:
                yield current
            current = {**line, "variants": {"nodes": []}}
        elif current is not None and parent == current["id"]:
            current["variants"]["nodes"].append(line)
        else:
            log.warning("shopify bulk line without its product", parent=parent, id=line.get("id"))
    if current is not None:
        yield current


def _pages(nodes: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    page: list[dict[str, Any]] = []
    for node in nodes:
        page.append(node)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page
