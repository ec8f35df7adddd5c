"""Cart operations in any order (add, sets, quantities, removals, codes, merging at sign-in, checkout), run by
hypothesis against the real services on SQLite: every stored order charges exactly its lines minus the
discounts the rules allowed at the moment of checkout, and no code is redeemed beyond its limit.

The expected totals are worked out here from the cart's rows and the rule data (``cart/data/rules.json``
and the codes' rows), independently of ``cart.pricing``.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import Session, select, update

from allpetplus.cart import service as carts
from allpetplus.cart.models import CartLine, DiscountCode
from allpetplus.cart.pricing import rules
from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.order import service as orders
from allpetplus.order.models import OrderLine, OrderMeta
from allpetplus.seed import load_seed
from allpetplus.user.models import UserProfile
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS

SKUS = ["RTT-M-NAT", "DSB-OS-FOR", "BED-M-CHA", "TRL-M-OCE", "CLC-M-OCE", "LSH-OS-OCE"]
SET = ["TRL-M-OCE", "CLC-M-OCE", "LSH-OS-OCE"]
CODES = ["WELCOME10", "SAVE5", "SUMMER24", "NOPE"]
_runs = itertools.count()


def expected_order(session: Session, cart_id: int, code: DiscountCode | None, code_allowed: bool) -> dict[str, int]:
    """What checking this cart out must charge, from its rows and the rule data."""
    r = rules()
    rows = session.exec(select(CartLine).where(CartLine.cart_id == cart_id)).all()
    subtotal, groups = 0, {}
    for row in rows:
        variant = session.get(ProductVariant, row.variant_id)
        subtotal += variant.price_cents * row.quantity
        if row.set_group:
            slug = session.get(Category, session.get(Product, variant.product_id).category_id).slug
            part = groups.setdefault(row.set_group, {}).setdefault(slug, [0, variant.price_cents])
            part[0] += row.quantity
            part[1] = min(part[1], variant.price_cents)
    set_off = 0
    for parts in groups.values():
        if set(parts) == set(r["matching_set"]["categories"]):
            sets = min(quantity for quantity, _ in parts.values())
            set_off += sets * sum(price for _, price in parts.values()) * r["matching_set"]["discount_percent"] // 100
    base = subtotal - set_off
    code_off = 0
    if code is not None and code_allowed:
        code_off = base * code.value // 100 if code.kind == "percent" else min(code.value, base)
    goods = base - code_off
    shipping = 0 if goods >= r["shipping"]["free_over_cents"] else r["shipping"]["flat_cents"]
    rates = r["tax_basis_points"][ADDRESS["country"].upper()]
    tax = (goods * rates["regions"].get(ADDRESS["region"].upper(), rates["default"]) + 5000) // 10000
    return {"subtotal": subtotal, "discount": set_off + code_off, "shipping": shipping, "tax": tax,
            "total": goods + shipping + tax}  # fmt: skip


def customer_key(email: str) -> str:
    local, _, domain = email.lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


class Shopping(RuleBasedStateMachine):
    """One shopper with a guest cart and an account, and a small pool of e-mail addresses."""

    engine = None

    @initialize()
    def start(self):
        self.session = Session(self.engine, expire_on_commit=False)
        self.session.exec(update(ProductVariant).values(stock=10_000))
        run = next(_runs)
        self.emails = [f"pat{run}@example.com", f"pat{run}+shop@example.com", f"sam{run}@example.com"]
        self.user = UserProfile(email=self.emails[0])
        self.session.add(self.user)
        self.session.commit()
        self.guest_token = carts.new_guest_token()
        self.signed_in = False
        self.used: set[tuple[str, str]] = set()  # (code, customer) that took a once-per-customer code

    def teardown(self):
        self.session.rollback()
        self.session.close()

    def cart(self):
        if self.signed_in:
            return carts.cart_for(self.session, self.user)
        return carts.guest_cart(self.session, self.guest_token)

    def lines(self) -> list[CartLine]:
        return self.session.exec(select(CartLine).where(CartLine.cart_id == self.cart().id)).all()

    def act(self, action, *args) -> None:
        """One user action in its own transaction: refused actions change nothing."""
        try:
            action(self.session, *args)
            self.session.commit()
        except ValidationFailed:
            self.session.rollback()

    @rule(sku=st.sampled_from(SKUS), quantity=st.integers(1, 3))
    def add(self, sku, quantity):
        self.act(carts.add_variant, self.cart(), sku, quantity)

    @rule()
    def add_set(self):
        self.act(carts.add_matching_set, self.cart(), SET)

    @precondition(lambda self: self.lines())
    @rule(pick=st.integers(0, 50), quantity=st.integers(0, 4))
    def set_quantity(self, pick, quantity):
        lines = self.lines()
        self.act(carts.set_quantity, self.cart(), lines[pick % len(lines)].id, quantity)

    @precondition(lambda self: self.lines())
    @rule(pick=st.integers(0, 50))
    def remove(self, pick):
        lines = self.lines()
        self.act(carts.remove_line, self.cart(), lines[pick % len(lines)].id)

    @rule(code=st.sampled_from(CODES))
    def apply_code(self, code):
        self.act(lambda s, cart: carts.apply_code(s, cart, code, self.user if self.signed_in else None), self.cart())

    @rule()
    def remove_code(self):
        self.act(carts.remove_code, self.cart())

    @precondition(lambda self: not self.signed_in)
    @rule()
    def sign_in(self):
        self.act(carts.merge_guest_cart, self.guest_token, self.user)
        self.signed_in = True

    @precondition(lambda self: self.signed_in)
    @rule()
    def sign_out(self):
        self.signed_in, self.guest_token = False, carts.new_guest_token()

    @rule(email=st.integers(0, 2))
    def checkout(self, email):
        email = self.emails[email]
        cart = self.cart()
        user = self.user if self.signed_in else None
        code = carts.find_code(self.session, cart.discount_code) if cart.discount_code else None
        keys = {customer_key(email), *([f"user:{user.id}"] if user else [])}
        expected = expected_order(self.session, cart.id, code, code_allowed=True)
        allowed = code is None or (
            code.is_active
            and (code.expires_at is None or code.expires_at.replace(tzinfo=utcnow().tzinfo) >= utcnow())
            and expected["subtotal"] >= code.min_order_cents
            and not (code.once_per_customer and any((code.code, key) in self.used for key in keys))
        )
        lines_before = len(self.lines())
        try:
            order = orders.checkout(self.session, cart, user=user, email=email, address=ADDRESS, palette=PALETTE)
            self.session.commit()
        except ValidationFailed as exc:
            self.session.rollback()
            assert lines_before == 0 or (not allowed and "code" in exc.errors), exc.errors
            return
        assert allowed and lines_before > 0, "a checkout the rules refuse went through"
        charged = {"subtotal": order.subtotal_cents, "discount": order.discount_cents,
                   "shipping": order.shipping_cents, "tax": order.tax_cents, "total": order.total_cents}  # fmt: skip
        bought = self.session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
        assert order.subtotal_cents == sum(line.unit_cents * line.quantity for line in bought)
        assert charged == expected
        if code is not None and code.once_per_customer:
            self.used |= {(code.code, key) for key in keys}

    @invariant()
    def no_code_beyond_its_limit(self):
        if not hasattr(self, "session"):
            return
        once = self.session.exec(select(DiscountCode.code).where(DiscountCode.once_per_customer)).all()
        placed = self.session.exec(
            select(OrderMeta).where(OrderMeta.discount_code.in_(once), OrderMeta.email.in_(self.emails))
        ).all()
        seen: set[tuple[str, str]] = set()
        for order in placed:
            for key in {customer_key(order.email), f"user:{order.user_id}" if order.user_id else ""} - {""}:
                assert (order.discount_code, key) not in seen, f"{order.discount_code} used twice by {key}"
                seen.add((order.discount_code, key))


@pytest.fixture
def shop_engine(engine):
    with Session(engine) as session:
        load_seed(session)
        session.commit()
    return engine


def test_every_order_charges_what_the_rules_allowed_at_checkout(shop_engine):
    Shopping.engine = shop_engine
    run_state_machine_as_test(
        Shopping,
        settings=settings(
            max_examples=100,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
