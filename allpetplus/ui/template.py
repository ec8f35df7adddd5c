"""The page shell of every app: navigation, footer and page metadata, written once.

A page only describes its own content::

    @MAIN.page(route="/shop", title="Shop")
    def shop() -> rx.Component: ...
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.ui.theme import MAX_WIDTH


@dataclasses.dataclass(frozen=True)
class NavLink:
    """A link in the navigation bar; ``external`` links go to another app of the family."""

    label: str
    href: str
    external: bool = False


@dataclasses.dataclass(frozen=True)
class Site:
    """One app's identity: its name, tagline and navigation."""

    app: str
    name: str
    tagline: str
    icon: str
    links: tuple[NavLink, ...]
    cta: NavLink | None = None
    account: Callable[[], rx.Component] | None = None
    on_every_load: tuple = ()

    def page(self, route: str, title: str, description: str = "", on_load=None) -> Callable:
        """Register the decorated content function as a page wrapped in this site's shell.

        ``on_every_load`` events (e.g. loading who is signed in) run before the page's own ``on_load``.
        """
        own = list(on_load) if isinstance(on_load, list | tuple) else ([on_load] if on_load else [])
        events = [*self.on_every_load, *own]

        def decorator(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
            # ``wraps`` also keeps the page's module: Reflex files a page's memoised components under
            # its module, so each page's JavaScript chunk holds only its own components.
            @functools.wraps(content)
            def wrapped() -> rx.Component:
                return shell(self, content())

            rx.page(
                route=route,
                title=f"{title} · {self.name}" if title != self.name else title,
                description=description or self.tagline,
                on_load=events or None,
            )(wrapped)
            return wrapped

        return decorator


def head_components() -> list[rx.Component]:
    """Tags every app puts in ``<head>``: the icon and the theme colour."""
    return [
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#12a594"),
    ]


FAMILY = (
    NavLink("All Pet Plus shop", settings.MAIN_URL, external=True),
    NavLink("Pet licensing", settings.LICENSING_URL, external=True),
    NavLink("Pet products", settings.PRODUCTS_URL, external=True),
)


def nav_link(link: NavLink) -> rx.Component:
    """A navigation link; links to a sibling app open in the same tab like any other page."""
    return rx.link(
        link.label,
        href=link.href,
        color="var(--gray-12)",
        weight="medium",
        size="3",
        padding_x="0.75rem",
        padding_y="0.4rem",
        border_radius="var(--radius-3)",
        _hover={"background_color": "var(--accent-3)", "color": "var(--accent-11)"},
    )


def brand(site: Site) -> rx.Component:
    """The logo: the site's icon in an accent tile, and its name."""
    return rx.link(
        rx.hstack(
            rx.center(
                rx.icon(site.icon, size=22, color="white"),
                background="linear-gradient(135deg, var(--accent-9), var(--accent-11))",
                width="38px",
                height="38px",
                border_radius="12px",
            ),
            rx.text(
                site.name, size="5", color="var(--gray-12)", weight="bold", font_family="var(--heading-font-family)"
            ),
            align="center",
            spacing="2",
        ),
        href="/",
        aria_label=f"{site.name} home",
    )


def navbar(site: Site) -> rx.Component:
    """Top navigation: brand, the site's links and its call to action."""
    return rx.box(
        rx.hstack(
            brand(site),
            rx.el.nav(rx.hstack(*(nav_link(link) for link in site.links), spacing="1", wrap="wrap"), aria_label="Main"),
            rx.spacer(),
            *([rx.link(rx.button(site.cta.label, size="3"), href=site.cta.href)] if site.cta else []),
            *([site.account()] if site.account else []),
            align="center",
            spacing="5",
            max_width=MAX_WIDTH,
            margin_x="auto",
            padding_x="1.5rem",
            padding_y="0.9rem",
            wrap="wrap",
        ),
        position="sticky",
        top="0",
        z_index="10",
        background_color="rgba(255, 255, 255, 0.86)",
        backdrop_filter="saturate(180%) blur(12px)",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


def footer(site: Site) -> rx.Component:
    """Footer: what the site is, the family of All Pet Plus sites, and the fine print."""
    return rx.el.footer(
        rx.grid(
            rx.vstack(
                brand(site),
                rx.text(site.tagline, color="var(--gray-11)", size="2", max_width="22rem"),
                spacing="3",
            ),
            rx.vstack(
                rx.text("All Pet Plus", weight="bold", size="2"),
                *(rx.link(link.label, href=link.href, size="2", color="var(--gray-11)") for link in FAMILY),
                spacing="2",
            ),
            rx.vstack(
                rx.text("Help", weight="bold", size="2"),
                rx.text("Free returns within 30 days", size="2", color="var(--gray-11)"),
                rx.text("Fit guarantee on every harness", size="2", color="var(--gray-11)"),
                rx.text("hello@allpetplus.example", size="2", color="var(--gray-11)"),
                spacing="2",
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="6",
            max_width=MAX_WIDTH,
            margin_x="auto",
            padding_x="1.5rem",
            padding_y="2.5rem",
        ),
        rx.center(
            rx.text(
                "© 2026 All Pet Plus · Made for pets and the people who love them", size="1", color="var(--gray-10)"
            ),
            padding_bottom="1.5rem",
        ),
        border_top="1px solid var(--gray-a4)",
        background_color="var(--gray-2)",
        width="100%",
        margin_top="4rem",
    )


def shell(site: Site, content: rx.Component) -> rx.Component:
    """The whole page: navbar, the page's own content in a centred column, footer."""
    return rx.box(
        navbar(site),
        rx.el.main(content, max_width=MAX_WIDTH, margin_x="auto", padding_x="1.5rem", width="100%", flex="1"),
        footer(site),
        display="flex",
        flex_direction="column",
        min_height="100vh",
        width="100%",
    )
