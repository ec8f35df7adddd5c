"""A catalog of 10,000 products with 5 variants each on PostgreSQL: imported from the Shopify stand-in with a bulk
operation, as a store that size is (time, and the importer's peak memory beside a 2,000-product import: the file
is streamed, so memory must not grow with the catalog), then filtered, searched, sorted pages of 24 cards from
the catalog service (p95)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.report import Result, percentile

LARGE, SMALL = 10_000, 2_000
#: The worst case: variant filters few products match, so counting them reads every product.
BROAD = "size M + colour Forest + under $25 (1 in 12 products matches), price low to high"
PAGE_RUNS = 200
IMPORTER = """
import json, resource, time
from allpetplus.core.db import session_scope
from allpetplus.shopify.catalog import sync_catalog
from allpetplus.shopify.client import AdminClient
start = time.perf_counter()
report = sync_catalog(AdminClient(), session_scope, bulk=True)
print(json.dumps({"seconds": time.perf_counter() - start, "created": report.created,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@contextlib.contextmanager
def _database(directory: Path, name: str) -> Iterator[str]:
    """A migrated PostgreSQL database ``name`` (fsync on, as in production)."""
    import psycopg

    from tests.support.servers import PostgresServer

    postgres = PostgresServer(directory / f"pg-{name}", durable=True).start()
    try:
        with psycopg.connect(host="127.0.0.1", port=postgres.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f"CREATE DATABASE {name}")
        url = postgres.url(name)
        migrated = subprocess.run([sys.executable, "-m", "allpetplus.stack", "migrate"], capture_output=True,
                                  text=True, env={**os.environ, "DATABASE_URL": url})  # fmt: skip
        if migrated.returncode != 0:
            raise RuntimeError(f"migrate failed: {migrated.stderr[-2000:]}")
        yield url
    finally:
        postgres.stop()


def _import(url: str, count: int) -> dict:
    """Import ``count`` stand-in products into ``url`` in a process of its own; its time and peak memory."""
    from tests.support import shopify_standin
    from tests.support.shopify_standin import ShopifyStandIn, product

    store, server = shopify_standin.start(ShopifyStandIn(products=[_priced(product(n)) for n in range(count)]))
    try:
        env = {**os.environ, "DATABASE_URL": url, "SHOPIFY_SHOP_DOMAIN": "bench.myshopify.com", "LOG_LEVEL": "WARNING",
               "SHOPIFY_ADMIN_TOKEN": shopify_standin.TOKEN, "SHOPIFY_API_VERSION": shopify_standin.VERSION,
               "SHOPIFY_ADMIN_URL": store.url}  # fmt: skip
        done = subprocess.run([sys.executable, "-c", IMPORTER], capture_output=True, text=True, env=env, timeout=3600)
        if done.returncode != 0:
            raise RuntimeError(f"import failed: {done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        server.shutdown()


def _priced(item: dict) -> dict:
    """A stand-in product with its prices moved by up to $59 (by its number), so products' price ranges
    overlap and a price sort has something to sort."""
    shift = int(item["handle"].rsplit("-", 1)[1]) * 37 % 60
    for variant in item["variants"]["nodes"]:
        variant["price"] = f"{float(variant['price']) + shift:.2f}"
    return item


def _pages(url: str) -> dict[str, float]:
    """p95 milliseconds of ``find_products`` for the shop's usual requests on the imported catalog."""
    from allpetplus.catalog import service
    from allpetplus.core import db

    engine = db.make_engine(url)
    db.use_engine(engine)
    try:
        with db.session_scope(read_only=True) as session:
            counts = service.category_counts(session)
        category = max(counts, key=counts.get)  # the largest shelf
        requests = {
            "featured, first page": {},
            "largest shelf by name, page 50": {"category": category, "sort": "name", "page": 50},
            "largest shelf, size M, price low to high": {"category": category, "size": "M", "sort": "price_asc"},
            "largest shelf, size M, price high to low, page 3": {
                "category": category,
                "size": "M",
                "sort": "price_desc",
                "page": 3,
            },
            "every product, price low to high": {"sort": "price_asc"},
            "colour Berry, by name, page 3": {"colour": "Berry", "sort": "name", "page": 3},
            "search 'product 12', price high to low": {"query": "product 12", "sort": "price_desc"},
            BROAD: {"size": "M", "colour": "Forest", "max_price_cents": 2500, "sort": "price_asc"},
        }
        timings: dict[str, list[float]] = {name: [] for name in requests}
        for _ in range(PAGE_RUNS):
            for name, filters in requests.items():
                with db.session_scope(read_only=True) as session:
                    start = time.perf_counter()
                    found = service.find_products(session, **filters)
                    timings[name].append((time.perf_counter() - start) * 1000)
                assert len(found.cards) == service.PAGE_SIZE or found.page == found.pages, name
        return {name: percentile(samples, 95) for name, samples in timings.items()}
    finally:
        db.use_engine(None)
        engine.dispose()


def catalog_at_scale() -> list[Result]:
    """Import 10,000 Shopify products × 5 variants (time, peak memory vs 2,000) and page p95 on PostgreSQL."""
    directory = Path(tempfile.mkdtemp(prefix="allpetplus-bench-catalog-"))
    directory.chmod(0o755)  # PostgreSQL runs as its own user when we are root
    try:
        with _database(directory, "small") as small_url:
            small = _import(small_url, SMALL)
        with _database(directory, "large") as url:
            large = _import(url, LARGE)
            pages = _pages(url)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    usual = {name: ms for name, ms in pages.items() if name != BROAD}
    worst = max(usual, key=usual.get)
    detail = "; ".join(f"{name} {ms:.1f} ms" for name, ms in usual.items())
    return [
        Result(
            f"Shopify import of {LARGE:,} products × 5 variants from the stand-in (PostgreSQL, fsync on)",
            large["seconds"],
            "s",
            None,
            detail=f"{large['created']:,} created, {LARGE * 5 / large['seconds']:,.0f} variants/s; "
            "a bulk operation, its JSONL file streamed",
        ),  # fmt: skip
        Result(
            f"Importer's peak memory, {LARGE:,} products vs {SMALL:,} (it streams: must not grow)",
            large["peak_mib"] / small["peak_mib"],
            "×",
            1.25,
            detail=f"{large['peak_mib']:.0f} MiB vs {small['peak_mib']:.0f} MiB (peak RSS of the import process)",
        ),  # fmt: skip
        Result(
            f"A filtered, sorted catalog page of 24 cards among {LARGE:,} products, service p95 (worst request)",
            pages[worst],
            "ms",
            30,
            detail=f"worst: {worst}. {detail}",
        ),  # fmt: skip
        Result(
            "The same, for filters few products match, sorted by price (service p95)",
            pages[BROAD],
            "ms",
            None,
            detail=BROAD,
        ),  # fmt: skip
    ]


def shop_at_scale() -> list[Result]:
    """The shop's LCP with 10,000 products on PostgreSQL beside its LCP with the 14 seed products (≤ 1.2×)."""
    from playwright.sync_api import sync_playwright

    from bench.pages import CHROMIUM_ARGS, LOADS, Page, _load
    from bench.stack import running_stack

    directory = Path(tempfile.mkdtemp(prefix="allpetplus-bench-shop-"))
    directory.chmod(0o755)  # PostgreSQL runs as its own user when we are root
    try:
        with _database(directory, "shop") as url, running_stack(apps=("allpetplus",),
                                                                extra_env={"DATABASE_URL": url}) as stack:  # fmt: skip
            shop = Page("Shop /shop", stack.url("allpetplus") + "/shop",
                        "document.querySelectorAll('[data-testid=product-card]').length > 0")  # fmt: skip
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                try:
                    seed = [_load(browser, shop, None).lcp for _ in range(LOADS + 1)][1:]
                    imported = _import(url, LARGE)
                    large = [_load(browser, shop, None).lcp for _ in range(LOADS + 1)][1:]
                finally:
                    browser.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    ratio = statistics.median(large) / statistics.median(seed)
    return [
        Result(
            f"Shop /shop LCP with {LARGE:,} products ÷ with the 14 seed products (PostgreSQL), median",
            ratio,
            "×",
            1.2,
            detail=f"{statistics.median(large):,.0f} ms vs {statistics.median(seed):,.0f} ms over {LOADS} "
            f"fresh loads each (p95 {percentile(large, 95):,.0f} vs {percentile(seed, 95):,.0f} ms); "
            f"{imported['created']:,} products imported in {imported['seconds']:.0f} s",
        ),  # fmt: skip
    ]


ALL = [catalog_at_scale, shop_at_scale]
