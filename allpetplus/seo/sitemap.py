"""``/sitemap.xml`` and ``/robots.txt`` of each app, read from the catalog on every request (so a product put on
sale or taken off is in or out of the next one, no rebuild needed)."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from sqlmodel import col, select
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


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def sitemap_xml(app: str) -> str:
    """The sitemap of ``app``: its public pages, and on the main app every category and active product."""
    base = apps.url_of(app)
    entries: list[tuple[str, str, str]] = []
    with session_scope(read_only=True) as session:
        products = session.exec(
            select(Product.handle, Product.updated_at, Product.category_id)
            .where(col(Product.is_active).is_(True))
            .order_by(Product.id)
        ).all()  # the columns only: a catalog of 10,000 products is read in well under a second
        newest = _day(max((p.updated_at for p in products), default=None))
        for path, often in PAGES.get(app, (("/", "weekly"),)):
            entries.append((base + path, newest if path in ("/", "/shop") else "", often))
        if app == PRODUCT_PAGES_APP:
            for category in session.exec(select(Category).order_by(Category.position)):
                mine = [p.updated_at for p in products if p.category_id == category.id]
                entries.append((f"{base}/shop?category={category.slug}", _day(max(mine, default=None)), "weekly"))
            entries += [(f"{base}/product/{p.handle}", _day(p.updated_at), "weekly") for p in products]
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + f"<changefreq>{often}</changefreq></url>"
        for loc, lastmod, often in entries
    )  # fmt: skip
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')  # fmt: skip


def robots_txt(app: str) -> str:
    """``robots.txt``: private pages disallowed, the sitemap named."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), "Disallow: /_",
             f"Sitemap: {apps.url_of(app)}/sitemap.xml"]  # fmt: skip
    return "\n".join(lines) + "\n"


def routes(app: str) -> list[Route]:
    """The two routes for ``app``."""

    async def sitemap(_request: Request) -> Response:
        body = await run_in_threadpool(sitemap_xml, app)
        return Response(body, media_type="application/xml", headers={"cache-control": "public, max-age=60"})

    async def robots(_request: Request) -> Response:
        return PlainTextResponse(robots_txt(app), headers={"cache-control": "public, max-age=3600"})

    methods = ["GET", "HEAD"]
    return [Route("/sitemap.xml", sitemap, methods=methods), Route("/robots.txt", robots, methods=methods)]
