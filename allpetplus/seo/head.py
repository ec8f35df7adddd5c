"""A page's head for search engines and link previews: title, description, canonical URL, Open Graph,
Twitter card and schema.org JSON-LD, rendered as HTML tags."""

from __future__ import annotations

import dataclasses
import json
from html import escape
from typing import Any

BRAND = "All Pet Plus"


@dataclasses.dataclass(frozen=True)
class Head:
    """What a page says about itself before any JavaScript runs."""

    title: str
    description: str
    url: str
    image: str = ""
    image_alt: str = ""
    kind: str = "website"
    json_ld: tuple[dict[str, Any], ...] = ()
    noindex: bool = False


def json_ld_script(data: dict[str, Any]) -> str:
    """A JSON-LD block that cannot close its own script tag (``<`` is written as ``\\u003c``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'


def render(head: Head) -> str:
    """The head's tags but its title (to replace the built page's description; ``shell.apply`` places the title)."""
    e = escape
    tags = [
        f'<meta name="description" content="{e(head.description)}"/>',
        f'<link rel="canonical" href="{e(head.url)}"/>',
        f'<meta property="og:site_name" content="{BRAND}"/>',
        f'<meta property="og:type" content="{e(head.kind)}"/>',
        f'<meta property="og:title" content="{e(head.title)}"/>',
        f'<meta property="og:description" content="{e(head.description)}"/>',
        f'<meta property="og:url" content="{e(head.url)}"/>',
        f'<meta name="twitter:card" content="{"summary_large_image" if head.image else "summary"}"/>',
        f'<meta name="twitter:title" content="{e(head.title)}"/>',
        f'<meta name="twitter:description" content="{e(head.description)}"/>',
    ]
    if head.image:
        tags += [
            f'<meta property="og:image" content="{e(head.image)}"/>',
            f'<meta property="og:image:alt" content="{e(head.image_alt)}"/>',
            f'<meta name="twitter:image" content="{e(head.image)}"/>',
            f'<meta name="twitter:image:alt" content="{e(head.image_alt)}"/>',
        ]
    if head.noindex:
        tags.append('<meta name="robots" content="noindex"/>')
    tags += [json_ld_script(data) for data in head.json_ld]
    return "".join(tags)


def organization(url: str, logo: str) -> dict[str, Any]:
    """schema.org ``Organization`` of the shop."""
    return {"@context": "https://schema.org", "@type": "Organization", "name": BRAND, "url": url, "logo": logo}


def breadcrumbs(items: list[tuple[str, str]]) -> dict[str, Any]:
    """schema.org ``BreadcrumbList`` from (name, absolute URL) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }
