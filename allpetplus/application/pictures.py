"""Pictures of products and designs, rendered from their 3D models: which model shows which product, the key
its pictures are cached by, and the text alternative they read as.

A harness product is drawn with the builder's harness in that product's style and colour; every other product
with its catalog shape (``allpetplus.catalog.shapes``). ``render=False`` only looks the pictures up (a
websocket event never waits for a render); the server's first HTML and the warm-up job render what is missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

from sqlmodel import Session, col, select

from allpetplus.builder import preview
from allpetplus.builder import types as product_types
from allpetplus.builder.config import Colour, HarnessConfig, Palette, current_palette
from allpetplus.builder.design import DesignConfig
from allpetplus.builder.models import SavedDesign
from allpetplus.builder.service import DesignSummary
from allpetplus.cart.models import CartLine
from allpetplus.cart.pricing import CartTotals
from allpetplus.catalog import shapes
from allpetplus.catalog.models import Category, Product, ProductCard, ProductDetail, ProductVariant, VariantOut
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.order.models import OrderLine
from allpetplus.order.service import OrderView
from allpetplus.picture import store

#: How wide a picture is shown (``<img sizes>``), the same in the first HTML and the live page: a card is four
#: to a row on a wide screen, two on a tablet, one on a phone; a page's main picture is half the page from a
#: tablet up and the whole width on a phone.
CARD_SIZES = "(min-width: 1024px) 280px, (min-width: 520px) 45vw, 90vw"
PAGE_SIZES = "(min-width: 768px) 540px, 92vw"
#: Bumped when a model changes, so pictures of the old one are not served again.
MODEL_VERSION = "m1"
#: The builder style each harness product is made in.
HARNESS_STYLES = {"trail-step-in-harness": "step-in", "everyday-overhead-harness": "overhead",
                  "padded-vest-harness": "vest"}  # fmt: skip
_PRODUCT_COLOUR = "product"
_Shown = TypeVar("_Shown", ProductCard, ProductDetail, VariantOut)


@dataclasses.dataclass(frozen=True)
class Picture:
    """A rendered picture as pages use it: ``src``, ``srcset`` (WebP; ``avif_srcset`` where written), the
    link-preview image and the text alternative."""

    src: str
    srcset: str
    avif_srcset: str
    og_url: str
    alt: str
    email_src: str = ""

    @property
    def absolute_og_url(self) -> str:
        """The link-preview image's absolute address."""
        return self.og_url


def _shown(found: store.Picture | None, alt: str) -> Picture | None:
    """Pictures are served by the main app (the one with the upload folder), so every app links them there."""
    if found is None:
        return None
    main = settings.MAIN_URL.rstrip("/")
    srcset = ", ".join(f"{main}{entry}" for entry in found.srcset.split(", "))
    avif = ", ".join(f"{main}{entry}" for entry in found.avif_srcset.split(", ")) if found.avif_srcset else ""
    return Picture(main + found.url(320), srcset, avif, main + found.og_url, alt, main + found.email_url)


def _harness_config(style: str, size: str | None) -> HarnessConfig:
    colours = {"webbing_colour": _PRODUCT_COLOUR, "trim_colour": "charcoal",
               "padding_colour": _PRODUCT_COLOUR if style == "vest" else "charcoal"}  # fmt: skip
    return HarnessConfig(style=style, size=size if size in ("XS", "S", "M", "L", "XL") else "M", **colours)


def _harness_palette(colour_hex: str) -> Palette:
    base = dict(current_palette())
    base.setdefault("charcoal", Colour("charcoal", "Charcoal", "#3b3f46", ("padding", "trim")))
    base[_PRODUCT_COLOUR] = Colour(_PRODUCT_COLOUR, "Product", colour_hex, ("webbing", "padding"))
    return base


def variant_picture(handle: str, category: str, title: str, colour: str | None, colour_hex: str | None,
                    *, render: bool = True) -> Picture | None:  # fmt: skip
    """The picture of one product colour (the size does not change the picture: it is framed to fit)."""
    hex_colour = colour_hex or "#8a8f98"
    key = store.picture_key("product", handle, category, hex_colour, MODEL_VERSION)
    alt = f"{title} in {colour}" if colour else title

    def build():
        if handle in HARNESS_STYLES or category == "harnesses":
            style = HARNESS_STYLES.get(handle, "overhead")
            return preview.build_scene(_harness_config(style, "M"), _harness_palette(hex_colour))
        return shapes.product_scene(category, handle, hex_colour, None)

    found = store.ensure_pictures(key, build) if render else store.find_pictures(key)
    return _shown(found, alt)


