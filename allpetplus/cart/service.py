"""Cart rules: guest and signed-in carts, product variants, matching sets, harness designs, discount
codes, and merging a guest cart into the user's at sign-in. Prices always come from the server.
"""

from __future__ import annotations

import secrets
import uuid

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from allpetplus.builder import types as product_types
from allpetplus.builder.config import Palette
from allpetplus.builder.design import DesignConfig
from allpetplus.builder.service import get_design
from allpetplus.cart.models import Cart, CartLine, DiscountClaim, DiscountCode, DiscountRedemption
from allpetplus.cart.pricing import CartTotals, PricedLine, price_cart, rules, shop_currency
from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user

MAX_LINE_QUANTITY = 20


class CartSummary(BaseModel):
    """What the cart holds."""

    lines: int
    items: int
    total: str


class MergeResult(BaseModel):
    """What merging a guest cart at sign-in did."""

    moved: int
    code_dropped: str = ""  # why the guest cart's code was not kept ('' when kept or none)


# ---------------------------------------------------------------- finding carts


def new_guest_token() -> str:
    """A token naming a guest's cart (kept in the guest's browser)."""
    return secrets.token_urlsafe(24)


def is_guest_token(value: object) -> bool:
    """Whether ``value`` can name a guest's cart (it comes from a cookie the browser may have changed)."""
    return isinstance(value, str) and 0 < len(value) <= 64


def cart_for(session: Session, user: UserProfile) -> Cart:
    """The user's cart, created on first use."""
    cart = session.exec(select(Cart).where(Cart.user_id == user.id)).first()
    if cart is None:
        cart = Cart(user_id=user.id)
        session.add(cart)
        session.flush()
    return cart


def guest_cart(session: Session, token: str, create: bool = True) -> Cart | None:
    """A guest's cart by its token (created when asked)."""
    if not is_guest_token(token):
        return None
    cart = session.exec(select(Cart).where(Cart.guest_token == token)).first()
    if cart is None and create:
        cart = Cart(guest_token=token)
        session.add(cart)
        session.flush()
    return cart


def _touch(session: Session, cart: Cart) -> None:
    cart.updated_at = utcnow()
    session.add(cart)


# ---------------------------------------------------------------- adding lines


def _variant(session: Session, sku: str) -> tuple[ProductVariant, Product]:
    row = session.exec(
        select(ProductVariant, Product)
        .join(Product, col(ProductVariant.product_id) == Product.id)
        .where(ProductVariant.sku == sku, col(Product.is_active).is_(True))
    ).first()
    if row is None:
        raise NotFound("That product")
    return row


def _in_cart(session: Session, cart: Cart, variant_id: int, set_group: str | None) -> CartLine | None:
    stmt = select(CartLine).where(CartLine.cart_id == cart.id, CartLine.variant_id == variant_id)
    stmt = stmt.where(CartLine.set_group == set_group) if set_group else stmt.where(col(CartLine.set_group).is_(None))
    return session.exec(stmt).first()


def _check_stock(variant: ProductVariant, product: Product, wanted: int) -> None:
    if wanted < 1:
        raise ValidationFailed.one("quantity", "Choose at least 1.")
    if wanted > MAX_LINE_QUANTITY:
        raise ValidationFailed.one("quantity", f"Order at most {MAX_LINE_QUANTITY} of one item at a time.")
    if variant.stock <= 0:
        raise ValidationFailed.one("quantity", f"{product.title} ({variant.title}) is sold out.")
    if wanted > variant.stock:
        raise ValidationFailed.one("quantity", f"Only {variant.stock} of {product.title} ({variant.title}) left.")


def add_variant(session: Session, cart: Cart, sku: str, quantity: int = 1, set_group: str | None = None) -> CartLine:
    """Add a product variant (more of it when already in the cart), within the stock."""
    variant, product = _variant(session, sku)
    line = _in_cart(session, cart, variant.id, set_group)
    _check_stock(variant, product, (line.quantity if line else 0) + quantity)
    if line is None:
        line = CartLine(
            cart_id=cart.id,
            kind="variant",
            variant_id=variant.id,
            title=f"{product.title} — {variant.title}",
            unit_cents=variant.price_cents,
            currency=variant.currency,
            quantity=0,
            set_group=set_group,
        )
    line.quantity += quantity
    session.add(line)
    _touch(session, cart)
    session.flush()
    _announce_added(session, cart, line, quantity)
    return line


