"""The products app's view of the embedded user's orders."""

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.order import service
from allpetplus.ui.embed import EmbedState


class EmbeddedOrdersState(EmbedState):
    """Orders of the user the dashboard handed over."""

    orders: list[service.OrderSummary] = []

    @rx.event
    def load(self, _message: dict):
        """Read the orders once the identity is known (and clear them otherwise)."""
        with session_scope() as session:
            user = self.acting_user(session)
            self.orders = service.list_orders(session, user) if user else []
