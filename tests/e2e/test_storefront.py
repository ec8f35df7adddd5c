"""In Chromium, against the production build: landing pages, the shop, product pages, not-found pages."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_each_app_serves_its_landing_page(stack, page):
    expectations = {
        "allpetplus": (
            "All Pet Plus: dog harnesses made to measure, and everything else your pets need",
            "A harness that fits, designed by you.",
        ),
        "licensing": (
            "Pet licences online: apply, renew, find a lost pet · All Pet Plus",
            "License your pet in about ten minutes.",
        ),
        "products": (
            "Beds, bowls, toys, collars and leashes · All Pet Plus Products",
            "Everything else your pet needs.",
        ),
    }
    for app, (title, headline) in expectations.items():
        page.goto(stack.url(app) + "/")
        expect(page).to_have_title(title)
        expect(page.get_by_role("heading", name=headline)).to_be_visible()
        expect(page.locator("footer")).to_contain_text("All Pet Plus")


def test_landing_shows_categories_and_popular_products_from_the_database(stack, page, seeded_catalog):
    page.goto(stack.url("allpetplus") + "/")
    for category in seeded_catalog["categories"]:
        expect(page.locator("#landing").get_by_role("link", name=category["name"], exact=True)).to_be_visible()
    expect(page.get_by_test_id("product-card")).to_have_count(4)


def test_shop_lists_every_seeded_product(stack, page, seeded_catalog):
    page.goto(stack.url("allpetplus") + "/shop")
    cards = page.get_by_test_id("product-card")
    expect(cards).to_have_count(len(seeded_catalog["products"]))
    titles = sorted(cards.locator(".product-title").all_inner_texts())
    assert titles == sorted(p["title"] for p in seeded_catalog["products"])
    trail = cards.filter(has_text="Trail Step-In Harness")
    expect(trail).to_contain_text("$34.00 – $46.00")
    expect(cards.filter(has_text="Long-Line Training Lead")).to_contain_text("Sold out")


def test_category_filter_narrows_the_shop(stack, page, seeded_catalog):
    page.goto(stack.url("allpetplus") + "/shop")
    page.get_by_role("navigation", name="Categories").get_by_text("Collars", exact=True).click()
    expect(page).to_have_url(stack.url("allpetplus") + "/shop?category=collars")
    expect(page.locator("#shop-heading")).to_have_text("Collars")
    collars = [p for p in seeded_catalog["products"] if p["category"] == "collars"]
    expect(page.get_by_test_id("product-card")).to_have_count(len(collars))


def test_product_page_opens_from_the_catalog_and_prices_the_chosen_variant(stack, page):
    page.goto(stack.url("allpetplus") + "/shop")
    page.get_by_test_id("product-card").filter(has_text="Trail Step-In Harness").click()
    expect(page).to_have_url(stack.url("allpetplus") + "/product/trail-step-in-harness")
    expect(page.locator("#product-title")).to_have_text("Trail Step-In Harness")
    expect(page.locator("#variant-price")).to_have_text("$34.00")
    page.get_by_role("radio", name="XL").click()
    expect(page.locator("#variant-price")).to_have_text("$46.00")
    page.get_by_role("button", name="Charcoal").click()
    expect(page.get_by_text("SKU TRL-XL-CHA")).to_be_visible()
    expect(page.get_by_text("14 in stock")).to_be_visible()


@pytest.mark.expect_page_errors("404")
def test_unknown_product_shows_a_friendly_not_found_page(stack, page):
    response = page.goto(stack.url("allpetplus") + "/product/no-such-harness")
    assert response.status == 404  # a real 404 for search engines, with the friendly page for people
    expect(page.locator("#product-not-found")).to_contain_text("We couldn't find that product")
    page.get_by_role("link", name="Back to the shop").click()
    expect(page).to_have_url(stack.url("allpetplus") + "/shop")
    expect(page.get_by_test_id("product-card").first).to_be_visible()


@pytest.mark.expect_page_errors("404")
def test_unknown_address_shows_the_404_page(stack, page):
    response = page.goto(stack.url("allpetplus") + "/no/such/page")
    assert response.status == 404
    expect(page.locator("#page-not-found")).to_contain_text("This page has wandered off")


def test_products_app_best_sellers_open_their_product_page(stack, page):
    page.goto(stack.url("products") + "/")
    expect(page.get_by_test_id("category-tile")).to_have_count(7)
    page.get_by_test_id("product-card").filter(has_text="Breakaway Cat Collar").click()
    expect(page).to_have_url(stack.url("products") + "/product/breakaway-cat-collar")
    expect(page.locator("#product-title")).to_have_text("Breakaway Cat Collar")
    expect(page.locator("#variant-price")).to_have_text("$12.00")


@pytest.mark.parametrize("app", ["allpetplus", "licensing", "products"])
def test_every_running_app_reports_health(stack, app):
    """docker-compose.yml health-checks each app on its own /health."""
    with urllib.request.urlopen(stack.url(app) + "/health", timeout=10) as response:
        body = json.load(response)
        assert response.status == 200
    assert {body[k]["status"] for k in ("db", "redis", "queue")} == {"ok"}
    assert body["queue"]["workers"] >= 1
    for component in ("db", "redis", "queue"):
        with urllib.request.urlopen(f"{stack.url(app)}/health/{component}", timeout=10) as response:
            assert response.status == 200 and json.load(response)["status"] == "ok"


def test_sub_apps_may_be_framed_only_by_the_main_app(stack):
    for app in ("licensing", "products"):
        with urllib.request.urlopen(stack.url(app) + "/", timeout=10) as response:
            csp = response.headers["content-security-policy"]
        assert csp == f"frame-ancestors 'self' {stack.url('allpetplus')}"
