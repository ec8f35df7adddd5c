"""On PostgreSQL, two shoppers checking out the last unit at the same moment: one order, one clear refusal."""

import threading

from sqlmodel import Session, select

from alembic import command
from allpetplus.cart import service as carts
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.db import make_engine
from allpetplus.core.errors import ValidationFailed
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta
from allpetplus.seed import load_seed
from allpetplus.user.models import UserProfile
from tests.conftest import alembic_config
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS

SKU = "HFR-OS-SUN"


def test_two_concurrent_checkouts_for_the_last_unit(postgres_url):
    command.upgrade(alembic_config(postgres_url), "head")
    engine = make_engine(postgres_url)
    with Session(engine) as session:
        load_seed(session)
        session.exec(select(ProductVariant).where(ProductVariant.sku == SKU)).one().stock = 1
        people = [UserProfile(email=f"racer{i}@example.com") for i in range(2)]
        session.add_all(people)
        session.commit()
        for person in people:
            carts.add_variant(session, carts.cart_for(session, person), SKU, 1)
        session.commit()
        ids = [p.id for p in people]

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def buy(user_id: int) -> None:
        with Session(engine) as session:
            user = session.get(UserProfile, user_id)
            cart = carts.cart_for(session, user)
            barrier.wait()
            try:
                orders.checkout(session, cart, user=user, email=user.email, address=ADDRESS, palette=PALETTE)
                session.commit()
                outcomes.append("ordered")
            except ValidationFailed as exc:
                session.rollback()
                outcomes.append(exc.errors["cart"])

    threads = [threading.Thread(target=buy, args=(user_id,)) for user_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == sorted(
        ["ordered", "Sorry, Hands-Free Running Leash — Sunset Orange just sold out. Your cart is unchanged."]
    )
    with Session(engine) as session:
        assert session.exec(select(ProductVariant).where(ProductVariant.sku == SKU)).one().stock == 0
        assert len(session.exec(select(OrderMeta)).all()) == 1
        loser = next(uid for uid in ids if not session.exec(select(OrderMeta).where(OrderMeta.user_id == uid)).first())
        assert len(carts.totals(session, carts.cart_for(session, session.get(UserProfile, loser))).lines) == 1
    engine.dispose()


def test_two_concurrent_checkouts_cannot_both_redeem_a_once_per_customer_code(postgres_url):
    command.upgrade(alembic_config(postgres_url), "head")
    engine = make_engine(postgres_url)
    tokens = [carts.new_guest_token(), carts.new_guest_token()]
    with Session(engine) as session:
        load_seed(session)
        for token in tokens:
            cart = carts.guest_cart(session, token)
            carts.add_variant(session, cart, "RTT-M-NAT", 1)
            carts.apply_code(session, cart, "WELCOME10")
        session.commit()

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def buy(token: str, email: str) -> None:
        with Session(engine) as session:
            cart = carts.guest_cart(session, token, create=False)
            barrier.wait()
            try:
                orders.checkout(session, cart, user=None, email=email, address=ADDRESS, palette=PALETTE)
                session.commit()
                outcomes.append("ordered")
            except ValidationFailed as exc:
                session.rollback()
                outcomes.append(exc.errors["code"])

    threads = [threading.Thread(target=buy, args=args)
               for args in zip(tokens, ["kit@example.com", "kit+2@example.com"], strict=True)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["WELCOME10: You have already used that code. Remove the code to check out.", "ordered"]
    with Session(engine) as session:
        [order] = session.exec(select(OrderMeta)).all()
        assert order.discount_code == "WELCOME10" and order.discount_cents == 110
    engine.dispose()
