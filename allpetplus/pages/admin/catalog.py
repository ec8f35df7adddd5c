"""``/admin/catalog``: products, prices, stock and the builder's palette."""

import reflex as rx

from allpetplus.builder import staff as palette_staff
from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import CatalogState
from allpetplus.state.auth import AuthState


def error_for(key: rx.Var | str) -> rx.Component:
    return rx.cond(CatalogState.errors.contains(key), rx.text(CatalogState.errors[key], color="var(--red-11)",
                                                             size="1", role="alert"))  # fmt: skip


def variant_form(v: rx.Var) -> rx.Component:
    key = "variant" + v.id.to(str)
    return rx.form(
        rx.hstack(
            rx.el.input(type="hidden", name="variant_id", value=v.id),
            rx.code(v.sku, size="1", min_width="8rem"),
            rx.text(v.title, size="2", min_width="10rem"),
            rx.input(name="price", default_value=v.price_input, size="1", width="6rem", aria_label="Price"),
            rx.input(name="stock", default_value=v.stock.to(str), size="1", width="5rem", aria_label="Stock"),
            rx.button("Save", size="1", type="submit"),
            error_for(key + ":price"),
            error_for(key + ":stock"),
            align="center",
            wrap="wrap",
        ),
        on_submit=CatalogState.save_variant,
        class_name="variant-form",
        data_sku=v.sku,
    )


def product_block(p: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(p.title, weight="bold"),
                rx.cond(p.is_active, rx.badge("on sale", color_scheme="green"), rx.badge("off sale")),
                rx.cond(p.from_shopify, rx.badge("from Shopify", color_scheme="iris")),
                rx.spacer(),
                rx.cond(
                    ~p.from_shopify,
                    rx.button(
                        rx.cond(p.is_active, "Take off sale", "Put on sale"),
                        size="1",
                        variant="soft",
                        on_click=CatalogState.set_active(p.id, ~p.is_active),
                    ),
                ),
                width="100%",
            ),  # fmt: skip
            rx.cond(
                p.from_shopify,
                rx.vstack(
                    rx.text(
                        "Its prices, stock and status are managed in your Shopify admin (Products); changes "
                        "there show here within seconds.",
                        size="2",
                        color="var(--gray-11)",
                    ),  # fmt: skip
                    rx.foreach(
                        p.variants,
                        lambda v: rx.hstack(
                            rx.code(v.sku, size="1", min_width="8rem"),
                            rx.text(v.title, size="2", min_width="10rem"),
                            rx.text(v.price, size="2"),
                            rx.text(v.stock.to(str) + " in stock", size="2"),
                            align="center",
                            wrap="wrap",
                        ),
                    ),  # fmt: skip
                    spacing="1",
                ),
                rx.foreach(p.variants, variant_form),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="catalog-product",
    )


def colour_row(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(width="22px", height="22px", border_radius="50%", background_color=c.hex,
               border="1px solid var(--gray-a6)"),
        rx.text(c.name, size="2", min_width="8rem"),
        rx.code(c.hex, size="1"),
        rx.text(c.uses.join(", "), size="1", color="var(--gray-11)"),
        rx.spacer(),
        rx.button(rx.cond(c.is_active, "Withdraw", "Offer"), size="1", variant="soft",
                  on_click=CatalogState.set_colour_active(c.id, ~c.is_active)),
        width="100%",
        align="center",
        data_testid="palette-colour",
        data_slug=c.slug,
    )  # fmt: skip


@MAIN.page(route="/admin/catalog", title="Catalog · Staff", on_load=[AuthState.require_admin, CatalogState.load])
def admin_catalog() -> rx.Component:
    """Staff: products, prices, stock and the builder's palette."""
    return staff_page(
        rx.hstack(
            rx.heading("Catalog", size="8", as_="h1"), rx.spacer(), rx.link("Staff area", href="/admin"), width="100%"
        ),  # fmt: skip
        rx.heading("Builder palette", size="5", as_="h2"),
        rx.vstack(rx.foreach(CatalogState.colours, colour_row), width="100%", spacing="2"),
        rx.form(
            rx.hstack(
                rx.input(name="slug", placeholder="slug, e.g. moss", size="2", width="9rem"),
                rx.input(name="name", placeholder="Name", size="2", width="9rem"),
                rx.input(name="hex", placeholder="#4a7c59", size="2", width="7rem"),
                *(
                    rx.el.label(rx.hstack(rx.el.input(type="checkbox", name=f"use_{use}"), rx.text(use, size="2")))
                    for use in palette_staff.colour_uses()
                ),
                rx.button("Save colour", type="submit", size="2"),
                wrap="wrap",
                align="center",
            ),
            *(error_for(f"colour:{field}") for field in ("slug", "name", "hex", "uses")),
            on_submit=CatalogState.save_colour,
            key=CatalogState.form_key,
            id="colour-form",
        ),  # fmt: skip
        rx.hstack(
            rx.heading("Products", size="5", as_="h2"),
            rx.spacer(),
            rx.cond(
                CatalogState.shopify_connected,
                rx.button(
                    rx.icon("refresh-cw", size=14),
                    "Sync with Shopify now",
                    variant="outline",
                    size="2",
                    on_click=CatalogState.sync_shopify,
                    id="sync-shopify",
                ),  # fmt: skip
            ),
            width="100%",
            align="center",
        ),
        rx.form(
            rx.hstack(rx.input(name="search", placeholder="Title or SKU", size="2"), rx.button("Find", size="2")),
            on_submit=CatalogState.find,
        ),
        rx.vstack(rx.foreach(CatalogState.products, product_block), width="100%", spacing="2"),
    )
