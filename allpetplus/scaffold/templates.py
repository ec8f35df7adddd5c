"""The files a new domain module starts from (``str.format`` templates: ``{name}``, ``{Name}``, ``{title}``)."""

INIT = '''"""{title}: a domain module (models, rules in service.py; state and page in allpetplus/state and pages)."""
'''

MODELS = '''"""{title} tables."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field


class {Name}Item(SQLModel, table=True):
    """One {name} item of a user's."""

    __tablename__ = "{name}_item"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=120)
    created_at: datetime = created_at_field()


class {Name}ItemView(BaseModel):
    """An item as pages show it."""

    id: int
    title: str
    created_at: str
'''

SERVICE = '''"""{title} rules: who may see and change what, and what is valid. Never imports Reflex."""

from __future__ import annotations

from sqlmodel import Session, col, select

from allpetplus.{name}.models import {Name}Item, {Name}ItemView
from allpetplus.core.errors import ValidationFailed
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user


def _view(item: {Name}Item) -> {Name}ItemView:
    return {Name}ItemView(id=item.id, title=item.title, created_at=item.created_at.isoformat(timespec="seconds"))


def add_item(session: Session, user: UserProfile | None, title: str) -> {Name}Item:
    """Add an item for the signed-in user (a title of 1 to 120 characters)."""
    user = require_user(user)
    title = title.strip()
    if not 1 <= len(title) <= 120:
        raise ValidationFailed.one("title", "Enter a title of 1 to 120 characters.")
    item = {Name}Item(user_id=user.id, title=title)
    session.add(item)
    session.flush()
    return item


def list_items(session: Session, user: UserProfile | None) -> list[{Name}ItemView]:
    """The user's items, newest first."""
    user = require_user(user)
    rows = session.exec(select({Name}Item).where({Name}Item.user_id == user.id).order_by(col({Name}Item.id).desc()))
    return [_view(row) for row in rows]


def get_item(session: Session, user: UserProfile | None, item_id: int) -> {Name}ItemView:
    """One item of the user's (or any, for staff); "not found" for anybody else."""
    return _view(owned_or_404(user, session.get({Name}Item, item_id), "That item"))
'''

STATE = '''"""State of the {name} page: it calls allpetplus.{name}.service and keeps what the page shows."""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.{name} import service
from allpetplus.{name}.models import {Name}ItemView
from allpetplus.core.db import session_scope
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals


class {Name}State(AuthState):
    """The signed-in user's {name} items."""

    items: list[{Name}ItemView] = []
    errors: dict[str, str] = {{}}
    form_key: int = 0

    @rx.event
    def load(self):
        """Read the items."""
        with session_scope() as session:
            user = self.acting_user(session)
            self.items = service.list_items(session, user) if user else []

    @rx.event
    @shows_refusals("errors")
    def add(self, form: dict[str, Any]):
        """Add an item from the form."""
        self.errors = {{}}
        with session_scope() as session:
            user = self.acting_user(session)
            service.add_item(session, user, str(form.get("title", "")))
            self.items = service.list_items(session, user)
        self.form_key += 1
        return rx.toast.success("Added.")
'''

PAGE = '''"""``/{name}``: the {name} page (signed-in users)."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.{name} import {Name}State
from allpetplus.ui.forms import text_field


def item_card(item: rx.Var) -> rx.Component:
    return rx.card(rx.hstack(rx.text(item.title, weight="medium"), rx.spacer(), rx.text(item.created_at, size="1")),
                   width="100%", data_testid="{name}-item")  # fmt: skip


@MAIN.page(route="/{name}", title="{title}", on_load=[AuthState.require_user, {Name}State.load])
def {name}_page() -> rx.Component:
    """The user's {name} items and a form to add one."""
    return rx.vstack(
        rx.heading("{title}", size="8", as_="h1"),
        rx.form(
            rx.hstack(text_field("Title", "title", {Name}State.errors), rx.button("Add", type="submit"), align="end"),
            on_submit={Name}State.add,
            key={Name}State.form_key,
            width="100%",
        ),
        rx.vstack(rx.foreach({Name}State.items, item_card), width="100%"),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )
'''

TEST = '''"""{title}: items are validated, listed newest first, and private to their owner."""

import pytest

from allpetplus.{name} import service
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.user.models import UserProfile


def test_items_are_validated_listed_and_private(session):
    owner, other = UserProfile(email="owner@example.com"), UserProfile(email="other@example.com")
    session.add_all([owner, other])
    session.commit()
    with pytest.raises(ValidationFailed) as caught:
        service.add_item(session, owner, "   ")
    assert "title" in caught.value.errors
    first = service.add_item(session, owner, "First")
    service.add_item(session, owner, "Second")
    assert [item.title for item in service.list_items(session, owner)] == ["Second", "First"]
    assert service.list_items(session, other) == []
    with pytest.raises(NotFound):
        service.get_item(session, other, first.id)
'''

