"""The Reflex apps of the product, in one registry: name, label, public URL setting, default port, accent,
and the dashboard tab of the embeddable ones. ``apps.json`` beside this file lists the apps added by
``python -m allpetplus.scaffold app``; everything that needs "all apps" (rxconfig, the launcher, the
dashboard tabs, the handoff audiences, CSP) reads this module.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from allpetplus.core.settings import settings

EXTRA = Path(__file__).with_name("apps.json")


@dataclasses.dataclass(frozen=True)
class AppInfo:
    """One Reflex app."""

    name: str
    label: str
    port: int
    url_setting: str
    accent: str
    tab_icon: str = ""  # an embeddable app gets a dashboard tab with this icon

    @property
    def embeddable(self) -> bool:
        """Whether the dashboard embeds it (it has ``/embed`` and takes the identity handoff)."""
        return bool(self.tab_icon)


BUILT_IN = (
    AppInfo("allpetplus", "All Pet Plus", 3000, "MAIN_URL", "teal"),
    AppInfo("licensing", "Licensing", 3001, "LICENSING_URL", "indigo", "badge-check"),
    AppInfo("products", "Products", 3002, "PRODUCTS_URL", "teal", "shopping-bag"),
)


@functools.cache
def registry() -> dict[str, AppInfo]:
    """Every app by name: the three built in, then the scaffolded ones."""
    extra = json.loads(EXTRA.read_text()) if EXTRA.exists() else []
    return {app.name: app for app in (*BUILT_IN, *(AppInfo(**entry) for entry in extra))}


def current() -> str:
    """The app this process serves (``ALLPETPLUS_APP``, as ``rxconfig`` reads it; the main app by default)."""
    return os.environ.get("ALLPETPLUS_APP", "allpetplus")


def names() -> tuple[str, ...]:
    """The app names, main app first."""
    return tuple(registry())


def embeddable() -> list[AppInfo]:
    """The apps the dashboard embeds, in tab order."""
    return [app for app in registry().values() if app.embeddable]


def url_of(name: str, source: Any = None) -> str:
    """An app's public URL (its setting, or the environment variable of that name for scaffolded apps)."""
    app = registry()[name]
    value = getattr(source or settings, app.url_setting, None) or os.environ.get(app.url_setting)
    return str(value or f"http://localhost:{app.port}").rstrip("/")


def port_of(name: str, source: Any = None) -> int:
    """The port an app listens on, from its public URL."""
    parts = urlsplit(url_of(name, source))
    return parts.port or (443 if parts.scheme == "https" else 80)
