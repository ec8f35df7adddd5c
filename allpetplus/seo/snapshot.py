"""What each public page shows before its JavaScript runs: its head and a snapshot of its content, drawn from
the same services the live page calls (the catalog, the builder's pricing, the licence fees).

Each app has a list of ``(route pattern, renderer)``. A renderer gets the request's path and query and returns
a ``Page``: the head, the snapshot (the live page's own pre-rendered markup, with its main content or its
empty lists filled in here), and the status (404 for an unknown product or share link).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from sqlmodel import Session

from allpetplus.application import pictures
from allpetplus.application.pictures import Picture
from allpetplus.builder import service as design_service
from allpetplus.builder import types as product_types
from allpetplus.builder.config import COLOUR_FIELDS, HarnessConfig, current_palette
from allpetplus.builder.description import colour_names
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import ProductCard, ProductDetail
from allpetplus.core import apps
from allpetplus.core.db import session_scope
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.money import format_money
from allpetplus.seo import shell
from allpetplus.seo.head import BRAND, Head, breadcrumbs, organization

TEMPLATES = Path(__file__).with_name("templates")
STYLE = (TEMPLATES / "snapshot.css").read_text()
#: Routes that are someone's own (or staff's): never indexed, whatever a link to them says.
PRIVATE_PREFIXES = ("/dashboard", "/account", "/admin", "/cart", "/checkout", "/order", "/embed", "/licences",
                    "/apply", "/certificate", "/sign-in", "/sign-up", "/verify-email")  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Built:
    """The built frontend as the renderers need it: the page's own HTML and the app's landing page."""

    html: str
    landing: str


@dataclasses.dataclass(frozen=True)
class Page:
    """A public page's head, its snapshot markup (``None``: the built page shows its content already) and
    the status it answers with."""

    head: Head
    snapshot: str | None = None
    status: int = 200
    #: The page's largest picture, fetched before anything else (its ``srcset`` and ``sizes``).
    hero: tuple[str, str] | None = None
    #: The page's JavaScript starts once its picture is painted and the window has loaded
    #: (``shell.load_scripts_after_paint``). Eager: at the paint alone, for the builder, which is there to be
    #: used (starting its scripts with the HTML held its first paint back until they had run).
    scripts_eager: bool = False

    @property
    def preload(self) -> str:
        """A ``<link rel=preload>`` for the hero picture (React leaves a preload of another address alone)."""
        if self.hero is None:
            return ""
        srcset, sizes = self.hero
        return (f'<link rel="preload" as="image" imagesrcset="{escape(srcset)}" imagesizes="{escape(sizes)}" '
                'fetchpriority="high"/>')  # fmt: skip


Renderer = Callable[[Session, "Request", Built], Page | None]


@dataclasses.dataclass(frozen=True)
class Request:
    """What a renderer needs of the request."""

    app: str
    path: str
    query: Mapping[str, str]

    def absolute(self, path: str, app: str | None = None) -> str:
        """``path`` on an app's public address (this app's by default)."""
        return apps.url_of(app or self.app) + path


@functools.cache
def _jinja() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals.update(format_money=format_money, card_sizes=pictures.CARD_SIZES, page_sizes=pictures.PAGE_SIZES)
    return env


def _render(template: str, **context: Any) -> str:
    return _jinja().get_template(template).render(**context)


def is_private(path: str) -> bool:
    """Whether ``path`` belongs to someone's own pages (never indexed)."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PRIVATE_PREFIXES)


# ---------------------------------------------------------------- schema.org


def _price(cents: int) -> str:
    return f"{cents / 100:.2f}"


