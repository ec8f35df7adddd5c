"""State of the products app's ``/boxes``: plans, subscribing, and managing a pet's boxes."""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import select

from allpetplus.catalog import service as catalog
from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.inputs import record_id, whole_number
from allpetplus.core.money import format_money
from allpetplus.pet.models import LifeStatus
from allpetplus.pet.service import pets_of
from allpetplus.storefront.shopper import ShopperState
from allpetplus.subscription import service as boxes
from allpetplus.subscription.models import SubscriptionPlan
from allpetplus.ui.acting import shows_refusals


def _day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD; ``ValidationFailed`` for anything else."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed.one("first_shipment", "Enter the date as YYYY-MM-DD.") from None


class BoxesState(ShopperState):
    """Plans and the user's subscriptions."""

    plans: list[dict[str, str]] = []
    pets: list[dict[str, str]] = []
    extras: list[dict[str, str]] = []
    subscriptions: list[boxes.SubscriptionView] = []
    errors: dict[str, str] = {}

    def _reload(self, session) -> None:
        user = self.acting_user(session)
        self.subscriptions = boxes.list_subscriptions(session, user) if user else []
        self.pets = [
            {"id": str(p.id), "name": p.name} for p in pets_of(session, user) if p.life_status == LifeStatus.ACTIVE
        ]

    @rx.event
    def load(self):
        """Plans, the user's pets and boxes, and small items that fit in a box."""
        self.errors = {}
        with session_scope() as session:
            self.plans = [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "description": p.description,
                    "price": format_money(p.price_cents, p.currency),
                }
                for p in session.exec(select(SubscriptionPlan).where(SubscriptionPlan.is_active))
            ]
            self.extras = [
                {"sku": v.sku, "label": f"{card.title} — {v.title} ({v.price})"}
                for category in ("toys", "grooming")
                for card in catalog.list_products(session, category=category)
                for v in (catalog.get_product(session, card.handle).variants)
                if v.in_stock
            ]
            self._reload(session)

    @rx.event
    @shows_refusals("errors", form="form")
    def subscribe(self, form: dict):
        """Start a box."""
        self.errors = {}
        pet_id = str(form.get("pet_id", ""))
        first = str(form.get("first_shipment", ""))
        frequency = str(form.get("frequency_months", "1"))
        with session_scope() as session:
            boxes.subscribe(
                session,
                self.acting_user(session),
                plan_slug=str(form.get("plan", "")),
                pet_id=record_id(pet_id) or 0,
                frequency_months=whole_number(frequency) or 0,
                address=form,
                first_shipment=_day(first),
            )
            self._reload(session)
        return rx.toast.success("Your box is on its way on the first date.")

    @shows_refusals(brief=True)
    def _change(self, action, *args, message: str = "", **kwargs):
        """Run ``action(session, user, *args, **kwargs)`` on one of the user's boxes, then say ``message``."""
        with session_scope() as session:
            action(session, self.acting_user(session), *args, **kwargs)
            self._reload(session)
        return rx.toast.success(message) if message else None

    @rx.event
    def skip(self, sub_id: int, skip: bool):
        """Skip (or un-skip) the next box."""
        message = "Next box skipped." if skip else "Next box is back on."
        return self._change(boxes.skip_next, sub_id, skip, message=message)

    @rx.event
    def pause(self, sub_id: int):
        """Pause."""
        return self._change(boxes.pause, sub_id, message="Paused.")

    @rx.event
    def resume(self, sub_id: int):
        """Resume."""
        return self._change(boxes.resume, sub_id, message="Resumed.")

    @rx.event
    def cancel(self, sub_id: int):
        """Cancel."""
        return self._change(boxes.cancel, sub_id, message="Cancelled.")

    @rx.event
    def ship_now(self, sub_id: int):
        """Ship the next box today."""
        return self._change(boxes.ship_now, sub_id, message="Your box ships today.")

    @rx.event
    def change(self, form: dict):
        """Frequency, next date and a one-off extra, from one small form (it names the subscription): saved
        together, or not at all."""
        sub_id = str(form.get("subscription_id", ""))
        fields = {name: str(form.get(name, "") or "") for name in ("frequency_months", "next_shipment", "extra_sku")}
        if not any(fields.values()):
            return None
        return self._change(boxes.change_box, record_id(sub_id) or 0, **fields, message="Saved.")
