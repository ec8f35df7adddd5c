"""Dashboard state: the overview, and handing the signed-in identity to the embedded apps."""

from __future__ import annotations

import reflex as rx

from allpetplus.application import pictures
from allpetplus.builder import service as designs
from allpetplus.core import apps
from allpetplus.core.db import session_scope
from allpetplus.core.words import plural
from allpetplus.order import service as orders
from allpetplus.pet import service as pets
from allpetplus.state.auth import AuthState
from allpetplus.ui.postmessage import post_to_window
from allpetplus.user import handoff
from allpetplus.user.auth import current_sign_in

EMBED_FRAME_ID = "embedded-app"
EMBED_FRAME_JS = f"document.getElementById('{EMBED_FRAME_ID}')?.contentWindow"


class DashboardState(AuthState):
    """What the overview shows."""

    primary_pet: pets.PetView | None = None
    pet_count: int = 0

    @rx.var
    def pets_on_profile(self) -> str:
        """How many pets the profile holds, in words."""
        return plural(self.pet_count, "pet") + " on your profile"

    recent_designs: list[designs.DesignSummary] = []
    recent_orders: list[orders.OrderSummary] = []

    @rx.event
    def load_overview(self):
        """Primary pet, recent designs and orders of the signed-in user."""
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                return
            mine = pets.list_pets(session, user)
            self.pet_count = len(mine)
            self.primary_pet = next((p for p in mine if p.is_primary), None)
            self.recent_designs = pictures.designs_with_pictures(session, designs.list_designs(session, user, limit=3))
            self.recent_orders = orders.list_orders(session, user, limit=3)


class EmbedHandoffState(AuthState):
    """Answers an embedded app's "ready" with a one-minute token naming the signed-in user and the sign-in
    it comes from (which the embedded app then checks on every event)."""

    def _handoff(self, audience: str):
        with session_scope() as session:
            sign_in = current_sign_in(session, self._headers())
        message = {"type": "auth", "token": handoff.mint(sign_in, audience)} if sign_in else {"type": "logout"}
        return post_to_window(EMBED_FRAME_JS, audience, message)

    @rx.event
    def app_ready(self, app: str, _message: dict):
        """An embedded app's iframe is listening (its tab's listener accepts only that app's origin; the token
        names that app as its audience, and is posted to that origin only)."""
        if app not in {info.name for info in apps.embeddable()}:
            return None
        return self._handoff(apps.url_of(app))
