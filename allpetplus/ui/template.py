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

from allpetplus.core import apps
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
    """One app of the family: every app carries the brand's name, header, navigation and footer; ``section``
    names the app's part of the shop (shown beside the brand), ``links`` its own pages (a second row), and
    ``account`` draws the cart and account controls (from the app's states)."""

    app: str
    section: str
    tagline: str
    icon: str
    links: tuple[NavLink, ...] = ()
    account: Callable[[], rx.Component] | None = None
    menu: Callable[[], rx.Component] | None = None
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
                title=title if BRAND in title else f"{title} · {BRAND}",
                description=description or self.tagline,
                on_load=events or None,
            )(wrapped)
            return wrapped

        return decorator


#: Radix's accent shades where text sits on them or they sit under white text, darkened to a contrast of at
#: least 4.5:1 (WCAG AA for body text); the muted gray of small print likewise. The selectors outrank Radix's
#: own (``:root`` adds to their specificity) so the order of the style sheets does not matter. A link inside
#: running text is underlined, so it is told apart without relying on colour.
CONTRAST_CSS = """
:root [data-accent-color="teal"] { --accent-9: #007a6a; --accent-10: #08695d; --accent-11: #06594f;
  --accent-a11: #06594f; }
:root [data-accent-color="green"] { --accent-11: #1a6b47; --accent-a11: #1a6b47; }
:root [data-accent-color="amber"] { --accent-11: #8a5100; --accent-a11: #8a5100; }
:root [data-accent-color="orange"] { --accent-11: #a33d00; --accent-a11: #a33d00; }
:root .radix-themes { --gray-10: #63635e; }
:root p a, :root .rt-Callout a { text-decoration: underline; text-underline-offset: 2px; }
"""


def head_components() -> list[rx.Component]:
    """Tags every app puts in ``<head>``: the icon, the theme colour and the contrast fixes."""
    return [
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#007a6a"),
        rx.el.style(CONTRAST_CSS),
    ]


BRAND = "All Pet Plus"


def family() -> tuple[NavLink, ...]:
    """The navigation every app shows, in the same words and order."""
    return (
        NavLink("Shop", f"{settings.MAIN_URL}/shop"),
        NavLink("Design a harness", f"{settings.MAIN_URL}/builder"),
        NavLink("Matching sets", f"{settings.PRODUCTS_URL}/sets"),
        NavLink("Boxes", f"{settings.PRODUCTS_URL}/boxes"),
        NavLink("Pet licences", settings.LICENSING_URL + "/"),
    )


def _here(site: Site, href: str) -> str:
    """A family link as this app writes it: a page of its own by path (so it stays in the app), another app's
    by its full address."""
    own = apps.url_of(site.app)
    return href[len(own) :] or "/" if href.startswith(own + "/") or href == own else href


def nav_link(link: NavLink, site: Site | None = None, **props) -> rx.Component:
    """A navigation link; links to a sibling app open in the same tab like any other page."""
    return rx.link(
        link.label,
        href=_here(site, link.href) if site else link.href,
        color="var(--gray-12)",
        weight="medium",
        size="2",
        padding_x="0.65rem",
        padding_y="0.4rem",
        border_radius="var(--radius-3)",
        white_space="nowrap",
        _hover={"background_color": "var(--accent-3)", "color": "var(--accent-11)"},
        **props,
    )


def brand(site: Site) -> rx.Component:
    """The logo: the paw in an accent tile, the brand's name, and the app's section under it."""
    return rx.link(
        rx.hstack(
            rx.center(
                rx.icon(site.icon, size=20, color="white"),
                background="linear-gradient(135deg, var(--accent-9), var(--accent-11))",
                width="36px",
                height="36px",
                border_radius="11px",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(
                    BRAND,
                    size="4",
                    color="var(--gray-12)",
                    weight="bold",
                    line_height="1.1",
                    font_family="var(--heading-font-family)",
                    white_space="nowrap",
                ),  # fmt: skip
                *(
                    [rx.text(site.section, size="1", color="var(--accent-11)", weight="medium", line_height="1")]
                    if site.section
                    else []
                ),  # fmt: skip
                spacing="0",
            ),
            align="center",
            spacing="2",
        ),
        href=_here(site, settings.MAIN_URL + "/"),
        aria_label=f"{BRAND} home",
    )


