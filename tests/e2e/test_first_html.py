"""Every public page's first HTML response, read as a search engine or a link preview reads it: no JavaScript.

Then the same pages in Chromium: the live page takes over from the server's snapshot with no hydration error
and no layout shift."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.conftest import shopify_webhook

HANDLE = "everyday-overhead-harness"


class FirstHtml(HTMLParser):
    """The head's tags, the JSON-LD blocks and the visible text of the server's snapshot."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self.images: list[dict[str, str]] = []
        self.snapshot_text: list[str] = []
        self._in: list[str] = []
        self._snapshot = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "apl-page":
            self._snapshot += 1
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.links["canonical"] = a["href"]
        if tag == "img" and self._snapshot:
            self.images.append(a)
        self._in.append(tag if not (tag == "script" and a.get("type") == "application/ld+json") else "ld")

    def handle_endtag(self, tag):
        if tag == "apl-page":
            self._snapshot -= 1
        if self._in:
            self._in.pop()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._in:
            self._in.pop()

    def handle_data(self, data):
        where = self._in[-1] if self._in else ""
        if where == "title":
            self.title += data
        elif where == "ld":
            self.json_ld.append(json.loads(data))
        elif self._snapshot and where not in ("style", "script") and data.strip():
            self.snapshot_text.append(data.strip())

    @property
    def text(self) -> str:
        return " ".join(self.snapshot_text)

    def of_type(self, kind: str) -> list[dict]:
        return [block for block in self.json_ld if block.get("@type") == kind]