def _announce_added(session: Session, cart: Cart, line: CartLine, quantity: int) -> None:
    publish(session, "cart.item_added", {"cart_id": cart.id, "user_id": cart.user_id, "visitor": f"cart:{cart.id}",
                                         "kind": line.kind, "total_cents": line.unit_cents * quantity,
                                         "currency": line.currency})  # fmt: skip


def matching_set_options(session: Session, colour: str) -> dict[str, list[ProductVariant]]:
    """For one colour, the in-stock variants of each part of the set (harness, collar, leash)."""
    parts: dict[str, list[ProductVariant]] = {}
    for slug in rules()["matching_set"]["categories"]:
        rows = session.exec(
            select(ProductVariant)
            .join(Product, col(ProductVariant.product_id) == Product.id)
            .join(Category, col(Product.category_id) == Category.id)
            .where(Category.slug == slug, ProductVariant.colour == colour, col(Product.is_active).is_(True))
            .order_by(ProductVariant.position)
        ).all()
        parts[slug] = list(rows)
    return parts


def add_matching_set(session: Session, cart: Cart, skus: list[str]) -> list[CartLine]:
    """Add a harness, a collar and a leash in the same colour as one set (the set discount applies)."""
    wanted = rules()["matching_set"]["categories"]
    picked: dict[str, tuple[ProductVariant, Product]] = {}
    for sku in skus:
        variant, product = _variant(session, sku)
        category = session.get(Category, product.category_id)
        picked[category.slug] = (variant, product)
    if sorted(picked) != sorted(wanted) or len(skus) != len(wanted):
        raise ValidationFailed.one("set", "A matching set is one harness, one collar and one leash.")
    if len({variant.colour for variant, _ in picked.values()}) != 1:
        raise ValidationFailed.one("set", "A matching set is all in the same colour.")
    group = uuid.uuid4().hex[:12]
    for variant, product in picked.values():
        _check_stock(variant, product, 1)
    return [add_variant(session, cart, variant.sku, 1, set_group=group) for variant, _ in picked.values()]


def add_design(session: Session, user: UserProfile | None, design_id: int, palette: Palette) -> CartLine:
    """Put a saved design in the user's cart: its configuration is checked again and priced by the server.
    (Its licence tag is checked by ``application.designs.add_design_to_cart``.)"""
    user = require_user(user)
    design = get_design(session, user, design_id)
    checked = product_types.validate(design.config, palette, design.product_type)
    return add_configured_design(session, cart_for(session, user), checked, name=design.name, design_id=design.id)


def add_designed_set(
    session: Session, cart: Cart, configs: list[DesignConfig], *, name: str, design_ids: dict[str, int] | None = None,
    names: dict[str, str] | None = None,
) -> list[CartLine]:  # fmt: skip
    """Put a designed matching set in ``cart``: one design of each of the set's types (a harness, a collar and a
    leash), priced like a stock set (``cart.pricing.set_discount``); ``design_ids`` and ``names`` (by type) name the
    saved design of a type, when there is one."""
    wanted = rules()["matching_set"]["product_types"]
    if sorted(type(config).product_type for config in configs) != sorted(wanted):
        raise ValidationFailed.one("set", "A designed set is one harness, one collar and one leash.")
    group = uuid.uuid4().hex[:12]
    ids, titles = design_ids or {}, names or {}
    return [
        add_configured_design(
            session, cart, config, name=titles.get(slug, name), set_group=group, design_id=ids.get(slug)
        )  # fmt: skip
        for config in configs
        for slug in [type(config).product_type]
    ]


def add_configured_design(
    session: Session,
    cart: Cart,
    config: DesignConfig,
    *,
    name: str,
    design_id: int | None = None,
    set_group: str | None = None,
) -> CartLine:
    """Put a checked design in ``cart`` (a guest's too), frozen and priced by the server; the line names the saved
    design it came from, when there is one, and the designed set it belongs to."""
    kind = product_types.type_of(config)
    quote = product_types.quote(config)
    noun = kind.name.lower()
    title = (name or "").strip()[:80] or f"My {noun}"
    line = CartLine(
        cart_id=cart.id,
        kind="design",
        design_id=design_id,
        set_group=set_group,
        product_type=kind.slug,
        title=f"Custom {noun}: {title}",
        config=config.normalised(),
        unit_cents=quote.unit_cents,
        quantity=config.quantity,
        currency=quote.currency,
    )
    session.add(line)
    _touch(session, cart)
    session.flush()
    _announce_added(session, cart, line, line.quantity)
    return line


# ---------------------------------------------------------------- changing lines


def _own_line(session: Session, cart: Cart, line_id: int) -> CartLine:
    line = session.get(CartLine, line_id)
    if line is None or line.cart_id != cart.id:
        raise NotFound("That cart line")
    return line


