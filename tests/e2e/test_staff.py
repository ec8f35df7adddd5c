"""In Chromium, as staff: re-run a failed job, find and replay a webhook delivery in the ledger, read the
metrics page's charts, add a builder colour; and /metrics afterwards has latency samples for the routes and
events used. Resend an e-mail the SMTP server refused. Fulfil an order from its own page on a desktop and on
a phone (packing slip, shipped), and read its e-mails in the mailbox."""

import os
import re
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from prometheus_client.parser import text_string_to_metric_families

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.conftest import reload_until, shopify_delivery
from tests.e2e.test_accounts import new_email, sign_out, sign_up
from tests.e2e.test_commerce import place_invoice_order, promote

pytestmark = pytest.mark.e2e


def in_stack(stack, code: str) -> None:
    """Run a little Python with the stack's settings (its Redis and database)."""
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env={**os.environ, **stack.env}, check=True,
                   capture_output=True)  # fmt: skip


def samples(text: str, metric: str) -> dict[tuple, float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == metric:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def test_staff_rerun_a_failed_job_replay_a_webhook_and_read_the_metrics(stack, page):
    main = stack.url("allpetplus")
    flag = f"e2e-flag-{uuid.uuid4().hex[:8]}"
    in_stack(stack, "from allpetplus.core.queue import enqueue; from tests.support.jobs import fails_until_flag; "
                    f"enqueue(fails_until_flag, {flag!r}, retry=None)")  # fmt: skip
    order_id = 700_000 + uuid.uuid4().int % 100_000
    assert shopify_delivery(main, order_id) == {"received": True}

    email = new_email()
    sign_up(page, stack, "Staff", email)
    promote(stack, email)
    page.goto(main + "/builder")
    expect(page.locator("#price-total")).to_be_visible()

    failed = page.get_by_test_id("failed-job").filter(has_text=flag)
    reload_until(page, main + "/admin/jobs", failed)
    expect(failed).to_contain_text(f"flag {flag} is not set yet")
    in_stack(stack, f"from allpetplus.core.redis import get_redis; get_redis().set({flag!r}, 1)")
    failed.get_by_role("button", name="Re-run").click()
    reload_until(page, main + "/admin/jobs", page.get_by_test_id("failed-job").filter(has_text=flag), gone=True)

    page.goto(main + "/admin/webhooks")
    page.locator("input[name=search]").fill(f"e2e-orders-create-{order_id}")
    page.get_by_role("button", name="Filter").click()
    delivery = page.get_by_test_id("delivery").filter(has_text=f"e2e-orders-create-{order_id}")
    expect(delivery.locator(".delivery-status")).to_have_text("PROCESSED", timeout=30_000)
    delivery.get_by_role("button", name="Payload").click()
    expect(delivery.locator(".delivery-payload")).to_contain_text(f'"id": {order_id}')
    delivery.locator(".replay").click()
    expect(delivery.locator(".delivery-outcome")).to_contain_text(f"replay requested by {email}")
    processed = page.get_by_test_id("delivery").filter(has_text=f"order shopify:{order_id}")
    reload_until(page, main + "/admin/webhooks", processed)

    page.goto(main + "/admin/metrics")
    opened = page.locator(".funnel-step").filter(has_text=re.compile(r"^Opened the builder: [1-9]"))
    reload_until(page, main + "/admin/metrics", opened)
    expect(page.locator("#funnel-chart .recharts-bar-rectangle").first).to_be_attached()
    expect(page.locator("#daily-chart .recharts-line")).to_have_count(2)
    expect(page.get_by_test_id("stat-aov")).to_be_visible()

    page.goto(main + "/admin/catalog")
    form = page.locator("#colour-form")
    slug = f"e2e-{uuid.uuid4().hex[:6]}"
    form.locator("input[name=slug]").fill(slug)
    form.locator("input[name=name]").fill("Lagoon")
    form.locator("input[name=hex]").fill("teal")
    form.get_by_role("button", name="Save colour").click()
    expect(form).to_contain_text("Enter a colour like #1e6fa8.")
    form.locator("input[name=hex]").fill("#0e7c86")
    form.locator("input[name=use_webbing]").check()
    form.get_by_role("button", name="Save colour").click()
    expect(page.locator(f"[data-testid=palette-colour][data-slug={slug}]")).to_contain_text("#0e7c86")

    text = urllib.request.urlopen(main + "/metrics", timeout=10).read().decode()
    requests = samples(text, "allpetplus_http_request_seconds_count")
    webhook_route = [v for k, v in requests.items() if ("route", "/webhooks/shopify") in k]
    assert webhook_route and webhook_route[0] >= 1, text[:2000]
    events = samples(text, "allpetplus_state_event_seconds_count")
    replayed = [v for k, v in events.items() if ("event", "WebhooksState.replay") in k]
    assert replayed and replayed[0] >= 1
    jobs = samples(text, "allpetplus_job_seconds_count")
    assert any(("outcome", "failed") in k and ("job", "fails_until_flag") in k for k in jobs)
    assert samples(text, "allpetplus_webhook_deliveries_total")


def test_staff_resend_an_email_the_server_refused(stack, smtp_sink, page):
    main = stack.url("allpetplus")
    recipient = f"bounce-{uuid.uuid4().hex[:8]}@example.com"
    smtp_sink.refused.add(recipient)
    in_stack(stack, "from allpetplus.core.db import session_scope\n"
                    "from allpetplus.events.email import queue_email\n"
                    "with session_scope() as session:\n"
                    f"    queue_email(session, key={recipient!r}, to={recipient!r}, subject='Your harness has shipped',"
                    " text='On its way', html='<p>On its way</p>')")  # fmt: skip

    email = new_email()
    sign_up(page, stack, "Staff", email)
    promote(stack, email)
    mail = page.get_by_test_id("mail").filter(has_text=recipient)
    reload_until(page, main + "/admin/jobs", mail.filter(has_text="Failed"))
    expect(mail.locator(".mail-error")).to_contain_text("550")
    assert [e for e in smtp_sink.received if recipient in e.rcpt_tos] == []

    smtp_sink.refused.discard(recipient)
    mail.get_by_role("button", name="Resend").click()
    expect(page.get_by_text("The e-mail is queued to be sent again.")).to_be_visible()
    reload_until(page, main + "/admin/jobs", mail.filter(has_text="Sent"))
    expect(mail.get_by_role("button", name="Resend")).to_have_count(0)
    assert len([e for e in smtp_sink.received if recipient in e.rcpt_tos]) == 1


DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_staff_fulfil_an_order_from_its_page_on_a_desktop_and_a_phone(stack, page, tmp_path):
    main = stack.url("allpetplus")
    shots = Path(os.environ.get("E2E_SCREENSHOT_DIR") or tmp_path)
    customer = new_email()
    reference = place_invoice_order(page, stack, "Robin", customer)
    page.goto(main + "/dashboard")
    sign_out(page, stack)

    email = new_email()
    sign_up(page, stack, "Staff", email)
    promote(stack, email)
    page.set_viewport_size(DESKTOP)
    page.goto(main + "/admin/orders")
    page.locator("#order-search").fill(reference)
    page.get_by_role("button", name="Search").click()
    row = page.get_by_test_id("staff-order").filter(has_text=reference)
    expect(row.locator(".order-status")).to_have_text("Awaiting payment")
    row.get_by_role("link", name=reference).click()
    expect(page).to_have_url(re.compile(re.escape(main) + r"/admin/orders/\d+$"))
    expect(page.locator("#order-reference")).to_have_text("Order " + reference)
    expect(page.get_by_test_id("order-item")).to_have_count(1)
    expect(page.get_by_test_id("order-item")).to_contain_text("Deshedding Brush")
    expect(page.locator("#ship-to")).to_contain_text("Robin")
    expect(page.locator("#ship-to")).to_contain_text("12 Harness Lane")
    expect(page.locator("#ship-to")).to_contain_text("Austin TX 78701")
    expect(page.locator("#ship-to")).to_contain_text("United States")
    expect(page.locator("#payment-state")).to_contain_text("Invoice awaiting payment, due ")
    expect(page.locator("#order-timeline .timeline-entry")).to_have_count(1)
    expect(page.locator("#order-timeline")).not_to_contain_text("AWAITING_PAYMENT")
    assert fits_the_screen(page)
    page.screenshot(path=str(shots / "staff-order-1366.png"), full_page=True)

    page.locator("#mark-paid").click()
    expect(page.locator("#order-status")).to_have_text("Paid")
    expect(page.locator("#payment-state")).to_have_text("Invoice paid")

    page.locator("#packing-slip-link").click()
    slip = page.locator("#packing-slip")
    expect(slip.locator("#slip-reference")).to_have_text(reference)
    expect(slip.get_by_test_id("slip-line")).to_contain_text("Deshedding Brush")
    expect(slip.locator("#slip-address")).to_contain_text("12 Harness Lane")
    expect(slip).not_to_contain_text("$")  # a packing slip shows no prices
    page.evaluate("window.print = () => { window.printed = true; }")  # headless Chromium has no print dialog
    page.locator("#print-slip").click()
    page.wait_for_function("window.printed === true")
    page.screenshot(path=str(shots / "packing-slip-1366.png"))
    page.emulate_media(media="print")  # on paper: the slip alone, without the site's navigation or buttons
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("#print-slip")).to_be_hidden()
    expect(slip).to_be_visible()
    page.screenshot(path=str(shots / "packing-slip-print.png"))
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the order").click()

    page.set_viewport_size(PHONE)
    expect(page.locator("#order-reference")).to_have_text("Order " + reference)
    expect(page.get_by_test_id("order-item")).to_contain_text("Deshedding Brush")
    expect(page.locator("#ship-to")).to_contain_text("12 Harness Lane")
    assert fits_the_screen(page)
    page.screenshot(path=str(shots / "staff-order-390.png"), full_page=True)
    form = page.locator("#ship-form")
    form.locator("select[name=carrier]").select_option("usps")
    form.locator("input[name=tracking_number]").fill("9400 1000 0000 0000 0000 00")
    form.get_by_role("button", name="Mark shipped").click()
    expect(page.locator("#order-status")).to_have_text("Shipped")
    expect(page.locator("#tracking-link")).to_have_attribute("href", re.compile(r"usps\.com.*94001000000000000000"))
    expect(page.locator("#order-timeline .timeline-entry")).to_have_count(3)

    shipped = page.get_by_test_id("mail").filter(has_text=reference).filter(has_text="has shipped")
    reload_until(page, main + "/admin/jobs", shipped)
    for column in (".mail-status", ".mail-when"):  # on a phone the key columns stay on screen
        box = shipped.locator(column).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (column, box)
    shipped.locator(".open-mail").click()
    dialog = page.locator("#mail-dialog")
    expect(dialog.locator("#mail-subject")).to_contain_text(f"{reference} has shipped")
    expect(dialog.locator("#mail-recipient")).to_have_text(customer)
    expect(dialog.locator("#mail-text")).to_contain_text("94001000000000000000")
    dialog.get_by_role("tab", name="HTML").click()
    frame = dialog.locator("#mail-html")
    expect(frame).to_have_attribute("sandbox", "")
    expect(frame.content_frame.locator("body")).to_contain_text(reference)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)


