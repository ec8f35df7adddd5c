"""Subscription box rules: subscribe, change, skip, add a one-off, pause, resume, cancel, ship now, and
the renewal that turns a due box into an order exactly once per date (even if the job runs twice).

When card payments are set up and the owner has a default card, a renewal charges it with nobody at the
keyboard, once per renewal and attempt (the idempotency key names both). A bank that wants the owner to confirm
gets them an e-mail with a link to pay; a declined card is tried again 1, 3 and 5 days after the first failure,
with an e-mail each time, and the box is paused (saying why) when the last try fails.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from allpetplus.builder.fit import size_for_chest
from allpetplus.catalog.models import Product, ProductVariant
from allpetplus.core import clock
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.inputs import whole_number
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.core.settings import settings
from allpetplus.core.words import day, status_word
from allpetplus.order import cards, payments
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.order.payment_state import was_paid
from allpetplus.pet.models import LifeStatus, PetProfile, Species
from allpetplus.subscription.models import Subscription, SubscriptionPlan, SubscriptionRenewal, SubscriptionStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user

FREQUENCIES = {1: "every month", 2: "every two months"}
MAX_MOVE_DAYS = 90


class SubscriptionView(BaseModel):
    """A box as its owner sees it."""

    id: int
    plan: str
    pet_name: str
    size: str
    price: str
    frequency: str
    frequency_months: int
    next_shipment: str
    next_shipment_on: str
    status: str
    status_label: str
    paused_reason: str
    skip_next: bool
    extras: list[str]
    #: How the next box is paid: ``Charged to Visa ending 4242`` or why it is invoiced.
    payment: str
    #: The owner must choose a card (card payments are on and the account has no default card).
    needs_card: bool


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the end of shorter months)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _get(session: Session, user: UserProfile | None, subscription_id: int) -> Subscription:
    return owned_or_404(user, session.get(Subscription, subscription_id), "That subscription")


def _view(session: Session, sub: Subscription) -> SubscriptionView:
    plan = session.get(SubscriptionPlan, sub.plan_id)
    pet = session.get(PetProfile, sub.pet_id) if sub.pet_id else None
    return SubscriptionView(
        id=sub.id,
        plan=plan.name,
        pet_name=pet.name if pet else "",
        size=sub.size,
        price=format_money(plan.price_cents, plan.currency),
        frequency=FREQUENCIES.get(sub.frequency_months, f"every {sub.frequency_months} months"),
        frequency_months=sub.frequency_months,
        next_shipment=sub.next_shipment.isoformat(),
        next_shipment_on=day(sub.next_shipment),
        status=sub.status.value,
        status_label=status_word(sub.status),
        paused_reason=sub.paused_reason,
        skip_next=sub.skip_next,
        extras=[f"{e['quantity']} × {e['title']}" for e in sub.extras],
        payment=payment_words(session, sub.user_id),
        needs_card=payments.stripe_enabled() and cards.default_card(session, sub.user_id) is None,
    )


def payment_words(session: Session, user_id: int) -> str:
    """How a box of this owner's is paid, in words."""
    if not payments.stripe_enabled():
        return "Paid on invoice: we e-mail it when the box is made."
    card = cards.default_card(session, user_id)
    if card is None:
        return "No card chosen: add or choose one on your account page, or the box is invoiced."
    return f"Charged to your {cards.card_label(card)} on the day it ships."


def list_subscriptions(session: Session, user: UserProfile | None) -> list[SubscriptionView]:
    """The user's boxes."""
    user = require_user(user)
    subs = session.exec(select(Subscription).where(Subscription.user_id == user.id).order_by(Subscription.id))
    return [_view(session, s) for s in subs]


