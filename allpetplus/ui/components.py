"""Reusable pieces of the three apps' pages: headings, feature cards, product cards, empty states, confirmations."""

from __future__ import annotations

import reflex as rx

from allpetplus.application.pictures import CARD_SIZES
from allpetplus.ui.theme import CARD_SHADOW


def panel(*children: rx.Component, **props) -> rx.Component:
    """A raised card holding one part of a page (a form, a summary, a price)."""
    return rx.card(*children, size="3", box_shadow=CARD_SHADOW, width="100%", **props)


def amount_row(label: rx.Var | str, amount: rx.Var | str, **props) -> rx.Component:
    """One line of a price breakdown or order summary: label on the left, amount on the right."""
    return rx.hstack(rx.text(label, size="2"), rx.spacer(), rx.text(amount, size="2", class_name="line-amount"),
                     width="100%", **props)  # fmt: skip


def data_table(headers: list[str], items: rx.Var, row, row_props: dict | None = None, **props) -> rx.Component:
    """A table with a header row and one row per item (``row(item)`` returns the cells)."""
    return rx.table.root(
        rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in headers))),
        rx.table.body(rx.foreach(items, lambda item: rx.table.row(*row(item), **(row_props or {})))),
        width="100%",
        **props,
    )


def local_time(iso_value: rx.Var | str, with_time: bool = True, **props) -> rx.Component:
    """A moment (ISO 8601, from ``core.words.iso``) shown in the reader's own time zone: ``1 Dec 2026, 14:05``."""
    moment = rx.moment(iso_value, format="D MMM YYYY, HH:mm" if with_time else "D MMM YYYY")
    return rx.text(moment, as_="span", **props)


def section_heading(title: str, subtitle: str = "", **props) -> rx.Component:
    """A section title with an optional line under it."""
    return rx.vstack(
        rx.heading(title, size="7", weight="bold", as_="h2"),
        *([rx.text(subtitle, size="3", color="var(--gray-11)", max_width="42rem")] if subtitle else []),
        spacing="2",
        **props,
    )


def feature_card(icon: str, title: str, text: str) -> rx.Component:
    """An icon, a title and a sentence about one thing the product does."""
    return rx.card(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=22, color="var(--accent-11)"),
                background_color="var(--accent-3)",
                width="44px",
                height="44px",
                border_radius="12px",
            ),
            rx.heading(title, size="4", as_="h3"),
            rx.text(text, size="2", color="var(--gray-11)"),
            spacing="3",
            align="start",
        ),
        size="3",
        box_shadow=CARD_SHADOW,
        height="100%",
    )


def step_card(number: int, title: str, text: str) -> rx.Component:
    """One numbered step of a how-it-works strip."""
    return rx.hstack(
        rx.center(
            rx.text(str(number), weight="bold", color="white"),
            background_color="var(--accent-9)",
            min_width="32px",
            height="32px",
            border_radius="999px",
        ),
        rx.vstack(rx.heading(title, size="3", as_="h3"), rx.text(text, size="2", color="var(--gray-11)"), spacing="1"),
        align="start",
        spacing="3",
    )


def colour_dot(hex_colour: rx.Var | str, size: str = "14px") -> rx.Component:
    """A round swatch of a colour."""
    return rx.box(
        width=size,
        height=size,
        border_radius="999px",
        background_color=hex_colour,
        border="1px solid var(--gray-a6)",
    )


def product_tile(icon: rx.Var | str, colours: rx.Var) -> rx.Component:
    """The square picture area of a product without a picture yet: its category icon over a wash of its first
    colour."""
    return rx.center(
        rx.icon(icon, size=56, color="var(--accent-11)", stroke_width=1.4),
        background=rx.cond(
            colours.length() > 0,
            "linear-gradient(145deg, var(--accent-3), " + colours[0].to(str) + "33)",
            "var(--accent-3)",
        ),
        aspect_ratio="1 / 1",
        width="100%",
        border_radius="var(--radius-4)",
    )


def thumbnail(src: rx.Var | str, alt: rx.Var | str, size: str = "64px", **props) -> rx.Component:
    """A small rendered picture (a cart or order line, a saved design), ``size`` square unless ``props`` say
    otherwise; it loads when scrolled near."""
    style = {"width": size, "height": size, "object_fit": "contain", "background_color": "var(--gray-2)",
             "border_radius": "var(--radius-3)", "loading": "lazy"}  # fmt: skip
    return rx.image(src=src, alt=alt, **{**style, **props})