def _variants(session: Session, handles: Iterable[str]) -> dict[str, tuple[Product, str, ProductVariant | None]]:
    handles = list(handles)
    if not handles:
        return {}
    rows = session.exec(
        select(Product, Category.slug)
        .join(Category, col(Product.category_id) == Category.id)
        .where(col(Product.handle).in_(handles))
    ).all()
    firsts: dict[int, ProductVariant] = {}
    ids = [product.id for product, _ in rows]
    query = select(ProductVariant).where(col(ProductVariant.product_id).in_(ids)).order_by(ProductVariant.position)
    for variant in session.exec(query):
        if variant.product_id not in firsts or (variant.stock > 0 >= firsts[variant.product_id].stock):
            firsts[variant.product_id] = variant
    return {product.handle: (product, slug, firsts.get(product.id)) for product, slug in rows}


#: The widths a product photo is asked for; Shopify's CDN resizes an image to the ``width`` its URL names.
PHOTO_WIDTHS = (320, 640, 960)


def photo_picture(url: str, title: str) -> Picture:
    """A product's own photo (Shopify's, on its CDN) as pages use a picture, at the widths they show."""

    def sized(width: int) -> str:
        return f"{url}{'&' if '?' in url else '?'}width={width}"

    srcset = ", ".join(f"{sized(width)} {width}w" for width in PHOTO_WIDTHS)
    return Picture(sized(320), srcset, "", sized(1200), f"Photo of {title}", sized(480))


def _product_shown(product: Product, category: str, variant: ProductVariant | None, render: bool) -> Picture | None:
    """A product's photo when it has one, else the picture rendered of ``variant``'s colour."""
    if product.image_url:
        return photo_picture(product.image_url, product.title)
    return variant_picture(product.handle, category, product.title, variant.colour if variant else None,
                           variant.colour_hex if variant else None, render=render)  # fmt: skip


def product_picture(session: Session, handle: str, *, render: bool = True) -> Picture | None:
    """The picture of a product: its photo, or its first colour in stock (or its first colour) rendered."""
    found = _variants(session, [handle]).get(handle)
    return _product_shown(*found, render) if found else None


def product_pictures(session: Session, handles: Iterable[str], *, render: bool = True) -> dict[str, Picture]:
    """The pictures of several products, by handle (a product without one is left out)."""
    shown = {}
    for handle, found in _variants(session, handles).items():
        if picture := _product_shown(*found, render):
            shown[handle] = picture
    return shown


def with_pictures(session: Session, cards: list[ProductCard]) -> list[ProductCard]:
    """The cards with the pictures already rendered (a websocket event never waits for one)."""
    pictures = product_pictures(session, [card.handle for card in cards], render=False)
    return [_with(card, pictures.get(card.handle)) for card in cards]


def _with(item: _Shown, picture: Picture | None) -> _Shown:
    if picture is None:
        return item
    return item.model_copy(update={"image": picture.src, "image_srcset": picture.srcset, "image_alt": picture.alt})


def detail_with_pictures(detail: ProductDetail, *, render: bool = False) -> ProductDetail:
    """The product page with a picture for each variant (its colour's) and for the product (its first in stock);
    a product with its own photo shows that photo for every variant."""
    if detail.photo:
        photo = photo_picture(detail.photo, detail.title)
        return _with(detail.model_copy(update={"variants": [_with(v, photo) for v in detail.variants]}), photo)
    variants = [
        _with(
            v, variant_picture(detail.handle, detail.category_slug, detail.title, v.colour, v.colour_hex, render=render)
        )  # fmt: skip
        for v in detail.variants
    ]
    first = next((v for v in variants if v.in_stock and v.image), next((v for v in variants if v.image), None))
    detail = detail.model_copy(update={"variants": variants})
    if first is None:
        return detail
    return detail.model_copy(update={"image": first.image, "image_srcset": first.image_srcset,
                                     "image_alt": first.image_alt})  # fmt: skip


def design_picture(config: DesignConfig, palette: Palette, name: str = "", *, render: bool = True) -> Picture | None:
    """The picture of a design, cached by what it looks like (the builder's preview key)."""
    key = store.picture_key("design", preview.preview_key(config, palette), MODEL_VERSION)
    kind = product_types.type_of(config)
    field, part = next(iter(kind.colour_fields.items()))
    colour = getattr(config, field)
    what = f"{kind.title(config)}, {palette[colour].name if colour in palette else colour} {part}"
    alt = f"{name}: {what}" if name else what
    found = store.ensure_pictures(key, lambda: preview.build_scene(config, palette)) if render else \
        store.find_pictures(key)  # fmt: skip
    return _shown(found, alt)


