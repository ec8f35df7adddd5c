"""In Chromium: start a subscription box, skip and pause it, and see it paused when the pet is marked deceased;
save a card on Stripe's page and see a box renewed by it when its day comes."""

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from playwright.sync_api import expect

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.test_accounts import add_pet, card, new_email, sign_up
from tests.support.browser import reopen_until
from tests.support.servers import _wait

pytestmark = pytest.mark.e2e


def test_subscription_box_lifecycle_and_life_events(stack, page):
    shop, main = stack.url("products"), stack.url("allpetplus")
    sign_up(page, stack, "Morgan", new_email())
    add_pet(page, "Juno", "Border Collie", "2022-06-01", "58")

    box = subscribe(page, shop, "Juno")
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
    reopen_until(page, shop + "/boxes", box.locator(".box-status"), "Paused")
    expect(box.locator(".paused-reason")).to_contain_text("Juno is marked deceased")


def subscribe(page, shop: str, pet: str):
    """Start a box for ``pet`` on the boxes page, shipped to Austin; the box."""
    page.goto(shop + "/boxes")
    form = page.locator("form").filter(has=page.locator("#subscribe"))
    form.get_by_label("Street address").fill("1 Main St")
    form.get_by_label("City").fill("Austin")
    form.get_by_label("State / province").fill("TX")
    form.get_by_label("ZIP / postal code").fill("78701")
    page.locator("#subscribe").click()
    box = page.get_by_test_id("box").filter(has_text=f"for {pet}")
    expect(box.locator(".box-status")).to_have_text("Active")
    return box


def run_job(stack, job: str, on: date) -> str:
    """Run one scheduled job of the running stack now, as if it were ``on`` (the clock moved to that day)."""
    done = subprocess.run(
        [sys.executable, "-m", "allpetplus.jobs.scheduler", "run", job, "--on", on.isoformat()],
        cwd=PROJECT_ROOT, env={**os.environ, **stack.env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_box_renews_by_the_card_saved_on_stripes_page(stack, page, stripe_checkout, smtp_sink):
    shop, main = stack.url("products"), stack.url("allpetplus")
    email = new_email()
    sign_up(page, stack, "Riley", email)
    add_pet(page, "Pepper", "Beagle", "2021-03-01", "50")

    box = subscribe(page, shop, "Pepper")
    expect(box.locator(".box-payment")).to_contain_text("No card chosen")
    box.locator(".choose-card").click()
    expect(page).to_have_url(re.compile(r"/account#cards$"))
    expect(page.locator("#no-cards")).to_be_visible()
    page.locator("#add-card").click()
    expect(page.get_by_role("heading", name="Save a card for later payments")).to_be_visible()  # Stripe's page
    page.locator("#stripe-pay").click()
    expect(page).to_have_url(re.compile(r"/account\?card=saved#cards$"))
    saved = page.locator(".saved-card")
    expect(saved).to_have_count(1)
    expect(saved).to_contain_text("Visa ending 4242")
    expect(saved).to_contain_text("Boxes are charged to this card")

    page.goto(shop + "/boxes")
    expect(box.locator(".box-payment")).to_contain_text("Charged to your Visa ending 4242")
    next_box = re.search(r"Next box: (\d{1,2} \w{3} \d{4})", box.locator(".next-box").inner_text()).group(1)
    ship_date = datetime.strptime(next_box, "%d %b %Y").date()

    # The box's day comes: the hourly renewal job, run as if on that day, charges the card off-session, once.
    charged_before = len(stripe_checkout.charges())
    run_job(stack, "renew_subscriptions", ship_date)
    run_job(stack, "renew_subscriptions", ship_date)  # the job ran twice that day: still one charge
    [charge] = stripe_checkout.charges()[charged_before:]
    assert charge["metadata"]["order"].startswith("APP-")

    page.goto(main + "/dashboard/orders")
    order = page.get_by_test_id("order-card").filter(has_text=charge["metadata"]["order"])
    expect(order.locator(".order-status")).to_have_text("Paid")
    expect(order).to_contain_text("Paid with the saved Visa ending 4242.")  # its timeline
    expect(order.locator(".pay-order")).to_have_count(0)

    def receipts() -> list[EmailMessage]:
        mine = [e.content for e in smtp_sink.received if email in e.rcpt_tos]
        mails = [message_from_bytes(content, policy=policy.default) for content in mine]
        return [m for m in mails if re.fullmatch(r"Receipt: .+ for Pepper, \$[\d.]+ paid", str(m["Subject"]))]

    _wait(lambda: receipts(), 30, "the receipt e-mail")
    [receipt] = receipts()
    text = receipt.get_body(("plain",)).get_content()
    assert charge["metadata"]["order"] in text and "Visa ending 4242" in text, text
