"""The catalog imported from a Shopify store (a local stand-in of its Admin GraphQL API): products, variants,
options, prices, compare-at prices, stock, status and photos arrive with their Shopify ids; a sync run again
changes nothing, applies what changed, never goes back to an older version, and takes off sale what Shopify
deleted; the shop's own products are left alone."""

import pytest
from sqlmodel import col, select

from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.core.db import session_scope
from allpetplus.core.settings import settings
from allpetplus.shopify import __main__ as command
from allpetplus.shopify import catalog as shopify_catalog
from allpetplus.shopify.catalog import apply_product, sync_catalog
from allpetplus.shopify.client import AdminClient
from tests.support import shopify_standin
from tests.support.shopify_standin import product


@pytest.fixture
def store(shopify_store):
    return shopify_store


def imported(session) -> dict[str, Product]:
    session.expire_all()
    return {p.handle: p for p in session.exec(select(Product).where(col(Product.shopify_id).is_not(None)))}


@pytest.mark.parametrize("bulk", [False, True], ids=["paged", "bulk operation"])
def test_a_store_is_imported_with_its_variants_prices_stock_and_photos(seeded, store, monkeypatch, bulk):
    """Page by page, or (a large store: here 120 products count as large) one bulk operation streamed from its
    JSONL file: the same catalog either way."""
    monkeypatch.setattr(shopify_catalog, "BULK_FROM", 100 if bulk else 10_000)
    own = seeded.exec(select(Product).where(col(Product.shopify_id).is_(None))).all()
    store.bucket(120.0, maximum=120.0, restore_rate=400.0)  # the import waits for the cost bucket between pages
    store.bulk_running_looks = 2  # Shopify takes a while to write the file
    with AdminClient() as admin:
        report = sync_catalog(admin, session_scope, page_size=40)
    assert (report.created, report.updated, report.unchanged) == (120, 0, 0)
    operations = [call["operation"] for call in store.calls]
    if bulk:
        assert "Products" not in operations and operations.count("BulkOperationRunQuery") == 1
        assert operations.count("BulkOperation") == 3  # running, running, completed
    else:
        assert operations.count("Products") == 3 and "BulkOperationRunQuery" not in operations
    products = imported(seeded)
    assert len(products) == 120
    seven = products["standin-product-7"]
    assert seven.shopify_id == "gid://shopify/Product/1007" and seven.is_active
    assert seven.title == "Stand-in product 7" and seven.description == "A stand-in product, number 7."
    assert seven.image_url == "https://cdn.shopify.com/s/files/standin-7.jpg"
    assert seeded.get(Category, seven.category_id).name == "Toys"
    variants = seeded.exec(select(ProductVariant).where(ProductVariant.product_id == seven.id)
                           .order_by(ProductVariant.position)).all()  # fmt: skip
    assert [(v.sku, v.size, v.colour, v.price_cents, v.stock) for v in variants[:2]] == [
        ("SI-7-0", "S", "Ocean", 2000, 5), ("SI-7-1", "M", "Forest", 2100, 6)]  # fmt: skip
    assert variants[0].compare_at_cents == 3000 and variants[1].compare_at_cents is None
    assert variants[0].inventory_item_id == "gid://shopify/InventoryItem/10070"
    assert seeded.exec(select(Product).where(col(Product.shopify_id).is_(None))).all() == own  # ours untouched

    with AdminClient() as admin:
        again = sync_catalog(admin, session_scope, page_size=40)
    assert (again.created, again.updated, again.unchanged, again.taken_off_sale) == (0, 0, 120, 0)


def test_a_sync_applies_what_changed_takes_off_sale_what_was_deleted_and_never_goes_back(seeded, store):
    with AdminClient() as admin:
        sync_catalog(admin, session_scope)
    older = {**store.products[3], "variants": {"nodes": [dict(v) for v in store.products[3]["variants"]["nodes"]]}}
    store.products[3]["updatedAt"] = "2026-12-02T09:00:00Z"
    store.products[3]["variants"]["nodes"][0]["price"] = "19.50"
    store.products[3]["variants"]["nodes"] = store.products[3]["variants"]["nodes"][:4]  # one variant removed
    del store.products[5]
    with AdminClient() as admin:
        report = sync_catalog(admin, session_scope)
    assert (report.updated, report.taken_off_sale, report.unchanged) == (1, 1, 118)
    assert report.changed == ["updated: standin-product-3", "taken off sale: standin-product-5"]
    products = imported(seeded)
    three = products["standin-product-3"]
    prices = seeded.exec(select(ProductVariant.price_cents).where(ProductVariant.product_id == three.id)
                         .order_by(ProductVariant.position)).all()  # fmt: skip
    assert prices == [1950, 2100, 2200, 2300]
    assert not products["standin-product-5"].is_active  # kept for the orders that name it, off sale

    with session_scope() as session:  # a late delivery of the older version changes nothing
        assert apply_product(session, older) == "unchanged"
    assert seeded.exec(select(ProductVariant.price_cents).where(ProductVariant.sku == "SI-3-0")).one() == 1950


