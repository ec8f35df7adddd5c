"""``/sitemap.xml`` and ``/robots.txt`` of each app, read from the catalog on every request (so a product put on
sale or taken off is in or out of the next one, no rebuild needed); a large catalog's sitemap is an index of
sitemaps of ``PRODUCTS_PER_SITEMAP`` products each."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from allpetplus.catalog.models import Category, Product
from allpetplus.core import apps
from allpetplus.core.db import session_scope
from allpetplus.seo.snapshot import PRIVATE_PREFIXES

#: Each app's public pages other than products (path, how often it changes).
PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "allpetplus": (("/", "daily"), ("/shop", "daily"), ("/builder", "weekly")),
    "products": (("/", "daily"), ("/sets", "weekly"), ("/boxes", "weekly")),
    "licensing": (("/", "monthly"), ("/lookup", "monthly")),
}
#: Where each product page lives: the main app's (the products app's pages name it canonical).
PRODUCT_PAGES_APP = "allpetplus"
#: Products in one sitemap file (the protocol allows 50,000 URLs; smaller files are quicker to make and fetch).
PRODUCTS_PER_SITEMAP = 5_000
XML, SITEMAPS = '<?xml version="1.0" encoding="UTF-8"?>\n', "http://www.sitemaps.org/schemas/sitemap/0.9"


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def sitemap_xml(app: str, page: int | None = None) -> str:
    """The sitemap of ``app``: its public pages, and on the main app every category and active product. A catalog
    of more than ``PRODUCTS_PER_SITEMAP`` products makes it an index of sitemaps (``?page=N``) of that many each;
    the first also lists the pages and shelves."""
    base = apps.url_of(app)
    entries: list[tuple[str, str, str]] = []
    with session_scope(read_only=True) as session:
        active = select(Product.handle, Product.updated_at).where(col(Product.is_active).is_(True))
        if app != PRODUCT_PAGES_APP:
            products = []
        elif page is None:
            products = session.exec(active.order_by(Product.id).limit(PRODUCTS_PER_SITEMAP + 1)).all()
            if len(products) > PRODUCTS_PER_SITEMAP:
                return _index(session, base)
        else:
            products = session.exec(active.order_by(Product.id).offset((page - 1) * PRODUCTS_PER_SITEMAP)
                                    .limit(PRODUCTS_PER_SITEMAP)).all()  # fmt: skip
        if page in (None, 1):
            newest = _day(session.exec(select(func.max(Product.updated_at)).where(col(Product.is_active).is_(True)))
                          .one())  # fmt: skip
            for path, often in PAGES.get(app, (("/", "weekly"),)):
                entries.append((base + path, newest if path in ("/", "/shop") else "", often))
            if app == PRODUCT_PAGES_APP:
                for slug, changed in session.exec(
                    select(Category.slug, func.max(Product.updated_at))
                    .join(Product, (col(Product.category_id) == Category.id) & col(Product.is_active).is_(True),
                          isouter=True)
                    .group_by(col(Category.id)).order_by(Category.position, Category.id)
                ):  # fmt: skip
                    entries.append((f"{base}/shop?category={slug}", _day(changed), "weekly"))
        entries += [(f"{base}/product/{p.handle}", _day(p.updated_at), "weekly") for p in products]
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + f"<changefreq>{often}</changefreq></url>"
        for loc, lastmod, often in entries
    )  # fmt: skip
    return f'{XML}<urlset xmlns="{SITEMAPS}">{urls}</urlset>\n'


def _index(session: Session, base: str) -> str:
    """A sitemap index: one sitemap per ``PRODUCTS_PER_SITEMAP`` active products."""
    count = session.exec(select(func.count()).select_from(Product).where(col(Product.is_active).is_(True))).one()
    pages = -(-count // PRODUCTS_PER_SITEMAP)
    sitemaps = "".join(f"<sitemap><loc>{escape(f'{base}/sitemap.xml?page={n}')}</loc></sitemap>"
                       for n in range(1, pages + 1))  # fmt: skip
    return f'{XML}<sitemapindex xmlns="{SITEMAPS}">{sitemaps}</sitemapindex>\n'


def robots_txt(app: str) -> str:
    """``robots.txt``: private pages disallowed, the sitemap named."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), "Disallow: /_",
             f"Sitemap: {apps.url_of(app)}/sitemap.xml"]  # fmt: skip
    return "\n".join(lines) + "\n"


def routes(app: str) -> list[Route]:
    """The two routes for ``app``."""

    async def sitemap(request: Request) -> Response:
        page = request.query_params.get("page", "")[:6]
        body = await run_in_threadpool(sitemap_xml, app, int(page) if page.isdigit() and int(page) > 0 else None)
        return Response(body, media_type="application/xml", headers={"cache-control": "public, max-age=60"})

    async def robots(_request: Request) -> Response:
        return PlainTextResponse(robots_txt(app), headers={"cache-control": "public, max-age=3600"})

    methods = ["GET", "HEAD"]
    return [Route("/sitemap.xml", sitemap, methods=methods), Route("/robots.txt", robots, methods=methods)]
