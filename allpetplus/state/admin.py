"""State of the staff area. Every handler checks the staff role on the server."""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.analytics.report import BusinessReport, business_report
from allpetplus.builder import staff as palette_staff
from allpetplus.catalog import staff as staff_catalog
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.core.inputs import record_id
from allpetplus.events import email, mailbox
from allpetplus.events.mailbox import MailMessage, MailView
from allpetplus.jobs import admin as jobs_admin
from allpetplus.jobs.admin import FailedJob
from allpetplus.jobs.shopify import start_catalog_sync
from allpetplus.shopify.client import configured as shopify_configured
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals
from allpetplus.user import service
from allpetplus.user.models import Role, UserPublic
from allpetplus.webhook import ledger
from allpetplus.webhook.drain import request_drain
from allpetplus.webhook.ledger import DeliveryView


class AdminState(AuthState):
    """The staff overview: accounts and their roles."""

    users: list[UserPublic] = []

    @rx.event
    def load(self):
        """Read the accounts (staff only; others get nothing)."""
        with session_scope() as session:
            try:
                self.users = service.list_users(session, self.acting_user(session))
            except DomainError:
                self.users = []

    @rx.event
    @shows_refusals()
    def set_role(self, user_id: int, role: str):
        """Promote or demote an account."""
        if role not in Role.__members__:
            return rx.toast.error("Choose a role: USER or ADMIN.")
        with session_scope() as session:
            actor = self.acting_user(session)
            changed = service.change_role(session, actor, user_id, Role(role))
            self.users = service.list_users(session, actor)
        return rx.toast.success(f"{changed.email} is now {changed.role.value}.")


class JobsState(AuthState):
    """Staff: failed background jobs and the stored e-mails (with resending those that failed)."""

    failed: list[FailedJob] = []
    mails: list[MailView] = []
    opened: MailMessage | None = None

    @rx.event
    def load(self):
        """Read failed jobs and the mailbox (staff only)."""
        with session_scope() as session:
            user = self.acting_user(session)
            try:
                self.failed = jobs_admin.failed_jobs(user)
                self.mails = mailbox.list_messages(session, user)
            except DomainError:
                self.failed, self.mails = [], []

    @rx.event
    @shows_refusals()
    def rerun(self, job_id: str):
        """Put a failed job back on the queue."""
        with session_scope() as session:
            jobs_admin.rerun(self.acting_user(session), job_id)
        return [rx.toast.success("The job is queued again."), JobsState.load]

    @rx.event
    @shows_refusals()
    def open_mail(self, message_id: int):
        """Open one stored e-mail: its subject, recipient, status, text and HTML (staff only)."""
        self.opened = None
        with session_scope() as session:  # the mailbox checks the id (``record_id``) and the staff role
            self.opened = mailbox.open_message(session, self.acting_user(session), message_id)

    @rx.event
    def close_mail(self, is_open: bool = False):
        """Close the opened e-mail (the dialog's close button, Escape or a click outside)."""
        if not is_open:
            self.opened = None

    @rx.event
    @shows_refusals()
    def resend(self, message_id: int):
        """Send an e-mail that failed again (staff only, checked by the service)."""
        with session_scope() as session:
            email.resend(session, self.acting_user(session), message_id)
        return [rx.toast.success("The e-mail is queued to be sent again."), JobsState.load]


class WebhooksState(AuthState):
    """Staff: the webhook ledger (filter, payload, replay)."""

    deliveries: list[DeliveryView] = []
    provider: str = ""
    status: str = ""
    search: str = ""
    open_id: int = 0

    def _reload(self, session) -> None:
        self.deliveries = ledger.list_deliveries(session, self.acting_user(session), provider=self.provider,
                                                 status=self.status, search=self.search)  # fmt: skip

    @rx.event
    def load(self):
        """Read the newest deliveries (staff only)."""
        with session_scope() as session:
            try:
                self._reload(session)
            except DomainError:
                self.deliveries = []

    @rx.event
    def filter(self, form: dict):
        """Apply the provider, status and search filters."""
        self.provider = str(form.get("provider", ""))[:20]
        self.status = str(form.get("status", ""))[:20]
        self.search = str(form.get("search", ""))[:100]
        return WebhooksState.load

    @rx.event
    def toggle(self, delivery_id: int):
        """Show or hide a delivery's payload."""
        self.open_id = 0 if self.open_id == delivery_id else delivery_id

    @rx.event
    @shows_refusals()
    def replay(self, delivery_id: int):
        """Apply a delivery again."""
        with session_scope() as session:
            ledger.replay(session, self.acting_user(session), delivery_id)
            self._reload(session)
        request_drain()
        return [rx.toast.success("Replay requested; the outcome appears here when the worker has applied it."),
                WebhooksState.load]  # fmt: skip


