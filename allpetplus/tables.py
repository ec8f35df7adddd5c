"""Every table of the product (all three apps), imported in one place for Alembic and tools."""

from sqlmodel import SQLModel

from allpetplus.builder.models import SavedDesign
from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.order.models import OrderMeta
from allpetplus.pet.models import Breed, PetProfile, PetWeight, Species
from allpetplus.user.models import UserProfile

metadata = SQLModel.metadata

__all__ = [
    "Breed",
    "Category",
    "OrderMeta",
    "PetProfile",
    "PetWeight",
    "Product",
    "ProductVariant",
    "SavedDesign",
    "Species",
    "UserProfile",
    "metadata",
]
