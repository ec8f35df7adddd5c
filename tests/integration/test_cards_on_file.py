"""Cards on file, for real: the stripe SDK against the strict local stand-in for Stripe's API. An owner saves a
card on Stripe's page (the signed setup webhook brings it here), boxes renew by charging it off-session exactly
once (two renewal jobs at the same moment on PostgreSQL), a bank asking for 3-D Secure and a declined card run
through their e-mails and the retries to a paused box, and a removed card leaves the box asking for another."""

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from alembic import command
from allpetplus.application.checkout import pay_open_order
from allpetplus.core import clock, ratelimit
from allpetplus.core.db import make_engine
from allpetplus.core.errors import NotFound, RateLimited, ValidationFailed
from allpetplus.events.bus import dispatch
from allpetplus.events.models import EmailMessage
from allpetplus.order import cards
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.order.service import release_unpaid
from allpetplus.pet import service as pets
from allpetplus.seed import load_seed
from allpetplus.subscription import service as boxes
from allpetplus.subscription.models import Subscription, SubscriptionRenewal, SubscriptionStatus
from allpetplus.user.models import UserProfile
from allpetplus.webhook.stripe import confirm_stripe_payment, record_failed_payment
from tests.conftest import alembic_config
from tests.integration.test_stripe import stripe_api  # noqa: F401 - the fixture
from tests.unit.test_commerce import ADDRESS

SHIP = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _limits_on_redis(redis_url):
    """Rate limits count on the test Redis, emptied for each test."""


def owner_with_box(session: Session, email: str = "owner@example.com") -> tuple[UserProfile, Subscription]:
    """An owner with a dog and a monthly box first shipping on ``SHIP``."""
    user = UserProfile(email=email)
    session.add(user)
    session.commit()
    pet = pets.create_pet(session, user, pets.PetInput(name="Juno", species="dog", chest_girth_cm=58))
    with clock.travel_to(SHIP - timedelta(days=5)):
        sub = boxes.subscribe(session, user, plan_slug="dog-essentials", pet_id=pet.id, frequency_months=1,
                              address=ADDRESS, first_shipment=SHIP)  # fmt: skip
    session.commit()
    return user, sub


def save_card(session: Session, standin, user: UserProfile, behaviour: str = "succeeds", last4: str = "4242") -> str:
    """Through Stripe's card page: start it, save a card there, and let its signed webhook's object arrive."""
    url = cards.start_adding_card(session, user, success_url="http://x/account", cancel_url="http://x/account")
    assert url.startswith("https://checkout.stripe.com/")
    customer = cards.customer_id(session, user.id)
    pm = standin.save_card(customer, behaviour, last4)
    outcome = confirm_stripe_payment(session, {"id": "cs_setup", "object": "checkout.session", "mode": "setup",
                                               "customer": customer, "setup_intent": "seti_1"})  # fmt: skip
    session.commit()
    assert outcome.startswith(f"account {user.id}:")
    return pm


def mails(session: Session, to: str) -> list[EmailMessage]:
    dispatch(session)
    return list(session.exec(select(EmailMessage).where(EmailMessage.to == to).order_by(EmailMessage.id)))


def renew_on(session: Session, day: date) -> None:
    with clock.travel_to(day):
        boxes.renew_due(session)
        boxes.retry_payments(session)
        session.commit()


def test_a_saved_card_is_listed_made_default_and_charged_for_the_renewal(seeded, stripe_api):  # noqa: F811
    user, sub = owner_with_box(seeded)
    assert boxes.list_subscriptions(seeded, user)[0].needs_card
    save_card(seeded, stripe_api, user)
    [customer] = stripe_api.posts("/v1/customers")
    assert customer["key"] == f"customer:{user.id}" and customer["form"]["email"] == user.email
    setup = stripe_api.posts("/v1/checkout/sessions")[-1]["form"]
    assert setup["mode"] == "setup" and setup["customer"] == cards.customer_id(seeded, user.id)
    [card] = cards.list_cards(seeded, user)
    assert (card.label, card.expires, card.is_default) == ("Visa ending 4242", "12/30", True)
    view = boxes.list_subscriptions(seeded, user)[0]
    assert not view.needs_card and view.payment == "Charged to your Visa ending 4242 on the day it ships."
    cards.start_adding_card(seeded, user, success_url="http://x/a", cancel_url="http://x/a")
    assert len(stripe_api.posts("/v1/customers")) == 1  # the customer is made once

    renew_on(seeded, SHIP)
    renew_on(seeded, SHIP)  # the job again the same day: nothing more
    renewal = seeded.exec(select(SubscriptionRenewal)).one()
    order = seeded.get(OrderMeta, renewal.order_id)
    assert order.status == OrderStatus.PAID and order.provider == "stripe" and renewal.payment == "paid"
    [charge] = stripe_api.posts("/v1/payment_intents")
    assert charge["key"] == f"renewal:{sub.id}:{SHIP.isoformat()}:1"
    assert charge["form"]["amount"] == str(order.total_cents) and charge["form"]["currency"] == "usd"
    assert (charge["form"]["off_session"], charge["form"]["confirm"]) == ("true", "true")
    assert order.payment_intent == stripe_api.charges()[0]["id"]
    assert order.timeline[-1]["note"] == "Paid with the saved Visa ending 4242."

    [receipt] = mails(seeded, user.email)  # the receipt, not a second "order confirmed"
    assert receipt.subject.startswith("Receipt: Dog Essentials Box for Juno,") and "paid" in receipt.subject
    assert "to your Visa ending 4242" in receipt.text and order.external_id in receipt.html


