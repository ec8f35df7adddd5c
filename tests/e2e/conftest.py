"""End-to-end fixtures: the production build of all three apps on free ports, driven by Chromium.

The stack starts once per test session (each app's frontend is built once) against its own SQLite
database and embedded Redis, migrated and seeded the way ``scripts/run.sh`` does it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from playwright.sync_api import expect

from allpetplus.core.redis import embedded_socket_path, stop_embedded_redis
from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.seed import DATA_DIR
from allpetplus.stack import APPS, Stack, StartupError, free_port
from tests.support import stripe_standin

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Conditions are awaited, never slept for; on two busy cores a production build can take a few seconds.
expect.set_options(timeout=15_000)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SHOPIFY_SECRET = "shpss_e2e_secret"
STRIPE_WEBHOOK_SECRET = "whsec_e2e_secret"


def shopify_webhook(url: str, topic: str, payload: dict, delivery_id: str) -> dict:
    """Deliver ``payload`` as a signed Shopify webhook on ``topic`` to the app at ``url``; its answer."""
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(SHOPIFY_SECRET.encode(), body, hashlib.sha256).digest()).decode()
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": signature,
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": "allpetplus.myshopify.com",
        "X-Shopify-Webhook-Id": delivery_id,
    }
    request = urllib.request.Request(url + "/webhooks/shopify", data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def shopify_delivery(url: str, number: int, topic: str = "orders/create", **fields) -> dict:
    """Deliver a signed Shopify webhook about order ``number`` (``fields`` change its body) to the app at ``url``."""
    payload = {"id": number, "name": f"#{number}", "email": "shop@example.com", "total_price": "54.90",
               "financial_status": "paid", "updated_at": "2026-11-20T11:00:00Z", **fields}  # fmt: skip
    return shopify_webhook(url, topic, payload, f"e2e-{topic.replace('/', '-')}-{number}")


def reload_until(page, url: str, locator, timeout_s: float = 30, gone: bool = False) -> None:
    """Open ``url`` again until ``locator`` shows (or, with ``gone``, until it no longer does): for work a
    background job finishes."""
    deadline = time.monotonic() + timeout_s
    while True:
        page.goto(url)
        try:
            if gone:
                expect(locator).to_have_count(0, timeout=2_000)
            else:
                expect(locator.first).to_be_visible(timeout=2_000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


class SmtpSink:
    """The stack's SMTP server: keeps what it receives, refuses the recipients in ``refused`` for good."""

    def __init__(self) -> None:
        self.received: list[Envelope] = []
        self.refused: set[str] = set()
        self.url = ""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802 - aiosmtpd's naming
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_sink():
    """A local SMTP server for the stack's e-mail (``SMTP_URL``)."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.url = f"smtp://127.0.0.1:{controller.port}"
    yield sink
    controller.stop()


@pytest.fixture(scope="session")
def stripe_checkout():
    """The stand-in for Stripe's API and its hosted Checkout page (``tests.support.stripe_standin``)."""
    standin, server = stripe_standin.start()
    standin.webhook_secret = STRIPE_WEBHOOK_SECRET
    yield standin
    server.shutdown()


@pytest.fixture(scope="session")
def stack(smtp_sink, stripe_checkout):
    """All three apps and the worker, running from their production builds, sending e-mail to ``smtp_sink`` and
    taking card payments through ``stripe_checkout``."""
    var_dir = Path(tempfile.mkdtemp(prefix="allpetplus-e2e-"))
    ports = {app: free_port() for app in APPS}
    stripe_checkout.webhook_url = f"http://localhost:{ports['allpetplus']}/webhooks/stripe"
    env = {
        "STRIPE_SECRET_KEY": "sk_test_allpetplus_e2e",
        "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe_checkout.url,
        "SMTP_URL": smtp_sink.url,
        "VAR_DIR": str(var_dir),
        "MAIN_URL": f"http://localhost:{ports['allpetplus']}",
        "LICENSING_URL": f"http://localhost:{ports['licensing']}",
        "PRODUCTS_URL": f"http://localhost:{ports['products']}",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "SHOPIFY_WEBHOOK_SECRET": SHOPIFY_SECRET,
        "SHOPIFY_SHOP_DOMAIN": "allpetplus.myshopify.com",
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "allpetplus.stack", "migrate"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    running = Stack(apps=APPS, ports=ports, env=env, log_dir=var_dir / "log")
    running.start()
    try:
        running.wait_ready(timeout=1200)
    except StartupError as exc:
        running.stop()
        pytest.fail(f"the apps did not start: {exc}")
    yield running
    running.stop()
    stop_embedded_redis(var_dir / "redis" / "allpetplus.rdb")
    shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_rate_limits(stack):
    """Every test starts as a new visitor. All tests reach the apps from 127.0.0.1, so without this they would
    share one network's sign-up and sign-in budgets, and the suite's size would decide which test is refused."""
    socket = embedded_socket_path(Path(stack.env["VAR_DIR"]) / "redis" / "allpetplus.rdb")
    client = redis.Redis(unix_socket_path=str(socket))
    try:
        keys = list(client.scan_iter(match="allpetplus:ratelimit*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def _live(navigate):
    """A navigation that returns once the page is live: a public page's first HTML carries a snapshot of it
    (``allpetplus.seo``), which steps aside when the live page has its state. Tests drive the live page (and a
    locator must not find an element twice, once in each). ``keep_snapshot=True``: return at once, for a test
    of the snapshot itself."""

    @functools.wraps(navigate)
    def go(page, *args, keep_snapshot: bool = False, **kwargs):
        response = navigate(page, *args, **kwargs)
        if not keep_snapshot:
            page.wait_for_function("!document.querySelector('apl-page')", timeout=30_000)
        return response

    return go


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test.sh installs Debian's chromium package")
    from playwright.sync_api import Page

    Page.goto, Page.reload = _live(Page.goto), _live(Page.reload)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser tab; the test fails on a JavaScript error or an HTTP error it did not expect."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(f"{exc} (on {tab.url})"))
    tab.on("console", lambda msg: errors.append(f"{msg.text} (on {tab.url})") if msg.type == "error" else None)
    tab.on("response", lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None)
    yield tab
    context.close()
    expected = request.node.get_closest_marker("expect_page_errors")
    if expected:
        errors = [e for e in errors if not any(part in e for part in expected.args)]
    assert errors == [], f"errors on the page: {errors}"


@pytest.fixture(scope="session")
def seeded_catalog() -> dict:
    """The catalog the seed ships, as the tests' source of truth."""
    return json.loads((DATA_DIR / "catalog.json").read_text())
