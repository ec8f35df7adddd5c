"""Seed data shipped with the product: species and breeds, a starter catalog and a demo user.

Loading is idempotent and additive: a row is created only when its natural key (slug, handle, sku,
e-mail, pet name) is missing, so running it again changes nothing and never undoes staff edits.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from allpetplus.builder.models import PaletteColour
from allpetplus.cart.models import DiscountCode
from allpetplus.catalog.models import Category, Product, ProductVariant
from allpetplus.pet.models import Breed, PetProfile, PetWeight, Species
from allpetplus.subscription.models import SubscriptionPlan
from allpetplus.user.models import Role, UserProfile

DATA_DIR = Path(__file__).parent / "data"


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text())


class _Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.created: Counter[str] = Counter()

    def get_or_create(self, model: type[SQLModel], key: dict[str, Any], **values: Any) -> Any:
        stmt = select(model)
        for column, value in key.items():
            stmt = stmt.where(getattr(model, column) == value)
        row = self.session.exec(stmt).first()
        if row is None:
            row = model(**key, **values)
            self.session.add(row)
            self.session.flush()
            self.created[model.__tablename__] += 1
        return row

    def species_and_breeds(self) -> None:
        data = _read("species.json")
        for entry in data["species"]:
            species = self.get_or_create(Species, {"slug": entry["slug"]}, name=entry["name"])
            for slug, name, size_class, min_g, max_g, min_mm, max_mm in data["breeds"][entry["slug"]]:
                self.get_or_create(
                    Breed,
                    {"species_id": species.id, "slug": slug},
                    name=name,
                    size_class=size_class,
                    min_weight_g=min_g,
                    max_weight_g=max_g,
                    min_chest_mm=min_mm,
                    max_chest_mm=max_mm,
                )

    def catalog(self) -> None:
        data = _read("catalog.json")
        for position, entry in enumerate(data["palette"]):
            self.get_or_create(
                PaletteColour,
                {"slug": entry["slug"]},
                name=entry["name"],
                hex=entry["hex"],
                uses=entry["uses"],
                position=position,
            )
        for entry in data["discount_codes"]:
            expires = entry["expires_at"]
            self.get_or_create(
                DiscountCode,
                {"code": entry["code"]},
                kind=entry["kind"],
                value=entry["value"],
                min_order_cents=entry["min_order_cents"],
                once_per_customer=entry["once_per_customer"],
                expires_at=datetime.fromisoformat(expires) if expires else None,
            )
        for entry in data["subscription_plans"]:
            self.get_or_create(
                SubscriptionPlan,
                {"slug": entry["slug"]},
                name=entry["name"],
                description=entry["description"],
                species=entry["species"],
                price_cents=entry["price_cents"],
            )
        categories = {}
        for position, entry in enumerate(data["categories"]):
            categories[entry["slug"]] = self.get_or_create(
                Category,
                {"slug": entry["slug"]},
                name=entry["name"],
                icon=entry["icon"],
                description=entry["description"],
                position=position,
            )
        for entry in data["products"]:
            product = self.get_or_create(
                Product,
                {"handle": entry["handle"]},
                title=entry["title"],
                summary=entry["summary"],
                description=entry["description"],
                category_id=categories[entry["category"]].id,
                species=entry["species"],
            )
            position = 0
            for size, price_cents in entry["sizes"].items():
                for colour_key in entry["colours"]:
                    colour, colour_hex = data["colours"][colour_key]
                    size_code = "OS" if size == "One size" else size
                    self.get_or_create(
                        ProductVariant,
                        {"sku": f"{entry['sku']}-{size_code}-{colour_key[:3].upper()}"},
                        product_id=product.id,
                        title=colour if size == "One size" else f"{size} / {colour}",
                        size=None if size == "One size" else size,
                        colour=colour,
                        colour_hex=colour_hex,
                        price_cents=price_cents,
                        currency=data["currency"],
                        stock=entry["stock"],
                        position=position,
                    )
                    position += 1

    def demo_users(self) -> None:
        for entry in _read("demo.json")["users"]:
            user = self.get_or_create(
                UserProfile,
                {"email": entry["email"]},
                display_name=entry["display_name"],
                role=Role(entry["role"]),
                preferences=entry["preferences"],
            )
            for pet in entry["pets"]:
                species = self.session.exec(select(Species).where(Species.slug == pet["species"])).one()
                breed = self.session.exec(
                    select(Breed).where(Breed.species_id == species.id, Breed.slug == pet["breed"])
                ).one()
                profile = self.get_or_create(
                    PetProfile,
                    {"user_id": user.id, "name": pet["name"]},
                    species_id=species.id,
                    breed_id=breed.id,
                    birth_date=date.fromisoformat(pet["birth_date"]),
                    chest_girth_mm=pet.get("chest_girth_mm"),
                    neck_mm=pet.get("neck_mm"),
                    microchip=pet.get("microchip"),
                    is_primary=pet["is_primary"],
                )
                for measured_on, weight_g in pet["weights"]:
                    self.get_or_create(
                        PetWeight,
                        {"pet_id": profile.id, "measured_on": date.fromisoformat(measured_on)},
                        weight_g=weight_g,
                    )


def load_seed(session: Session, *, demo: bool = True) -> dict[str, int]:
    """Create whatever seed rows are missing; return how many rows of each table were created."""
    loader = _Loader(session)
    loader.species_and_breeds()
    loader.catalog()
    if demo:
        loader.demo_users()
    return dict(loader.created)
