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
