"""State of the customer's orders tab and the staff orders list."""

from __future__ import annotations

import reflex as rx

from allpetplus.application import pictures
from allpetplus.application.checkout import pay_open_order
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.core.inputs import record_id
from allpetplus.core.settings import settings
from allpetplus.core.words import status_word
from allpetplus.order import service as orders
from allpetplus.order.models import OrderStatus
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals
from allpetplus.user import verification


class OrdersState(AuthState):
    """The customer's orders, each with its lines, timeline and tracking; unpaid ones can be cancelled."""

    orders: list[orders.OrderView] = []
    confirm_cancel_id: int = 0
    #: The 3D model of the ordered design shown instead of its picture (its preview URL), if any.
    in_3d: str = ""
    #: The shop also sells on Shopify and this account's address is not confirmed, so those orders are not shown.
    email_unconfirmed: bool = False

    def _reload(self, session) -> None:
        user = self.acting_user(session)
        if user is None:
            self.orders = []
            return
        self.email_unconfirmed = bool(settings.SHOPIFY_SHOP_DOMAIN) and verification.needs_verification(user)
        self.orders = [
            pictures.order_with_pictures(session, orders.view_order(session, user, o.id))
            for o in orders.list_orders(session, user)
        ]

    @rx.event
    def load(self):
        """Read the user's orders."""
        self.confirm_cancel_id = 0
        with session_scope() as session:
            self._reload(session)

    @rx.var
    def cancellable_ids(self) -> list[int]:
        """The orders the customer may still cancel (the order service's rule)."""
        return [o.id for o in self.orders if o.status in {s.value for s in orders.CANCELLABLE_BY_CUSTOMER}]

    @rx.var
    def cancel_reference(self) -> str:
        """The reference of the order awaiting cancel confirmation."""
        return next((o.reference for o in self.orders if o.id == self.confirm_cancel_id), "")

    @rx.event
    @shows_refusals(brief=True)
    def pay(self, order_id: int):
        """Pay an open card order on Stripe's page (the order is confirmed by Stripe's signed webhook)."""
        with session_scope() as session:
            back = f"{settings.MAIN_URL}/dashboard/orders"
            url = pay_open_order(session, self.acting_user(session), record_id(order_id) or 0,
                                 success_url=back + "?paid=1", cancel_url=back)  # fmt: skip
        return rx.redirect(url)

    @rx.event
    def view_in_3d(self, preview_url: str):
        """Show an ordered design's 3D model instead of its picture, or its picture again."""
        ordered = {line.preview_url for order in self.orders for line in order.lines if line.preview_url}
        self.in_3d = "" if preview_url == self.in_3d or preview_url not in ordered else preview_url

    @rx.event
    def ask_cancel(self, order_id: int):
        """Ask for confirmation before cancelling."""
        self.confirm_cancel_id = order_id

    @rx.event
    def keep_order(self):
        """Do not cancel after all."""
        self.confirm_cancel_id = 0

    @rx.event
    def cancel_order(self):
        """Cancel the order awaiting confirmation; on refusal (e.g. paid meanwhile) say why and show it as it is."""
        order_id, self.confirm_cancel_id = self.confirm_cancel_id, 0
        try:
            with session_scope() as session:
                reference = orders.customer_cancel(session, self.acting_user(session), order_id).external_id
                self._reload(session)
        except DomainError as exc:
            return [rx.toast.error(str(exc)), OrdersState.load]
        return rx.toast.success(f"Order {reference} is cancelled.")


class StaffOrdersState(AuthState):
    """Staff: every order, with the actions that move it along."""

    orders: list[orders.OrderView] = []
    errors: dict[str, str] = {}
    status_filter: str = ""
    search: str = ""
    open_id: int = 0

    def _reload(self, session) -> None:
        self.orders = orders.staff_orders(session, self.acting_user(session), status=self.status_filter,
                                          search=self.search)  # fmt: skip

    @rx.event
    def load(self):
        """Read recent orders (staff only)."""
        self.errors = {}
        with session_scope() as session:
            try:
                self._reload(session)
            except DomainError:
                self.orders = []

    @rx.event
    def filter_status(self, status: str):
        """Show only orders with this status ("all" shows every order)."""
        self.status_filter = status if status in OrderStatus.__members__ else ""
        return StaffOrdersState.load

    @rx.event
    def search_orders(self, form: dict):
        """Find orders by reference or customer e-mail."""
        self.search = str(form.get("search", ""))[:100]
        return StaffOrdersState.load

    @rx.event
    def toggle_timeline(self, order_id: int):
        """Show or hide one order's timeline."""
        valid_id = record_id(order_id) or 0
        self.open_id = 0 if self.open_id == valid_id else valid_id

    @rx.event
    def move(self, order_id: int, status: str):
        """Move an order (e.g. mark it paid)."""
        valid_id = record_id(order_id)
        if valid_id is None:
            return rx.toast.error("That order was not found.")
        return self._move(valid_id, str(status)[:20], {})

    @rx.event
    def ship(self, form: dict):
        """Mark an order shipped with its carrier and tracking number (the form names the order)."""
        order_id = record_id(form.get("order_id"))
        if order_id is None:
            return rx.toast.error("That order was not found.")
        return self._move(
            order_id,
            "SHIPPED",
            {"carrier": str(form.get("carrier", "")), "tracking_number": str(form.get("tracking_number", ""))},
        )

    def _move(self, order_id: int, status: str, details: dict[str, str]):
        self.errors = {}
        try:
            with session_scope() as session:
                order = orders.staff_move(session, self.acting_user(session), order_id, status, **details)
                reference = order.external_id
                self._reload(session)
        except DomainError as exc:
            return self.show_refusal(exc, "errors", prefix=f"{order_id}:")
        return rx.toast.success(f"{reference} is now {status_word(status).lower()}.")
