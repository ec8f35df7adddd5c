"""State of one order's staff page (``/admin/orders/[order_number]``) and its packing slip.

The order is the one named by the URL, read under the staff check; the actions move that order (never an id a
client sends), and the order service checks the staff role again on every move.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.core.inputs import record_id
from allpetplus.core.money import format_money
from allpetplus.core.words import status_word
from allpetplus.order import fulfilment, refunds
from allpetplus.order import service as orders
from allpetplus.order.fulfilment import StaffOrder
from allpetplus.state.auth import AuthState


class StaffOrderState(AuthState):
    """Staff: one order, what to pack, where it goes, how it was paid, and the moves open to it."""

    order: StaffOrder | None = None
    loaded: bool = False
    errors: dict[str, str] = {}
    preview_open: bool = False

    def _order_id_in_url(self) -> int | None:
        parts = self.router.url.path.strip("/").split("/")  # admin / orders / <id> [/ packing-slip]
        return record_id(parts[2]) if len(parts) >= 3 and parts[:2] == ["admin", "orders"] else None

    def _read(self, session, order_id: int | None) -> None:
        self.order = fulfilment.staff_order(session, self.acting_user(session), order_id) if order_id else None

    @rx.event
    def load(self):
        """Read the order the URL names (staff only; anyone else, or an unknown order, sees "not found")."""
        self.errors, self.preview_open, self.loaded = {}, False, False
        with session_scope() as session:
            try:
                self._read(session, self._order_id_in_url())
            except DomainError:
                self.order = None
        self.loaded = True

    @rx.event
    def toggle_preview(self):
        """Show or hide the 3D preview of the designed harness (it is heavy, so it waits to be asked for)."""
        self.preview_open = not self.preview_open

    @rx.event
    def mark_paid(self):
        """Record that the invoice was paid."""
        return self._move("PAID", {})

    @rx.event
    def ship(self, form: dict[str, Any]):
        """Mark the order shipped with its carrier and tracking number."""
        return self._move("SHIPPED", {"carrier": str(form.get("carrier", ""))[:32],
                                      "tracking_number": str(form.get("tracking_number", ""))[:80]})  # fmt: skip

    @rx.event
    def mark_delivered(self):
        """Record that the parcel arrived."""
        return self._move("DELIVERED", {})

    @rx.event
    def refund(self, form: dict[str, Any]):
        """Refund the order: the quantities entered per line (``line-<id>``), else the amount, else all that is
        left; with a reason, and the lines back in stock if ticked."""
        self.errors = {}
        if self.order is None:
            return rx.toast.error("That order was not found.")
        form = form if isinstance(form, dict) else {}
        lines = {str(k)[5:]: str(v)[:8] for k, v in list(form.items())[:200] if str(k).startswith("line-")}
        try:
            with session_scope() as session:
                refund = refunds.refund_order(
                    session, self.acting_user(session), self.order.id, amount=str(form.get("amount") or "")[:16],
                    lines=lines, reason=str(form.get("reason") or "")[:400], restock=bool(form.get("restock")),
                )  # fmt: skip
                amount = format_money(refund.amount_cents, refund.currency)
                self._read(session, self.order.id)
        except DomainError as exc:
            return self.show_refusal(exc, "errors")
        return [
            rx.toast.success(f"{amount} refunded on {self.order.reference}."),
            rx.call_script("document.getElementById('refund-form')?.reset()"),
        ]

    def _move(self, status: str, details: dict[str, str]):
        self.errors = {}
        if self.order is None:
            return rx.toast.error("That order was not found.")
        try:
            with session_scope() as session:
                orders.staff_move(session, self.acting_user(session), self.order.id, status, **details)
                self._read(session, self.order.id)
        except DomainError as exc:
            return self.show_refusal(exc, "errors")
        return rx.toast.success(f"{self.order.reference} is now {status_word(status).lower()}.")
