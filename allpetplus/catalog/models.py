"""Catalog tables and the public shapes the storefront renders."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, updated_at_field


class Category(SQLModel, table=True):
    """A shelf of the shop (harnesses, collars, leashes, ...)."""

    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=48, unique=True)
    name: str = Field(max_length=64)
    description: str = Field(default="", max_length=400)
    icon: str = Field(default="package", max_length=32)
    position: int = 0


class Product(SQLModel, table=True):
    """A product page; what is bought is one of its variants."""

    __tablename__ = "product"
    __table_args__ = (
        sa.Index("ix_product_active_category", "is_active", "category_id"),
        sa.Index("ix_product_title", "title", "id"),  # a sort by name walks it and stops at the page
        sa.Index("ix_product_shelf", "category_id", "title", "id"),  # so does one shelf's, in shelf order
    )

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=80, unique=True)
    title: str = Field(max_length=120)
    summary: str = Field(default="", max_length=200)
    description: str = Field(default="", sa_type=sa.Text)
    category_id: int = Field(foreign_key="category.id", index=True)
    species: str = Field(default="all", max_length=16)
    is_active: bool = True
    #: The Shopify product it comes from (``gid://shopify/Product/…``); its Shopify-owned fields are changed there.
    shopify_id: str | None = Field(default=None, max_length=64, unique=True)
    #: Shopify's ``updatedAt`` of the version applied here (an older one is never applied over it).
    source_updated_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    #: The product's photo from Shopify, when it has one (shown before a rendered picture).
    image_url: str | None = Field(default=None, max_length=500)
    created_at: datetime = created_at_field()
    #: When the product or one of its variants last changed (the sitemap's ``lastmod``).
    updated_at: datetime = updated_at_field()


class ProductVariant(SQLModel, table=True):
    """A buyable size/colour of a product with its own price (integer cents) and stock."""

    __tablename__ = "product_variant"
    __table_args__ = (
        # A price sort walks the first; the second answers "has this product a variant that fits the size, colour
        # and price filters?" from the index alone.
        sa.Index("ix_product_variant_price", "price_cents", "product_id"),
        sa.Index("ix_product_variant_filters", "product_id", "size", "price_cents", "colour"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    sku: str = Field(max_length=48, unique=True)
    title: str = Field(max_length=80)
    size: str | None = Field(default=None, max_length=16)
    colour: str | None = Field(default=None, max_length=32)
    colour_hex: str | None = Field(default=None, max_length=7)
    price_cents: int = Field(ge=0)
    #: The "was" price Shopify shows struck through, when there is one.
    compare_at_cents: int | None = Field(default=None, ge=0)
    currency: str = Field(default="USD", max_length=3)
    stock: int = Field(default=0, ge=0)
    position: int = 0
    #: The Shopify variant it comes from, and its inventory item (what ``inventory_levels/update`` names).
    shopify_id: str | None = Field(default=None, max_length=64, unique=True)
    inventory_item_id: str | None = Field(default=None, max_length=64, index=True)


class CategoryOut(BaseModel):
    """A category as shoppers see it."""

    slug: str
    name: str
    description: str
    icon: str


class VariantOut(BaseModel):
    """A variant as shoppers see it."""

    sku: str
    title: str
    size: str | None
    colour: str | None
    colour_hex: str | None
    price_cents: int
    price: str
    currency: str
    stock: int
    in_stock: bool
    product: str = ""  # the product's name, where a list mixes products (the matching set's parts)
    image: str = ""  # its picture (``allpetplus.application.pictures``), when rendered
    image_srcset: str = ""
    image_alt: str = ""


class ProductCard(BaseModel):
    """A product in a listing: enough for a card with price range and availability."""

    handle: str
    title: str
    summary: str
    category: str
    category_slug: str
    icon: str
    species: str
    price: str
    min_price_cents: int
    currency: str
    colours: list[str]
    in_stock: bool
    image: str = ""  # its picture (``allpetplus.application.pictures``), when rendered
    image_srcset: str = ""
    image_alt: str = ""


class ProductDetail(ProductCard):
    """A product page: the card plus its description and every variant."""

    description: str
    sizes: list[str]
    variants: list[VariantOut]
    photo: str = ""  # the product's own photo (from Shopify), shown before a rendered picture


class CatalogPage(BaseModel):
    """One page of the catalogue: its cards, and how many products match in all."""

    cards: list[ProductCard]
    total: int  # counted up to ``catalog.service.COUNT_CAP``
    page: int
    pages: int
    per_page: int
    more: bool = False  # at least ``total`` match: counting stopped there
