"""axe-core (the accessibility engine of browsers' developer tools) on the pages a shopper, an owner and a
licence applicant use, at laptop and phone widths: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.test_accounts import new_email, sign_up

pytestmark = pytest.mark.e2e

SCREENS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = {"serious", "critical"}


def problems(page: Page) -> list[str]:
    """The serious and critical violations on the page as it is now, one line each."""
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return [
        f"{page.url} {rule['id']} ({rule['impact']}): {rule['help']} at "
        + ", ".join(" ".join(node["target"]) for node in rule["nodes"][:3])
        for rule in results.response["violations"]
        if rule["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_shop_the_builder_the_licence_steps_and_the_dashboard_pass_axe(stack, browser, screen):
    main, shop, licensing = stack.url("allpetplus"), stack.url("products"), stack.url("licensing")
    context = browser.new_context(viewport=SCREENS[screen])
    page = context.new_page()
    found: list[str] = []
    try:
        for url, ready in (
            (main + "/", "#landing"),
            (main + "/shop", "#product-grid"),
            (main + "/product/trail-step-in-harness", "#variant-price"),
            (main + "/builder", "#price-total"),
        ):
            page.goto(url)
            expect(page.locator(ready)).to_be_visible()
            found += problems(page)

        page.locator("#add-to-cart").click()
        expect(page.locator("#cart-count")).to_have_text("1")
        for url, ready in ((shop + "/cart", "[data-testid=cart-line]"), (shop + "/checkout", "#place-order")):
            page.goto(url)
            expect(page.locator(ready).first).to_be_visible()
            found += problems(page)

        sign_up(page, stack, "Ally", new_email())
        found += problems(page)
        page.goto(licensing + "/apply")
        expect(page.locator("main")).to_contain_text("Apply")
        found += problems(page)
        page.goto(licensing + "/")
        found += problems(page)
    finally:
        context.close()
    assert not found, "\n".join(found)
