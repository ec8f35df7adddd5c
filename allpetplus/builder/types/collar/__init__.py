"""The collar: width, buckle (side-release, metal, or breakaway for cats), the palette's colours, embroidered text
or an engraved name plate with the licence tag's QR code, reflective stitching; sized from the neck girth."""

from __future__ import annotations

from allpetplus.builder.design import ProductType
from allpetplus.builder.types.collar import schema
from allpetplus.builder.types.collar.fit import fit
from allpetplus.builder.types.collar.model import parts
from allpetplus.builder.types.collar.price import price, title

TYPE = ProductType(
    slug="collar",
    name="Collar",
    config=schema.CollarConfig,
    colour_fields=schema.COLOUR_FIELDS,
    choices=schema.CHOICES,
    field_errors=schema.field_errors,
    rules=schema.RULES,
    price=price,
    title=title,
    max_text=schema.max_text,
    fit=fit,
    measured="neck",
    parts=parts,
    describe=schema.describe,
    matches=schema.MATCHES,
    labels=schema.LABELS,
)
