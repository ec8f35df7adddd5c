"""In Chromium: a guest shops the products app, signs in (the cart follows), checks out on invoice;
staff mark the order paid and shipped; the customer sees the timeline and the tracking link."""

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.test_accounts import PASSWORD, at, new_email, sign_out, sign_up

pytestmark = pytest.mark.e2e


def promote(stack, email: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "allpetplus.user", "promote", email],
        cwd=PROJECT_ROOT,
        env={**os.environ, **stack.env},
        check=True,
        capture_output=True,
    )


def place_invoice_order(page, stack, name: str, email: str, street: str = "12 Harness Lane") -> str:
    """Sign up as ``name``, buy a deshedding brush and check out on invoice to ``street``, Austin; its reference."""
    shop = stack.url("products")
    sign_up(page, stack, name, email)
    page.goto(shop + "/product/deshedding-brush")
    page.locator("#add-to-cart").click()
    expect(page.locator("#cart-count")).to_have_text("1")
    page.goto(shop + "/cart")
    page.get_by_role("button", name="Check out").click()
    checkout = page.locator("form").filter(has=page.locator("#place-order"))
    checkout.get_by_label("Street address").fill(street)
    checkout.get_by_label("City").fill("Austin")
    checkout.get_by_label("State / province").fill("TX")
    checkout.get_by_label("ZIP / postal code").fill("78701")
    checkout.locator("input[name=provider][value=invoice]").check()
    page.locator("#place-order").click()
    reference = page.locator("#order-reference")
    expect(reference).to_have_text(re.compile(r"APP-"))
    return reference.inner_text()


def test_guest_cart_merge_invoice_checkout_and_fulfilment(stack, page, browser):
    shop, main = stack.url("products"), stack.url("allpetplus")
    email = new_email()
    sign_up(page, stack, "Casey", email)
    sign_out(page, stack)

    page.goto(shop + "/catalog")
    expect(page.locator("#result-count")).to_have_text("14 products")
    page.get_by_role("navigation", name="Categories").get_by_role("link", name="Collars").click()
    expect(page.locator("#result-count")).to_have_text("3 products")
    page.locator("#filter-sort").click()
    page.get_by_role("option", name="Price: high to low").click()
    expect(page).to_have_url(re.compile(r"/catalog\?category=collars&sort=price_desc$"))
    page.reload()  # the filtered, sorted list comes back from its address
    expect(page.locator("#result-count")).to_have_text("3 products")
    expect(page.locator("#filter-sort")).to_have_text("Price: high to low")

    page.goto(shop + "/sets")
    expect(page.locator("#set-breakdown [data-code=set_discount]")).to_contain_text("-$")
    page.locator("#add-set").click()
    expect(page.locator("#cart-count")).to_have_text("3")

    page.goto(shop + "/product/deshedding-brush")
    page.locator("#add-to-cart").click()
    expect(page.locator("#cart-count")).to_have_text("4")

    page.goto(shop + "/cart")
    expect(page.get_by_test_id("cart-line")).to_have_count(4)
    page.locator("#code").fill("SUMMER24")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("[data-error-for=code]")).to_have_text("That code has expired.")
    page.locator("#code").fill("welcome10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".total-line[data-code=code]")).to_contain_text("WELCOME10")

    page.locator("#shopper-sign-in").click()
    expect(page).to_have_url(re.compile(re.escape(main) + r"/sign-in"))
    form = page.locator("#sign-in-form")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(at(stack, "/cart", app="products"))
    expect(page.locator("#shopper-name")).to_have_text("Casey")
    expect(page.locator("#merged-notice")).to_contain_text("4 items")
    expect(page.get_by_test_id("cart-line")).to_have_count(4)
    expect(page.locator(".total-line[data-code=code]")).to_contain_text("WELCOME10")

    page.get_by_role("button", name="Check out").click()
    checkout = page.locator("form").filter(has=page.locator("#place-order"))
    checkout.get_by_label("Street address").fill("1 Main St")
    checkout.get_by_label("City").fill("Austin")
    checkout.get_by_label("State / province").fill("TX")
    checkout.get_by_label("ZIP / postal code").fill("7870")
    checkout.locator("input[name=provider][value=invoice]").check()
    page.locator("#place-order").click()
    expect(page.locator("[data-error-for=postal_code]")).to_contain_text("ZIP code")
    checkout.get_by_label("ZIP / postal code").fill("78701")
    page.locator("#place-order").click()
    expect(page.locator("#order-status")).to_have_text("Awaiting payment")
    reference = page.locator("#order-reference").inner_text()

    page.goto(main + "/dashboard/orders")
    mine = page.get_by_test_id("order-card").filter(has_text=reference)
    expect(mine.locator(".order-status")).to_have_text("Awaiting payment")

    staff_email = new_email()
    staff = browser.new_context()
    try:
        admin = staff.new_page()
        sign_up(admin, stack, "Staff", staff_email)
        promote(stack, staff_email)
        admin.goto(main + "/admin/orders")
        admin.locator("#order-search").fill(email.upper())
        admin.get_by_role("button", name="Search").click()
        expect(admin.get_by_test_id("staff-order")).to_have_count(1)
        row = admin.get_by_test_id("staff-order").filter(has_text=reference)
        row.locator(".mark-paid").click()
        expect(row.locator(".order-status")).to_have_text("Paid")
        row.locator("select[name=carrier]").select_option("ups")
        row.locator("input[name=tracking_number]").fill("1Z999AA10123456784")
        row.get_by_role("button", name="Mark shipped").click()
        expect(row.locator(".order-status")).to_have_text("Shipped")
        row.locator(".show-timeline").click()
        expect(row.locator(".staff-timeline-entry")).to_have_count(3)
        expect(row.locator(".staff-timeline-entry").last).to_contain_text("staff:")
        admin.goto(main + "/admin/jobs")
        mails = admin.get_by_test_id("mail").filter(has_text=reference)
        expect(mails.filter(has_text="has shipped")).to_contain_text(email)  # the shipping notice, once
        expect(mails.filter(has_text="to pay")).to_have_count(1)  # how to pay, when it was placed
        expect(mails.filter(has_text="is confirmed")).to_have_count(1)  # the confirmation, once paid
        expect(mails).to_have_count(3)
    finally:
        staff.close()

    page.reload()
    mine = page.get_by_test_id("order-card").filter(has_text=reference)
    expect(mine.locator(".order-status")).to_have_text("Shipped")
    expect(mine.locator(".timeline-entry")).to_have_count(3)
    expect(mine.locator(".tracking-link")).to_have_attribute(
        "href", re.compile(r"ups\.com/track\?tracknum=1Z999AA10123456784")
    )
    expect(mine.locator(".cancel-order")).to_have_count(0)  # paid and shipped: no longer the customer's to cancel


def test_a_customer_cancels_an_order_they_have_not_paid(stack, page):
    main = stack.url("allpetplus")
    place_invoice_order(page, stack, "Dana", new_email(), street="1 Main St")
    expect(page.locator("#order-status")).to_have_text("Awaiting payment")
    reference = page.locator("#order-reference").inner_text()

    page.goto(main + "/dashboard/orders")
    mine = page.get_by_test_id("order-card").filter(has_text=reference)
    mine.locator(".cancel-order").click()
    page.locator("#confirm-cancel").click()
    expect(mine.locator(".order-status")).to_have_text("Cancelled")
    expect(mine.locator(".cancel-order")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("order-card").filter(has_text=reference).locator(".order-status")).to_have_text(
        "Cancelled"
    )