def line_picture(session: Session, line: CartLine, *, render: bool = False) -> Picture | None:
    """The picture of a cart line: its product colour's, or its design's."""
    if line.kind == "variant" and line.variant_id:
        return _variant_picture_by_id(session, line.variant_id, render=render)
    return config_picture(line.config, line.title, line.product_type, render=render)


def _variant_picture_by_id(session: Session, variant_id: int, *, render: bool) -> Picture | None:
    row = session.exec(
        select(Product, Category.slug, ProductVariant)
        .join(Category, col(Product.category_id) == Category.id)
        .join(ProductVariant, col(ProductVariant.product_id) == Product.id)
        .where(ProductVariant.id == variant_id)
    ).first()
    if row is None:
        return None
    product, category, variant = row
    return _product_shown(product, category, variant, render)


def config_picture(config: dict, name: str, product_type: str = product_types.DEFAULT_TYPE, *,
                   render: bool = False) -> Picture | None:  # fmt: skip
    """The picture of a stored design of ``product_type`` (a cart line's, an order's, a saved design's); options the
    type no longer has are left out, so an old design still has its picture."""
    palette = current_palette()
    try:
        schema = product_types.product_type(product_type).config
        design = schema.model_validate({k: v for k, v in config.items() if k in schema.model_fields})
        return design_picture(design, palette, name, render=render)
    except (ValueError, KeyError, ValidationFailed):
        return None


def totals_with_pictures(session: Session, totals: CartTotals) -> CartTotals:
    """The priced cart with each line's picture (already rendered ones; see ``warm_catalog``)."""
    ids = [line.id for line in totals.lines]
    rows = {row.id: row for row in session.exec(select(CartLine).where(col(CartLine.id).in_(ids)))}
    lines = []
    for line in totals.lines:
        picture = line_picture(session, rows[line.id]) if line.id in rows else None
        lines.append(line.model_copy(update={"image": picture.src, "image_alt": picture.alt}) if picture else line)
    return totals.model_copy(update={"lines": lines})


def designs_with_pictures(session: Session, summaries: list[DesignSummary]) -> list[DesignSummary]:
    """Saved designs with their pictures (rendered when a design is saved or put in the cart)."""
    ids = [summary.id for summary in summaries]
    configs = {row.id: row.config for row in session.exec(select(SavedDesign).where(col(SavedDesign.id).in_(ids)))}
    shown = []
    for summary in summaries:
        picture = config_picture(configs.get(summary.id) or {}, summary.name, summary.product_type)
        shown.append(
            summary.model_copy(update={"image": picture.src, "image_alt": picture.alt}) if picture else summary
        )
    return shown


def order_line_picture(session: Session, line: OrderLine, *, render: bool = False) -> Picture | None:
    """The picture of a bought line: its product colour's, or its design as bought (a fee has none)."""
    if line.kind == "variant" and line.variant_id:
        return _variant_picture_by_id(session, line.variant_id, render=render)
    if line.kind == "design":
        return config_picture(line.config, line.title, line.product_type, render=render)
    return None


def order_with_pictures(session: Session, view: OrderView) -> OrderView:
    """An order with each line's picture."""
    rows = session.exec(select(OrderLine).where(OrderLine.order_id == view.id).order_by(OrderLine.id)).all()
    lines = []
    for line, row in zip(view.lines, rows, strict=False):
        picture = order_line_picture(session, row)
        lines.append(line.model_copy(update={"image": picture.src, "image_alt": picture.alt}) if picture else line)
    return view.model_copy(update={"lines": lines})


def warm_catalog(session: Session) -> int:
    """Render every active product colour's picture that is missing (not for a product with its own photo); how
    many were rendered."""
    rows = session.exec(
        select(Product, Category.slug, ProductVariant)
        .join(Category, col(Product.category_id) == Category.id)
        .join(ProductVariant, col(ProductVariant.product_id) == Product.id)
        .where(col(Product.is_active).is_(True), col(Product.image_url).is_(None))  # a photo needs no rendering
    ).all()
    seen: set[tuple[str, str | None]] = set()
    rendered = 0
    for product, category, variant in rows:
        if (product.handle, variant.colour_hex) in seen:
            continue
        seen.add((product.handle, variant.colour_hex))
        if variant_picture(product.handle, category, product.title, variant.colour, variant.colour_hex,
                           render=False) is None:  # fmt: skip
            variant_picture(product.handle, category, product.title, variant.colour, variant.colour_hex)
            rendered += 1
    return rendered
