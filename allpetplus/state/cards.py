"""State of the account page's saved cards: list them, add one on Stripe's page, choose the default, remove one."""

from __future__ import annotations

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.core.errors import NotFound
from allpetplus.core.inputs import record_id
from allpetplus.core.settings import settings
from allpetplus.order import cards, payments
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals


class CardsState(AuthState):
    """The saved cards on ``/account``."""

    cards: list[dict[str, str]] = []
    enabled: bool = False
    problem: str = ""
    notice: str = ""

    def _reload(self, session, user, *, from_stripe: bool = False) -> None:
        if from_stripe:
            cards.refresh_cards(session, user.id)
        self.cards = [
            {"id": str(c.id), "label": c.label, "expires": c.expires, "default": "yes" if c.is_default else ""}
            for c in cards.list_cards(session, user)
        ]

    @rx.event
    def load(self):
        """The cards, refreshed from Stripe when the owner comes back from saving one there."""
        self.problem, self.enabled = "", payments.stripe_enabled()
        self.notice = "Your card is saved." if self.router.url.query_parameters.get("card") == "saved" else ""
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                return
            self._reload(session, user, from_stripe=self.enabled and bool(self.notice))

    @rx.event
    @shows_refusals(text="problem")
    def add_card(self):
        """Send the owner to Stripe's page to save a card (it comes back to ``/account?card=saved``)."""
        self.problem = ""
        with session_scope() as session:
            back = f"{settings.MAIN_URL}/account"
            url = cards.start_adding_card(session, self.acting_user(session), success_url=back + "?card=saved#cards",
                                          cancel_url=back + "#cards")  # fmt: skip
        return rx.redirect(url)

    @rx.event
    @shows_refusals(text="problem")
    def make_default(self, card_id: str):
        """Charge boxes to this card from now on."""
        self.problem = ""
        with session_scope() as session:
            user = self.acting_user(session)
            card = cards.make_default(session, user, record_id(card_id) or 0)
            self.notice = f"Boxes will be charged to your {cards.card_label(card)}."
            self._reload(session, user)

    @rx.event
    @shows_refusals(text="problem")
    def remove(self, card_id: str):
        """Remove a card here and at Stripe; a removed default leaves the boxes asking for another."""
        self.problem = ""
        with session_scope() as session:
            user = self.acting_user(session)
            card_key = record_id(card_id)
            if card_key is None:
                raise NotFound("That card")
            was_default = cards.remove_card(session, user, card_key)
            self._reload(session, user)
        if not was_default:
            self.notice = "Card removed."
        elif self.cards:
            self.notice = "Card removed. Choose the card for your boxes, or they will be invoiced."
        else:
            self.notice = "Card removed. Your boxes will be invoiced until you add a card."