def mobile_menu(site: Site) -> rx.Component:
    """The menu button of a narrow screen: every link of the header, and the app's own menu items."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(rx.icon("menu", size=20), variant="soft", size="3", aria_label="Menu", id="menu-button")
        ),
        rx.menu.content(
            *(
                rx.menu.item(rx.link(link.label, href=_here(site, link.href), color="inherit", width="100%"))
                for link in family()
            ),  # fmt: skip
            *([rx.menu.separator()] if site.links else []),
            *(
                rx.menu.item(rx.link(link.label, href=_here(site, link.href), color="inherit", width="100%"))
                for link in site.links
            ),  # fmt: skip
            *([rx.menu.separator(), site.menu()] if site.menu else []),
            min_width="14rem",
        ),
    )


def navbar(site: Site) -> rx.Component:
    """The header: brand, the family's navigation (a menu button on a phone), the cart and the account; the
    app's own pages in a second row."""
    return rx.el.header(
        rx.hstack(
            brand(site),
            rx.el.nav(
                rx.hstack(*(nav_link(link, site) for link in family()), spacing="1"),
                aria_label="Main",
                display=rx.breakpoints(initial="none", md="block"),
            ),
            rx.spacer(),
            *([site.account()] if site.account else []),
            rx.box(mobile_menu(site), display=rx.breakpoints(initial="block", md="none")),
            align="center",
            spacing=rx.breakpoints(initial="2", sm="3"),
            max_width=MAX_WIDTH,
            margin_x="auto",
            padding_x=rx.breakpoints(initial="0.9rem", sm="1.5rem"),
            padding_y="0.7rem",
        ),
        *(
            [
                rx.el.nav(
                    rx.hstack(
                        *(nav_link(link, site) for link in site.links),
                        spacing="1",
                        max_width=MAX_WIDTH,
                        margin_x="auto",
                        padding_x=rx.breakpoints(initial="0.4rem", sm="1rem"),
                        overflow_x="auto",
                    ),
                    aria_label=site.section or "Section",
                    border_top="1px solid var(--gray-a3)",
                    padding_y="0.25rem",
                )
            ]
            if site.links
            else []
        ),
        position="sticky",
        top="0",
        z_index="10",
        background_color="rgba(255, 255, 255, 0.9)",
        backdrop_filter="saturate(180%) blur(12px)",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


def footer(site: Site) -> rx.Component:
    """The footer every app shows: the brand, the family's pages, help, and the fine print."""
    return rx.el.footer(
        rx.grid(
            rx.vstack(
                brand(site),
                rx.text(
                    "Harnesses built to fit your dog, everything else your pets need, and their licence.",
                    color="var(--gray-11)",
                    size="2",
                    max_width="22rem",
                ),  # fmt: skip
                spacing="3",
            ),
            rx.vstack(
                rx.text(BRAND, weight="bold", size="2"),
                *(
                    rx.link(link.label, href=_here(site, link.href), size="2", color="var(--gray-11)")
                    for link in family()
                ),  # fmt: skip
                spacing="2",
            ),
            rx.vstack(
                rx.text("Help", weight="bold", size="2"),
                rx.text("Free returns on shop orders within 30 days", size="2", color="var(--gray-11)"),
                rx.text("Licence questions: your council's animal services", size="2", color="var(--gray-11)"),
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
                "© 2026 All Pet Plus · Made for pets and the people who love them",
                size="1",
                color="var(--gray-10)",
                text_align="center",
            ),  # fmt: skip
            padding_bottom="1.5rem",
            padding_x="1rem",
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
        rx.el.main(
            content,
            max_width=MAX_WIDTH,
            margin_x="auto",
            padding_x=rx.breakpoints(initial="1rem", sm="1.5rem"),
            width="100%",
            flex="1",
        ),  # fmt: skip
        footer(site),
        # Once the page has its state, the server's snapshot of it (``allpetplus.seo``) steps aside.
        rx.cond(rx.State.is_hydrated, rx.el.span(data_page_ready="", display="none")),
        display="flex",
        flex_direction="column",
        min_height="100vh",
        width="100%",
    )
