"""State of the products app's shop: catalog with filters, product pages, matching sets, cart, checkout.

A visitor's cart is found by a random token in a cookie; once the visitor is signed in (the session
cookie of All Pet Plus), the guest cart is merged into theirs.
"""

from __future__ import annotations

import reflex as rx

from allpetplus.application.checkout import CartOrder, checkout_and_pay
from allpetplus.builder.config import current_palette
from allpetplus.cart import service as carts
from allpetplus.cart.pricing import CartTotals, PricedLine, price_cart
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import CategoryOut, ProductCard, ProductDetail, VariantOut
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import whole_number
from allpetplus.core.settings import settings
from allpetplus.order import service as orders
from allpetplus.ui.acting import ActingState, shows_refusals
from allpetplus.user.service import public

GUEST_COOKIE_DAYS = 30
#: The most characters of a filter kept (a category or colour name is far shorter).
MAX_FILTER_CHARS = 100


class ShopperState(ActingState, rx.State):
    """Who is shopping (signed in, by the All Pet Plus session cookie, or a guest with a cart token) and how
    full the cart is."""

    guest_token: str = rx.Cookie("", name="allpetplus_guest_cart", max_age=GUEST_COOKIE_DAYS * 86400, same_site="lax")
    signed_in: bool = False
    display_name: str = ""
    email: str = ""
    cart_items: int = 0
    merged_notice: str = ""

    def _cart(self, session, create: bool = True):
        user = self.acting_user(session)
        if user is not None:
            return carts.cart_for(session, user)
        if not carts.is_guest_token(self.guest_token):
            if not create:
                return None
            self.guest_token = carts.new_guest_token()
        return carts.guest_cart(session, self.guest_token, create=create)

    def _count(self, session) -> None:
        cart = self._cart(session, create=False)
        self.cart_items = sum(line.quantity for line in carts.priced_lines(session, cart)) if cart else 0

    @rx.event
    def identify_shopper(self):
        """Every page: who is here; a guest cart is merged into the user's once they are signed in."""
        with session_scope() as session:
            user = self.acting_user(session)
            self.signed_in = user is not None
            self.display_name = public(user).display_name if user else ""
            self.email = user.email if user else ""
            if user is not None and carts.is_guest_token(self.guest_token):
                merged = carts.merge_guest_cart(session, self.guest_token, user)
                self.guest_token = ""
                notices = []
                if merged.moved:
                    notices.append(
                        f"We moved {merged.moved} item{'s' * (merged.moved != 1)} from your guest cart into your cart."
                    )
                if merged.code_dropped:
                    notices.append(merged.code_dropped)
                self.merged_notice = " ".join(notices)
            self._count(session)

    @rx.var
    def sign_in_url(self) -> str:
        """Where "Sign in" goes: the main app's handoff (signing in there if needed; it binds the way back to
        this browser through this app's ``/auth/start``), then back to this app's cart."""
        return f"{settings.MAIN_URL}/auth/handoff?app=products&next=/cart"


class CatalogPageState(ShopperState):
    """The catalog page and its filters."""

    products: list[ProductCard] = []
    categories: list[CategoryOut] = []
    sizes: list[str] = []
    colours: list[str] = []
    filters: dict[str, str] = {
        "category": "",
        "species": "",
        "size": "",
        "colour": "",
        "max_price": "",
        "sort": "featured",
        "q": "",
    }

    @rx.event
    def load(self):
        """Read the catalog with the current filters (the URL's ``category`` preselects one)."""
        category = self.router.url.query_parameters.get("category", "")[:MAX_FILTER_CHARS]
        if category:
            self.filters = {**self.filters, "category": category}
        with session_scope() as session:
            self.categories = catalog.list_categories(session)
            options = catalog.filter_options(session)
            self.sizes, self.colours = options["sizes"], options["colours"]
            self._query(session)

    def _query(self, session) -> None:
        f = self.filters
        max_price = whole_number(f.get("max_price", ""), digits=6)
        self.products = catalog.list_products(
            session,
            category=f.get("category") or None,
            species=f.get("species") or None,
            query=f.get("q") or None,
            size=f.get("size") or None,
            colour=f.get("colour") or None,
            max_price_cents=max_price * 100 if max_price is not None and max_price > 0 else None,
            sort=f.get("sort") or "featured",
        )

    @rx.event
    def set_filter(self, name: str, value: str):
        """Change one filter ("all" clears it) and re-query."""
        if name not in self.filters:
            return rx.toast.error("There is no such filter.")
        value = "" if value == "all" else value[:MAX_FILTER_CHARS]
        price = whole_number(value, digits=6)
        if name == "max_price" and value and (price is None or price < 1):
            return rx.toast.error("Enter the highest price in whole dollars.")
        if name == "sort" and value not in ("", *catalog.SORTS):
            return rx.toast.error("Choose one of the sort orders.")
        self.filters = {**self.filters, name: value}
        with session_scope() as session:
            self._query(session)
        return None


class ItemState(ShopperState):
    """A product page with size/colour choice and add to cart."""

    product: ProductDetail | None = None
    not_found: bool = False
    sku: str = ""
    quantity: int = 1
    error: str = ""

    @rx.event
    def load(self):
        """Load the product named in the URL."""
        handle = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.error, self.quantity = "", 1
        with session_scope() as session:
            self.product = catalog.get_product(session, handle)
        self.not_found = self.product is None
        if self.product and self.product.variants:
            self.sku = next((v.sku for v in self.product.variants if v.in_stock), self.product.variants[0].sku)

    @rx.var
    def chosen(self) -> VariantOut | None:
        """The chosen variant."""
        if self.product is None:
            return None
        return next((v for v in self.product.variants if v.sku == self.sku), None)

    @rx.event
    def choose(self, sku: str | list[str]):
        """Pick a variant."""
        sku = sku if isinstance(sku, str) else (sku[0] if sku else "")
        if self.product is None or sku not in {variant.sku for variant in self.product.variants}:
            return rx.toast.error("Choose one of this product's options.")
        self.sku, self.error = sku, ""
        return None

    @rx.event
    def set_quantity(self, value: str):
        """Quantity, as typed (an emptied box means one)."""
        quantity = whole_number(value) if value.strip() else 1
        if quantity is None or quantity < 1:
            self.error = "Enter a whole number of 1 or more."
            return
        self.quantity, self.error = quantity, ""

    @rx.event
    @shows_refusals(text="error")
    def add(self):
        """Add the chosen variant to the cart (within stock)."""
        with session_scope() as session:
            carts.add_variant(session, self._cart(session), self.sku, self.quantity)
            self._count(session)
        return rx.toast.success("Added to your cart.")


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
        self.harness, self.collar, self.leash = (
            [catalog.variant_out(v) for v in parts[k]] for k in ("harnesses", "collars", "leashes")
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
                        title=chosen.title,
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


class CartState(ShopperState):
    """The cart page and checkout."""

    totals: CartTotals | None = None
    code_error: str = ""
    errors: dict[str, str] = {}
    placed: orders.OrderView | None = None

    def _refresh(self, session) -> None:
        cart = self._cart(session, create=False)
        self.totals = carts.totals(session, cart, user=self.acting_user(session)) if cart else None
        self._count(session)

    @rx.event
    def load(self):
        """Price the cart."""
        self.code_error, self.errors = "", {}
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