def product_json_ld(product: ProductDetail, url: str, picture: Picture | None) -> dict[str, Any]:
    """schema.org ``Product`` with one ``Offer`` per variant: its price, currency and availability."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.summary or product.description,
        "category": product.category,
        "brand": {"@type": "Brand", "name": BRAND},
        "url": url,
        "offers": [
            {
                "@type": "Offer",
                "sku": variant.sku,
                "name": variant.title,
                "price": _price(variant.price_cents),
                "priceCurrency": variant.currency,
                "availability": "https://schema.org/" + ("InStock" if variant.in_stock else "OutOfStock"),
                "url": url,
            }
            for variant in product.variants
        ],
    }
    if picture:
        data["image"] = [picture.absolute_og_url]
    if product.variants:
        data["sku"] = product.variants[0].sku
    return data


# ---------------------------------------------------------------- renderers


def _cards(session: Session, cards: list[ProductCard], request: Request, prefix: str) -> str:
    shown = pictures.product_pictures(session, [card.handle for card in cards])
    return _render("cards.html", cards=cards, pictures=shown, prefix=prefix)


def landing(session: Session, request: Request, built: Built) -> Page | None:
    """The main app's landing page: its categories and featured products filled in."""
    root = shell.root_markup(built.html)
    featured = catalog.featured_products(session)
    categories = catalog.list_categories(session)
    head = Head(
        title=f"{BRAND}: dog harnesses made to measure, and everything else your pets need",
        description="Design a harness that fits your dog, with a live 3D preview and a price explained line by "
        "line; collars, leashes, beds, toys and pet licences in one place.",
        url=request.absolute("/"),
        image=_first_picture_url(session, featured),
        image_alt="A made-to-measure dog harness from " + BRAND,
        json_ld=(organization(request.absolute("/"), request.absolute("/favicon.svg")),),
    )
    if root is None:
        return Page(head)
    root = shell.fill_slot(root, "categories", _render("category_links.html", categories=categories))
    root = shell.fill_slot(root, "featured", _cards(session, featured[:4], request, "/product/"))
    return Page(head, root)  # the landing's largest paint is its headline, not a picture


def _first_picture_url(session: Session, cards: list[ProductCard]) -> str:
    for card in cards:
        picture = pictures.product_picture(session, card.handle)
        if picture:
            return picture.absolute_og_url
    return ""


def catalogue(session: Session, request: Request, built: Built) -> Page | None:
    """The shop (``/shop``, the products app's ``/catalog``), with the category the address names."""
    slug = str(request.query.get("category") or "")
    categories = catalog.list_categories(session)
    chosen = next((c for c in categories if c.slug == slug), None)
    cards = catalog.find_products(session, category=chosen.slug if chosen else None).cards
    base = request.path
    canonical = apps.url_of("allpetplus") + "/shop" + (f"?category={chosen.slug}" if chosen else "")
    name = chosen.name if chosen else "All products"
    head = Head(
        title=f"{name} · Shop · {BRAND}",
        description=(
            chosen.description
            if chosen and chosen.description
            else "Harnesses, collars, leashes, beds, toys and more for dogs and cats: "
            + ", ".join(c.title for c in cards[:4])
            + "."
        ),  # fmt: skip
        url=canonical,
        image=_first_picture_url(session, cards),
        image_alt=f"{name} at {BRAND}",
        json_ld=(
            breadcrumbs(
                [(BRAND, apps.url_of("allpetplus") + "/"), ("Shop", apps.url_of("allpetplus") + "/shop")]
                + ([(chosen.name, canonical)] if chosen else [])
            ),  # fmt: skip
            {
                "@context": "https://schema.org",
                "@type": "ItemList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": n,
                        "url": apps.url_of("allpetplus") + "/product/" + c.handle,
                        "name": c.title,
                    }  # fmt: skip
                    for n, c in enumerate(cards, start=1)
                ],
            },
        ),
    )
    root = shell.root_markup(built.html)
    if root is None:
        return Page(head)
    main = _render(
        "catalogue.html",
        heading=name,
        categories=categories,
        chosen=chosen.slug if chosen else "",
        base=base,
        count=len(cards),
        cards_html=_cards(session, cards, request, "/product/"),
    )
    return Page(head, shell.replace_main(root, main), hero=_card_hero(session, cards))


def _card_hero(session: Session, cards: list[ProductCard]) -> tuple[str, str] | None:
    picture = pictures.product_picture(session, cards[0].handle) if cards else None
    return (picture.srcset, pictures.CARD_SIZES) if picture else None


def _page_hero(picture: Picture | None) -> tuple[str, str] | None:
    return (picture.srcset, pictures.PAGE_SIZES) if picture else None