def subscribe(
    session: Session,
    user: UserProfile | None,
    *,
    plan_slug: str,
    pet_id: int,
    frequency_months: int,
    address: dict,
    first_shipment: date | None = None,
) -> Subscription:
    """Start a box for one of the user's active pets, sized from its chest girth."""
    user = require_user(user)
    plan = session.exec(select(SubscriptionPlan).where(SubscriptionPlan.slug == plan_slug)).first()
    if plan is None or not plan.is_active:
        raise ValidationFailed.one("plan", "Choose one of our boxes.")
    pet = session.get(PetProfile, pet_id)
    if pet is None or pet.user_id != user.id:
        raise ValidationFailed.one("pet_id", "Choose one of your own pets.")
    if pet.life_status != LifeStatus.ACTIVE:
        raise ValidationFailed.one("pet_id", f"{pet.name}'s profile is not active.")
    species = session.get(Species, pet.species_id)
    if species.slug != plan.species:
        raise ValidationFailed.one("plan", f"The {plan.name} is for {plan.species}s.")
    if frequency_months not in FREQUENCIES:
        raise ValidationFailed.one("frequency_months", "Choose every month or every two months.")
    where = orders.validate_address(address)
    today = clock.today()
    first = first_shipment or today + timedelta(days=3)
    if first <= today:
        raise ValidationFailed.one("first_shipment", "The first box can ship tomorrow at the earliest.")
    sub = Subscription(
        user_id=user.id,
        pet_id=pet.id,
        plan_id=plan.id,
        size=size_for_chest(pet.chest_girth_mm / 10) if pet.chest_girth_mm else "M",
        frequency_months=frequency_months,
        next_shipment=first,
        address=where.model_dump(),
    )
    session.add(sub)
    session.flush()
    return sub


def change_frequency(session: Session, user: UserProfile | None, subscription_id: int, months: int) -> Subscription:
    """Every month or every two months."""
    sub = _get(session, user, subscription_id)
    if months not in FREQUENCIES:
        raise ValidationFailed.one("frequency_months", "Choose every month or every two months.")
    sub.frequency_months = months
    session.add(sub)
    session.flush()
    return sub


def move_next(session: Session, user: UserProfile | None, subscription_id: int, new_date: date) -> Subscription:
    """Move the next box to another day (tomorrow to 90 days ahead)."""
    sub = _get(session, user, subscription_id)
    today = clock.today()
    if not today < new_date <= today + timedelta(days=MAX_MOVE_DAYS):
        raise ValidationFailed.one("next_shipment", f"Choose a day between tomorrow and {MAX_MOVE_DAYS} days from now.")
    sub.next_shipment = new_date
    session.add(sub)
    session.flush()
    return sub


def change_box(
    session: Session,
    user: UserProfile | None,
    subscription_id: int,
    *,
    frequency_months: str = "",
    next_shipment: str = "",
    extra_sku: str = "",
) -> Subscription:
    """The box's change form as one action: every field given (as typed) is checked first, and nothing is
    saved unless all of them are right. Empty fields are left as they are."""
    sub = _get(session, user, subscription_id)
    errors: dict[str, str] = {}
    months = whole_number(frequency_months) or 0
    if frequency_months and months not in FREQUENCIES:
        errors["frequency_months"] = "Choose every month or every two months."
    day = None
    if next_shipment:
        try:
            day = date.fromisoformat(next_shipment)
        except ValueError:
            errors["next_shipment"] = "Enter the date as YYYY-MM-DD."
    steps = []
    if months:
        steps.append(lambda: change_frequency(session, user, subscription_id, months))
    if day is not None:
        steps.append(lambda: move_next(session, user, subscription_id, day))
    if extra_sku:
        steps.append(lambda: add_extra(session, user, subscription_id, extra_sku, 1))
    with session.begin_nested() as attempt:
        for step in steps:
            try:
                step()
            except ValidationFailed as exc:
                errors.update(exc.errors)
            except NotFound:
                errors["extra_sku"] = "Choose one of the items offered."
        if errors:
            attempt.rollback()
    if errors:
        session.refresh(sub)
        raise ValidationFailed(errors)
    return sub


def skip_next(session: Session, user: UserProfile | None, subscription_id: int, skip: bool = True) -> Subscription:
    """Skip (or un-skip) the next box."""
    sub = _get(session, user, subscription_id)
    sub.skip_next = skip
    session.add(sub)
    session.flush()
    return sub


