"""``/dashboard/pets``: pet profiles — add, edit, delete, primary pet, weights chart, vaccinations, photo."""

import reflex as rx

from allpetplus.pages.dashboard.layout import dashboard_layout
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.pets import PetsState
from allpetplus.ui.components import confirm_dialog, empty_state, panel
from allpetplus.ui.forms import field_error, labelled, text_field
from allpetplus.ui.theme import CARD_SHADOW

LIFE_STATUSES = [("ACTIVE", "Active"), ("LOST", "Lost"), ("DECEASED", "Deceased"), ("REHOMED", "Rehomed")]


def avatar(pet: rx.Var, size: str = "56px") -> rx.Component:
    box = {"width": size, "height": size, "min_width": size, "border_radius": "999px", "flex_shrink": "0"}
    return rx.cond(
        pet.photo_url != "",
        rx.image(src=pet.photo_url, object_fit="cover", alt=pet.name, class_name="pet-photo", **box),
        rx.center(
            rx.text(pet.name.to(str)[0], weight="bold", size="5", color="var(--accent-11)"),
            background_color="var(--accent-4)",
            **box,
        ),
    )


def pet_card(pet: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                avatar(pet),
                rx.vstack(
                    rx.heading(pet.name, size="5", as_="h3", class_name="pet-name"),
                    rx.text(
                        rx.cond(pet.breed != "", pet.breed, pet.species_name),
                        rx.cond(pet.age != "", " · " + pet.age.to(str), ""),
                        size="2",
                        color="var(--gray-11)",
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                rx.vstack(
                    rx.cond(
                        pet.is_primary, rx.badge("Primary", color_scheme="teal", size="2", class_name="primary-badge")
                    ),
                    rx.cond(
                        pet.life_status != "ACTIVE", rx.badge(pet.life_status.to(str).lower(), color_scheme="amber")
                    ),
                    align="end",
                    spacing="1",
                ),
                width="100%",
                align="center",
                spacing="3",
            ),
            rx.hstack(
                rx.button("Details", size="1", variant="soft", on_click=PetsState.select(pet.id)),
                rx.button("Edit", size="1", variant="soft", on_click=PetsState.open_edit(pet.id)),
                rx.cond(
                    ~pet.is_primary,
                    rx.button("Make primary", size="1", variant="outline", on_click=PetsState.make_primary(pet.id)),
                ),
                rx.spacer(),
                rx.button(
                    rx.icon("trash-2", size=14),
                    "Delete",
                    size="1",
                    color_scheme="red",
                    variant="ghost",
                    on_click=PetsState.ask_delete(pet.id),
                ),
                width="100%",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        size="2",
        box_shadow=CARD_SHADOW,
        border=rx.cond(PetsState.selected_id == pet.id, "2px solid var(--accent-8)", "2px solid transparent"),
        data_testid="pet-card",
    )


def pet_form() -> rx.Component:
    errors = PetsState.errors
    form = PetsState.form
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(PetsState.editing_id == 0, "Add a pet", "Edit pet")),
            rx.form(
                rx.vstack(
                    text_field("Name", "name", errors, default_value=form["name"].to(str), required=True),
                    labelled(
                        "Species",
                        rx.select.root(
                            rx.select.trigger(placeholder="Choose", id="species", width="100%"),
                            rx.select.content(
                                rx.foreach(PetsState.species, lambda s: rx.select.item(s["name"], value=s["slug"]))
                            ),
                            value=PetsState.form_species,
                            on_change=PetsState.choose_species,
                            size="3",
                        ),
                        errors,
                        "species",
                    ),
                    labelled(
                        "Breed",
                        rx.fragment(
                            rx.input(
                                name="breed",
                                id="breed",
                                list="breed-options",
                                default_value=form["breed"].to(str),
                                placeholder="Start typing to search",
                                size="3",
                                width="100%",
                                auto_complete="off",
                            ),
                            rx.el.datalist(
                                rx.foreach(PetsState.breed_names, lambda b: rx.el.option(value=b)), id="breed-options"
                            ),
                        ),
                        errors,
                        "breed",
                        hint="Leave empty if you're not sure.",
                    ),
                    rx.grid(
                        text_field(
                            "Birth date", "birth_date", errors, type="date", default_value=form["birth_date"].to(str)
                        ),
                        labelled(
                            "Status",
                            rx.select(
                                [v for v, _ in LIFE_STATUSES],
                                name="life_status",
                                default_value=rx.cond(
                                    form.contains("life_status"), form["life_status"].to(str), "ACTIVE"
                                ),
                                size="3",
                                width="100%",
                            ),
                            errors,
                            "life_status",
                        ),
                        text_field(
                            "Chest girth (cm)",
                            "chest_girth_cm",
                            errors,
                            input_mode="decimal",
                            default_value=form["chest_girth_cm"].to(str),
                            hint="Around the widest part of the ribcage.",
                        ),
                        text_field(
                            "Neck (cm)", "neck_cm", errors, input_mode="decimal", default_value=form["neck_cm"].to(str)
                        ),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                    text_field(
                        "Microchip number",
                        "microchip",
                        errors,
                        input_mode="numeric",
                        default_value=form["microchip"].to(str),
                        hint="15 digits, from your vet's paperwork.",
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Save pet", type="submit", id="save-pet"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=PetsState.save,
                id="pet-form",
            ),
            max_width="560px",
        ),
        open=PetsState.form_open,
        on_open_change=PetsState.set_form_open,
    )


def delete_dialog() -> rx.Component:
    return confirm_dialog(
        "Delete " + PetsState.delete_name + "?",
        rx.alert_dialog.description(
            "Their weights, measurements and vaccinations are deleted too. This cannot be undone."
        ),
        keep=rx.button("Keep", variant="soft", color_scheme="gray", on_click=PetsState.cancel_delete),
        confirm=rx.button("Delete", color_scheme="red", on_click=PetsState.delete, id="confirm-delete"),
        open=PetsState.confirm_delete_id != 0,
    )


def weights_panel() -> rx.Component:
    pet = PetsState.selected
    return rx.card(
        rx.vstack(
            rx.heading("Weight", size="4", as_="h3"),
            rx.cond(
                PetsState.weight_series.length() > 0,
                rx.box(
                    rx.recharts.line_chart(
                        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                        rx.recharts.x_axis(data_key="date"),
                        rx.recharts.y_axis(unit=" " + PetsState.units, width=70),
                        rx.recharts.graphing_tooltip(),
                        rx.recharts.line(data_key="weight", stroke="var(--accent-9)", stroke_width=2, name="Weight"),
                        data=PetsState.weight_series,
                        height=240,
                        width="100%",
                    ),
                    id="weight-chart",
                    width="100%",
                ),
                rx.text("No weights yet. Add the first one below.", color="var(--gray-11)"),
            ),
            rx.form(
                rx.hstack(
                    rx.vstack(
                        rx.input(
                            name="weight", id="weight", placeholder="Weight in " + PetsState.units, input_mode="decimal"
                        ),
                        field_error(PetsState.weight_errors, "weight"),
                        spacing="1",
                    ),
                    rx.vstack(
                        rx.input(name="measured_on", id="measured_on", type="date"),
                        field_error(PetsState.weight_errors, "measured_on"),
                        spacing="1",
                    ),
                    rx.button("Add weight", type="submit"),
                    align="start",
                    wrap="wrap",
                ),
                on_submit=PetsState.add_weight,
                key="weights-" + PetsState.forms_saved.to(str),
                id="weight-form",
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_pet=pet.id,
    )


def vaccinations_panel() -> rx.Component:
    pet = PetsState.selected
    errors = PetsState.vaccination_errors
    return rx.card(
        rx.vstack(
            rx.heading("Vaccinations", size="4", as_="h3"),
            rx.foreach(
                pet.vaccinations,
                lambda v: rx.hstack(
                    rx.text(v.name, weight="bold"),
                    rx.text("given " + v.given_on.to(str), size="2", color="var(--gray-11)"),
                    rx.cond(v.expires_on != "", rx.text("expires " + v.expires_on.to(str), size="2")),
                    rx.cond(v.expired, rx.badge("expired", color_scheme="red")),
                    rx.cond(
                        v.document_url != "",
                        rx.link(
                            rx.icon("file-text", size=14),
                            "certificate",
                            href=v.document_url,
                            size="2",
                            is_external=True,
                            class_name="certificate-link",
                        ),
                    ),
                    rx.spacer(),
                    rx.icon_button(
                        rx.icon("x", size=14),
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        on_click=PetsState.delete_vaccination(v.id),
                        aria_label="Remove vaccination",
                    ),
                    width="100%",
                    align="center",
                    class_name="vaccination-row",
                ),
            ),
            rx.divider(),
            rx.form(
                rx.vstack(
                    text_field("Vaccine", "vaccine_name", errors, placeholder="e.g. Rabies"),
                    rx.grid(
                        text_field("Date given", "given_on", errors, type="date"),
                        text_field("Expires", "expires_on", errors, type="date"),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                    rx.button("Add vaccination", type="submit"),
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                on_submit=PetsState.add_vaccination,
                key="vaccinations-" + PetsState.forms_saved.to(str),
                id="vaccination-form",
            ),
            rx.cond(
                pet.vaccinations.length() > 0,
                rx.vstack(
                    rx.text("Attach a certificate (PDF or photo, up to 10 MB)", size="2", weight="medium"),
                    rx.hstack(
                        rx.el.select(
                            rx.foreach(
                                pet.vaccinations,
                                lambda v: rx.el.option(v.name + " (" + v.given_on + ")", value=v.id.to(str)),
                            ),
                            value=PetsState.certificate_for,
                            on_change=PetsState.choose_certificate_for,
                            id="certificate-for",
                            class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
                        ),
                        rx.upload(
                            rx.hstack(
                                rx.icon("paperclip", size=16),
                                rx.cond(
                                    rx.selected_files("vaccination-doc").length() > 0,
                                    rx.text(rx.selected_files("vaccination-doc")[0], size="2"),
                                    rx.text("Choose a file", size="2", color="var(--gray-11)"),
                                ),
                                align="center",
                            ),
                            id="vaccination-doc",
                            max_files=1,
                            border="1px dashed var(--gray-a7)",
                            padding="0.5rem",
                            border_radius="var(--radius-3)",
                        ),
                        rx.button(
                            "Attach certificate",
                            on_click=PetsState.attach_certificate(rx.upload_files(upload_id="vaccination-doc")),
                            variant="soft",
                        ),
                        wrap="wrap",
                        align="center",
                    ),
                    field_error(errors, "document"),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def photo_panel() -> rx.Component:
    pet = PetsState.selected
    return rx.card(
        rx.vstack(
            rx.heading("Photo", size="4", as_="h3"),
            rx.hstack(
                avatar(pet, "96px"),
                rx.vstack(
                    rx.upload(
                        rx.text("Drop a photo here or click to choose (JPEG, PNG, GIF or WebP, up to 5 MB)", size="2"),
                        id="pet-photo",
                        max_files=1,
                        border="1px dashed var(--gray-a7)",
                        padding="1rem",
                        border_radius="var(--radius-3)",
                    ),
                    rx.hstack(
                        rx.foreach(rx.selected_files("pet-photo"), lambda name: rx.badge(name)),
                        rx.button(
                            "Upload photo", on_click=PetsState.upload_photo(rx.upload_files(upload_id="pet-photo"))
                        ),
                        align="center",
                    ),
                    field_error(PetsState.photo_errors, "photo"),
                    spacing="2",
                ),
                spacing="4",
                align="center",
            ),
            spacing="3",
        ),
        size="3",
        width="100%",
    )


TIMELINE_ICONS = {"licence": "badge-check", "vaccination": "syringe", "design": "pencil-ruler", "order": "package",
                  "box": "gift"}  # fmt: skip


def timeline_panel() -> rx.Component:
    """Licence, vaccinations, designs, orders and boxes of the selected pet, in date order."""
    return panel(
        rx.heading("Timeline", size="4", as_="h3"),
        rx.cond(
            PetsState.timeline.length() > 0,
            rx.vstack(
                rx.foreach(
                    PetsState.timeline,
                    lambda e: rx.hstack(
                        rx.icon(rx.match(e.kind, *TIMELINE_ICONS.items(), "circle"), size=18, color="var(--accent-11)"),
                        rx.text(e.when, size="2", color="var(--gray-11)", min_width="6.5rem"),
                        rx.vstack(
                            rx.hstack(
                                rx.text(e.title, size="2", weight="medium"),
                                rx.cond(e.upcoming, rx.badge("coming up", size="1")),
                            ),  # fmt: skip
                            rx.cond(e.detail != "", rx.text(e.detail, size="1", color="var(--gray-11)")),
                            spacing="0",
                        ),
                        align="start",
                        class_name="timeline-item",
                        data_kind=e.kind,
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(
                "Nothing yet: vaccinations, licences, designs and orders for this pet will appear here.",
                size="2",
                color="var(--gray-11)",
            ),  # fmt: skip
        ),
        id="pet-timeline",
    )


def pet_details() -> rx.Component:
    pet = PetsState.selected
    return rx.cond(
        pet,
        rx.vstack(
            rx.heading(pet.name + "'s details", size="6", as_="h2", id="pet-details-heading"),
            rx.grid(
                rx.vstack(weights_panel(), photo_panel(), spacing="4", width="100%"),
                rx.vstack(vaccinations_panel(), timeline_panel(), spacing="4", width="100%"),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="4",
                width="100%",
            ),
            spacing="3",
            width="100%",
            padding_top="1.5rem",
        ),
    )


@MAIN.page(route="/dashboard/pets", title="Pets", on_load=[AuthState.require_user, PetsState.load])
def pets() -> rx.Component:
    """The pets tab."""
    return dashboard_layout(
        "pets",
        rx.vstack(
            rx.hstack(
                rx.heading("Your pets", size="6", as_="h2"),
                rx.spacer(),
                rx.button(rx.icon("plus", size=16), "Add a pet", on_click=PetsState.open_new, id="add-pet"),
                width="100%",
                align="center",
            ),
            rx.cond(
                PetsState.notice != "",
                rx.callout(PetsState.notice, icon="info", id="pets-notice", width="100%"),
            ),
            rx.cond(
                PetsState.pets.length() > 0,
                rx.grid(
                    rx.foreach(PetsState.pets, pet_card),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                empty_state(
                    "paw-print",
                    "No pets yet",
                    "Add your pet to get harness sizes from their measurements and keep their vaccinations "
                    "in one place.",
                    "Browse the shop meanwhile",
                    "/shop",
                ),
            ),
            pet_details(),
            pet_form(),
            delete_dialog(),
            spacing="4",
            width="100%",
        ),
    )
