"""Cards on file: each account's Stripe Customer (made the first time a card is saved), its saved cards as Stripe
reports them, the default card that boxes are charged to, and removing a card.

A card is saved on Stripe's own page (Checkout in setup mode), so no card number ever reaches this shop; the
cards listed here are refreshed from Stripe when that page reports back (the signed webhook) and when the owner
comes back from it.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from allpetplus.core import ratelimit
from allpetplus.core.errors import ValidationFailed
from allpetplus.order import payments
from allpetplus.order.models import PaymentCustomer, SavedCard
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user


class CardView(BaseModel):
    """A saved card as its owner sees it."""

    id: int
    label: str
    expires: str
    is_default: bool


def card_label(card: SavedCard) -> str:
    """``Visa ending 4242``."""
    return f"{card.brand.replace('_', ' ').title()} ending {card.last4}"


def _view(card: SavedCard) -> CardView:
    return CardView(id=card.id, label=card_label(card), expires=f"{card.exp_month:02d}/{card.exp_year % 100:02d}",
                    is_default=card.is_default)  # fmt: skip


def customer_id(session: Session, user_id: int) -> str | None:
    """The account's Stripe Customer id, if it has one."""
    row = session.exec(select(PaymentCustomer).where(PaymentCustomer.user_id == user_id)).first()
    return row.stripe_customer_id if row else None


def ensure_customer(session: Session, user: UserProfile) -> str:
    """The account's Stripe Customer, created the first time it is needed (once, even when asked twice at once:
    Stripe answers the same key with the same customer, and the unique row keeps one)."""
    existing = customer_id(session, user.id)
    if existing:
        return existing
    created = payments.create_customer(user.email, user.id)
    try:
        with session.begin_nested():
            session.add(PaymentCustomer(user_id=user.id, stripe_customer_id=created))
            session.flush()
    except IntegrityError:
        return customer_id(session, user.id) or created
    return created


def start_adding_card(session: Session, user: UserProfile | None, *, success_url: str, cancel_url: str) -> str:
    """Where to send the owner to save a card (Stripe's page); refused when card payments are not set up, and
    after ``card-setup``'s number of tries in an hour."""
    user = require_user(user)
    if not payments.stripe_enabled():
        raise ValidationFailed.one("card", "This shop takes no cards yet: boxes are paid on invoice.")
    ratelimit.check("card-setup", str(user.id))
    return payments.start_card_setup(ensure_customer(session, user), success_url=success_url, cancel_url=cancel_url)


def refresh_cards(session: Session, user_id: int) -> list[SavedCard]:
    """Bring the account's saved cards in line with Stripe's list; when none is the default, the newest becomes it."""
    customer = customer_id(session, user_id)
    if customer is None or not payments.stripe_enabled():
        return _cards(session, user_id)
    # Oldest first, so that rows are numbered in the order the cards were saved.
    at_stripe = {card.payment_method_id: card for card in reversed(payments.customer_cards(customer))}
    mine = {card.payment_method_id: card for card in _cards(session, user_id)}
    for gone in set(mine) - set(at_stripe):
        session.delete(mine.pop(gone))
    for pm_id, card in at_stripe.items():
        row = mine.get(pm_id) or SavedCard(user_id=user_id, payment_method_id=pm_id)
        row.brand, row.last4, row.exp_month, row.exp_year = card.brand, card.last4, card.exp_month, card.exp_year
        session.add(row)
        mine[pm_id] = row
    session.flush()
    if mine and not any(card.is_default for card in mine.values()):
        newest = max(mine.values(), key=lambda card: card.id)
        newest.is_default = True
        session.add(newest)
        session.flush()
    return _cards(session, user_id)


def _cards(session: Session, user_id: int) -> list[SavedCard]:
    return list(session.exec(select(SavedCard).where(SavedCard.user_id == user_id).order_by(col(SavedCard.id))))


def list_cards(session: Session, user: UserProfile | None) -> list[CardView]:
    """The owner's saved cards, oldest first, the default marked."""
    user = require_user(user)
    return [_view(card) for card in _cards(session, user.id)]


def default_card(session: Session, user_id: int) -> SavedCard | None:
    """The card boxes are charged to, if the owner chose one."""
    return session.exec(
        select(SavedCard).where(SavedCard.user_id == user_id, col(SavedCard.is_default).is_(True))
    ).first()


def make_default(session: Session, user: UserProfile | None, card_id: int) -> SavedCard:
    """Charge boxes to this card from now on."""
    card = owned_or_404(user, session.get(SavedCard, card_id), "That card")
    for other in _cards(session, card.user_id):
        other.is_default = other.id == card.id
        session.add(other)
    session.flush()
    return card


def remove_card(session: Session, user: UserProfile | None, card_id: int) -> bool:
    """Remove a saved card at Stripe and here; returns whether it was the default (then the owner's boxes have no
    card until they choose another: none is picked for them)."""
    card = owned_or_404(user, session.get(SavedCard, card_id), "That card")
    payments.detach_card(card.payment_method_id)
    was_default = card.is_default
    session.delete(card)
    session.flush()
    return was_default


def user_for_customer(session: Session, stripe_customer_id: str) -> int | None:
    """The account a Stripe Customer belongs to."""
    row = session.exec(select(PaymentCustomer).where(PaymentCustomer.stripe_customer_id == stripe_customer_id)).first()
    return row.user_id if row else None
