"""The owner's licences and the application in four steps, on the public site (``/licences``, ``/apply``)
and in the dashboard tab (``/embed``, ``/embed/apply``)."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.licence.applications import STEPS
from allpetplus.licence.rules import TERMS
from allpetplus.licence.views import CONTACT_SHARE_WORDS, term_words
from allpetplus.ui.components import amount_row, confirm_dialog, empty_state, panel
from allpetplus.ui.embed import EmbedState, embedded_shell
from allpetplus.ui.forms import field_error, form_alert, labelled, payment_choice, text_field
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
        margin_top="1rem",
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
            [(share.value, words) for share, words in CONTACT_SHARE_WORDS.items()],
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
    """The vaccination, the term, then the documents: all of it before "Save and continue"."""
    return rx.form(
        rx.vstack(
            rx.grid(
                _field("Rabies vaccination date", "rabies_vaccinated_on", type="date"),
                _field("Vaccination expires on", "rabies_expires_on", type="date"),
                _field("Vet clinic", "vet_clinic"),
                _select(
                    "Licence term",
                    "term_years",
                    [(str(years), term_words(years)) for years in TERMS],
                    hint="A licence may not run past the vaccination's expiry.",
                ),  # fmt: skip
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            rx.separator(size="4"),
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
            _buttons("pet"),
            spacing="4",
            width="100%",
        ),
        on_submit=L.save,
        key=L.form_key,
        id="step-vaccination",
        width="100%",
    )


def answers_of(step: str) -> rx.Component:
    """The answers given at one step, each on its row, with a way back to change them."""
    return rx.vstack(
        rx.hstack(
            rx.text(STEP_TITLES[step], size="3", weight="bold"),
            rx.spacer(),
            rx.button("Change", type="button", variant="ghost", size="1", on_click=L.go_to(step)),
            width="100%",
            align="center",
        ),
        rx.el.dl(
            rx.foreach(
                L.answers,
                lambda answer: rx.cond(
                    answer["step"] == step,
                    rx.box(
                        rx.el.dt(rx.text(answer["label"], size="2", color="var(--gray-11)")),
                        rx.el.dd(rx.text(answer["value"], size="2"), margin="0"),
                        display="grid",
                        grid_template_columns=rx.breakpoints(initial="1fr", sm="12rem 1fr"),
                        column_gap="1rem",
                        padding_y="0.3rem",
                        border_top="1px solid var(--gray-a4)",
                        class_name="review-answer",
                    ),
                ),
            ),
            width="100%",
            margin="0",
        ),
        spacing="1",
        width="100%",
        data_step=step,
    )


def review_step() -> rx.Component:
    return rx.vstack(
        rx.text("Check your answers, then send the application.", size="2", color="var(--gray-11)"),
        *(answers_of(step) for step in STEPS[:-1]),
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
                rx.cond(
                    L.fee_due,
                    payment_choice(L.card_payments, L.invoice_terms),
                    rx.text("There is no fee to pay for this licence.", size="2", id="payment-methods"),
                ),
                form_alert(L.errors),
                rx.flex(
                    rx.button("Back", type="button", variant="soft", on_click=L.go_to("vaccination")),
                    rx.button(
                        rx.cond(L.fee_due, "Submit and pay " + L.fee_total, "Submit application"),
                        type="submit",
                        size="3",
                        id="submit-application",
                        disabled=L.problems.length() > 0,
                        margin_left="auto",  # on the right, on a line of its own on a narrow screen
                    ),  # fmt: skip
                    wrap="wrap",
                    align="center",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=L.submit,
            width="100%",
        ),
        spacing="4",
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
            align="start",
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
        id="application",
    )


def start_form() -> rx.Component:
    """Where the pet lives and which pet: one of the profile's (the primary one first), or another one by name."""

    def part(control: rx.Component) -> rx.Component:
        return rx.box(control, flex="1 1 14rem", min_width="0")

    return rx.form(
        rx.flex(
            part(
                labelled(
                    "Where your pet lives",
                    rx.el.select(
                        rx.foreach(L.jurisdictions, lambda j: rx.el.option(j["name"], value=j["code"])),
                        name="jurisdiction",
                        id="jurisdiction",
                        class_name=SELECT,
                    ),
                    L.errors,
                    "jurisdiction",
                )
            ),
            part(
                labelled(
                    "Which pet",
                    rx.el.select(
                        rx.foreach(L.pets, lambda p: rx.el.option(p["name"], value=p["id"])),
                        rx.el.option("A pet not in my profile", value=""),
                        name="pet_id",
                        id="pet_id",
                        value=L.chosen_pet,
                        on_change=L.choose_pet,
                        class_name=SELECT,
                    ),
                    L.errors,
                    "pet_id",
                )
            ),
            rx.cond(L.chosen_pet == "", part(text_field("Your pet's name", "pet_name", L.errors, max_length=64))),
            rx.button("Apply for a licence", type="submit", size="3", id="start-application"),
            align="end",
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        on_submit=L.start,
        id="start-form",
        width="100%",
    )


def delete_draft_button(licence: rx.Var) -> rx.Component:
    """The "Delete draft" button, which asks once more before the draft and its documents are gone."""
    return confirm_dialog(
        "Delete this draft?",
        rx.alert_dialog.description(
            "The application and the documents you attached to it are deleted. Your pet's profile stays.", size="2"
        ),
        keep=rx.button("Keep it", variant="soft", color_scheme="gray"),
        confirm=rx.button(
            "Delete draft", color_scheme="red", on_click=L.delete_draft(licence.id), id="confirm-delete-draft"
        ),
        trigger=rx.button("Delete draft", size="2", variant="soft", color_scheme="red", class_name="delete-draft"),
        content_props={"max_width": "26rem"},
    )


def licence_card(licence: rx.Var) -> rx.Component:
    active = (licence.status == "ACTIVE") | (licence.status == "APPROVED")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(rx.cond(licence.pet_name != "", licence.pet_name, "Pet not named yet"), size="4"),
                rx.badge(licence.status_text, class_name="licence-status"),
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
                    rx.fragment(
                        rx.button("Continue application", size="2", on_click=L.open_draft(licence.id)),
                        delete_draft_button(licence),
                    ),
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
                    L.sign_in_url,
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