def add_extra(
    session: Session, user: UserProfile | None, subscription_id: int, sku: str, quantity: int = 1
) -> Subscription:
    """Put a one-off product in the next box."""
    sub = _get(session, user, subscription_id)
    row = session.exec(
        select(ProductVariant, Product)
        .join(Product, col(ProductVariant.product_id) == Product.id)
        .where(ProductVariant.sku == sku, col(Product.is_active).is_(True))
    ).first()
    if row is None:
        raise NotFound("That product")
    variant, product = row
    if not 1 <= quantity <= 5:
        raise ValidationFailed.one("quantity", "Add between 1 and 5.")
    if variant.stock < quantity:
        raise ValidationFailed.one("quantity", f"Only {variant.stock} of {product.title} left.")
    sub.extras = [*sub.extras, {"sku": sku, "quantity": quantity, "title": f"{product.title} — {variant.title}"}]
    session.add(sub)
    session.flush()
    return sub


def pause(
    session: Session, user: UserProfile | None, subscription_id: int, reason: str = "Paused by you."
) -> Subscription:
    """Stop sending boxes until resumed."""
    sub = _get(session, user, subscription_id)
    if sub.status == SubscriptionStatus.CANCELLED:
        raise ValidationFailed.one("status", "This subscription is cancelled.")
    sub.status, sub.paused_reason = SubscriptionStatus.PAUSED, reason
    session.add(sub)
    session.flush()
    return sub


def resume(session: Session, user: UserProfile | None, subscription_id: int) -> Subscription:
    """Send boxes again; the next one no earlier than tomorrow."""
    sub = _get(session, user, subscription_id)
    if sub.status == SubscriptionStatus.CANCELLED:
        raise ValidationFailed.one("status", "This subscription is cancelled; start a new one.")
    pet = session.get(PetProfile, sub.pet_id) if sub.pet_id else None
    if pet is not None and pet.life_status in (LifeStatus.DECEASED, LifeStatus.REHOMED):
        raise ValidationFailed.one("status", f"{pet.name}'s profile says {pet.life_status.value.lower()}.")
    sub.status, sub.paused_reason = SubscriptionStatus.ACTIVE, ""
    sub.next_shipment = max(sub.next_shipment, clock.today() + timedelta(days=1))
    session.add(sub)
    session.flush()
    return sub


def cancel(session: Session, user: UserProfile | None, subscription_id: int) -> Subscription:
    """End the subscription."""
    sub = _get(session, user, subscription_id)
    sub.status = SubscriptionStatus.CANCELLED
    session.add(sub)
    session.flush()
    return sub


def pause_for_pet(session: Session, pet: PetProfile) -> int:
    """Life events: a deceased or rehomed pet's boxes are paused (and say why); returns how many."""
    reason = f"Paused because {pet.name} is marked {pet.life_status.value.lower()}."
    subs = session.exec(
        select(Subscription).where(Subscription.pet_id == pet.id, Subscription.status == SubscriptionStatus.ACTIVE)
    ).all()
    for sub in subs:
        sub.status, sub.paused_reason = SubscriptionStatus.PAUSED, reason
        session.add(sub)
    session.flush()
    return len(subs)


def _renew(session: Session, sub: Subscription, ship_date: date) -> bool:
    """Make the renewal for ``ship_date`` once; ``False`` when it was already made."""
    try:
        with session.begin_nested():
            renewal = SubscriptionRenewal(subscription_id=sub.id, ship_date=ship_date, skipped=sub.skip_next)
            session.add(renewal)
            session.flush()
    except IntegrityError:
        return False
    if not sub.skip_next:
        plan = session.get(SubscriptionPlan, sub.plan_id)
        user = session.get(UserProfile, sub.user_id)
        card = cards.default_card(session, user.id) if payments.stripe_enabled() else None
        order = orders.place_box_order(
            session, user=user, plan=plan, size=sub.size, extras=sub.extras, address=sub.address, ship_date=ship_date,
            provider="stripe" if card else "invoice",
        )  # fmt: skip
        renewal.order_id = order.id
        session.add(renewal)
        if card is not None:
            _charge(session, sub, renewal, order)
    sub.skip_next = False
    sub.extras = []
    sub.next_shipment = add_months(ship_date, sub.frequency_months)
    session.add(sub)
    session.flush()
    return True


