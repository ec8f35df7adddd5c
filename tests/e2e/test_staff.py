"""In Chromium, as staff: re-run a failed job, find and replay a webhook delivery in the ledger, read the
metrics page's charts, add a builder colour; and /metrics afterwards has latency samples for the routes and
events used. Resend an e-mail the SMTP server refused."""

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import urllib.request
import uuid

import pytest
from playwright.sync_api import expect
from prometheus_client.parser import text_string_to_metric_families

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.conftest import SHOPIFY_SECRET
from tests.e2e.test_accounts import new_email, sign_up
from tests.e2e.test_commerce import promote
from tests.e2e.test_licensing import reload_until

pytestmark = pytest.mark.e2e


def in_stack(stack, code: str) -> None:
    """Run a little Python with the stack's settings (its Redis and database)."""
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env={**os.environ, **stack.env}, check=True,
                   capture_output=True)  # fmt: skip


def shopify_delivery(url: str, order_id: int) -> dict:
    body = json.dumps({"id": order_id, "name": f"#{order_id}", "email": "shop@example.com", "total_price": "54.90",
                       "financial_status": "paid", "updated_at": "2026-11-20T11:00:00Z"}).encode()  # fmt: skip
    signature = base64.b64encode(hmac.new(SHOPIFY_SECRET.encode(), body, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(url + "/webhooks/shopify", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": signature, "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": "allpetplus.myshopify.com", "X-Shopify-Webhook-Id": f"e2e-{order_id}"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


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
    page.locator("input[name=search]").fill(f"e2e-{order_id}")
    page.get_by_role("button", name="Filter").click()
    delivery = page.get_by_test_id("delivery").filter(has_text=f"e2e-{order_id}")
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
    reload_until(page, main + "/admin/jobs", mail.filter(has_text="FAILED"))
    expect(mail.locator(".mail-error")).to_contain_text("550")
    assert [e for e in smtp_sink.received if recipient in e.rcpt_tos] == []

    smtp_sink.refused.discard(recipient)
    mail.get_by_role("button", name="Resend").click()
    expect(page.get_by_text("The e-mail is queued to be sent again.")).to_be_visible()
    reload_until(page, main + "/admin/jobs", mail.filter(has_text="SENT"))
    expect(mail.get_by_role("button", name="Resend")).to_have_count(0)
    assert len([e for e in smtp_sink.received if recipient in e.rcpt_tos]) == 1