def product(session: Session, request: Request, built: Built) -> Page | None:
    """A product page; an unknown handle answers 404 with the shop's not-found message."""
    handle = request.path.rstrip("/").rsplit("/", 1)[-1]
    detail = catalog.get_product(session, handle)
    root = shell.root_markup(built.landing)
    shop = "/shop" if request.app == "allpetplus" else "/catalog"
    if detail is None:
        head = Head(title=f"Product not found · {BRAND}", description="We couldn't find that product.",
                    url=request.absolute(request.path), noindex=True)  # fmt: skip
        main = _render("not_found.html", shop=shop)
        return Page(head, shell.replace_main(root, main) if root else None, status=404)
    canonical = apps.url_of("allpetplus") + "/product/" + detail.handle
    detail = pictures.detail_with_pictures(detail, render=True)
    picture = pictures.product_picture(session, detail.handle)
    head = Head(
        title=f"{detail.title} · {detail.price} · {BRAND}",
        description=detail.summary or detail.description[:160],
        url=canonical,
        image=picture.absolute_og_url if picture else "",
        image_alt=picture.alt if picture else "",
        kind="product",
        json_ld=(
            product_json_ld(detail, canonical, picture),
            breadcrumbs(
                [
                    (BRAND, apps.url_of("allpetplus") + "/"),
                    ("Shop", apps.url_of("allpetplus") + "/shop"),
                    (detail.category, apps.url_of("allpetplus") + "/shop?category=" + detail.category_slug),
                    (detail.title, canonical),
                ]
            ),
        ),
    )
    if root is None:
        return Page(head)
    main = _render("product.html", product=detail, picture=picture, shop=shop)
    return Page(head, shell.replace_main(root, main), hero=_page_hero(picture))


def builder(session: Session, request: Request, built: Built) -> Page | None:
    """The builder: a shared design's own page (``?share=``), else the builder with its default design's picture
    where the 3D viewer will be."""
    if request.query.get("share"):
        return shared_design(session, request, built)
    head = Head(
        title=f"Design your dog's harness: style, colours, name, live 3D preview · {BRAND}",
        description="Pick step-in, overhead or vest, the colours and hardware, add your dog's name, and see the "
        "harness in 3D with its price explained line by line. Sized from your pet's own measurements.",
        url=request.absolute("/builder"),
    )
    root = shell.root_markup(built.html)
    picture = pictures.design_picture(HarnessConfig(), current_palette(), "Your harness")
    if picture:
        head = dataclasses.replace(head, image=picture.absolute_og_url, image_alt=picture.alt)
    if root is None or picture is None:
        return Page(head)
    snapshot = shell.fill_slot(root, "viewer", _render("viewer.html", picture=picture))
    config = HarnessConfig()
    quote = product_types.quote(config)
    snapshot = shell.fill_slot(snapshot, "price-lines", _render("price_lines.html", lines=quote.lines))
    snapshot = shell.fill_slot(snapshot, "price-total", escape(quote.total))
    return Page(head, _with_swatches(snapshot, config), hero=_page_hero(picture), scripts_eager=True)


def _with_swatches(root: str, config: HarnessConfig) -> str:
    """The builder's colour pickers filled in (the built page has them empty, its palette comes with the state),
    so the options below them are where the live page will draw them."""
    palette = current_palette().values()
    for field, use in COLOUR_FIELDS.items():
        colours = [colour for colour in palette if use in colour.uses]
        html = _render("swatches.html", colours=colours, chosen=getattr(config, field))
        root = shell.fill_slot(root, field, html, attribute="data-field")
    return root


def shared_design(session: Session, request: Request, built: Built) -> Page | None:
    """The builder opened on a share link: the design's name, price, picture and description."""
    token = str(request.query.get("share") or "")[:64]
    root = shell.root_markup(built.html)
    try:
        design = design_service.shared_design(session, token)
        palette = current_palette()
        kind = product_types.product_type(design.product_type)
        private = {"licence_tag": ""} if "licence_tag" in kind.config.model_fields else {}  # not shown to everyone
        config = product_types.validate({**design.config, **private}, palette, kind.slug)
    except (NotFound, ValidationFailed):
        head = Head(title=f"Shared design not found · {BRAND}", description="That share link does not open a "
                    "design any more.", url=request.absolute("/builder"), noindex=True)  # fmt: skip
        main = _render("not_found.html", shop="/builder", what="design")
        return Page(head, shell.replace_main(root, main) if root else None, status=404)
    quote = product_types.quote(config)
    lines = product_types.describe(kind.slug, config.normalised(), colour_names(session))
    picture = pictures.design_picture(config, palette, design.name)
    style = kind.title(config)
    url = request.absolute(f"/builder?share={token}")
    price = format_money(quote.total_cents, quote.currency)
    head = Head(
        title=f"{design.name}: {style[0].lower()}{style[1:]}, designed at {BRAND}",
        description=f"{'; '.join(lines)}. {price}. Open it in the builder to make it your own.",
        url=url,
        image=picture.absolute_og_url if picture else "",
        image_alt=picture.alt if picture else "",
        json_ld=(
            {
                "@context": "https://schema.org",
                "@type": "Product",
                "name": design.name,
                "description": "; ".join(lines),
                "brand": {"@type": "Brand", "name": BRAND},
                **({"image": [picture.absolute_og_url]} if picture else {}),
                "offers": {
                    "@type": "Offer",
                    "price": _price(quote.total_cents),
                    "priceCurrency": quote.currency,
                    "availability": "https://schema.org/MadeToOrder",
                    "url": url,
                },  # fmt: skip
            },
        ),
    )
    if root is None:
        return Page(head)
    main = _render("design.html", name=design.name, style=style, lines=lines, price=price, picture=picture)
    return Page(head, shell.replace_main(root, main), hero=_page_hero(picture))


