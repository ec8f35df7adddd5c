"""The owner's licences and the application in four steps, on the public site (``/licences``, ``/apply``)
and in the dashboard tab (``/embed``, ``/embed/apply``)."""

import reflex as rx

from allpetplus.cart.pricing import payment_window
from allpetplus.core.settings import settings
from allpetplus.licence.applications import STEPS
from allpetplus.licence.rules import TERMS
from allpetplus.ui.components import amount_row, empty_state, panel
from allpetplus.ui.embed import EmbedState, embedded_shell
from allpetplus.ui.forms import field_error, form_alert, labelled, text_field
from licensing.pages.site import LICENSING
from licensing.state.licences import LicensingState as L

STEP_TITLES = {
    "owner": "You",
    "pet": "Your pet",
    "vaccination": "Vaccination and documents",
    "review": "Review and pay",
}
SELECT = "rt-reset rt-SelectTrigger rt-r-size-3 rt-variant-surface"


def _field(label: str, name: str, hint: str = "", **props) -> rx.Component:
    return text_field(label, name, L.errors, hint=hint, default_value=L.values[name], **props)


def _select(label: str, name: str, options: list[tuple[str, str]], hint: str = "") -> rx.Component:
    control = rx.el.select(*(rx.el.option(text, value=value) for value, text in options), name=name, id=name,
                           default_value=L.values[name], class_name=SELECT, width="100%")  # fmt: skip
    return labelled(label, control, L.errors, name, hint)


def _check(label: str, name: str, hint: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.hstack(
                rx.el.input(type="checkbox", name=name, default_checked=L.values[name] == "true", id=name),
                rx.text(label, size="2", weight="medium"),
                align="center",
            ),
        ),
        rx.text(hint, size="1", color="var(--gray-10)"),
        spacing="1",
    )


def progress() -> rx.Component:
    """Where the applicant is: the four steps, the done ones clickable."""
    index = {step: n for n, step in enumerate(STEPS)}
    return rx.hstack(
        *(
            rx.button(
                f"{n + 1}. {STEP_TITLES[step]}",
                variant=rx.cond(L.step == step, "solid", "soft"),
                size="2",
                disabled=rx.match(L.step, *((s, index[s] < n) for s in STEPS), True),
                on_click=L.go_to(step),
                aria_current=rx.cond(L.step == step, "step", ""),
            )
            for n, step in enumerate(STEPS)
        ),
        wrap="wrap",
        spacing="2",
        id="application-progress",
    )


def _buttons(back: str | None) -> rx.Component:
    return rx.hstack(
        *([rx.button("Back", type="button", variant="soft", on_click=L.go_to(back))] if back else []),
        rx.spacer(),
        rx.button("Save and continue", type="submit", size="3", id="save-step"),
        width="100%",
    )


