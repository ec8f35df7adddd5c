"""The sitemap: every public page and active product, and an index of sitemaps once the catalog is large."""

import xml.etree.ElementTree as ET

from sqlmodel import select

from allpetplus.catalog.models import Product
from allpetplus.core import apps
from allpetplus.seo import sitemap

NS = {"s": sitemap.SITEMAPS}


def locations(xml: str, tag: str = "url") -> list[str]:
    return [loc.text for loc in ET.fromstring(xml).findall(f"s:{tag}/s:loc", NS)]


def test_a_small_catalog_is_one_sitemap_of_pages_shelves_and_products(seeded):
    base = apps.url_of("allpetplus")
    found = locations(sitemap.sitemap_xml("allpetplus"))
    handles = seeded.exec(select(Product.handle).where(Product.is_active)).all()
    assert {f"{base}/product/{handle}" for handle in handles} <= set(found)
    assert f"{base}/shop?category=harnesses" in found and f"{base}/builder" in found
    assert len(found) == len(set(found))


def test_a_large_catalog_is_an_index_of_sitemaps_that_together_list_every_product_once(seeded, monkeypatch):
    monkeypatch.setattr(sitemap, "PRODUCTS_PER_SITEMAP", 5)
    base = apps.url_of("allpetplus")
    index = sitemap.sitemap_xml("allpetplus")
    assert ET.fromstring(index).tag == f"{{{sitemap.SITEMAPS}}}sitemapindex"
    parts = locations(index, "sitemap")
    handles = seeded.exec(select(Product.handle).where(Product.is_active)).all()
    assert parts == [f"{base}/sitemap.xml?page={n}" for n in range(1, -(-len(handles) // 5) + 1)]
    pages = [locations(sitemap.sitemap_xml("allpetplus", n)) for n in range(1, len(parts) + 1)]
    products = [loc for page in pages for loc in page if "/product/" in loc]
    assert sorted(products) == sorted(f"{base}/product/{handle}" for handle in handles)  # each once
    assert all(len([loc for loc in page if "/product/" in loc]) <= 5 for page in pages)
    assert f"{base}/builder" in pages[0] and not any(f"{base}/builder" in page for page in pages[1:])
    assert locations(sitemap.sitemap_xml("allpetplus", len(parts) + 1)) == []
