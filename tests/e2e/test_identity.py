"""In Chromium, across browsers and apps: a sign-in link works only in the browser that asked for it, and an
embedded app stops acting for a user at its next event once their main-app sign-in has ended."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accounts import PASSWORD, add_pet, at, new_email, sign_in, sign_out, sign_up

pytestmark = pytest.mark.e2e


def open_licensing_tab(page: Page, stack, name: str):
    """The dashboard's Licensing tab, once the embedded app shows who is signed in."""
    page.goto(stack.url("allpetplus") + "/dashboard/licensing")
    app = page.frame_locator("#embedded-app")
    expect(app.locator("#embed-user")).to_have_text(name, timeout=30_000)
    return app


def start_application(app) -> None:
    """An event of the embedded app that acts for the user: start a licence application."""
    app.locator("select[name=pet_id]").select_option(label="Biscuit")
    app.locator("#start-application").click()


def expect_refused(app) -> None:
    """The embedded app asks to sign in again, and did not start the application."""
    expect(app.locator("#embed-signed-out")).to_contain_text("Please sign in again")
    expect(app.locator("#step-owner")).to_have_count(0)


def test_a_sign_in_link_works_only_in_the_browser_that_asked_for_it(stack, browser: Browser):
    """Login CSRF: an attacker signs in, keeps the one-time link instead of following it, and sends it to a
    victim. Followed in the victim's browser it must not sign the victim into the attacker's account."""
    main = stack.url("allpetplus")
    attacker_context, victim_context = browser.new_context(), browser.new_context()
    try:
        attacker = attacker_context.new_page()
        attacker_email = new_email()
        sign_up(attacker, stack, "Mallory", attacker_email)
        sign_out(attacker, stack)
        attacker.route(re.compile(r".*/auth/session\?.*"), lambda route: route.abort())
        with attacker.expect_request(re.compile(r".*/auth/session\?ticket=.*")) as kept:
            sign_in(attacker, stack, attacker_email)
        link = kept.value.url

        victim = victim_context.new_page()
        victim.goto(main + "/")
        victim.goto(link)
        expect(victim).to_have_url(at(stack, "/sign-in?expired=1"))
        expect(victim.get_by_role("alert")).to_contain_text("That sign-in link expired")
        assert victim.request.get(main + "/api/me").status == 401

        attacker.unroute(re.compile(r".*/auth/session\?.*"))
        sign_in(attacker, stack, attacker_email)
        expect(attacker).to_have_url(at(stack, "/dashboard"))
        assert attacker.request.get(main + "/api/me").json()["email"] == attacker_email
    finally:
        attacker_context.close()
        victim_context.close()


def test_signing_out_ends_the_embedded_app_at_its_next_event(stack, browser: Browser):
    context = browser.new_context()
    try:
        dashboard = context.new_page()
        sign_up(dashboard, stack, "Robin", new_email())
        add_pet(dashboard, "Biscuit", "Beagle", "2022-03-01", "55")
        app = open_licensing_tab(dashboard, stack, "Robin")

        elsewhere = context.new_page()  # another tab of the same browser signs out
        elsewhere.goto(stack.url("allpetplus") + "/dashboard")
        sign_out(elsewhere, stack)

        start_application(app)
        expect_refused(app)
    finally:
        context.close()


def test_a_password_change_in_another_browser_ends_the_embedded_app_at_its_next_event(stack, browser: Browser):
    email = new_email()
    here, there = browser.new_context(), browser.new_context()
    try:
        dashboard = here.new_page()
        sign_up(dashboard, stack, "Robin", email)
        add_pet(dashboard, "Biscuit", "Beagle", "2022-03-01", "55")
        app = open_licensing_tab(dashboard, stack, "Robin")

        account = there.new_page()
        sign_in(account, stack, email)
        expect(account).to_have_url(at(stack, "/dashboard"))
        account.goto(stack.url("allpetplus") + "/account")
        form = account.locator("form").filter(has=account.locator("#change-password"))
        form.get_by_label("Current password").fill(PASSWORD)
        form.get_by_label("New password", exact=True).fill("a brand new phrase 9")
        form.get_by_label("Repeat the new password").fill("a brand new phrase 9")
        account.locator("#change-password").click()
        expect(account.get_by_text("Password changed.")).to_be_visible()

        start_application(app)
        expect_refused(app)
    finally:
        here.close()
        there.close()


def test_sign_up_with_a_taken_address_names_no_field_and_creates_nothing(stack, page):
    email = new_email()
    sign_up(page, stack, "Robin", email)
    sign_out(page, stack)
    page.goto(stack.url("allpetplus") + "/sign-up")
    form = page.locator("#sign-up-form")
    form.get_by_label("Your name").fill("Someone else")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill("another long phrase 5")
    form.get_by_role("button", name="Create account").click()
    expect(form.get_by_role("alert")).to_contain_text("We could not create an account with this e-mail address")
    expect(form.locator("[data-error-for]")).to_have_count(0)
    expect(page).to_have_url(at(stack, "/sign-up"))
    sign_in(page, stack, email)
    expect(page.locator("#dashboard-greeting")).to_have_text("Hi, Robin")
