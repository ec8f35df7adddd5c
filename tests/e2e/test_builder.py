"""In Chromium: the harness builder — fit, live price, live 3D preview, rules, save, reload, share."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accounts import add_pet, at, new_email, sign_up
from tests.support.browser import reopen_until

pytestmark = pytest.mark.e2e


def viewer_loaded(page: Page, path: str) -> None:
    """Wait until model-viewer has loaded the GLB at ``path`` into its canvas (turning 3D on first where
    this Chromium draws WebGL in software and the viewer waits to be asked)."""
    expect(page.locator("#harness-viewer")).to_have_attribute("data-viewer-mode", re.compile("."))
    turn_on = page.locator("#harness-viewer [data-viewer-3d-on]")
    if turn_on.is_visible():
        turn_on.click()
    page.wait_for_function(
        """path => { const v = document.querySelector('#harness-viewer');
                     const canvas = v?.shadowRoot?.querySelector('canvas');
                     return !!(v && v.loaded && String(v.src).endsWith(path) && canvas); }""",
        arg=path,
        timeout=60_000,
    )


def preview_url(page: Page) -> str:
    expect(page.locator("#preview")).to_have_attribute("data-preview-state", "ready", timeout=30_000)
    return page.locator("#preview").get_attribute("data-preview-url")


def price_lines(page: Page) -> dict[str, str]:
    lines = page.locator(".price-line")
    return {
        lines.nth(i).get_attribute("data-code"): lines.nth(i).locator(".line-amount").inner_text()
        for i in range(lines.count())
    }


def test_builder_fit_price_preview_rules_save_reload_share(stack, page, browser):
    main = stack.url("allpetplus")
    sign_up(page, stack, "Jo", new_email())
    add_pet(page, "Biscuit", "Golden Retriever", "2021-04-18", "78")

    page.goto(main + "/builder")
    expect(page.locator("#fit-reason")).to_contain_text("Biscuit's chest is 78 cm, which fits L")
    page.locator("#accept-size").click()
    expect(page.locator("[data-option='size:L']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#price-total")).to_have_text("$42.00")

    first = preview_url(page)
    viewer_loaded(page, first)
    before = page.locator("#preview").screenshot()

    page.locator("[data-field=webbing_colour] [data-colour=berry]").click()
    expect(page.locator("#preview")).not_to_have_attribute("data-preview-url", first, timeout=30_000)
    second = preview_url(page)
    viewer_loaded(page, second)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.locator("#preview").screenshot() != before

    page.locator("[data-option='hardware:brass']").click()
    page.locator("#harness-text").fill("BISCUIT")
    expect(page.locator(".price-line[data-code=text]")).to_contain_text("7 characters")
    assert price_lines(page) == {"base": "$42.00", "hardware": "$12.00", "text": "$10.50"}
    expect(page.locator("#price-total")).to_have_text("$64.50")

    page.locator("#harness-text").fill("BISCUIT THE BRAVE")
    expect(page.locator("[data-error-for=text]")).to_contain_text("up to 12 characters")
    expect(page.locator("#price-total")).to_have_text("$64.50")

    page.locator("[data-option='style:vest']").click()
    page.locator("[data-option='hardware:plastic']").click()
    page.locator("[data-option='size:XS']").click()
    expect(page.locator("#front_d_ring")).to_be_disabled()
    expect(page.locator("[data-unavailable='front_d_ring:True']")).to_contain_text("XS vest has no room")
    expect(page.locator("[data-option='hardware:brass']")).to_be_disabled()

    page.reload()
    expect(page.locator("[data-option='style:vest']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-option='size:XS']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#harness-text")).to_have_value("BISCUIT")

    page.locator("[data-option='size:S']").click()
    page.locator("#design-name").fill("Biscuit's walker")
    page.locator("#save-design").click()
    expect(page).to_have_url(re.compile(r"/builder/?\?design=\d+$"))
    page.goto(main + "/dashboard/designs")
    card = page.get_by_test_id("design-card").filter(has_text="Biscuit's walker")
    expect(card).to_contain_text("Padded vest harness, size S · for Biscuit")
    expect(card.locator(".growth-alert")).to_contain_text("past size S")
    card.get_by_role("link", name="Open").click()
    expect(page).to_have_url(re.compile(r"/builder/?\?design=\d+$"))
    expect(page.locator("#design-name")).to_have_value("Biscuit's walker")
    expect(page.locator("[data-option='size:S']")).to_have_attribute("aria-pressed", "true")

    page.locator("#add-to-cart").click()
    expect(page.get_by_text("Added to your cart")).to_be_visible()
    page.goto(stack.url("products") + "/cart")
    expect(page.get_by_test_id("cart-line").filter(has_text="Custom harness: Biscuit's walker")).to_be_visible()
    page.get_by_role("button", name="Check out").click()
    checkout = page.locator("form").filter(has=page.locator("#place-order"))
    checkout.get_by_label("Street address").fill("1 Main St")
    checkout.get_by_label("City").fill("Austin")
    checkout.get_by_label("State / province").fill("TX")
    checkout.get_by_label("ZIP / postal code").fill("78701")
    expect(checkout.locator("input[name=provider][value=stripe]")).to_be_checked()  # card, where it is set up
    page.locator("#place-order").click()
    # Stripe's hosted page (the stand-in's): paying sends the signed event to the shop and comes back.
    expect(page.get_by_role("heading", name=re.compile(r"^Pay \d+\.\d\d USD$"))).to_be_visible()
    page.locator("#stripe-pay").click()
    expect(page).to_have_url(re.compile(r"/order/placed$"))
    expect(page.locator("#order-status")).to_have_text("Paid")  # the page follows the payment's confirmation
    reference = page.locator("#order-reference").inner_text()
    page.goto(main + "/dashboard/orders")
    expect(page.get_by_test_id("order-card").filter(has_text=reference).locator(".order-status")).to_have_text("Paid")
    # The harness as ordered: its picture, or its 3D model while the worker has not drawn the picture yet.
    frozen = (
        page.get_by_test_id("order-card")
        .filter(has_text=reference)
        .locator(".frozen-design")
        .locator("img, model-viewer")
    )
    expect(frozen).to_have_count(1)
    # Looked up afresh each time: the 3D model gives way to the picture once the worker has drawn it.
    page.wait_for_function(
        """reference => [...document.querySelectorAll("[data-testid=order-card]")]
            .filter(card => card.textContent.includes(reference))
            .flatMap(card => [...card.querySelectorAll(".frozen-design img, .frozen-design model-viewer")])
            .some(el => /\\/_upload\\/(previews\\/.+\\.glb|pictures\\/.+\\.webp)$/.test(String(el.src)))""",
        arg=reference,
    )
    page.goto(main + "/dashboard/designs")
    page.get_by_test_id("design-card").filter(has_text="Biscuit's walker").get_by_role("link", name="Open").click()

    page.locator("#share-design").click()
    share_url = page.locator("#share-url").inner_text()
    assert share_url.startswith(main + "/builder?share=")

    other = browser.new_context()
    try:
        friend = other.new_page()
        friend.goto(share_url)
        expect(friend.locator("#shared-banner")).to_contain_text("Biscuit's walker")
        expect(friend.locator("[data-option='style:vest']")).to_have_attribute("aria-pressed", "true")
        friend.locator("[data-field=webbing_colour] [data-colour=ocean]").click()
        expect(friend.get_by_text("This is a shared design")).to_be_visible()
        friend.locator("#use-shared").click()
        expect(friend).to_have_url(at(stack, "/builder"))
        friend.locator("[data-field=webbing_colour] [data-colour=ocean]").click()
        expect(friend.locator("[data-field=webbing_colour] [data-colour=ocean]")).to_have_attribute(
            "aria-pressed", "true"
        )
    finally:
        other.close()


def test_a_tampered_builder_event_is_refused(stack, page):
    """A client that sends an unknown colour or a price of its own changes nothing."""
    main = stack.url("allpetplus")

    def tamper(ws):
        server = ws.connect_to_server()

        def forward(message):
            if isinstance(message, str):
                message = message.replace('"value":"berry"', '"value":"gold"').replace(
                    '"field":"size"', '"field":"price_cents"'
                )
            server.send(message)

        ws.on_message(forward)
        server.on_message(lambda message: ws.send(message))

    page.route_web_socket(re.compile(r".*/_event.*"), tamper)
    page.goto(main + "/builder")
    expect(page.locator("#price-total")).to_have_text("$39.00")
    page.locator("[data-field=webbing_colour] [data-colour=berry]").click()
    expect(page.locator("[data-error-for=webbing_colour]")).to_contain_text("not offered for the webbing")
    expect(page.locator("[data-field=webbing_colour] [data-colour=ocean]")).to_have_attribute("aria-pressed", "true")
    page.locator("[data-option='size:XL']").click()
    expect(page.get_by_role("alert").filter(has_text="That option does not exist")).to_be_visible()
    expect(page.locator("[data-option='size:M']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#price-total")).to_have_text("$39.00")


def save_as(page, name: str) -> None:
    """Save the design on screen under ``name`` and wait for the builder to open it as saved."""
    page.locator("#design-name").fill(name)
    page.locator("#save-design").click()
    expect(page.get_by_text(f"Saved “{name}”.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/builder\?design=\d+"))


def test_a_harness_collar_and_leash_designed_to_match_are_bought_as_a_set(stack, page):
    main, shop = stack.url("allpetplus"), stack.url("products")
    sign_up(page, stack, "Avery", new_email())
    add_pet(page, "Biscuit", "Golden Retriever", "2021-04-18", "78", neck="48")
    page.goto(main + "/builder")
    expect(page.locator("[data-type=harness]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#fit-reason")).to_contain_text("Biscuit's chest is 78 cm")
    page.locator("[data-field=webbing_colour] [data-colour=berry]").click()
    page.locator("#harness-text").fill("Biscuit")
    expect(page.locator(".price-line[data-code=text]")).to_be_visible()
    harness_preview = preview_url(page)
    save_as(page, "Biscuit's harness")

    page.locator("[data-type=collar]").click()
    expect(page.get_by_role("heading", name="Design your collar")).to_be_visible()
    expect(page.locator("#design-name")).to_have_value("My collar")
    expect(page.locator("#fit-reason")).to_contain_text("Biscuit's neck is 48 cm")  # a collar is sized from the neck
    page.locator("#accept-size").filter(has_text="Use size L").click()
    expect(page.locator("[data-option='size:L']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#add-set")).to_have_count(0)  # no leash yet
    page.locator("#match-harness").click()  # the harness of this visit
    expect(page.locator("[data-field=band_colour] [data-colour=berry]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#design-text")).to_have_value("Biscuit")
    expect(page.locator("[data-option='buckle:breakaway']")).to_be_disabled()  # for sizes XS and S
    page.locator("[data-option='name_plate:True']").click()
    expect(page.locator(".price-line[data-code=name_plate]")).to_be_visible()
    collar_preview = preview_url(page)
    assert collar_preview != harness_preview and collar_preview.endswith(".glb")
    save_as(page, "Biscuit's collar")

    page.locator("[data-type=leash]").click()
    page.locator("#match-saved").click()  # this time the saved harness
    page.get_by_role("option", name="Biscuit's harness").click()
    expect(page.locator("[data-field=webbing_colour] [data-colour=berry]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#fit-reason")).to_contain_text("For everyday walks with a size L dog")
    page.locator("#accept-size").filter(has_text="Use these options").click()
    expect(page.locator("[data-option='handle:padded']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-option='length:10']")).to_be_disabled()  # 25 mm, for a size L dog, is too heavy
    page.locator("[data-option='width_mm:20']").click()
    page.locator("[data-option='length:10']").click()
    expect(page.locator("[data-option='handle:traffic']")).to_be_disabled()
    expect(page.locator("[data-unavailable='handle:traffic']")).to_contain_text("snag")
    expect(page.locator("#price-total")).to_have_text(re.compile(r"^\$\d+\.\d\d$"))
    save_as(page, "Biscuit's leash")
    set_view = page.locator("#set-view")  # all three designed: side by side, priced as a set
    expect(set_view.locator("[data-set-part]")).to_have_count(3)
    expect(set_view.locator("[data-set-part=leash]")).to_contain_text("Leash, 10 m training line")
    expect(page.locator("#set-total")).to_contain_text(re.compile(r"as a set \(\$\d+\.\d\d off \$"))

    page.locator("[data-type=harness]").click()  # the harness is as it was left, and still the saved one
    expect(page.locator("#harness-text")).to_have_value("Biscuit")
    expect(page.locator("#design-name")).to_have_value("Biscuit's harness")
    page.locator("#add-set").click()
    expect(page.get_by_text("Added to your cart: a matching set")).to_be_visible()

    page.goto(shop + "/cart")
    lines = page.get_by_test_id("cart-line")
    expect(lines).to_have_count(3)
    for noun in ("harness", "collar", "leash"):
        expect(lines.filter(has_text=f"Custom {noun}: Biscuit's {noun}")).to_have_count(1)
    expect(page.locator(".total-line[data-code=set_discount]")).to_contain_text("-$")
    page.get_by_role("button", name="Check out").click()
    checkout = page.locator("form").filter(has=page.locator("#place-order"))
    checkout.get_by_label("Street address").fill("1 Main St")
    checkout.get_by_label("City").fill("Austin")
    checkout.get_by_label("State / province").fill("TX")
    checkout.get_by_label("ZIP / postal code").fill("78701")
    checkout.locator("input[name=provider][value=invoice]").check()
    page.locator("#place-order").click()
    reference = page.locator("#order-reference").inner_text()
    expect(page.locator("#order-discount")).to_be_visible()

    # The order keeps the three designs as bought: each one's picture (rendered by the worker), and its 3D model.
    order = page.get_by_test_id("order-card").filter(has_text=reference)
    reopen_until(page, main + "/dashboard/orders", order.locator(".frozen-design img"), count=3, timeout=60)
    for noun in ("harness", "collar", "leash"):
        expect(order.locator(f".frozen-design img[alt*='{noun}' i]")).to_have_count(1)
    alts = order.locator(".frozen-design img").evaluate_all("pictures => pictures.map(p => p.alt.toLowerCase())")
    collar = order.locator(".frozen-design").nth(next(i for i, alt in enumerate(alts) if "collar" in alt))
    collar.locator(".view-in-3d").click()
    expect(collar.locator("model-viewer")).to_have_attribute("data-src", collar_preview)
    expect(collar.locator(".view-in-3d")).to_have_text("Show picture")