def test_staff_refund_part_of_an_order_then_the_rest_and_the_customer_is_told(stack, page, tmp_path):
    main = stack.url("allpetplus")
    shots = Path(os.environ.get("E2E_SCREENSHOT_DIR") or tmp_path)
    customer = new_email()
    reference = place_invoice_order(page, stack, "Sam", customer)
    page.goto(main + "/dashboard")
    sign_out(page, stack)
    email = new_email()
    sign_up(page, stack, "Staff", email)
    promote(stack, email)
    page.set_viewport_size(DESKTOP)
    page.goto(main + "/admin/orders")
    page.locator("#order-search").fill(reference)
    page.get_by_role("button", name="Search").click()
    page.get_by_test_id("staff-order").filter(has_text=reference).get_by_role("link", name=reference).click()
    refund = page.locator("#order-refund")
    expect(refund).to_contain_text("Nothing to refund")  # not paid yet
    page.locator("#mark-paid").click()
    expect(page.locator("#order-status")).to_have_text("Paid")

    def confirm() -> None:
        refund.get_by_role("button", name="Refund…").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Refund", exact=True).click()

    refund.get_by_label("Amount to refund").fill("500")
    refund.get_by_label("Reason").fill("The handle was scratched.")
    confirm()
    expect(refund.get_by_role("alert")).to_contain_text("At most")  # more than was paid: refused, nothing lost
    expect(refund.get_by_label("Reason")).to_have_value("The handle was scratched.")
    refund.get_by_label("Amount to refund").fill("5")
    confirm()
    expect(page.locator("#order-status")).to_have_text("Partly refunded")
    expect(page.locator("#refunded-so-far")).to_have_text("Refunded so far: $5.00")
    expect(page.locator("#payment-state")).to_contain_text("$5.00 of")
    expect(page.locator("#order-timeline")).to_contain_text("Refunded $5.00 as a credit on the invoice.")
    assert fits_the_screen(page)
    page.screenshot(path=str(shots / "staff-refund-1366.png"), full_page=True)

    page.set_viewport_size(PHONE)
    refund.get_by_label("How many Deshedding Brush to refund").fill("1")
    refund.get_by_label("Reason").fill("Returned unused.")
    refund.locator("#refund-restock").click()
    assert fits_the_screen(page)
    page.screenshot(path=str(shots / "staff-refund-390.png"), full_page=True)
    confirm()
    expect(page.locator("#order-timeline")).to_contain_text("Returned unused.")
    expect(refund.get_by_label("How many Deshedding Brush to refund")).to_have_count(0)  # nothing left of it
    expect(page.locator("#order-status")).to_have_text("Partly refunded")  # the shipping is left
    refund.get_by_label("Reason").fill("Shipping back too.")
    confirm()
    expect(page.locator("#order-status")).to_have_text("Refunded")
    expect(refund).to_contain_text("Nothing to refund")
    expect(page.locator("#payment-state")).to_have_text("Refunded")

    mails = page.get_by_test_id("mail").filter(has_text=reference).filter(has_text="refunded")
    reload_until(page, main + "/admin/jobs", mails.nth(2))
    expect(mails).to_have_count(3)