def fetch(url: str) -> tuple[int, dict[str, str], FirstHtml]:
    """GET ``url`` as a crawler would (no JavaScript, no cookies)."""
    request = urllib.request.Request(url, headers={"User-Agent": "Googlebot/2.1", "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        status, headers, body = exc.code, dict(exc.headers), exc.read()
    parsed = FirstHtml()
    parsed.feed(body.decode())
    return status, {k.lower(): v for k, v in headers.items()}, parsed


def api_product(stack, handle: str) -> dict:
    with urllib.request.urlopen(f"{stack.url('allpetplus')}/api/catalog/products/{handle}", timeout=10) as response:
        return json.load(response)


def api_products(stack) -> list[dict]:
    with urllib.request.urlopen(f"{stack.url('allpetplus')}/api/catalog/products", timeout=10) as response:
        return json.load(response)["products"]


def assert_shareable(page: FirstHtml, main_url: str) -> None:
    """What a link preview needs: a specific title, description, canonical URL, Open Graph and Twitter tags."""
    assert page.title and page.title != "All Pet Plus"
    assert len(page.meta["description"]) > 30
    assert page.links["canonical"].startswith("http")
    for tag in ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"):
        assert page.meta.get(tag), tag
    assert "robots" not in page.meta


def test_product_page_first_html_has_its_content_offers_and_picture(stack):
    status, _, page = fetch(f"{stack.url('allpetplus')}/product/{HANDLE}")
    product = api_product(stack, HANDLE)
    assert status == 200
    assert_shareable(page, stack.url("allpetplus"))
    assert product["title"] in page.title and product["price"] in page.title
    assert page.links["canonical"] == f"{stack.url('allpetplus')}/product/{HANDLE}"
    assert product["title"] in page.text and product["price"] in page.text
    assert product["description"][:60] in page.text
    [ld] = page.of_type("Product")
    assert ld["name"] == product["title"]
    offers = {offer["sku"]: offer for offer in ld["offers"]}
    assert len(offers) == len(product["variants"])
    for variant in product["variants"]:
        offer = offers[variant["sku"]]
        assert offer["price"] == f"{variant['price_cents'] / 100:.2f}" and offer["priceCurrency"] == variant["currency"]
        assert offer["availability"].endswith("InStock" if variant["in_stock"] else "OutOfStock")
    [crumbs] = page.of_type("BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]][-1] == product["title"]
    assert page.meta["og:image"].startswith("http") and page.meta["og:image:alt"]
    [picture] = page.images
    assert picture["alt"] and "w," in picture["srcset"] and picture["src"]
    with urllib.request.urlopen(page.meta["og:image"], timeout=30) as response:
        assert response.status == 200 and response.headers["content-type"].startswith("image/")


def test_the_products_app_product_page_names_the_main_shop_canonical(stack):
    status, _, page = fetch(f"{stack.url('products')}/product/classic-leash")
    assert status == 200
    assert page.links["canonical"] == f"{stack.url('allpetplus')}/product/classic-leash"
    assert page.of_type("Product")[0]["offers"][0]["price"]
    assert api_product(stack, "classic-leash")["title"] in page.text


def test_unknown_product_and_share_link_answer_404(stack):
    status, headers, page = fetch(f"{stack.url('allpetplus')}/product/no-such-thing")
    assert status == 404 and "noindex" in headers.get("x-robots-tag", "")
    assert "couldn't find that product" in page.text
    status, _, _ = fetch(f"{stack.url('allpetplus')}/builder?share=not-a-real-token")
    assert status == 404


@pytest.mark.parametrize("path", ["/", "/shop", "/shop?category=collars"])
def test_main_app_listings_carry_their_products(stack, path):
    status, _, page = fetch(stack.url("allpetplus") + path)
    assert status == 200
    assert_shareable(page, stack.url("allpetplus"))
    cards = api_products(stack)
    if "category=" in path:
        cards = [c for c in cards if c["category_slug"] == "collars"]
        assert "Collars" in page.title
        assert page.of_type("BreadcrumbList")[0]["itemListElement"][-1]["name"] == "Collars"
    shown = [c for c in cards if c["title"] in page.text]
    assert len(shown) >= (4 if path == "/" else len(cards)), page.text[:400]
    assert all(c["price"] in page.text for c in shown)
    assert len(page.images) == len(shown) and all(img["alt"] for img in page.images)
    if path == "/":
        assert page.of_type("Organization")[0]["name"] == "All Pet Plus"


@pytest.mark.parametrize("path", ["/shop", "/builder", "/dashboard"])
def test_a_page_built_as_a_folder_is_served_at_its_own_address(stack, path):
    """``/shop`` answers its page itself: a redirect to ``/shop/`` would cost a phone one more round trip."""
    connection = http.client.HTTPConnection(urlsplit(stack.url("allpetplus")).netloc, timeout=20)
    connection.request("GET", path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("location") is None
    assert "<apl-page>" in response.read().decode() or path == "/dashboard"


@pytest.mark.parametrize(("app", "path"), [("products", "/"), ("products", "/catalog"), ("products", "/sets"),
                                           ("licensing", "/")])  # fmt: skip
def test_sub_app_public_pages_carry_their_head_and_content(stack, app, path):
    status, _, page = fetch(stack.url(app) + path)
    assert status == 200
    assert_shareable(page, stack.url("allpetplus"))
    assert page.links["canonical"].startswith("http")


PRIVATE = [("allpetplus", "/dashboard"), ("allpetplus", "/account"), ("allpetplus", "/admin"),
           ("products", "/cart"), ("products", "/checkout")]  # fmt: skip


@pytest.mark.parametrize(("app", "path"), PRIVATE)
def test_private_pages_are_noindex(stack, app, path):
    status, headers, page = fetch(stack.url(app) + path)
    assert status == 200
    assert headers.get("x-robots-tag") == "noindex" and page.meta.get("robots") == "noindex"


def test_sitemap_and_robots_follow_the_catalog(stack):
    with urllib.request.urlopen(f"{stack.url('allpetplus')}/robots.txt", timeout=10) as response:
        robots = response.read().decode()
    assert f"Sitemap: {stack.url('allpetplus')}/sitemap.xml" in robots and "Disallow: /dashboard" in robots
    with urllib.request.urlopen(f"{stack.url('allpetplus')}/sitemap.xml", timeout=10) as response:
        sitemap = response.read().decode()
    for card in api_products(stack):
        assert f"<loc>{stack.url('allpetplus')}/product/{card['handle']}</loc>" in sitemap
    assert "<lastmod>" in sitemap and "/dashboard" not in sitemap


def test_live_page_takes_over_without_errors_or_layout_shift(stack, browser):
    """Chromium loads the product page and the shop: the snapshot is replaced by the live page, the console has
    no error (a hydration mismatch is one), and the browser's own cumulative layout shift stays ≤ 0.1."""
    for width, height in ((1366, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m, seen=problems: seen.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e, seen=problems: seen.append(str(e)))
        page.add_init_script(
            "window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
            " if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"
        )
        for path in (f"/product/{HANDLE}", "/shop", "/"):
            page.goto(stack.url("allpetplus") + path)
            expect(page.locator("[data-page-ready]")).to_have_count(1)
            expect(page.locator("apl-page")).to_have_count(0)
            expect(page.locator("main").first).to_be_visible()
            cls = page.evaluate("window.__cls")
            assert cls <= 0.1, f"layout shift {cls:.3f} on {path} at {width}px"
        assert not [p for p in problems if "ydrat" in p or "Minified React error" in p], problems
        assert problems == [], problems
        context.close()


def test_the_builder_draws_its_picture_first_and_its_controls_once_it_is_painted(stack, browser):
    """The builder's first frame is its design's picture: the snapshot's controls (usable only once the scripts
    run) keep their place but are drawn after it. Without JavaScript they are drawn at once, and a picture that
    fails to load does not keep them hidden."""
    url = stack.url("allpetplus") + "/builder"
    later = "apl-page [data-paint-later]"

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url, keep_snapshot=True)
    expect(page.locator(later)).to_have_count(4)  # the options, the price, fit and save cards
    expect(page.locator(later).first).to_be_visible()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    held, released = [], []
    page.route("**/_upload/pictures/**", lambda route: route.continue_() if released else held.append(route))
    page.goto(url, wait_until="commit", keep_snapshot=True)
    page.wait_for_function("document.readyState !== 'loading'")  # the whole HTML read, its scripts run
    # Looked at in one go: without a paint the scripts start anyway 3 s after the HTML (a tab in the background).
    seen = page.evaluate(
        """later => ({
            snapshot: !!document.querySelector('apl-page:not([data-painted])'),
            heading: getComputedStyle(document.querySelector('apl-page h1')).visibility,
            controls: [...document.querySelectorAll(later)].map(e => [getComputedStyle(e).visibility, e.offsetHeight]),
        })""",
        later,
    )
    assert seen["snapshot"] and seen["heading"] == "visible", seen
    assert len(seen["controls"]) == 4, seen
    assert all(visibility == "hidden" and height > 50 for visibility, height in seen["controls"]), seen
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function("!document.querySelector('apl-page') || document.querySelector('apl-page[data-painted]')")
    expect(page.locator("#price-total")).to_have_text(re.compile(r"^\$"))
    expect(page.locator("#price-total")).to_be_visible()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    page.route("**/_upload/pictures/**", lambda route: route.abort())
    page.goto(url, wait_until="commit", keep_snapshot=True)
    page.wait_for_function("!document.querySelector('apl-page') || document.querySelector('apl-page[data-painted]')")
    expect(page.locator("#price-total")).to_be_visible()
    context.close()


def test_the_builder_snapshot_draws_each_option_where_the_live_page_does(stack, browser):
    """Its colour pickers and price lines are filled in from the palette and the pricing (the built page has them
    empty), so the snapshot shows the live page's price and, when the live page takes over, nothing jumps."""
    url = stack.url("allpetplus") + "/builder"
    tops = {}
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(url, keep_snapshot=not javascript)
        where = page.locator("apl-page") if not javascript else page.locator("main")
        if not javascript:
            expect(where.locator("[data-field=webbing_colour] button").first).to_be_visible()
            expect(where.locator("[data-field=webbing_colour] [aria-pressed=true]")).to_have_count(1)
            expect(where.locator(".price-line").first).to_be_visible()
            snapshot_price = where.get_by_text("Total", exact=True).first.locator("xpath=..").inner_text()
        else:
            expect(page.locator("#price-total")).to_have_text(re.compile(r"^\$"))
            assert where.get_by_text("Total", exact=True).first.locator("xpath=..").inner_text() == snapshot_price
        tops[javascript] = [
            where.get_by_text(label, exact=True).first.bounding_box()["y"]
            for label in ("Trim colour", "Hardware", "Extras", "Quantity", "Total", "Fit for your pet")
        ]
        context.close()
    assert all(abs(a - b) <= 1 for a, b in zip(tops[False], tops[True], strict=True)), tops


STAFF_CHANGES_VARIANT = """
import sys
from sqlmodel import select
from allpetplus.catalog import staff
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.db import session_scope
from allpetplus.user.models import Role, UserProfile
with session_scope() as session:
    admin = UserProfile(email="stock-keeper@example.com", display_name="Stock keeper", role=Role.ADMIN)
    session.add(admin)
    session.flush()
    variant = session.exec(select(ProductVariant).where(ProductVariant.sku == sys.argv[1])).one()
    staff.update_variant(session, admin, variant.id, sys.argv[2], sys.argv[3])
"""


def test_a_staff_price_or_stock_change_is_in_the_next_response(stack):
    """No cache stands between the catalog and the first HTML: the next request after a change shows it."""
    url = f"{stack.url('allpetplus')}/product/deshedding-brush"
    sku = api_product(stack, "deshedding-brush")["variants"][0]["sku"]
    subprocess.run([sys.executable, "-c", STAFF_CHANGES_VARIANT, sku, "31.50", "0"], cwd=PROJECT_ROOT,
                   env={**os.environ, **stack.env}, check=True, capture_output=True)  # fmt: skip
    _, _, page = fetch(url)
    [offer] = page.of_type("Product")[0]["offers"]
    assert offer["price"] == "31.50" and offer["availability"].endswith("OutOfStock")
    assert "$31.50" in page.text and "Sold out" in page.text
    subprocess.run([sys.executable, "-c", STAFF_CHANGES_VARIANT.replace("stock-keeper@", "stock-keeper-2@"), sku,
                    "26.00", "40"], cwd=PROJECT_ROOT, env={**os.environ, **stack.env}, check=True,
                   capture_output=True)  # fmt: skip
    _, _, page = fetch(url)
    [offer] = page.of_type("Product")[0]["offers"]
    assert offer["price"] == "26.00" and offer["availability"].endswith("InStock")


SHARED_DESIGN = """
from allpetplus.application import designs
from allpetplus.builder import service
from allpetplus.builder.config import HarnessConfig, current_palette
from allpetplus.core.db import session_scope
from allpetplus.user.models import UserProfile
with session_scope() as session:
    owner = UserProfile(email="sharer@example.com", display_name="Sharer")
    session.add(owner)
    session.flush()
    config = HarnessConfig(style="vest", webbing_colour="forest", text="BISCUIT", licence_tag="")
    design = designs.save_design(session, owner, config=config.model_dump(), palette=current_palette(),
                                 name="Biscuit's walking vest", status="DRAFT", pet_id=None, design_id=None)
    print(service.share_design(session, owner, design.id))
"""


def test_a_shared_design_link_previews_with_its_picture_name_and_price(stack):
    token = subprocess.run([sys.executable, "-c", SHARED_DESIGN], cwd=PROJECT_ROOT, env={**os.environ, **stack.env},
                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]  # fmt: skip
    status, _, page = fetch(f"{stack.url('allpetplus')}/builder?share={token}")
    assert status == 200
    assert_shareable(page, stack.url("allpetplus"))
    assert "Biscuit's walking vest" in page.title and "Biscuit's walking vest" in page.text
    [ld] = page.of_type("Product")
    assert page.meta["og:image"].startswith("http") and ld["offers"]["price"] in page.meta["og:description"]
    with urllib.request.urlopen(page.meta["og:image"], timeout=30) as response:
        assert response.headers["content-type"] == "image/jpeg" and len(response.read()) > 5_000
    assert page.images and page.images[0]["alt"].startswith("Biscuit's walking vest")


def _first_html_until(url: str, found, timeout_s: float = 30) -> tuple[float, tuple]:
    """Fetch ``url`` until ``found(status, page)``; the seconds it took and the last answer."""
    start = time.monotonic()
    while True:
        status, _, page = fetch(url)
        if found(status, page):
            return time.monotonic() - start, (status, page)
        if time.monotonic() - start > timeout_s:
            raise AssertionError(f"{url} did not change in {timeout_s} s: {status} {page.text[:300]}")
        time.sleep(0.05)


def test_a_shopify_price_change_reaches_the_product_page_within_two_seconds(stack):
    """Through the webhook inbox and the worker: created, repriced (seen within 2 s), then deleted (404)."""
    main = stack.url("allpetplus")
    number = 900_000 + uuid.uuid4().int % 100_000
    handle = f"e2e-tug-toy-{number}"
    variant = {"id": number * 10, "sku": f"E2E-{number}", "title": "M", "price": "12.00", "option1": "M",
               "inventory_quantity": 4, "inventory_item_id": number * 10}  # fmt: skip
    product = {"id": number, "handle": handle, "title": f"Shopify tug toy {number}", "status": "active",
               "product_type": "Toys", "body_html": "<p>Braided cotton for a good game of tug.</p>",
               "updated_at": "2026-12-01T10:00:00Z", "options": [{"name": "Size", "position": 1}],
               "variants": [variant]}  # fmt: skip
    url = f"{main}/product/{handle}"
    assert shopify_webhook(main, "products/create", product, f"e2e-product-{number}-1") == {"received": True}
    _first_html_until(url, lambda status, page: status == 200 and "$12.00" in page.text)

    repriced = {**product, "updated_at": "2026-12-01T11:00:00Z", "variants": [{**variant, "price": "15.50"}]}
    assert shopify_webhook(main, "products/update", repriced, f"e2e-product-{number}-2") == {"received": True}
    took, (_, page) = _first_html_until(url, lambda status, page: "$15.50" in page.text)
    assert took <= 2.0, f"the new price took {took:.2f} s"
    [offer] = page.of_type("Product")[0]["offers"]
    assert offer["price"] == "15.50"

    gone = {"id": number}
    assert shopify_webhook(main, "products/delete", gone, f"e2e-product-{number}-3") == {"received": True}
    _first_html_until(url, lambda status, page: status == 404)
