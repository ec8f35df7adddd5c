"""The products app's view of the embedded user's orders."""

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.order import service
from allpetplus.ui.embed import EmbedState
from allpetplus.user.models import UserProfile


class EmbeddedOrdersState(rx.State):
    """Orders of the user the dashboard handed over."""

    orders: list[service.OrderSummary] = []

    @rx.event
    async def load(self, _message: dict):
        """Read the orders once the identity is known (and clear them otherwise)."""
        embed = await self.get_state(EmbedState)
        user_id = embed.user_id()
        if not user_id:
            self.orders = []
            return
        with session_scope() as session:
            self.orders = service.list_orders(session, session.get(UserProfile, user_id))
