"""Cart rules. For now: a signed-in user's cart receives custom harness designs, priced by the server.

The commerce work adds product variants, guest carts, discounts and checkout on top of these tables.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, select

from allpetplus.builder.config import Palette, validate_config
from allpetplus.builder.pricing import quote_harness
from allpetplus.builder.service import get_design
from allpetplus.cart.models import Cart, CartLine
from allpetplus.core.money import format_money
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user


class CartSummary(BaseModel):
    """What the cart holds."""

    lines: int
    items: int
    total: str


def cart_for(session: Session, user: UserProfile) -> Cart:
    """The user's cart, created on first use."""
    cart = session.exec(select(Cart).where(Cart.user_id == user.id)).first()
    if cart is None:
        cart = Cart(user_id=user.id)
        session.add(cart)
        session.flush()
    return cart


def add_design(session: Session, user: UserProfile | None, design_id: int, palette: Palette) -> CartLine:
    """Put a saved design in the cart: its configuration is checked again and priced by the server."""
    user = require_user(user)
    design = get_design(session, user, design_id)
    config = validate_config(design.config, palette)
    quote = quote_harness(config)
    line = CartLine(
        cart_id=cart_for(session, user).id,
        kind="design",
        design_id=design.id,
        title=f"Custom harness: {design.name}",
        config=config.normalised(),
        unit_cents=quote.unit_cents,
        quantity=config.quantity,
        currency=quote.currency,
    )
    session.add(line)
    session.flush()
    return line


def summary(session: Session, user: UserProfile | None) -> CartSummary:
    """How many lines and items the cart holds, and their total."""
    user = require_user(user)
    lines = session.exec(select(CartLine).join(Cart).where(Cart.user_id == user.id)).all()
    total = sum(line.unit_cents * line.quantity for line in lines)
    currency = lines[0].currency if lines else "USD"
    return CartSummary(
        lines=len(lines), items=sum(line.quantity for line in lines), total=format_money(total, currency)
    )