def test_two_renewal_jobs_at_the_same_moment_charge_the_card_once(postgres_url, stripe_api):  # noqa: F811
    command.upgrade(alembic_config(postgres_url), "head")
    engine = make_engine(postgres_url)
    with Session(engine, expire_on_commit=False) as session:
        load_seed(session)
        session.commit()
        user, _ = owner_with_box(session, "race@example.com")
        save_card(session, stripe_api, user)

    barrier = threading.Barrier(2)
    made: list[int] = []

    def job() -> None:
        with Session(engine) as session:
            barrier.wait()
            made.append(boxes.renew_due(session))
            session.commit()

    # The product's clock is the process's: moved once here, for both jobs (moved in each thread, the second
    # thread's move would be undone to the first one's and outlive the test).
    with clock.travel_to(SHIP):
        threads = [threading.Thread(target=job) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(made) == [0, 1]
    assert len(stripe_api.charges()) == 1
    with Session(engine) as session:
        [order] = session.exec(select(OrderMeta)).all()
        assert order.status == OrderStatus.PAID
    engine.dispose()


def test_a_bank_asking_to_confirm_sends_a_link_to_pay_and_keeps_the_order_open(seeded, stripe_api):  # noqa: F811
    user, _ = owner_with_box(seeded)
    save_card(seeded, stripe_api, user, "authentication_required", "3184")
    renew_on(seeded, SHIP)
    renewal = seeded.exec(select(SubscriptionRenewal)).one()
    order = seeded.get(OrderMeta, renewal.order_id)
    assert renewal.payment == "action_needed" and order.status == OrderStatus.AWAITING_PAYMENT
    assert order.payment_intent.startswith("pi_test_")
    [mail] = mails(seeded, user.email)
    assert mail.subject == "Please confirm the payment for Juno's box"
    assert f"/dashboard/orders?pay={order.external_id}" in mail.text and "Confirm the payment</a>" in mail.html
    with clock.travel_to(SHIP + timedelta(days=1)):
        assert release_unpaid(seeded) == 0  # not released after Stripe's usual two hours
        boxes.retry_payments(seeded)
    assert len(stripe_api.posts("/v1/payment_intents")) == 1  # no retry behind the owner's back

    assert orders.view_order(seeded, user, order.id).payable
    url = pay_open_order(seeded, user, order.id, success_url="http://x/ok", cancel_url="http://x/orders")
    assert url.startswith("https://checkout.stripe.com/")
    assert stripe_api.posts("/v1/checkout/sessions")[-1]["key"] == f"checkout:{order.external_id}"
    stranger = UserProfile(email="stranger@example.com")
    seeded.add(stranger)
    seeded.flush()
    with pytest.raises(NotFound):
        pay_open_order(seeded, stranger, order.id, success_url="http://x/ok", cancel_url="http://x/orders")
    paid = {"id": "cs_pay", "client_reference_id": order.external_id, "payment_status": "paid",
            "payment_intent": order.payment_intent}  # fmt: skip
    confirm_stripe_payment(seeded, paid)  # confirmed on Stripe's page, with 3-D Secure
    seeded.commit()
    assert order.status == OrderStatus.PAID and not orders.view_order(seeded, user, order.id).payable
    seeded.refresh(renewal)
    assert renewal.payment == "confirmed" and order.hold_until is None
    assert mails(seeded, user.email)[-1].subject == f"Your All Pet Plus order {order.external_id} is confirmed"
    with pytest.raises(ValidationFailed, match="nothing to pay by card"):
        pay_open_order(seeded, user, order.id, success_url="http://x/ok", cancel_url="http://x/orders")


def test_a_declined_card_is_retried_after_1_3_and_5_days_then_the_box_pauses(seeded, stripe_api):  # noqa: F811
    user, sub = owner_with_box(seeded)
    save_card(seeded, stripe_api, user, "declined", "0002")
    for offset in (0, 1, 1, 2, 3, 4, 5):  # the job runs every day (twice on day 1): a try only when one is due
        renew_on(seeded, SHIP + timedelta(days=offset))
    calls = stripe_api.posts("/v1/payment_intents")
    keys = [call["key"] for call in calls]
    assert keys == [f"renewal:{sub.id}:{SHIP.isoformat()}:{n}" for n in (1, 2, 3, 4)]
    renewal = seeded.exec(select(SubscriptionRenewal)).one()
    order = seeded.get(OrderMeta, renewal.order_id)
    seeded.refresh(sub)
    assert renewal.payment == "failed" and order.status == OrderStatus.CANCELLED
    assert sub.status == SubscriptionStatus.PAUSED
    assert sub.paused_reason == ("Paused on 9 Dec 2026: the card payment for the 4 Dec 2026 box failed "
                                 "4 times (Your card was declined).")  # fmt: skip

    # Stripe's own webhook for each declined charge adds nothing: the renewal has recorded it already.
    metadata = {"order": order.external_id, "off_session": calls[0]["form"]["metadata[off_session]"]}
    failed = {"id": "pi_x", "metadata": metadata, "last_payment_error": {"message": "Your card was declined."}}
    assert record_failed_payment(seeded, failed).startswith("ignored: a box renewal's charge")
    sent = mails(seeded, user.email)
    assert [m.subject for m in sent] == ["The payment for Juno's box did not go through"] * 3 + [
        "Juno's box is paused: the card payment failed"
    ]
    assert [line for m in sent[:3] for line in m.text.splitlines() if line.startswith("We will try again")] == [
        "We will try again on 5 Dec 2026. To use another card, add or choose it on your account page before then:",
        "We will try again on 7 Dec 2026. To use another card, add or choose it on your account page before then:",
        "We will try again on 9 Dec 2026. To use another card, add or choose it on your account page before then:",
    ]
    assert "The bank said: Your card was declined." in sent[0].text and "/account#cards" in sent[0].html
    assert sub.paused_reason in sent[3].text and "Update your card</a>" in sent[3].html


def test_a_new_card_after_a_decline_pays_on_the_next_try(seeded, stripe_api):  # noqa: F811
    user, _ = owner_with_box(seeded)
    declined = save_card(seeded, stripe_api, user, "declined", "0002")
    renew_on(seeded, SHIP)
    cards.remove_card(seeded, user, cards.default_card(seeded, user.id).id)
    save_card(seeded, stripe_api, user, "succeeds", "4444")
    assert [c.label for c in cards.list_cards(seeded, user)] == ["Visa ending 4444"]
    assert stripe_api.posts(f"/v1/payment_methods/{declined}/detach")[0]["key"] == f"detach:{declined}"
    renew_on(seeded, SHIP + timedelta(days=1))
    order = seeded.exec(select(OrderMeta)).one()
    assert order.status == OrderStatus.PAID and seeded.exec(select(SubscriptionRenewal)).one().attempts == 2
    assert [m.subject.split(":")[0] for m in mails(seeded, user.email)] == [
        "The payment for Juno's box did not go through",
        "Receipt",
    ]


def test_removing_the_card_a_box_uses_leaves_the_box_asking_for_another(seeded, stripe_api):  # noqa: F811
    user, _ = owner_with_box(seeded)
    first = save_card(seeded, stripe_api, user)
    save_card(seeded, stripe_api, user, last4="5556")
    visa, other = cards.list_cards(seeded, user)
    assert (visa.is_default, other.is_default) == (True, False)
    assert cards.remove_card(seeded, user, visa.id) is True
    seeded.commit()
    assert first not in stripe_api.customers[cards.customer_id(seeded, user.id)]
    view = boxes.list_subscriptions(seeded, user)[0]
    assert view.needs_card  # not switched to the other card behind the owner's back
    assert view.payment == "No card chosen: add or choose one on your account page, or the box is invoiced."
    cards.make_default(seeded, user, other.id)
    assert not boxes.list_subscriptions(seeded, user)[0].needs_card
    stranger = UserProfile(email="stranger@example.com")
    seeded.add(stranger)
    seeded.flush()
    with pytest.raises(Exception, match="That card"):
        cards.remove_card(seeded, stranger, other.id)
    cards.remove_card(seeded, user, other.id)
    seeded.commit()
    renew_on(seeded, SHIP)
    order = seeded.exec(select(OrderMeta)).one()
    assert order.provider == "invoice" and order.status == OrderStatus.AWAITING_PAYMENT
    assert stripe_api.posts("/v1/payment_intents") == []


def test_adding_cards_over_and_over_is_refused_for_an_hour(seeded, stripe_api):  # noqa: F811
    user, _ = owner_with_box(seeded)
    limit = int(ratelimit.LIMITS["card-setup"][0].split("/")[0])
    for _ in range(limit):
        cards.start_adding_card(seeded, user, success_url="http://x/a", cancel_url="http://x/a")
    sessions = len(stripe_api.posts("/v1/checkout/sessions"))
    with pytest.raises(RateLimited, match="Too many attempts to add a card"):
        cards.start_adding_card(seeded, user, success_url="http://x/a", cancel_url="http://x/a")
    assert len(stripe_api.posts("/v1/checkout/sessions")) == sessions  # nothing more asked of Stripe
    other, _ = owner_with_box(seeded, email="other@example.com")
    cards.start_adding_card(seeded, other, success_url="http://x/a", cancel_url="http://x/a")  # per account


def test_no_card_can_be_added_while_stripe_is_not_set_up(seeded):
    user, _ = owner_with_box(seeded)
    with pytest.raises(ValidationFailed, match="takes no cards yet"):
        cards.start_adding_card(seeded, user, success_url="http://x/a", cancel_url="http://x/a")
    view = boxes.list_subscriptions(seeded, user)[0]
    assert not view.needs_card and view.payment.startswith("Paid on invoice")