def set_quantity(session: Session, cart: Cart, line_id: int, quantity: int) -> CartLine | None:
    """Change a line's quantity (0 removes it); variants stay within stock."""
    line = _own_line(session, cart, line_id)
    if quantity <= 0:
        session.delete(line)
        session.flush()
        return None
    if line.variant_id:
        variant = session.get(ProductVariant, line.variant_id)
        _check_stock(variant, session.get(Product, variant.product_id), quantity)
    elif quantity > MAX_LINE_QUANTITY:
        raise ValidationFailed.one("quantity", f"Order at most {MAX_LINE_QUANTITY} of one item at a time.")
    line.quantity = quantity
    session.add(line)
    _touch(session, cart)
    session.flush()
    return line


def remove_line(session: Session, cart: Cart, line_id: int) -> None:
    """Take a line (a whole matching set, if it belongs to one) out of the cart."""
    line = _own_line(session, cart, line_id)
    if line.set_group:
        for member in session.exec(
            select(CartLine).where(CartLine.cart_id == cart.id, CartLine.set_group == line.set_group)
        ):
            session.delete(member)
    else:
        session.delete(line)
    session.flush()


# ---------------------------------------------------------------- discount codes


def customer_keys(user: UserProfile | None, email: str) -> list[str]:
    """Who a once-per-customer code is counted against: the account, and the e-mail address (a ``+tag`` in
    it does not make a new customer)."""
    local, _, domain = (email or "").strip().lower().partition("@")
    keys = [f"email:{local.split('+', 1)[0]}@{domain}"] if local and domain else []
    return keys + ([f"user:{user.id}"] if user is not None and user.id is not None else [])


def code_problem(
    session: Session, code: DiscountCode | None, subtotal: int, user: UserProfile | None = None, email: str = ""
) -> str | None:
    """Why ``code`` cannot be used now on a cart of ``subtotal`` by this customer (as far as they are known),
    or ``None``: every rule of a code, in one place, for applying it, showing the cart and checking out."""
    if code is None or not code.is_active:
        return "That code doesn't exist."
    expires = code.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=utcnow().tzinfo)) < utcnow():
        return "That code has expired."
    if subtotal < code.min_order_cents:
        return f"That code needs an order of at least {format_money(code.min_order_cents, shop_currency())}."
    keys = customer_keys(user, email)
    if code.once_per_customer and keys:
        taken = select(DiscountClaim.id).where(DiscountClaim.code_id == code.id, col(DiscountClaim.customer).in_(keys))
        if session.exec(taken).first() is not None:
            return "You have already used that code."
    return None


def redeem_code(session: Session, code: DiscountCode, order_id: int, user: UserProfile | None, email: str) -> None:
    """Record that ``order_id`` used ``code``; a once-per-customer code is claimed under a unique key, so of
    two checkouts racing with it only one can commit (``ValidationFailed`` for the other)."""
    session.add(DiscountRedemption(code_id=code.id, user_id=user.id if user else None, email=email, order_id=order_id))
    if not code.once_per_customer:
        return
    try:
        with session.begin_nested():
            for key in customer_keys(user, email):
                session.add(DiscountClaim(code_id=code.id, customer=key, order_id=order_id))
            session.flush()
    except IntegrityError:
        raise ValidationFailed.one("code", "You have already used that code.") from None


def release_code(session: Session, order_id: int) -> None:
    """An order that will never be paid gives its once-per-customer code back to the customer."""
    for claim in session.exec(select(DiscountClaim).where(DiscountClaim.order_id == order_id)).all():
        session.delete(claim)


def find_code(session: Session, text: str) -> DiscountCode | None:
    """A discount code by its text (case-insensitive)."""
    return session.exec(select(DiscountCode).where(DiscountCode.code == (text or "").strip().upper())).first()


def apply_code(
    session: Session, cart: Cart, text: str, user: UserProfile | None = None, email: str = ""
) -> DiscountCode:
    """Attach a code to the cart after checking it against the cart and the customer."""
    code = find_code(session, text)
    subtotal = totals(session, cart).subtotal_cents
    problem = code_problem(session, code, subtotal, user, email or (user.email if user else ""))
    if problem:
        raise ValidationFailed.one("code", problem)
    cart.discount_code = code.code
    _touch(session, cart)
    session.flush()
    return code


def remove_code(session: Session, cart: Cart) -> None:
    """Take the code off."""
    cart.discount_code = None
    _touch(session, cart)
    session.flush()


# ---------------------------------------------------------------- totals