def product_picture(src: rx.Var, srcset: rx.Var, alt: rx.Var, sizes: str, fallback: rx.Component,
                    **props) -> rx.Component:  # fmt: skip
    """A product's rendered picture, square, at the width the layout needs (``sizes``); ``fallback`` until it
    has one. The square box is reserved before the image loads, so nothing below it moves."""
    return rx.cond(
        src != "",
        rx.image(
            src=src,
            src_set=srcset,
            sizes=sizes,
            alt=alt,
            width="100%",
            height="auto",
            aspect_ratio="1 / 1",
            object_fit="contain",
            background_color="var(--gray-2)",
            border_radius="var(--radius-4)",
            decoding="async",
            align_self="start",
            custom_attrs={"width": "640", "height": "640"},
            **props,
        ),
        fallback,
    )


def product_card(card: rx.Var, href_prefix: str = "/product/") -> rx.Component:
    """A product in a listing: tile, title, summary, colours, price and stock; links to its page."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.box(
                    product_picture(
                        card.image,
                        card.image_srcset,
                        card.image_alt,
                        CARD_SIZES,
                        product_tile(card.icon, card.colours),
                        loading="lazy",
                    ),  # fmt: skip
                    rx.cond(
                        ~card.in_stock.to(bool),
                        rx.badge("Sold out", color_scheme="gray", position="absolute", top="10px", right="10px"),
                    ),
                    position="relative",
                    width="100%",
                ),
                rx.text(card.category, size="1", weight="medium", color="var(--accent-11)", text_transform="uppercase"),
                rx.heading(card.title, size="4", as_="h3", class_name="product-title"),
                rx.text(card.summary, size="2", color="var(--gray-11)", flex="1"),
                rx.hstack(
                    rx.hstack(
                        rx.foreach(card.colours.to(list[str]), lambda hex_colour: colour_dot(hex_colour)), spacing="1"
                    ),
                    rx.spacer(),
                    rx.text(card.price, weight="bold", size="3", class_name="product-price"),
                    width="100%",
                    align="center",
                ),
                spacing="2",
                height="100%",
                align="start",
            ),
            size="2",
            height="100%",
            box_shadow=CARD_SHADOW,
            _hover={"transform": "translateY(-2px)", "box_shadow": "0 10px 24px rgba(16,24,40,.12)"},
            transition="transform .15s ease, box-shadow .15s ease",
        ),
        href=href_prefix + card.handle.to(str),
        color="inherit",
        height="100%",
        data_testid="product-card",
    )


def empty_state(
    icon: str, title: str, text: str, action_label: str, action_href: str, action_target: str | None = None, **props
) -> rx.Component:
    """A friendly message where content is missing (not found, nothing yet), with a way onward."""
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=40, color="var(--accent-11)"),
                background_color="var(--accent-3)",
                width="84px",
                height="84px",
                border_radius="999px",
            ),
            rx.heading(title, size="7", text_align="center", as_="h1"),
            rx.text(text, size="3", color="var(--gray-11)", text_align="center", max_width="30rem"),
            rx.link(rx.button(action_label, size="3"), href=action_href, target=action_target),
            align="center",
            spacing="4",
        ),
        padding_y="5rem",
        width="100%",
        **props,
    )


def confirm_dialog(
    title: rx.Var | str,
    description: rx.Component,
    *,
    keep: rx.Component,
    confirm: rx.Component,
    trigger: rx.Component | None = None,
    content_props: dict | None = None,
    **root_props,
) -> rx.Component:
    """A dialog asking once more before a step that cannot be undone: ``keep`` closes it, ``confirm`` does the
    step. Opened by ``trigger``, or by the ``open`` prop (in ``root_props``) when the page keeps that state."""
    content = rx.alert_dialog.content(
        rx.alert_dialog.title(title),
        description,
        rx.hstack(
            rx.alert_dialog.cancel(keep),
            rx.alert_dialog.action(confirm),
            justify="end",
            spacing="3",
            margin_top="1rem",
        ),
        **(content_props or {}),
    )
    children = [rx.alert_dialog.trigger(trigger), content] if trigger is not None else [content]
    return rx.alert_dialog.root(*children, **root_props)