def products_landing(session: Session, request: Request, built: Built) -> Page | None:
    """The products app's landing page: its categories and best sellers filled in."""
    cards = catalog.list_products(session, limit=8)
    head = Head(
        title=f"Beds, bowls, toys, collars and leashes · {BRAND} Products",
        description="Everything else your pets need, matching sets for every walk, and subscription boxes.",
        url=request.absolute("/"),
        image=_first_picture_url(session, cards),
        image_alt=f"Products from {BRAND}",
        json_ld=(organization(apps.url_of("allpetplus") + "/", apps.url_of("allpetplus") + "/favicon.svg"),),
    )
    root = shell.root_markup(built.html)
    if root is None:
        return Page(head)
    categories = catalog.list_categories(session)
    root = shell.fill_slot(root, "categories", _render("category_tiles.html", categories=categories))
    root = shell.fill_slot(root, "featured", _cards(session, cards[:8], request, "/product/"))
    return Page(head, root, hero=_card_hero(session, cards))


def static_page(title: str, description: str, *, organisation: bool = False) -> Renderer:
    """A page whose built HTML already shows its content: only its head is written."""

    def render(session: Session, request: Request, built: Built) -> Page:
        url = request.absolute(request.path)
        home = apps.url_of("allpetplus") + "/"
        return Page(Head(title=title, description=description, url=url,
                         json_ld=(organization(home, home + "favicon.svg"),) if organisation else ()))  # fmt: skip

    return render


ROUTES: dict[str, list[tuple[re.Pattern[str], Renderer]]] = {
    "allpetplus": [
        (re.compile(r"/"), landing),
        (re.compile(r"/shop/?"), catalogue),
        (re.compile(r"/product/[^/]+/?"), product),
        (re.compile(r"/builder/?"), builder),
    ],
    "products": [
        (re.compile(r"/"), products_landing),
        (re.compile(r"/catalog/?"), catalogue),
        (re.compile(r"/product/[^/]+/?"), product),
        (
            re.compile(r"/sets/?"),
            static_page(
                f"Matching sets: harness, collar and leash · {BRAND}",
                "Harness, collar and leash in the same colour: 10% off the three together.",
            ),
        ),
        (
            re.compile(r"/boxes/?"),
            static_page(
                f"Subscription boxes · {BRAND}",
                "Food toppers, treats and toys on your schedule; skip or pause any time.",
            ),
        ),
    ],
    "licensing": [
        (
            re.compile(r"/"),
            static_page(
                f"Pet licences online: apply, renew, find a lost pet · {BRAND}",
                "License your dog or cat online in about ten minutes, renew in a few clicks, and help lost pets get "
                "home. Every fee line is shown before you pay.",
                organisation=True,
            ),
        ),
        (
            re.compile(r"/lookup/?"),
            static_page(
                f"Found a pet? Look up its licence tag · {BRAND}",
                "Enter the tag number on a lost pet's collar to reach its owner.",
            ),
        ),
    ],
}


def render_page(app: str, path: str, query: Mapping[str, str], built: Built) -> Page | None:
    """The public page at ``path`` of ``app``, or ``None`` when it is not one."""
    for pattern, renderer in ROUTES.get(app, []):
        if pattern.fullmatch(path):
            with session_scope(read_only=True) as session:
                return renderer(session, Request(app, path, query), built)
    return None
