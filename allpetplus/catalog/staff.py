"""Catalog management for staff: products on or off sale, variant prices and stock, and the builder's
palette of colours. Every function checks the staff role."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.builder.models import PaletteColour
from allpetplus.catalog.models import Product, ProductVariant
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.inputs import whole_number
from allpetplus.core.money import format_money
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

USES = ("webbing", "padding", "trim", "thread")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,31}$")


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


class ColourRow(BaseModel):
    """A palette colour."""

    id: int
    slug: str
    name: str
    hex: str
    uses: list[str]
    is_active: bool


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
        rows.append(ProductRow(id=product.id, title=product.title, is_active=product.is_active, variants=[
            VariantRow(id=v.id, sku=v.sku, title=v.title, price=format_money(v.price_cents, v.currency),
                       price_input=f"{v.price_cents / 100:.2f}", stock=v.stock) for v in variants]))  # fmt: skip
    return rows


def update_variant(session: Session, actor: UserProfile | None, variant_id: int, price: str, stock: str) -> None:
    """Set a variant's price (in dollars, e.g. 24.99) and stock; both are checked."""
    require_admin(actor)
    variant = session.get(ProductVariant, variant_id)
    if variant is None:
        raise NotFound("That variant")
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
    session.flush()


def set_product_active(session: Session, actor: UserProfile | None, product_id: int, active: bool) -> None:
    """Put a product on sale or take it off (it stays in orders and carts' history)."""
    require_admin(actor)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("That product")
    product.is_active = active
    session.add(product)
    session.flush()


def palette(session: Session, actor: UserProfile | None) -> list[ColourRow]:
    """Every palette colour, active or not, in the builder's order."""
    require_admin(actor)
    rows = session.exec(select(PaletteColour).order_by(PaletteColour.position, PaletteColour.id))
    return [ColourRow(id=c.id, slug=c.slug, name=c.name, hex=c.hex, uses=list(c.uses), is_active=c.is_active)
            for c in rows]  # fmt: skip


def save_colour(session: Session, actor: UserProfile | None, *, slug: str, name: str, hex_colour: str,
                uses: list[str]) -> PaletteColour:  # fmt: skip
    """Add a colour to the builder's palette, or change the one with this slug."""
    require_admin(actor)
    slug, name, hex_colour = slug.strip().lower(), name.strip(), hex_colour.strip()
    errors: dict[str, str] = {}
    if not _SLUG.match(slug):
        errors["slug"] = "Use 2-32 lowercase letters, digits and hyphens, starting with a letter."
    if not 1 <= len(name) <= 48:
        errors["name"] = "Enter the colour's name."
    if not _HEX.match(hex_colour):
        errors["hex"] = "Enter a colour like #1e6fa8."
    chosen = [use for use in USES if use in uses]
    if not chosen:
        errors["uses"] = "Choose where the colour may be used (webbing, padding, trim or thread)."
    if errors:
        raise ValidationFailed(errors)
    colour = session.exec(select(PaletteColour).where(PaletteColour.slug == slug)).first()
    if colour is None:
        position = len(session.exec(select(PaletteColour.id)).all())
        colour = PaletteColour(slug=slug, position=position, name=name, hex=hex_colour.lower(), uses=chosen)
    colour.name, colour.hex, colour.uses = name, hex_colour.lower(), chosen
    session.add(colour)
    session.flush()
    _palette_changed()
    return colour


def set_colour_active(session: Session, actor: UserProfile | None, colour_id: int, active: bool) -> None:
    """Offer a colour in the builder, or stop offering it (saved designs that use it then ask for another)."""
    require_admin(actor)
    colour = session.get(PaletteColour, colour_id)
    if colour is None:
        raise NotFound("That colour")
    colour.is_active = active
    session.add(colour)
    session.flush()
    _palette_changed()


def _palette_changed() -> None:
    from allpetplus.builder.config import forget_palette

    forget_palette()
