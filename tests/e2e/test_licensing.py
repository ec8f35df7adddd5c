"""In Chromium: apply for a pet licence inside the dashboard tab, pay on invoice, approve as staff, see the
tag in the embedded view, look the pet up by its tag on the public site, and get the renewal reminder when
the daily job runs 30 days before expiry; and put the tag with its QR code on a harness in the builder. On a
phone, the dashboard's frame grows with the application so the page is the one thing that scrolls; signing in
from the public /apply page comes back to it."""

import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from allpetplus.core.settings import PROJECT_ROOT
from tests.e2e.conftest import reload_until
from tests.e2e.test_accounts import PASSWORD, add_pet, at, new_email, sign_out, sign_up
from tests.e2e.test_builder import preview_url, viewer_loaded
from tests.e2e.test_commerce import promote

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_apply_pay_approve_lookup_and_reminder(stack, page, browser, tmp_path):
    main, licensing = stack.url("allpetplus"), stack.url("licensing")
    email = new_email()
    sign_up(page, stack, "Robin", email)
    page.goto(main + "/dashboard/pets")
    add_pet(page, "Biscuit", "Beagle", "2022-03-01", "55")

    page.goto(main + "/dashboard/licensing")
    app = page.frame_locator("#embedded-app")
    expect(app.locator("#embed-user")).to_have_text("Robin", timeout=30_000)
    app.locator("select[name=pet_id]").select_option(label="Biscuit")
    app.locator("#start-application").click()

    owner = app.locator("#step-owner")
    owner.locator("input[name=owner_name]").fill("Robin Example")
    owner.locator("input[name=line1]").fill("12 Elm Street")
    owner.locator("input[name=city]").fill("Austin")
    owner.locator("input[name=region]").fill("TX")
    owner.locator("input[name=postal_code]").fill("787")
    app.locator("#save-step").click()
    expect(app.locator("[data-error-for=postal_code]")).to_contain_text("ZIP code")
    owner.locator("input[name=postal_code]").fill("78701")
    app.locator("#save-step").click()

    pet = app.locator("#step-pet")
    expect(pet.locator("input[name=pet_name]")).to_have_value("Biscuit")  # from the pet profile
    pet.locator("input[name=microchip]").fill("12345")
    pet.locator("#altered").check()
    app.locator("#save-step").click()
    expect(app.locator("[data-error-for=microchip]")).to_contain_text("15 digits")
    pet.locator("input[name=microchip]").fill("985112345678901")
    app.locator("#save-step").click()

    vaccine = app.locator("#step-vaccination")
    expect(vaccine).to_be_visible()
    given, expires = date.today() - timedelta(days=30), date.today() + timedelta(days=700)
    vaccine.locator("input[name=rabies_vaccinated_on]").fill(given.isoformat())
    vaccine.locator("input[name=rabies_expires_on]").fill(expires.isoformat())
    vaccine.locator("input[name=vet_clinic]").fill("Austin Animal Clinic")
    vaccine.locator("select[name=term_years]").select_option("3")
    app.locator("#save-step").click()
    expect(app.locator("[data-error-for=term_years]")).to_contain_text("after the rabies vaccination expires")

    text_file = tmp_path / "certificate.txt"
    text_file.write_text("not a certificate")
    app.locator("#doc-rabies input[type=file]").set_input_files(str(text_file))
    app.locator("#doc-rabies-button").click()
    expect(app.locator("[data-error-for=rabies_certificate]")).to_contain_text("PDF")
    certificate = tmp_path / "rabies.pdf"
    certificate.write_bytes(PDF)
    app.locator("#doc-rabies input[type=file]").set_input_files(str(certificate))
    app.locator("#doc-rabies-button").click()
    expect(app.locator("#doc-rabies-attached")).to_be_visible()
    app.locator("#doc-altered input[type=file]").set_input_files(str(certificate))
    app.locator("#doc-altered-button").click()
    expect(app.locator("#doc-altered-attached")).to_be_visible()
    vaccine.locator("select[name=term_years]").select_option("1")
    app.locator("#save-step").click()

    expect(app.locator(".fee-line")).to_have_count(1)
    expect(app.locator(".fee-line")).to_contain_text("Licence fee: altered dog, 1 year")
    expect(app.locator("#fee-total")).to_contain_text("$20.00")
    app.locator("input[name=provider][value=invoice]").check()
    app.locator("#submit-application").click()
    expect(app.locator("#notice")).to_contain_text(re.compile(r"Invoice APP-\S+ for \$20\.00"))
    mine = app.get_by_test_id("licence-card").filter(has_text="Biscuit")
    expect(mine.locator(".licence-status")).to_have_text("Submitted")
    expect(mine).to_contain_text("Invoice sent")

    staff = browser.new_context()
    try:
        admin = staff.new_page()
        staff_email = new_email()
        sign_up(admin, stack, "Staff", staff_email)
        promote(stack, staff_email)
        admin.goto(main + "/admin/licences")
        application = admin.get_by_test_id("licence-application").filter(has_text=email)
        expect(application).to_contain_text("Biscuit")
        document = application.get_by_role("link", name="Rabies certificate").get_attribute("href")
        assert admin.request.get(main + document).body().startswith(b"%PDF-")
        expect(application.locator(".approve")).to_have_count(0)  # an invoice is approved once it is paid
        expect(application.locator(".payment-state")).to_contain_text("Invoice awaiting payment, due ")
        application.locator(".mark-fee-paid").click()
        expect(application.locator(".payment-state")).to_have_text("Invoice paid")
        application.locator(".approve").click()
        expect(admin.get_by_test_id("licence-application").filter(has_text=email)).to_have_count(0)
    finally:
        staff.close()

    page.goto(main + "/dashboard/licensing")
    app = page.frame_locator("#embedded-app")
    mine = app.get_by_test_id("licence-card").filter(has_text="Biscuit")
    expect(mine.locator(".licence-status")).to_have_text("Active", timeout=30_000)
    tag = mine.locator(".tag-number").inner_text()
    assert re.fullmatch(r"SPR-\d{4}-\d{6}", tag), tag

    finder = browser.new_context()
    try:
        public = finder.new_page()
        public.goto(licensing + "/lookup")
        public.locator("#tag").fill("SPR-1999-000000")
        public.get_by_role("button", name="Look up").click()
        expect(public.locator("#lookup-message")).to_contain_text("No current licence has that tag number")
        public.locator("#tag").fill(tag.lower())
        public.get_by_role("button", name="Look up").click()
        expect(public.locator("#found-pet")).to_have_text("Biscuit")
        expect(public.locator("#finder-contact")).to_contain_text(email)
        expect(public.locator("body")).not_to_contain_text("12 Elm Street")
    finally:
        finder.close()

    page.goto(main + "/builder")
    page.locator("#id_patch").click()
    without_tag = preview_url(page)
    page.locator("#licence-tag").select_option(tag)
    expect(page.locator(".price-line[data-code=licence_tag]")).to_contain_text(f"Licence tag {tag} with lookup QR")
    expect(page.locator("#preview")).not_to_have_attribute("data-preview-url", without_tag, timeout=30_000)
    viewer_loaded(page, preview_url(page))

    ends = date.today() + timedelta(days=364)
    env = {**os.environ, **stack.env}
    run = subprocess.run([sys.executable, "-m", "allpetplus.licence", "daily", "--on", str(ends - timedelta(days=30))],
                         cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    assert "reminded: 1" in run.stdout, run.stdout + run.stderr

    staff = browser.new_context()
    try:
        admin = staff.new_page()
        sign_up(admin, stack, "Staff two", (second := new_email()))
        promote(stack, second)
        reminder = admin.get_by_test_id("mail").filter(has_text="Biscuit's licence expires in 30 days")
        reload_until(admin, main + "/admin/jobs", reminder)
        expect(reminder).to_contain_text(email)
    finally:
        staff.close()


def frame_fits(page: Page) -> dict:
    """The dashboard's frame and the page inside it: their heights, and whether either of them scrolls."""
    inner = page.frame_locator("#embedded-app").locator("#embed-content")
    content = inner.evaluate(
        "el => ({bottom: Math.ceil(el.getBoundingClientRect().bottom + window.scrollY),"
        " scroll: document.scrollingElement.scrollHeight, view: window.innerHeight})"
    )
    outer = page.evaluate(
        "() => ({frame: document.getElementById('embedded-app').getBoundingClientRect().height,"
        " scroll: document.scrollingElement.scrollHeight, view: window.innerHeight})"
    )
    return {"content": content, "page": outer}


def frame_fitted(page: Page) -> dict:
    """``frame_fits`` once the frame is as tall as its content (within a pixel): the content reports its new
    height a frame after it changes."""
    deadline = time.monotonic() + 10
    while True:
        fits = frame_fits(page)
        if abs(fits["page"]["frame"] - fits["content"]["bottom"]) <= 1 or time.monotonic() > deadline:
            return fits
        page.wait_for_timeout(100)


def expect_one_scroll(page: Page) -> None:
    """The frame is as tall as its content, the frame's own page does not scroll, and the dashboard page does."""
    fits = frame_fitted(page)
    content, outer = fits["content"], fits["page"]
    assert outer["frame"] >= content["bottom"] - 1, fits
    assert outer["frame"] <= content["bottom"] + 1, fits  # it shrinks again too
    assert content["scroll"] <= content["view"] + 1, fits  # nothing to scroll inside the frame
    assert outer["scroll"] > outer["view"], fits  # the page scrolls instead


def test_on_a_phone_the_frame_grows_with_the_application_and_the_page_scrolls(stack, page, tmp_path):
    main = stack.url("allpetplus")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, stack, "Sam", new_email())
    add_pet(page, "Mabel", "Beagle", "2021-05-01", "52")
    add_pet(page, "Pip", "Beagle", "2023-01-10", "40")

    page.goto(main + "/dashboard/licensing")
    app = page.frame_locator("#embedded-app")
    expect(app.locator("#embed-user")).to_have_text("Sam", timeout=30_000)
    picker = app.locator("select[name=pet_id]")
    expect(picker.locator("option:checked")).to_have_text("Mabel")  # the first pet, not "a pet not in my profile"
    expect(app.locator("#start-form input[name=pet_name]")).to_have_count(0)
    page.screenshot(path=tmp_path / "phone-licences.png", full_page=True)
    app.locator("#start-application").click()

    owner = app.locator("#step-owner")
    expect(owner.locator("input[name=owner_name]")).to_have_value("Sam")
    owner.locator("input[name=line1]").fill("4 Oak Lane")
    owner.locator("input[name=city]").fill("Austin")
    owner.locator("input[name=region]").fill("TX")
    owner.locator("input[name=postal_code]").fill("78702")
    expect_one_scroll(page)
    page.screenshot(path=tmp_path / "phone-owner.png", full_page=True)
    app.locator("#save-step").click()

    pet = app.locator("#step-pet")
    expect(pet.locator("input[name=pet_name]")).to_have_value("Mabel")
    app.locator("#save-step").click()

    vaccine = app.locator("#step-vaccination")
    expect(vaccine).to_be_visible()
    given, expires = date.today() - timedelta(days=10), date.today() + timedelta(days=1500)
    vaccine.locator("input[name=rabies_vaccinated_on]").fill(given.isoformat())
    vaccine.locator("input[name=rabies_expires_on]").fill(expires.isoformat())
    vaccine.locator("input[name=vet_clinic]").fill("Oak Lane Vets")
    expect(vaccine.locator("select[name=term_years] option")).to_have_text(["1 year", "3 years"])
    certificate = tmp_path / "rabies.pdf"
    certificate.write_bytes(PDF)
    app.locator("#doc-rabies input[type=file]").set_input_files(str(certificate))
    app.locator("#doc-rabies-button").click()
    expect(app.locator("#doc-rabies-attached")).to_be_visible()
    upload, save = app.locator("#doc-rabies").bounding_box(), app.locator("#save-step").bounding_box()
    assert upload["y"] + upload["height"] <= save["y"], (upload, save)  # the documents come first
    expect_one_scroll(page)
    page.screenshot(path=tmp_path / "phone-vaccination.png", full_page=True)
    app.locator("#save-step").click()

    review = app.locator("#application")
    expect(app.locator("#submit-application")).to_be_enabled()
    answers = review.locator(".review-answer")
    expect(answers.filter(has_text="State or province")).to_contain_text("TX")
    expect(answers.filter(has_text="Licence term")).to_contain_text("1 year")
    expect(answers.filter(has_text="Rabies certificate")).to_contain_text("Attached")
    expect(review).not_to_contain_text("year(s)")
    methods = app.locator("#payment-methods")
    expect(methods.locator("input[name=provider][value=stripe]")).to_be_checked()  # card first, where it is set up
    expect(methods).to_contain_text("Stripe's secure page")
    expect(methods).to_contain_text("Staff approve the licence once it is paid.")
    methods.get_by_text("Invoice", exact=True).click()
    expect(methods.locator("input[name=provider][value=invoice]")).to_be_checked()
    expect_one_scroll(page)
    page.screenshot(path=tmp_path / "phone-review.png", full_page=True)
    review.screenshot(path=tmp_path / "phone-review-application.png")
    page.set_viewport_size({"width": 1366, "height": 900})
    frame_fitted(page)
    page.screenshot(path=tmp_path / "wide-review.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    frame_fitted(page)
    app.locator("#submit-application").click()

    expect(app.locator("#notice")).to_contain_text("Application sent")
    mine = app.get_by_test_id("licence-card").filter(has_text="Mabel")
    expect(mine.locator(".licence-status")).to_have_text("Submitted")
    expect(mine).to_contain_text("Invoice sent")
    expect_one_scroll(page)  # shorter again: the frame shrank with it
    page.screenshot(path=tmp_path / "phone-submitted.png", full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    fits = frame_fitted(page)  # wider, so shorter
    assert abs(fits["page"]["frame"] - fits["content"]["bottom"]) <= 1, fits
    page.screenshot(path=tmp_path / "wide-submitted.png", full_page=True)


def test_signing_in_from_apply_comes_back_to_apply_and_a_draft_can_be_deleted(stack, page, tmp_path):
    main, licensing = stack.url("allpetplus"), stack.url("licensing")
    page.set_viewport_size({"width": 1366, "height": 900})
    email = new_email()
    sign_up(page, stack, "Alex", email)
    sign_out(page, stack)

    page.goto(licensing + "/apply")
    header = page.locator("#shopper-sign-in")  # the header's Sign in comes back to this page too
    expect(header).to_have_attribute("href", re.compile(r"next=%2Fapply"))
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile("^" + re.escape(main) + "/sign-in/?\\?next="))
    form = page.locator("#sign-in-form")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(at(stack, "/apply", "licensing"))
    expect(page.get_by_role("heading", name="Your pet licences")).to_be_visible()

    # No pets in the profile: the form asks for the pet's name, and a draft without one is never made.
    expect(page.locator("select[name=pet_id] option:checked")).to_have_text("A pet not in my profile")
    page.locator("#start-application").click()
    expect(page.locator("[data-error-for=pet_name]")).to_contain_text("pet's name")
    expect(page.get_by_test_id("licence-card")).to_have_count(0)
    page.locator("#start-form input[name=pet_name]").fill("Clover")
    page.locator("#start-application").click()
    expect(page.locator("#step-owner")).to_be_visible()
    page.get_by_role("button", name="Save and close").click()

    draft = page.get_by_test_id("licence-card").filter(has_text="Clover")
    expect(draft.locator(".licence-status")).to_have_text("Draft")
    page.screenshot(path=tmp_path / "wide-apply.png", full_page=True)
    draft.locator(".delete-draft").click()
    page.locator("#confirm-delete-draft").click()
    expect(page.get_by_test_id("licence-card")).to_have_count(0)

    # The way back is a path of this site only.
    away = page.request.get(main + "/auth/handoff?app=licensing&next=//evil.example/", max_redirects=0)
    assert away.headers["location"] == f"{licensing}/auth/start?next=%2F"