def paid_by_owner(session: Session, order: OrderMeta) -> None:
    """A renewal's order the bank asked its owner to confirm has been paid on Stripe's page: the renewal is
    confirmed (the order's own confirmation e-mail says so; the off-session receipt is for "paid")."""
    renewal = session.exec(
        select(SubscriptionRenewal).where(
            SubscriptionRenewal.order_id == order.id, SubscriptionRenewal.payment == "action_needed"
        )
    ).first()
    if renewal is not None:
        renewal.payment, order.hold_until = "confirmed", None
        session.add_all([renewal, order])
        session.flush()


#: Days after the first declined payment on which a renewal's card is tried again; after the last, the box pauses.
RETRY_AFTER_DAYS = (1, 3, 5)


def _charge(session: Session, sub: Subscription, renewal: SubscriptionRenewal, order: OrderMeta) -> str:
    """Charge the owner's default card for a renewal's order (attempt ``renewal.attempts + 1``); returns the
    outcome. Stripe not answering leaves the attempt to the next run, under the same key."""
    card = cards.default_card(session, sub.user_id)
    customer = cards.customer_id(session, sub.user_id)
    attempt = renewal.attempts + 1
    if card is None or customer is None:
        outcome = payments.Charge("declined", message="No card is chosen for boxes.")
    else:
        outcome = payments.charge_saved_card(
            customer_id=customer, payment_method_id=card.payment_method_id, amount_cents=order.total_cents,
            currency=order.currency, order_reference=order.external_id,
            idempotency_key=f"renewal:{sub.id}:{renewal.ship_date.isoformat()}:{attempt}",
        )  # fmt: skip
    if outcome.outcome == "unreachable":
        renewal.payment, renewal.next_attempt = "retrying", clock.today() + timedelta(days=1)
        order.hold_until = _end_of(renewal.next_attempt)
        session.add_all([renewal, order])
        return outcome.outcome
    renewal.attempts = attempt
    if outcome.payment_intent:
        order.payment_intent = outcome.payment_intent
    user = session.get(UserProfile, sub.user_id)
    view = _view(session, sub)
    about = {"subscription_id": sub.id, "email": user.email, "plan": view.plan, "pet": view.pet_name or "your pet",
             "ship_date": day(renewal.ship_date), "order_id": order.id, "reference": order.external_id,
             "total": format_money(order.total_cents, order.currency), "reason": outcome.message,
             "card": cards.card_label(card) if card else ""}  # fmt: skip
    if outcome.outcome == "paid":
        renewal.payment, renewal.next_attempt, order.hold_until = "paid", None, None
        session.add_all([renewal, order])
        orders.move(session, order, OrderStatus.PAID, by="stripe", note=f"Paid with the saved {about['card']}.")
        publish(session, "subscription.renewal_paid", about)
        return outcome.outcome
    if outcome.outcome == "action_needed":
        renewal.payment, renewal.next_attempt = "action_needed", None
        order.hold_until = clock.now() + timedelta(days=RETRY_AFTER_DAYS[-1])
        session.add_all([renewal, order])
        orders.note_on_timeline(session, order, by="stripe", note="The bank asks the owner to confirm the payment.")
        publish(session, "subscription.payment_action_needed",
                {**about, "pay_url": f"{settings.MAIN_URL}/dashboard/orders?pay={order.external_id}"})  # fmt: skip
        return outcome.outcome
    first_failed = renewal.first_failed_on or clock.today()
    renewal.first_failed_on = first_failed
    orders.note_on_timeline(session, order, by="stripe", note=f"Card payment failed: {outcome.message}")
    if attempt <= len(RETRY_AFTER_DAYS):
        renewal.payment = "retrying"
        renewal.next_attempt = first_failed + timedelta(days=RETRY_AFTER_DAYS[attempt - 1])
        order.hold_until = _end_of(renewal.next_attempt)
        session.add_all([renewal, order])
        publish(session, "subscription.payment_failed",
                {**about, "attempt": attempt, "retry_on": day(renewal.next_attempt),
                 "card_url": f"{settings.MAIN_URL}/account#cards"})  # fmt: skip
        return outcome.outcome
    renewal.payment, renewal.next_attempt, order.hold_until = "failed", None, None
    reason = (f"Paused on {day(clock.today())}: the card payment for the {day(renewal.ship_date)} box failed "
              f"{attempt} times ({outcome.message.rstrip('.')}).")  # fmt: skip
    sub.status, sub.paused_reason = SubscriptionStatus.PAUSED, reason[:200]
    session.add_all([renewal, sub])
    orders.move(session, order, OrderStatus.CANCELLED, by="system", note="The card was declined on every try.")
    card_url = f"{settings.MAIN_URL}/account#cards"
    publish(
        session, "subscription.paused_for_payment", {**about, "paused_reason": sub.paused_reason, "card_url": card_url}
    )
    return "paused"