def test_a_shopify_handle_the_shop_already_uses_gets_the_shopify_number(seeded, store):
    ours = seeded.exec(select(Product).where(col(Product.shopify_id).is_(None))).first()
    store.products = [{**product(1), "handle": ours.handle}]
    with AdminClient() as admin:
        sync_catalog(admin, session_scope)
    assert list(imported(seeded)) == [f"{ours.handle}-1001"]


def test_the_command_says_when_the_shop_is_not_connected(store, monkeypatch, capsys):
    monkeypatch.setattr(settings, "SHOPIFY_SHOP_DOMAIN", "")
    assert command.main(["sync"]) == 2
    assert "not connected" in capsys.readouterr().err and store.calls == []


def test_staff_cannot_change_here_what_shopify_owns(seeded, store):
    from allpetplus.catalog import staff
    from allpetplus.core.errors import ValidationFailed
    from allpetplus.user.models import Role, UserProfile

    admin_user = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add(admin_user)
    seeded.commit()
    store.products = store.products[:1]
    with AdminClient() as admin:
        sync_catalog(admin, session_scope)
    [row] = [r for r in staff.products(seeded, admin_user, search="Stand-in") if r.from_shopify]
    with pytest.raises(ValidationFailed, match="comes from Shopify: change its price in your Shopify admin"):
        staff.update_variant(seeded, admin_user, row.variants[0].id, "1.00", "3")
    with pytest.raises(ValidationFailed, match="change its status"):
        staff.set_product_active(seeded, admin_user, row.id, False)


def test_the_nightly_reconciliation_repairs_an_update_whose_webhook_never_came(seeded, store):
    from allpetplus.jobs.scheduled import reconcile_shopify_catalog

    store.products = store.products[:10]
    assert reconcile_shopify_catalog() == "10 created, 0 updated, 0 unchanged, 0 taken off sale"
    store.products[2] = {**store.products[2], "updatedAt": "2026-12-02T08:00:00Z", "title": "Renamed in Shopify"}
    assert reconcile_shopify_catalog() == "0 created, 1 updated, 9 unchanged, 0 taken off sale"
    assert imported(seeded)["standin-product-2"].title == "Renamed in Shopify"


def test_staff_start_a_sync_from_the_admin_and_the_worker_imports_the_store(seeded, engine, store, start_worker,
                                                                            monkeypatch):  # fmt: skip
    from allpetplus.core.errors import PermissionDenied, ValidationFailed
    from allpetplus.jobs.shopify import NOT_CONNECTED, start_catalog_sync
    from allpetplus.user.models import Role, UserProfile
    from tests.integration.test_shopify_fulfilment import queue_idle
    from tests.support.servers import _wait

    staff, shopper = UserProfile(email="staff@example.com", role=Role.ADMIN), UserProfile(email="s@example.com")
    seeded.add_all([staff, shopper])
    seeded.commit()
    with pytest.raises(PermissionDenied):
        start_catalog_sync(shopper)
    assert start_catalog_sync(staff) is True
    assert start_catalog_sync(staff) is False  # one sync waits already: a second click adds nothing
    start_worker(DATABASE_URL=str(engine.url), **shopify_standin.connection(store))
    _wait(lambda: len(imported(seeded)) == 120, 60, "the worker to import the store")
    _wait(queue_idle, 30, "the worker to finish")
    assert start_catalog_sync(staff) is True  # finished: the next click starts a new sync
    monkeypatch.setattr(settings, "SHOPIFY_ADMIN_TOKEN", "")
    with pytest.raises(ValidationFailed) as refused:
        start_catalog_sync(staff)
    assert refused.value.errors == {"shopify": NOT_CONNECTED}


def test_a_bulk_operation_that_fails_stops_the_sync_and_changes_nothing(seeded, store):
    from allpetplus.shopify.client import ShopifyError

    store.bulk_outcome = "FAILED"
    with AdminClient(sleep=lambda _: None) as admin, pytest.raises(ShopifyError, match="ended FAILED"):
        sync_catalog(admin, session_scope, bulk=True)
    assert imported(seeded) == {}
    store.bulk_outcome = "COMPLETED"
    with AdminClient(sleep=lambda _: None) as admin:
        assert sync_catalog(admin, session_scope, bulk=True).created == 120  # the next run starts afresh