def owner_step() -> rx.Component:
    return rx.form(
        rx.grid(
            _field("Full name", "owner_name", autocomplete="name"),
            _field("E-mail", "owner_email", autocomplete="email"),
            _field("Phone (optional)", "owner_phone", autocomplete="tel"),
            _field(
                "Date of birth (optional)",
                "owner_birth_date",
                type="date",
                hint="Owners 65 or older get the senior discount where the jurisdiction offers one.",
            ),  # fmt: skip
            _field("Street address", "line1", autocomplete="address-line1"),
            _field("Apartment, suite (optional)", "line2", autocomplete="address-line2"),
            _field("City", "city", autocomplete="address-level2"),
            _field("State or province", "region", autocomplete="address-level1"),
            _field("ZIP or postal code", "postal_code", autocomplete="postal-code"),
            _select("Country", "country", [("US", "United States"), ("CA", "Canada")]),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        _buttons(None),
        on_submit=L.save,
        key=L.form_key,
        id="step-owner",
    )


def pet_step() -> rx.Component:
    return rx.form(
        rx.grid(
            _field("Pet's name", "pet_name"),
            _select("Species", "species", [("dog", "Dog"), ("cat", "Cat")]),
            _field("Breed (optional)", "breed"),
            _field("Colour (optional)", "colour"),
            _field("Date of birth (optional)", "pet_birth_date", type="date"),
            _field("Microchip number (optional)", "microchip", hint="15 digits, from your vet paperwork."),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        _check("Spayed or neutered", "altered", "The lower fee; you upload proof in the next step."),
        _check("Service animal", "service_animal", "No licence fee; you upload its documentation in the next step."),
        _select(
            "If someone finds your pet, show them",
            "contact_share",
            [("EMAIL", "My e-mail address"), ("PHONE", "My phone number"), ("NONE", "Nothing (they call us)")],
            hint="Your address is never shown.",
        ),  # fmt: skip
        _buttons("owner"),
        on_submit=L.save,
        key=L.form_key,
        id="step-pet",
        width="100%",
    )


def document(kind: str, title: str, field: str, url_key: str) -> rx.Component:
    upload_id = f"doc-{kind}"
    return rx.vstack(
        rx.hstack(
            rx.text(title, size="2", weight="medium"),
            rx.cond(L.values[url_key] != "", rx.badge("Attached", color_scheme="green", id=f"{upload_id}-attached")),
            align="center",
        ),
        rx.hstack(
            rx.upload(
                rx.text(
                    rx.cond(
                        rx.selected_files(upload_id).length() > 0,
                        rx.selected_files(upload_id)[0],
                        "Choose a PDF or image (up to 10 MB)",
                    ),
                    size="2",
                ),  # fmt: skip
                id=upload_id,
                max_files=1,
                border="1px dashed var(--gray-a7)",
                padding="0.6rem 1rem",
                border_radius="var(--radius-3)",
            ),
            rx.button(
                "Attach",
                type="button",
                variant="soft",
                on_click=L.attach(rx.upload_files(upload_id), kind),
                id=f"{upload_id}-button",
            ),  # fmt: skip
            align="center",
            wrap="wrap",
        ),
        field_error(L.errors, field),
        spacing="1",
        width="100%",
    )


def vaccination_step() -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.grid(
                _field("Rabies vaccination date", "rabies_vaccinated_on", type="date"),
                _field("Vaccination expires on", "rabies_expires_on", type="date"),
                _field("Vet clinic", "vet_clinic"),
                _select(
                    "Licence term",
                    "term_years",
                    [(str(years), "1 year" if years == 1 else f"{years} years") for years in TERMS],
                    hint="A licence may not run past the vaccination's expiry.",
                ),  # fmt: skip
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            _buttons("pet"),
            on_submit=L.save,
            key=L.form_key,
            id="step-vaccination",
            width="100%",
        ),
        rx.separator(),
        rx.heading("Documents", size="4", as_="h3"),
        document("rabies", "Rabies vaccination certificate", "rabies_certificate", "rabies_doc"),
        rx.cond(
            L.values["altered"] == "true",
            document("altered", "Proof of spay or neuter", "altered_proof", "altered_doc"),
        ),  # fmt: skip
        rx.cond(
            L.values["service_animal"] == "true",
            document("service", "Service animal documentation", "service_proof", "service_doc"),
        ),  # fmt: skip
        spacing="4",
        width="100%",
    )


def summary_row(label: str, value: rx.Var) -> rx.Component:
    return rx.hstack(rx.text(label, color="var(--gray-11)", size="2", min_width="10rem"), rx.text(value, size="2"))


def review_step() -> rx.Component:
    return rx.vstack(
        summary_row("Owner", L.values["owner_name"] + " · " + L.values["owner_email"]),
        summary_row("Address", L.values["line1"] + ", " + L.values["city"] + " " + L.values["postal_code"]),
        summary_row("Pet", L.values["pet_name"] + " (" + L.values["species"] + ")"),
        summary_row("Microchip", L.values["microchip"]),
        summary_row("Rabies vaccination", L.values["rabies_vaccinated_on"] + " → " + L.values["rabies_expires_on"]),
        summary_row("Term", L.values["term_years"] + " year(s)"),
        rx.cond(
            L.problems.length() > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle-alert")),
                rx.callout.text("Before you can submit: "),
                rx.foreach(L.problems.values(), lambda message: rx.callout.text(message)),
                color_scheme="amber",
                id="application-problems",
            ),
        ),
        rx.form(
            rx.vstack(
                rx.text("Pay by", size="2", weight="medium"),
                rx.hstack(
                    rx.el.label(
                        rx.hstack(
                            rx.el.input(type="radio", name="provider", value="invoice", default_checked=True),
                            rx.text("Invoice", size="2"),
                        )
                    ),
                    rx.cond(
                        L.card_payments,
                        rx.el.label(
                            rx.hstack(
                                rx.el.input(type="radio", name="provider", value="stripe"), rx.text("Card", size="2")
                            )
                        ),
                    ),
                    spacing="4",
                ),  # fmt: skip
                rx.text(
                    f"Invoice: we e-mail it now, pay within {payment_window('invoice').days} days. Card: you go to "
                    "Stripe's secure page.",
                    size="1",
                    color="var(--gray-10)",
                ),  # fmt: skip
                form_alert(L.errors),
                rx.hstack(
                    rx.button("Back", type="button", variant="soft", on_click=L.go_to("vaccination")),
                    rx.spacer(),
                    rx.button(
                        "Submit and pay " + L.fee_total,
                        type="submit",
                        size="3",
                        id="submit-application",
                        disabled=L.problems.length() > 0,
                    ),  # fmt: skip
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=L.submit,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def fee_panel() -> rx.Component:
    return panel(
        rx.heading("Your fee", size="4", as_="h3"),
        rx.cond(
            L.fee_lines.length() > 0,
            rx.vstack(
                rx.foreach(L.fee_lines, lambda line: amount_row(line["label"], line["amount"], class_name="fee-line")),
                rx.separator(),
                amount_row("Total", L.fee_total, weight="bold", id="fee-total"),
                width="100%",
            ),
            rx.text("Shown once you have told us about your pet.", size="2", color="var(--gray-11)"),
        ),
        rx.text("The same calculation is charged at payment.", size="1", color="var(--gray-10)"),
    )


def application() -> rx.Component:
    """The four-step application with the fee beside it."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Licence application", size="6", as_="h2"),
            rx.spacer(),
            rx.button("Save and close", variant="ghost", on_click=L.close),
            width="100%",
        ),
        progress(),
        rx.grid(
            panel(
                rx.heading(rx.match(L.step, *((s, STEP_TITLES[s]) for s in STEPS), ""), size="5", as_="h3"),
                rx.match(
                    L.step,
                    ("owner", owner_step()),
                    ("pet", pet_step()),
                    ("vaccination", vaccination_step()),
                    ("review", review_step()),
                ),
            ),
            fee_panel(),
            columns=rx.breakpoints(initial="1", md="3fr 1fr"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
        id="application",
    )


def start_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.select(
                *[],
                rx.foreach(L.jurisdictions, lambda j: rx.el.option(j["name"], value=j["code"])),
                name="jurisdiction",
                class_name=SELECT,
                aria_label="Where your pet lives",
            ),  # fmt: skip
            rx.el.select(
                rx.el.option("A pet not in my profile", value=""),
                rx.foreach(L.pets, lambda p: rx.el.option(p["name"], value=p["id"])),
                name="pet_id",
                class_name=SELECT,
                aria_label="Which pet",
            ),
            rx.button("Apply for a licence", type="submit", size="3", id="start-application"),
            wrap="wrap",
            align="center",
        ),
        on_submit=L.start,
    )


def licence_card(licence: rx.Var) -> rx.Component:
    active = (licence.status == "ACTIVE") | (licence.status == "APPROVED")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(licence.pet_name, size="4"),
                rx.badge(licence.status, class_name="licence-status"),
                rx.spacer(),
                rx.text(licence.jurisdiction_name, size="2", color="var(--gray-11)"),
                width="100%",
                align="center",
            ),
            rx.cond(
                licence.tag_number != "",
                rx.hstack(
                    rx.text("Tag", size="2", color="var(--gray-11)"),
                    rx.text(
                        licence.tag_number,
                        size="5",
                        weight="bold",
                        font_family="ui-monospace, monospace",
                        class_name="tag-number",
                    ),  # fmt: skip
                    rx.text("valid until " + licence.expires_on, size="2", color="var(--gray-11)"),
                    align="baseline",
                    wrap="wrap",
                ),
            ),
            rx.cond(licence.payment != "", rx.text("Fee " + licence.fee_total + " · " + licence.payment, size="2")),
            rx.cond(
                licence.status == "REJECTED",
                rx.text("Not approved: " + licence.rejection_reason, size="2", color="var(--red-11)"),
            ),  # fmt: skip
            rx.hstack(
                rx.cond(
                    licence.status == "DRAFT",
                    rx.button("Continue application", size="2", on_click=L.open_draft(licence.id)),
                ),  # fmt: skip
                rx.cond(
                    active,
                    rx.link(
                        rx.button("Certificate", size="2", variant="soft"),
                        href=settings.LICENSING_URL + "/certificate/" + licence.id.to(str),
                        is_external=True,
                        target="_blank",
                    ),
                ),  # fmt: skip
                rx.cond(licence.can_renew, rx.button("Renew", size="2", on_click=L.renew(licence.id))),
                rx.cond(
                    licence.can_replace_tag,
                    rx.button("Replace lost tag", size="2", variant="ghost", on_click=L.replace_tag(licence.id)),
                ),  # fmt: skip
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="licence-card",
    )


def my_licences() -> rx.Component:
    """The owner's licences, the start form, or the application in progress."""
    return rx.cond(
        L.step != "",
        application(),
        rx.vstack(
            rx.heading("Your pet licences", size="6", as_="h2"),
            rx.cond(L.notice != "", rx.callout(L.notice, icon="circle-check", color_scheme="green", id="notice")),
            start_form(),
            rx.cond(
                L.licences.length() > 0,
                rx.vstack(rx.foreach(L.licences, licence_card), width="100%", spacing="3"),
                empty_state(
                    "badge-check",
                    "No licences yet",
                    "Licensing takes about ten minutes: have the rabies certificate and, for the lower fee, proof of "
                    "spay or neuter ready. Drafts are saved after every step.",
                    "What you need",
                    settings.LICENSING_URL + "/#requirements",
                    action_target="_blank",
                ),
            ),
            spacing="4",
            width="100%",
        ),
    )


def public_licences() -> rx.Component:
    return rx.box(
        rx.match(
            L.identity,
            ("signed_in", my_licences()),
            (
                "signed_out",
                empty_state(
                    "lock",
                    "Sign in to apply",
                    "Use your All Pet Plus account: your pets' details fill the form for you.",
                    "Sign in",
                    settings.MAIN_URL + "/sign-in?next=/dashboard/licensing",
                ),
            ),  # fmt: skip
            rx.center(rx.spinner(size="3"), padding_y="4rem"),
        ),
        padding_y="2rem",
        width="100%",
    )


@LICENSING.page(route="/licences", title="Your licences · Pet Licensing", on_load=L.load_public)
def licences_page() -> rx.Component:
    """The owner's licences on the public site."""
    return public_licences()


@LICENSING.page(route="/apply", title="Apply · Pet Licensing", on_load=L.load_public)
def apply_page() -> rx.Component:
    """Start an application on the public site."""
    return public_licences()


def _embedded() -> rx.Component:
    return embedded_shell("Pet Licensing", "licensing", my_licences, on_identity=L.load_embedded)


@rx.page(route="/embed", title="Pet Licensing", on_load=EmbedState.request_identity)
def embed() -> rx.Component:
    """The licensing tab of the dashboard."""
    return _embedded()


@rx.page(route="/embed/apply", title="Apply · Pet Licensing", on_load=EmbedState.request_identity)
def embed_apply() -> rx.Component:
    """The application inside the dashboard tab."""
    return _embedded()
