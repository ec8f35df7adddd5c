"""State of the customer's orders tab and the staff orders list."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta
from allpetplus.state.auth import AuthState
from allpetplus.user.permissions import require_admin


class OrdersState(AuthState):
    """The customer's orders, each with its lines, timeline and tracking."""

    orders: list[orders.OrderView] = []

    @rx.event
    def load(self):
        """Read the user's orders."""
        with session_scope() as session:
            user = self.current_user(session)
            if user is None:
                self.orders = []
                return
            self.orders = [orders.view_order(session, user, o.id) for o in orders.list_orders(session, user)]


class StaffOrdersState(AuthState):
    """Staff: every order, with the actions that move it along."""

    orders: list[orders.OrderView] = []
    errors: dict[str, str] = {}
    status_filter: str = ""

    def _reload(self, session) -> None:
        require_admin(self.current_user(session))
        stmt = select(OrderMeta).order_by(col(OrderMeta.created_at).desc()).limit(100)
        if self.status_filter:
            stmt = stmt.where(OrderMeta.status == self.status_filter)
        self.orders = [orders.order_view(session, order) for order in session.exec(stmt)]

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
        self.status_filter = "" if status == "all" else status
        return StaffOrdersState.load

    @rx.event
    def move(self, order_id: int, status: str):
        """Move an order (e.g. mark it paid)."""
        return self._move(order_id, status, {})

    @rx.event
    def ship(self, form: dict):
        """Mark an order shipped with its carrier and tracking number (the form names the order)."""
        order_id = str(form.get("order_id", ""))
        if not order_id.isdigit():
            return rx.toast.error("That order was not found.")
        return self._move(
            int(order_id),
            "SHIPPED",
            {"carrier": str(form.get("carrier", "")), "tracking_number": str(form.get("tracking_number", ""))},
        )

    def _move(self, order_id: int, status: str, details: dict[str, str]):
        self.errors = {}
        try:
            with session_scope() as session:
                order = orders.staff_move(session, self.current_user(session), order_id, status, **details)
                reference = order.external_id
                self._reload(session)
        except ValidationFailed as exc:
            self.errors = {f"{order_id}:{k}": v for k, v in exc.errors.items()}
            return None
        except DomainError as exc:
            return rx.toast.error(str(exc))
        return rx.toast.success(f"{reference} is now {status.replace('_', ' ').lower()}.")