MODULE_FILES = {
    "allpetplus/{name}/__init__.py": INIT,
    "allpetplus/{name}/models.py": MODELS,
    "allpetplus/{name}/service.py": SERVICE,
    "allpetplus/state/{name}.py": STATE,
    "allpetplus/pages/{name}.py": PAGE,
    "tests/unit/test_{name}.py": TEST,
}

APP_INIT = '''"""{label}: an embeddable Reflex app (``ALLPETPLUS_APP={name}``, port {port})."""
'''

APP_MAIN = '''"""The {label} Reflex app (port {port})."""

import reflex as rx

from {name} import pages  # noqa: F401 - registers the pages
from allpetplus.ui.backend import backend_api
from allpetplus.ui.template import head_components
from allpetplus.ui.theme import BASE_STYLE
from allpetplus.user.routes import sub_app_routes

app = rx.App(
    style=BASE_STYLE,
    head_components=head_components(),
    api_transformer=backend_api("{name}", sub_app_routes("{name}")),
)
'''

APP_PAGES = '''"""The {label} app's pages; importing this package registers them."""

from {name}.pages import embed, index

__all__ = ["embed", "index"]
'''

APP_SITE = '''"""The {label} app's place in the family: the brand's header with the cart, and its own pages."""

from allpetplus.storefront.header import cart_and_account, shopper_menu_items
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.template import NavLink, Site

SITE = Site(
    app="{name}",
    section="{label}",
    tagline="{label} by All Pet Plus.",
    icon="{icon}",
    links=(NavLink("{label}", "/"),),
    account=cart_and_account,
    menu=shopper_menu_items,
    on_every_load=(ShopperState.identify_shopper,),
)
'''

APP_INDEX = '''"""``/``: the public landing page of {label}."""

import reflex as rx

from {name}.pages.site import SITE


@SITE.page(route="/", title="{label}")
def index() -> rx.Component:
    """The landing page."""
    return rx.vstack(
        rx.heading("{label}", size="9", id="landing-title"),
        rx.text("Describe what {label} does for pet owners here.", size="4", color="var(--gray-11)"),
        spacing="4",
        padding_y="4rem",
    )
'''

APP_EMBED = '''"""``/embed``: {label} inside the dashboard's tab (no public chrome; identity from the handoff token)."""

import reflex as rx

from allpetplus.ui.embed import EmbedState, embedded_shell


def content() -> rx.Component:
    return rx.vstack(
        rx.heading("{label}", size="6", as_="h2"),
        rx.text("Hello, " + EmbedState.display_name + ".", id="embed-greeting"),
        width="100%",
    )


@rx.page(route="/embed", title="{label}", on_load=EmbedState.request_identity)
def embed() -> rx.Component:
    """The embedded view."""
    return embedded_shell("{label}", "{name}", content)
'''

APP_STATE = '''"""State of the {label} app."""
'''

APP_TEST = '''"""{label}: the app compiles with its landing and embed pages, and the dashboard has a tab for it."""

import os
import subprocess
import sys

from allpetplus.core import apps
from allpetplus.core.settings import PROJECT_ROOT

COMPILE = (
    "from reflex.utils import prerequisites; app = prerequisites.get_and_validate_app().app; "
    "app._compile(prerender_routes=False); print(sorted(app._pages))"
)


def test_the_app_compiles_with_its_pages():
    done = subprocess.run([sys.executable, "-c", COMPILE], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={{**os.environ, "ALLPETPLUS_APP": "{name}"}}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'embed'" in done.stdout and "'index'" in done.stdout


def test_it_is_registered_with_its_port_and_dashboard_tab():
    info = apps.registry()["{name}"]
    assert apps.port_of("{name}") == {port} and info in apps.embeddable()
'''

APP_FILES = {
    "{name}/__init__.py": APP_INIT,
    "{name}/{name}.py": APP_MAIN,
    "{name}/pages/__init__.py": APP_PAGES,
    "{name}/pages/site.py": APP_SITE,
    "{name}/pages/index.py": APP_INDEX,
    "{name}/pages/embed.py": APP_EMBED,
    "{name}/state/__init__.py": APP_STATE,
    "tests/unit/test_{name}_app.py": APP_TEST,
}
