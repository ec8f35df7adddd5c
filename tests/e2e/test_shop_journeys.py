"""In Chromium, on a laptop (1366×900) and a phone (390×844): a guest buys a product from the main app's
product page and a harness designed in the builder, in one cart whichever app they are in, and checks out.
The header is one row with a menu button on the phone and the same brand and cart in every app."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accounts import new_email

pytestmark = pytest.mark.e2e

SCREENS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def money(text: str) -> int:
    """Cents from a shown amount such as ``$1,234.50`` or ``-$3.00``."""
    cents = int(re.sub(r"[^\d]", "", text))
    return -cents if text.strip().startswith("-") else cents


def added_toast(page: Page, what: str):
    toast = page.locator("[data-sonner-toast]").filter(has_text="Added to your cart").filter(has_text=what)
    expect(toast).to_be_visible()
    return toast


@pytest.mark.parametrize("screen", SCREENS)
def test_a_guest_buys_from_the_product_page_and_the_builder_in_one_cart(stack, browser, screen):
    main, shop, licensing = stack.url("allpetplus"), stack.url("products"), stack.url("licensing")
    context = browser.new_context(viewport=SCREENS[screen])
    page = context.new_page()
    try:
        page.goto(main + "/product/trail-step-in-harness")
        expect(page.locator("#product-title")).to_have_text("Trail Step-In Harness")
        header = page.locator("header").first
        if screen == "phone":
            assert header.bounding_box()["height"] <= 80, "the header stays one row on a phone"
            expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
            page.locator("#menu-button").click()
            expect(page.get_by_role("menuitem", name="Pet licences")).to_be_visible()
            page.keyboard.press("Escape")
        else:
            expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Shop")).to_be_visible()

        page.get_by_role("radio", name="XL").click()
        expect(page.locator("#variant-price")).to_have_text("$46.00")
        unit = money(page.locator("#variant-price").inner_text())
        page.locator("#quantity").fill("2")
        page.locator("#add-to-cart").click()
        toast = added_toast(page, "2 × Trail Step-In Harness")
        expect(toast).to_contain_text(f"${unit * 2 // 100}.{unit * 2 % 100:02d}")
        expect(page.locator("#cart-count")).to_have_text("2")

        page.goto(main + "/builder?share=made-up-link")  # a made-up link says so, and opens a design of one's own
        expect(page.locator("#link-problem")).to_contain_text("does not open a design")
        expect(page.locator("#price-total")).not_to_have_text("")
        page.locator("[data-field=webbing_colour] [data-colour=berry]").click()
        design_price = page.locator("#price-total").inner_text()
        page.locator("#add-to-cart").click()
        toast = added_toast(page, "custom harness")
        expect(toast).to_contain_text(design_price)
        expect(page.locator("#cart-count")).to_have_text("3")

        # The same cart from the licensing app's header.
        page.goto(licensing + "/")
        expect(page.locator("#cart-count")).to_have_text("3")
        expect(page.locator("header").first).to_contain_text("All Pet Plus")
        assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"], "no sideways scroll"

        page.goto(main + "/builder")
        expect(page.locator("#price-total")).not_to_have_text("")
        page.locator("#add-to-cart").click()
        expect(page.locator("#cart-count")).to_have_text("4")
        added_toast(page, "custom harness").get_by_role("button", name="View cart").click()
        expect(page).to_have_url(re.compile("^" + re.escape(shop) + "/cart/?$"))
        lines = page.get_by_test_id("cart-line")
        expect(lines).to_have_count(3)  # the same design twice is two lines; the product once, two of it
        expect(lines.filter(has_text="Trail Step-In Harness")).to_have_count(1)
        expect(lines.filter(has_text="Custom harness")).to_have_count(2)

        page.get_by_role("button", name="Check out").click()
        checkout = page.locator("form").filter(has=page.locator("#place-order"))
        checkout.get_by_label("E-mail for the receipt").fill(new_email())
        checkout.get_by_label("Full name").fill("Guest Buyer")
        checkout.get_by_label("Street address").fill("1 Main St")
        checkout.get_by_label("City").fill("Austin")
        checkout.get_by_label("State / province").fill("TX")
        checkout.get_by_label("ZIP / postal code").fill("78701")
        checkout.locator("input[name=provider][value=invoice]").check()
        page.locator("#place-order").click()
        expect(page.locator("#order-status")).to_have_text("Awaiting payment")
        expect(page.locator(".placed-line")).to_have_count(3)
        expect(page.locator("#cart-count")).to_have_count(0)

        amounts = [money(t) for t in page.locator(".placed-line .line-amount").all_inner_texts()]
        rows = page.locator(".line-amount").all_inner_texts()
        subtotal, *rest = [money(t) for t in rows[len(amounts) :]]
        assert subtotal == sum(amounts), "the lines add up to the subtotal"
        assert subtotal + sum(rest) == money(page.locator("#order-total").inner_text()), "the total adds up"
        assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"], "no sideways scroll"
    finally:
        context.close()
