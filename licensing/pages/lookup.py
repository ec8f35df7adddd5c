"""``/lookup``: the public lost-pet lookup."""

import reflex as rx

from allpetplus.ui.components import panel
from licensing.pages.site import LICENSING
from licensing.state.public import LookupState


def lookup_result() -> rx.Component:
    r = LookupState.result
    return panel(
        rx.hstack(
            rx.cond(
                r.photo_url != "",
                rx.image(
                    src=r.photo_url,
                    width="96px",
                    height="96px",
                    border_radius="50%",
                    object_fit="cover",
                    alt=r.pet_name,
                ),
            ),  # fmt: skip
            rx.vstack(
                rx.heading(r.pet_name, size="7", id="found-pet"),
                rx.text(r.breed + " " + r.species, color="var(--gray-11)"),
                rx.text("Tag " + r.tag_number + " · " + r.jurisdiction_name, size="2"),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.callout(r.contact, icon="phone", id="finder-contact"),
        rx.text("Thank you for helping a pet get home.", size="2", color="var(--gray-11)"),
    )


@LICENSING.page(route="/lookup", title="Found a pet? · Pet Licensing", on_load=LookupState.load)
def lookup() -> rx.Component:
    """Type the number on a tag and see how to reach the owner."""
    return rx.vstack(
        rx.heading("Found a pet?", size="8", as_="h1"),
        rx.text(
            "Type the number on its licence tag. We show the pet's name and how its owner asked to be "
            "reached, never their address.",
            color="var(--gray-11)",
        ),  # fmt: skip
        rx.form(
            rx.hstack(
                rx.input(
                    name="tag",
                    placeholder="e.g. SPR-2026-004217",
                    size="3",
                    default_value=LookupState.tag,
                    aria_label="Tag number",
                    id="tag",
                ),  # fmt: skip
                rx.button("Look up", size="3", type="submit"),
                width="100%",
            ),
            on_submit=LookupState.search,
            width="100%",
            max_width="36rem",
        ),
        rx.cond(
            LookupState.message != "",
            rx.callout(LookupState.message, icon="search-x", color_scheme="amber", id="lookup-message"),
        ),  # fmt: skip
        rx.cond(LookupState.result, lookup_result()),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )
