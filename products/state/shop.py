"""State of the products app's shop: catalog with filters, product pages, matching sets, cart, checkout.

Who is shopping and their cart are ``allpetplus.storefront.shopper``'s: the same cart in the three apps.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from allpetplus.application import pictures
from allpetplus.application.checkout import CartOrder, card_payments, checkout_and_pay
from allpetplus.builder.config import current_palette
from allpetplus.cart import service as carts
from allpetplus.cart.pricing import CartTotals, PricedLine, payment_window, price_cart
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import VariantOut
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.acting import shows_refusals


class SetState(ShopperState):
    """The matching set builder: harness, collar and leash in one colour, with the set discount."""

    colour: str = "Ocean Blue"
    colours: list[str] = []
    harness: list[VariantOut] = []
    collar: list[VariantOut] = []
    leash: list[VariantOut] = []
    picks: dict[str, str] = {}
    quote: CartTotals | None = None
    error: str = ""

    @rx.event
    def load(self):
        """Colours in which all three parts exist, and the parts for the chosen colour."""
        with session_scope() as session:
            options = catalog.filter_options(session)["colours"]
            self.colours = [c for c in options if all(carts.matching_set_options(session, c).values())]
            if self.colour not in self.colours and self.colours:
                self.colour = self.colours[0]
            self._parts(session)

    def _parts(self, session) -> None:
        parts = carts.matching_set_options(session, self.colour)
        names = catalog.product_names(session, [v.product_id for rows in parts.values() for v in rows])
        self.harness, self.collar, self.leash = (
            [catalog.variant_out(v, names.get(v.product_id, "")) for v in parts[k]]
            for k in ("harnesses", "collars", "leashes")
        )

        def pick(rows: list[VariantOut]) -> str:
            return next((v.sku for v in rows if v.size == "M" and v.in_stock), rows[0].sku if rows else "")

        self.picks = {"harness": pick(self.harness), "collar": pick(self.collar), "leash": pick(self.leash)}
        self._price()

    def _price(self) -> None:
        lines = []
        parts = (("harnesses", self.harness), ("collars", self.collar), ("leashes", self.leash))
        for index, (slug, part) in enumerate(parts):
            chosen = next((v for v in part if v.sku in self.picks.values()), None)
            if chosen:
                lines.append(
                    PricedLine(
                        id=index,
                        kind="variant",
                        title=f"{chosen.product} ({chosen.title})" if chosen.product else chosen.title,
                        sku=chosen.sku,
                        unit_cents=chosen.price_cents,
                        quantity=1,
                        amount_cents=chosen.price_cents,
                        amount=chosen.price,
                        set_group="set",
                        available=chosen.in_stock,
                        note="",
                        set_part=slug,
                    )
                )
        self.quote = price_cart(lines)

    @rx.event
    def choose_colour(self, colour: str):
        """Pick the set's colour."""
        if colour not in self.colours:
            return rx.toast.error("Choose one of the set's colours.")
        self.colour, self.error = colour, ""
        with session_scope() as session:
            self._parts(session)
        return None

    @rx.event
    def choose_part(self, part: str, sku: str | list[str]):
        """Pick a size of one part."""
        sku = sku if isinstance(sku, str) else (sku[0] if sku else "")
        offered = {"harness": self.harness, "collar": self.collar, "leash": self.leash}.get(part, [])
        if sku not in {variant.sku for variant in offered}:
            return rx.toast.error("Choose one of the sizes offered for that part.")
        self.picks = {**self.picks, part: sku}
        self._price()
        return None

    @rx.event
    @shows_refusals(text="error")
    def add_set(self):
        """Put the set in the cart."""
        with session_scope() as session:
            carts.add_matching_set(session, self._cart(session), list(self.picks.values()))
            self._count(session)
        return rx.toast.success("Matching set added to your cart.")


#: How often and how long the confirmation page looks again for a card payment's confirmation.
PAYMENT_FOLLOW_SECONDS, PAYMENT_FOLLOW_STEPS = 1.0, 30


class CartState(ShopperState):
    """The cart page and checkout."""

    totals: CartTotals | None = None
    code_error: str = ""
    errors: dict[str, str] = {}
    placed: orders.OrderView | None = None
    card_payments: bool = False
    invoice_terms: str = (
        f"We e-mail the invoice now; pay it within {payment_window('invoice').days} days and we ship once it is paid."
    )

    def _refresh(self, session) -> None:
        cart = self._cart(session, create=False)
        self.totals = (
            pictures.totals_with_pictures(session, carts.totals(session, cart, user=self.acting_user(session)))
            if cart
            else None
        )
        self._count(session)

    @rx.event
    def load(self):
        """Price the cart; say how it can be paid."""
        self.code_error, self.errors = "", {}
        self.card_payments = card_payments()
        with session_scope() as session:
            self._refresh(session)

    @rx.event
    @shows_refusals(brief=True)
    def change_quantity(self, line_id: int, quantity: int):
        """Change a line's quantity (0 removes it)."""
        with session_scope() as session:
            carts.set_quantity(session, self._cart(session), line_id, quantity)
            self._refresh(session)
        return None

    @rx.event
    @shows_refusals()
    def remove(self, line_id: int):
        """Remove a line (a matching set goes as a whole)."""
        with session_scope() as session:
            carts.remove_line(session, self._cart(session), line_id)
            self._refresh(session)
        return None

    @rx.event
    def apply_code(self, form: dict):
        """Apply a discount code."""
        self.code_error = ""
        try:
            with session_scope() as session:
                carts.apply_code(session, self._cart(session), str(form.get("code", "")), self.acting_user(session))
                self._refresh(session)
        except ValidationFailed as exc:
            self.code_error = exc.errors.get("code", "")
        return None

    @rx.event
    def remove_code(self):
        """Take the code off."""
        with session_scope() as session:
            carts.remove_code(session, self._cart(session))
            self._refresh(session)

    @rx.event
    def place_order(self, form: dict):
        """Check out: the order is paid by card on Stripe Checkout, or waits for its invoice to be paid."""
        self.errors = {}
        try:
            with session_scope() as session:
                purchase = CartOrder(self._cart(session), str(form.get("email", "")), form, current_palette())
                placed = checkout_and_pay(
                    session,
                    self.acting_user(session),
                    purchase,
                    success_url=f"{settings.PRODUCTS_URL}/order/placed",
                    cancel_url=f"{settings.PRODUCTS_URL}/cart",
                    provider=str(form.get("provider", ""))[:16],
                )
                self.placed = orders.order_view(session, placed.order)
                self._refresh(session)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        except DomainError as exc:
            self.errors = {"cart": str(exc)}
            return None
        return rx.redirect(placed.pay_url or "/order/placed")

    @rx.event(background=True)
    async def follow_payment(self):
        """Back from Stripe's page: show the order as it stands, and follow it for a while until the card payment
        is confirmed (Stripe's signed event, handled by a job, confirms it; never this visit)."""
        for _ in range(PAYMENT_FOLLOW_STEPS):
            async with self:
                if self.placed is None:
                    return
                with session_scope(read_only=True) as session:
                    order = session.get(OrderMeta, self.placed.id)
                    if order is None:
                        return
                    self.placed = orders.order_view(session, order)
                if order.provider != "stripe" or order.status != OrderStatus.AWAITING_PAYMENT:
                    return
            await asyncio.sleep(PAYMENT_FOLLOW_SECONDS)
