"""Who is shopping, and their cart: one cart for the three apps.

A visitor's cart is found by a random token in a cookie; a signed-in person's cart is their account's, and
a guest cart is merged into it once they sign in. Every app's header shows the count and links to the
one cart page (the products app's ``/cart``), so whichever app a person adds from, it is the same cart.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from allpetplus.cart import service as carts
from allpetplus.cart.models import Cart
from allpetplus.core import apps
from allpetplus.core.db import session_scope
from allpetplus.core.settings import settings
from allpetplus.core.words import plural
from allpetplus.ui.acting import ActingState
from allpetplus.user.models import UserProfile
from allpetplus.user.service import public

GUEST_COOKIE_DAYS = 30
#: The app that holds the cart page and checkout.
CART_APP = "products"
MAIN_APP = "allpetplus"
#: Pages a person never wants to come back to after signing in.
AUTH_PAGES = {"/sign-in", "/sign-up"}


def cart_page(signed_in: bool, app: str) -> str:
    """Where the cart button goes from ``app``: the cart page itself in the products app; from another app a
    signed-in person goes through the main app's sign-in handoff (so the cart app knows them too), a guest
    straight there (the guest cookie is the browser's)."""
    if app == CART_APP:
        return "/cart"
    if signed_in:
        return f"{settings.MAIN_URL}/auth/handoff?app={CART_APP}&next=/cart"
    return f"{settings.PRODUCTS_URL}/cart"


class ShopperState(ActingState, rx.State):
    """Who is here (signed in by the All Pet Plus session cookie, or a guest with a cart token) and how full
    their cart is."""

    guest_token: str = rx.Cookie("", name="allpetplus_guest_cart", max_age=GUEST_COOKIE_DAYS * 86400, same_site="lax")
    signed_in: bool = False
    display_name: str = ""
    email: str = ""
    cart_items: int = 0
    merged_notice: str = ""

    def _cart(self, session: Session, create: bool = True) -> Cart | None:
        """This shopper's cart: the account's, or the guest cart of this browser (made on first use)."""
        user = self.acting_user(session)
        if user is not None:
            return carts.cart_for(session, user)
        if not carts.is_guest_token(self.guest_token):
            if not create:
                return None
            self.guest_token = carts.new_guest_token()
        return carts.guest_cart(session, self.guest_token, create=create)

    def _count(self, session: Session) -> None:
        cart = self._cart(session, create=False)
        self.cart_items = sum(line.quantity for line in carts.priced_lines(session, cart)) if cart else 0

    def _know_shopper(self, session: Session) -> UserProfile | None:
        """Who is here now; a guest cart is merged into the user's once they are signed in."""
        user = self.acting_user(session)
        self.signed_in = user is not None
        self.display_name = public(user).display_name if user else ""
        self.email = user.email if user else ""
        if user is not None and carts.is_guest_token(self.guest_token):
            merged = carts.merge_guest_cart(session, self.guest_token, user)
            self.guest_token = ""
            notices = []
            if merged.moved:
                notices.append(f"We moved {plural(merged.moved, 'item')} from your guest cart into your cart.")
            if merged.code_dropped:
                notices.append(merged.code_dropped)
            self.merged_notice = " ".join(notices)
        self._count(session)
        return user

    def _added(self, what: str, price: str) -> rx.event.EventSpec:
        """The toast after adding to the cart: what went in at what price, with a way to the cart."""
        return rx.toast.success(
            f"Added to your cart: {what}",
            description=f"{price} · your cart now holds {plural(self.cart_items, 'item')}",
            action={"label": "View cart", "on_click": rx.redirect(self.cart_url)},
            duration=8000,
        )

    @rx.event
    def identify_shopper(self):
        """Every page: who is here, and how many items their cart holds."""
        with session_scope() as session:
            self._know_shopper(session)

    @rx.var
    def cart_url(self) -> str:
        """The one cart page, from whichever app this is."""
        return cart_page(self.signed_in, apps.current())

    @rx.var
    def sign_in_url(self) -> str:
        """Where "Sign in" goes, coming back to this page afterwards: the main app's sign-in, through its
        handoff from another app (which binds the way back to this browser through that app's ``/auth/start``)."""
        app, here = apps.current(), self.router.url.path or "/"
        if app == MAIN_APP:
            return "/sign-in" if here.rstrip("/") in AUTH_PAGES else f"/sign-in?{urlencode({'next': here})}"
        return f"{settings.MAIN_URL}/auth/handoff?{urlencode({'app': app, 'next': here})}"

    @rx.var
    def cart_label(self) -> str:
        """What the cart button says to a screen reader."""
        return f"Cart, {plural(self.cart_items, 'item')}"
