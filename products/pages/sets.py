"""``/sets``: harness, collar and leash in one colour, with the set discount."""

import reflex as rx

from allpetplus.cart.pricing import set_discount_percent
from allpetplus.ui.components import amount_row
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.site import PRODUCTS
from products.state.shop import SetState


def part_picker(part: str, label: str, variants: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, weight="bold", size="2"),
        rx.select.root(
            rx.select.trigger(id=f"set-{part}", width="100%"),
            rx.select.content(
                rx.foreach(
                    variants,
                    lambda v: rx.select.item(
                        v.product
                        + rx.cond(v.size, " · " + v.size.to(str), "")
                        + " — "
                        + v.price
                        + rx.cond(v.in_stock, "", " (sold out)"),
                        value=v.sku,
                    ),
                )
            ),
            value=SetState.picks[part].to(str),
            on_change=lambda sku: SetState.choose_part(part, sku),
        ),
        spacing="1",
        width="100%",
    )


@PRODUCTS.page(route="/sets", title="Matching sets", on_load=SetState.load)
def sets_page() -> rx.Component:
    """Harness, collar and leash in one colour, with a set discount."""
    return rx.grid(
        rx.vstack(
            rx.heading("A matching set", size="8", as_="h1"),
            rx.text(
                f"Harness, collar and leash in the same colour: {set_discount_percent()}% off the three together.",
                color="var(--gray-11)",
            ),
            rx.text("Colour", weight="bold", size="2"),
            rx.flex(
                rx.foreach(
                    SetState.colours,
                    lambda c: rx.button(
                        c,
                        variant=rx.cond(SetState.colour == c, "solid", "outline"),
                        on_click=SetState.choose_colour(c),
                        data_colour=c,
                    ),
                ),
                gap="0.4rem",
                wrap="wrap",
            ),
            part_picker("harness", "Harness", SetState.harness),
            part_picker("collar", "Collar", SetState.collar),
            part_picker("leash", "Leash", SetState.leash),
            spacing="4",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Set price", size="4", as_="h2"),
                rx.cond(
                    SetState.quote,
                    rx.vstack(
                        rx.foreach(
                            SetState.quote.lines,
                            lambda line: amount_row(line.title, line.amount),
                        ),
                        rx.divider(),
                        rx.foreach(
                            SetState.quote.totals,
                            lambda t: amount_row(t.label, t.amount, data_code=t.code),
                        ),
                        rx.divider(),
                        rx.hstack(
                            rx.text("Total", weight="bold"),
                            rx.spacer(),
                            rx.heading(SetState.quote.total, size="5", id="set-total"),
                            width="100%",
                            align="center",
                        ),
                        width="100%",
                        id="set-breakdown",
                    ),
                ),
                rx.button("Add set to cart", on_click=SetState.add_set, size="3", id="add-set"),
                rx.cond(SetState.error != "", rx.text(SetState.error, color="var(--red-11)", role="alert")),
                spacing="3",
                width="100%",
            ),
            size="3",
            box_shadow=CARD_SHADOW,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="6",
        padding_y="2rem",
        width="100%",
    )