class MetricsState(AuthState):
    """Staff: business metrics over a chosen period."""

    report: BusinessReport | None = None
    funnel: list[dict[str, Any]] = []
    series: list[dict[str, Any]] = []
    days: str = "30"

    @rx.event
    def load(self):
        """Compute the report (staff only)."""
        with session_scope() as session:
            try:
                self.report = business_report(session, self.acting_user(session), int(self.days))
            except DomainError:
                self.report, self.funnel, self.series = None, [], []
                return
        self.funnel = [step.model_dump() for step in self.report.funnel]
        self.series = [point.model_dump() for point in self.report.series]

    @rx.event
    def choose_period(self, days: str):
        """Change the period (7, 30 or 90 days)."""
        self.days = days if days in ("7", "30", "90") else "30"
        return MetricsState.load


class CatalogState(AuthState):
    """Staff: products, variant prices and stock, and the builder's palette."""

    products: list[staff_catalog.ProductRow] = []
    colours: list[palette_staff.ColourRow] = []
    search: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    shopify_connected: bool = False

    def _reload(self, session) -> None:
        user = self.acting_user(session)
        self.products = staff_catalog.products(session, user, self.search)
        self.shopify_connected = shopify_configured()
        self.colours = palette_staff.palette(session, user)

    @rx.event
    def load(self):
        """Read the catalog and the palette (staff only)."""
        with session_scope() as session:
            try:
                self._reload(session)
            except DomainError:
                self.products, self.colours = [], []

    @rx.event
    @shows_refusals(brief=True)
    def sync_shopify(self):
        """Start a sync of the catalog with Shopify in the background."""
        with session_scope() as session:
            started = start_catalog_sync(self.acting_user(session))
        if not started:
            return rx.toast.info("A sync with Shopify is already under way.")
        return rx.toast.success("Syncing with Shopify: products change here as each page of 50 is applied.")

    @rx.event
    def find(self, form: dict):
        """Filter products by title or SKU."""
        self.search = str(form.get("search", ""))[:80]
        return CatalogState.load

    def _change(self, action, key: str, success: str):
        self.errors = {}
        try:
            with session_scope() as session:
                action(session, self.acting_user(session))
                self._reload(session)
        except DomainError as exc:
            return self.show_refusal(exc, "errors", prefix=f"{key}:")
        return rx.toast.success(success)

    @rx.event
    def save_variant(self, form: dict):
        """Save a variant's price and stock (the form names the variant)."""
        variant_id = record_id(form.get("variant_id"))
        if variant_id is None:
            return rx.toast.error("That variant was not found.")
        return self._change(lambda s, u: staff_catalog.update_variant(s, u, variant_id, str(form.get("price", "")),
                                                                       str(form.get("stock", ""))),
                            f"variant{variant_id}", "Saved.")  # fmt: skip

    @rx.event
    def set_active(self, product_id: int, active: bool):
        """Put a product on sale or take it off."""
        return self._change(lambda s, u: staff_catalog.set_product_active(s, u, product_id, active), "product",
                            "On sale." if active else "Taken off sale.")  # fmt: skip

    @rx.event
    def save_colour(self, form: dict):
        """Add or change a palette colour."""
        uses = [use for use in palette_staff.colour_uses() if form.get(f"use_{use}")]
        result = self._change(lambda s, u: palette_staff.save_colour(s, u, slug=str(form.get("slug", "")),
                                                                      name=str(form.get("name", "")),
                                                                      hex_colour=str(form.get("hex", "")), uses=uses),
                              "colour", "Colour saved.")  # fmt: skip
        if not self.errors:
            self.form_key += 1
        return result

    @rx.event
    def set_colour_active(self, colour_id: int, active: bool):
        """Offer a colour in the builder or stop offering it."""
        return self._change(lambda s, u: palette_staff.set_colour_active(s, u, colour_id, active), "colour",
                            "Colour offered." if active else "Colour withdrawn.")  # fmt: skip