def priced_lines(session: Session, cart: Cart) -> list[PricedLine]:
    """The cart's lines priced now; lines for retired products are kept but marked unavailable."""
    result = []
    for line in session.exec(select(CartLine).where(CartLine.cart_id == cart.id).order_by(CartLine.id)):
        available, note, sku, unit, part = True, "", "", line.unit_cents, ""
        if line.kind == "variant":
            variant = session.get(ProductVariant, line.variant_id) if line.variant_id else None
            product = session.get(Product, variant.product_id) if variant else None
            if variant is None or product is None or not product.is_active:
                available, note = False, "No longer sold; remove it to check out."
            else:
                sku, unit = variant.sku, variant.price_cents
                part = session.get(Category, product.category_id).slug if line.set_group else ""
                if variant.stock < line.quantity:
                    available = False
                    note = "Sold out." if variant.stock <= 0 else f"Only {variant.stock} left; lower the quantity."
        elif line.set_group:  # a designed set: the part its type plays (the category a stock set takes it from)
            kinds, parts = rules()["matching_set"]["product_types"], rules()["matching_set"]["categories"]
            part = parts[kinds.index(line.product_type)] if line.product_type in kinds else ""
        result.append(
            PricedLine(
                id=line.id,
                kind=line.kind,
                title=line.title,
                sku=sku,
                unit_cents=unit,
                quantity=line.quantity,
                amount_cents=unit * line.quantity,
                amount=format_money(unit * line.quantity, line.currency),
                set_group=line.set_group or "",
                available=available,
                note=note,
                set_part=part,
            )
        )
    return result


def totals(
    session: Session,
    cart: Cart,
    *,
    user: UserProfile | None = None,
    email: str = "",
    country: str = "",
    region: str = "",
) -> CartTotals:
    """The whole cart priced: lines, set discount, code, shipping and tax. The cart's code is checked again
    against every rule (for the customer as far as ``user`` and ``email`` say who it is) and takes nothing
    off when it does not apply; the totals then say why."""
    lines = priced_lines(session, cart)
    code_data = None
    if cart.discount_code:
        code = find_code(session, cart.discount_code)
        subtotal = sum(line.amount_cents for line in lines if line.available)
        email = email or (user.email if user else "")
        problem = code_problem(session, code, subtotal, user, email) or ""
        code_data = {"code": cart.discount_code, "kind": code.kind if code else "", "value": code.value if code else 0,
                     "problem": problem}  # fmt: skip
    return price_cart(lines, code=code_data, country=country, region=region)


def summary(session: Session, user: UserProfile | None) -> CartSummary:
    """How many lines and items the user's cart holds, and its total."""
    user = require_user(user)
    priced = totals(session, cart_for(session, user))
    return CartSummary(lines=len(priced.lines), items=sum(line.quantity for line in priced.lines), total=priced.total)


# ---------------------------------------------------------------- merging at sign-in


def merge_guest_cart(session: Session, guest_token: str, user: UserProfile) -> MergeResult:
    """Move a guest cart's lines into the user's cart (quantities add up, within stock). The guest cart's code
    comes along only if the user may still use it on the merged cart."""
    guest = guest_cart(session, guest_token, create=False)
    if guest is None:
        return MergeResult(moved=0)
    mine = cart_for(session, user)
    moved = 0
    for line in session.exec(select(CartLine).where(CartLine.cart_id == guest.id)).all():
        existing = _in_cart(session, mine, line.variant_id, line.set_group) if line.variant_id else None
        if existing is not None:
            variant = session.get(ProductVariant, line.variant_id)
            existing.quantity = min(existing.quantity + line.quantity, max(variant.stock, existing.quantity))
            session.add(existing)
            session.delete(line)
        else:
            line.cart_id = mine.id
            session.add(line)
        moved += 1
    session.flush()
    dropped = ""
    if guest.discount_code and not mine.discount_code:
        subtotal = sum(line.amount_cents for line in priced_lines(session, mine) if line.available)
        problem = code_problem(session, find_code(session, guest.discount_code), subtotal, user, user.email)
        if problem:
            dropped = f"{guest.discount_code} was not kept: {problem}"
        else:
            mine.discount_code = guest.discount_code
    session.delete(guest)
    _touch(session, mine)
    session.flush()
    return MergeResult(moved=moved, code_dropped=dropped)


def clear(session: Session, cart: Cart) -> None:
    """Empty the cart (after checkout)."""
    for line in session.exec(select(CartLine).where(CartLine.cart_id == cart.id)).all():
        session.delete(line)
    cart.discount_code = None
    session.add(cart)
    session.flush()
