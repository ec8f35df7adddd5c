"""The Shopify Admin client against a local stand-in of Shopify's GraphQL API: it sends nothing when the shop is
not connected, reads a catalog page by page through Shopify's cost-based throttling, and retries what fails in
transit but not what Shopify refused."""

import time

import pytest

from allpetplus.core.settings import settings
from allpetplus.shopify import client as shopify

PRODUCTS = """query Products($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    nodes { id handle title status updatedAt variants(first: 100) { nodes { id sku price inventoryQuantity } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def store(shopify_store):
    return shopify_store


def test_nothing_is_sent_when_the_shop_is_not_connected(store, monkeypatch):
    monkeypatch.setattr(settings, "SHOPIFY_ADMIN_TOKEN", "")
    assert not shopify.configured()
    with pytest.raises(shopify.NotConfigured, match="SHOPIFY_ADMIN_TOKEN"):
        shopify.AdminClient()
    assert store.calls == []


def test_a_catalog_is_read_page_by_page_waiting_for_shopifys_cost_bucket(store):
    store.bucket(100.0, maximum=100.0, restore_rate=200.0)  # a small bucket: two pages of 40 empty it
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    with shopify.AdminClient(sleep=sleep) as admin:
        handles = [node["handle"] for node in admin.pages(PRODUCTS, "products", page_size=40)]
    assert handles == [f"standin-product-{n}" for n in range(120)]  # each once, in order, across 3 pages
    assert [call["variables"]["after"] is None for call in store.calls] == [True, False, False]
    assert waits and store.throttled == 0  # it waited for the bucket instead of being refused


def test_a_call_answered_throttled_waits_for_its_cost_and_goes_again(store):
    store.bucket(0.0, maximum=100.0, restore_rate=20.0)  # another app of the store has just spent the bucket
    with shopify.AdminClient() as admin:
        data = admin.execute(PRODUCTS, {"first": 10, "after": None})
    assert len(data["products"]["nodes"]) == 10
    assert store.throttled == 1 and len(store.calls) == 2
    assert admin.throttle is not None and admin.throttle.maximum == 100.0


def test_failures_in_transit_are_retried_and_refusals_are_not(store, monkeypatch):
    store.fail_next = [502, 429]
    with shopify.AdminClient() as admin:
        assert len(admin.execute(PRODUCTS, {"first": 5})["products"]["nodes"]) == 5
        assert len(store.calls) == 1  # the two failures never reached the GraphQL layer; the third try did
        with pytest.raises(shopify.ShopifyError, match="not served"):
            admin.execute("query Shop { shop { name } }")
    monkeypatch.setattr(settings, "SHOPIFY_ADMIN_TOKEN", "shpat_wrong")
    with shopify.AdminClient() as admin, pytest.raises(shopify.ShopifyError, match="401"):
        admin.execute(PRODUCTS, {"first": 5})
    assert store.fail_next == [] and len(store.calls) == 2
