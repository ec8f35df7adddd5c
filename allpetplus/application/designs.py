"""Design use-cases that need a licence: a design (a harness's ID patch, a collar's name plate) may carry the tag of
one of its owner's current licences.

The builder and the cart sit below licensing, so the tag is checked here and the lower service is called
after it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from allpetplus.builder import service as designs
from allpetplus.builder import types as product_types
from allpetplus.builder.config import Palette
from allpetplus.builder.design import DesignConfig
from allpetplus.builder.models import SavedDesign
from allpetplus.cart import service as carts
from allpetplus.cart.models import Cart, CartLine
from allpetplus.licence.tags import check_tag
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user


def checked_design(
    session: Session,
    user: UserProfile | None,
    config: dict[str, Any] | DesignConfig,
    palette: Palette,
    product_type: str = product_types.DEFAULT_TYPE,
) -> DesignConfig:
    """The configuration checked by its type's rules, with its licence tag (if it carries one) one of the user's."""
    checked = product_types.validate(config, palette, product_type)
    check_tag(session, user, getattr(checked, "licence_tag", ""))
    return checked


def save_design(
    session: Session,
    user: UserProfile | None,
    *,
    config: dict[str, Any] | DesignConfig,
    palette: Palette,
    name: str,
    status: str = "DRAFT",
    pet_id: int | None = None,
    design_id: int | None = None,
    product_type: str = product_types.DEFAULT_TYPE,
) -> SavedDesign:
    """Save a design (``builder.service.save_design``) once its licence tag is found to be the user's."""
    user = require_user(user)
    checked = checked_design(session, user, config, palette, product_type)
    return designs.save_design(session, user, config=checked, palette=palette, name=name, status=status,
                               pet_id=pet_id, design_id=design_id)  # fmt: skip


def add_design_to_cart(session: Session, user: UserProfile | None, design_id: int, palette: Palette) -> CartLine:
    """Put a saved design in the user's cart (``cart.service.add_design``) once its licence tag is checked."""
    user = require_user(user)
    design = designs.get_design(session, user, design_id)
    checked_design(session, user, design.config, palette, design.product_type)
    return carts.add_design(session, user, design_id, palette)


def add_set_to_cart(
    session: Session, user: UserProfile | None, cart: Cart, *, configs: dict[str, dict[str, Any]], palette: Palette,
    name: str, design_ids: dict[str, int] | None = None,
) -> list[CartLine]:  # fmt: skip
    """Put a designed matching set in ``cart`` (``cart.service.add_designed_set``): each design, by its type,
    checked by its rules (and its licence tag) and priced by the server; ``design_ids`` (by type) link the lines
    to the user's saved designs they were opened from."""
    linked = {slug: design_id for slug, design_id in (design_ids or {}).items() if slug in configs and design_id}
    names = {
        slug: designs.get_design(session, require_user(user), design_id).name for slug, design_id in linked.items()
    }
    checked = [checked_design(session, user, config, palette, slug) for slug, config in configs.items()]
    return carts.add_designed_set(session, cart, checked, name=name, design_ids=linked, names=names)


def add_configuration_to_cart(
    session: Session,
    user: UserProfile | None,
    cart: Cart,
    *,
    config: dict[str, Any] | DesignConfig,
    palette: Palette,
    name: str,
    design_id: int | None = None,
    product_type: str = product_types.DEFAULT_TYPE,
) -> CartLine:
    """Put the design on screen in ``cart`` (a guest's too), checked by the builder's rules and priced by the
    server; ``design_id`` links the line to the user's saved design it was opened from."""
    if design_id is not None:
        designs.get_design(session, require_user(user), design_id)
    checked = checked_design(session, user, config, palette, product_type)
    return carts.add_configured_design(session, cart, checked, name=name, design_id=design_id)