def _end_of(on: date) -> datetime:
    """The end of a day, in UTC (an order held for a retry on that day stays open through it)."""
    return datetime.combine(on + timedelta(days=1), time(0), tzinfo=clock.now().tzinfo)


def retry_payments(session: Session) -> dict[str, int]:
    """Try again every renewal whose declined card payment is due another try today; returns the outcomes.

    Each renewal is locked while it is tried (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), and its attempt number
    is in the idempotency key, so two runs at once charge it at most once.
    """
    today = clock.today()
    ids = session.exec(
        select(SubscriptionRenewal.id).where(
            SubscriptionRenewal.payment == "retrying", col(SubscriptionRenewal.next_attempt) <= today
        )
    ).all()
    outcomes: dict[str, int] = {}
    for renewal_id in ids:
        renewal = session.exec(
            select(SubscriptionRenewal)
            .where(SubscriptionRenewal.id == renewal_id, SubscriptionRenewal.payment == "retrying",
                   col(SubscriptionRenewal.next_attempt) <= today)
            .with_for_update(skip_locked=True)
        ).first()  # fmt: skip
        order = session.get(OrderMeta, renewal.order_id) if renewal and renewal.order_id else None
        if renewal is None or order is None or order.status != OrderStatus.AWAITING_PAYMENT:
            if renewal is not None:
                renewal.payment, renewal.next_attempt = ("paid" if order and was_paid(order) else ""), None
                session.add(renewal)
            continue
        sub = session.get(Subscription, renewal.subscription_id)
        outcome = _charge(session, sub, renewal, order)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        session.flush()
    return outcomes


def renew_due(session: Session) -> int:
    """Create the renewal of every active box due by today; returns how many were made now."""
    today = clock.today()
    due = session.exec(
        select(Subscription).where(
            Subscription.status == SubscriptionStatus.ACTIVE, col(Subscription.next_shipment) <= today
        )
    ).all()
    return sum(_renew(session, sub, sub.next_shipment) for sub in due)


def ship_now(session: Session, user: UserProfile | None, subscription_id: int) -> Subscription:
    """Send the next box today instead of on its date."""
    sub = _get(session, user, subscription_id)
    if sub.status != SubscriptionStatus.ACTIVE:
        raise ValidationFailed.one("status", "Resume the subscription first.")
    sub.skip_next = False
    _renew(session, sub, clock.today())
    return sub


REMIND_DAYS_BEFORE = 3


def remind_due(session: Session) -> int:
    """Publish a reminder for every active box shipping within three days (once per box date)."""
    today = clock.today()
    soon = session.exec(
        select(Subscription).where(
            Subscription.status == SubscriptionStatus.ACTIVE,
            col(Subscription.next_shipment) <= today + timedelta(days=REMIND_DAYS_BEFORE),
            col(Subscription.next_shipment) > today,
        )
    ).all()
    sent = 0
    for sub in soon:
        if sub.reminded_for == sub.next_shipment or sub.skip_next:
            continue
        user = session.get(UserProfile, sub.user_id)
        view = _view(session, sub)
        publish(
            session,
            "subscription.renewal_soon",
            {"subscription_id": sub.id, "email": user.email, "plan": view.plan, "pet": view.pet_name or "your pet",
             "ship_date": sub.next_shipment.isoformat()},
        )  # fmt: skip
        sub.reminded_for = sub.next_shipment
        session.add(sub)
        sent += 1
    session.flush()
    return sent
