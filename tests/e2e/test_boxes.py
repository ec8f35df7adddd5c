"""In Chromium: start a subscription box, skip and pause it, and see it paused when the pet is marked deceased."""

import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import add_pet, card, new_email, sign_up

pytestmark = pytest.mark.e2e


def test_subscription_box_lifecycle_and_life_events(stack, page):
    shop, main = stack.url("products"), stack.url("allpetplus")
    sign_up(page, stack, "Morgan", new_email())
    add_pet(page, "Juno", "Border Collie", "2022-06-01", "58")

    page.goto(shop + "/boxes")
    form = page.locator("form").filter(has=page.locator("#subscribe"))
    form.get_by_label("Street address").fill("1 Main St")
    form.get_by_label("City").fill("Austin")
    form.get_by_label("State / province").fill("TX")
    form.get_by_label("ZIP / postal code").fill("78701")
    page.locator("#subscribe").click()
    box = page.get_by_test_id("box").filter(has_text="for Juno")
    expect(box.locator(".box-status")).to_have_text("Active")
    expect(box.locator(".next-box")).to_contain_text("size M")

    box.get_by_role("button", name="Skip next box").click()
    expect(box.locator(".next-box")).to_contain_text("(skipped)")
    box.get_by_role("button", name="Pause").click()
    expect(box.locator(".box-status")).to_have_text("Paused")
    box.get_by_role("button", name="Resume").click()
    expect(box.locator(".box-status")).to_have_text("Active")

    change = box.locator("form")
    change.locator("select[name=frequency_months]").select_option("2")
    change.locator("input[name=next_shipment]").fill((date.today() + timedelta(days=200)).isoformat())
    change.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Choose a day between tomorrow and 90 days from now.")).to_be_visible()
    page.reload()
    box = page.get_by_test_id("box").filter(has_text="for Juno")
    expect(box).to_contain_text("every month")  # the refused form saved nothing, not even the frequency
    box.locator("form select[name=frequency_months]").select_option("2")
    box.get_by_role("button", name="Save changes").click()
    expect(box).to_contain_text("every two months")

    page.goto(main + "/dashboard/pets")
    card(page, "Juno").get_by_role("button", name="Edit").click()
    page.locator("#pet-form select[name=life_status]").select_option("DECEASED")
    page.locator("#save-pet").click()
    expect(page.locator("#pets-notice")).to_have_text("Saved Juno.")

    # The pause follows the pet's event through the worker, so a page opened first still shows the box active:
    # the page is opened again until the box reads paused (each look waits up to 2 s for it).
    box = page.get_by_test_id("box").filter(has_text="for Juno")
    deadline = time.monotonic() + 30
    while True:
        page.goto(shop + "/boxes")
        expect(box.locator(".box-status")).to_be_visible()
        try:
            expect(box.locator(".box-status")).to_have_text("Paused", timeout=2_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    expect(box.locator(".paused-reason")).to_contain_text("Juno is marked deceased")
