"""Every table of the product (all three apps), imported in one place for Alembic and tools."""

from sqlmodel import SQLModel

from allpetplus.analytics.models import AnalyticsEvent
from allpetplus.builder.models import PaletteColour, SavedDesign
from allpetplus.cart.models import Cart, CartLine, DiscountCode, DiscountRedemption
from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.core.outbox import OutboxEvent
from allpetplus.document.models import PrivateDocument
from allpetplus.events.models import EmailMessage
from allpetplus.licence.models import Licence, LicenceTag
from allpetplus.order.models import OrderLine, OrderMeta
from allpetplus.pet.models import Breed, PetProfile, PetVaccination, PetWeight, Species
from allpetplus.subscription.models import Subscription, SubscriptionPlan, SubscriptionRenewal
from allpetplus.user.models import UserProfile, UserSession
from allpetplus.webhook.models import WebhookDelivery

metadata = SQLModel.metadata
#: Tables the database keeps for itself, not models: SQLite's full-text index of the catalog and its parts.
SEARCH_INDEX_TABLES = ("product_search",)
#: Indexes on expressions, made by the migrations alone (Alembic compares column indexes only).
EXPRESSION_INDEXES = {"ix_product_search", "ix_product_variant_colour"}


def is_model_object(name: str | None, type_: str, _parents: dict) -> bool:
    """For Alembic's comparisons: every table but the search index's, every index but those on expressions."""
    if type_ == "table":
        return not (name and name.startswith(SEARCH_INDEX_TABLES))
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


__all__ = [
    "AnalyticsEvent",
    "Breed",
    "Cart",
    "CartLine",
    "Category",
    "DiscountCode",
    "DiscountRedemption",
    "EmailMessage",
    "Licence",
    "LicenceTag",
    "OrderLine",
    "OrderMeta",
    "OutboxEvent",
    "PaletteColour",
    "PetProfile",
    "PetVaccination",
    "PetWeight",
    "PrivateDocument",
    "Product",
    "ProductVariant",
    "SavedDesign",
    "Species",
    "Subscription",
    "SubscriptionPlan",
    "SubscriptionRenewal",
    "UserProfile",
    "UserSession",
    "WebhookDelivery",
    "metadata",
]
