"""``python -m allpetplus.scaffold product-type NAME``: a new designable product type, registered and tested.

It writes ``allpetplus/builder/types/NAME/``: its schema and rules (``schema.py``), price (``price.py``) and prices
(``options.json``), fit (``fit.py``) and a simple but valid 3D model (``model.py``, which also makes its pictures),
and ``__init__.py`` declaring ``TYPE``; the package is the registration (``allpetplus.builder.types`` finds every
package there). And ``tests/unit/test_NAME_type.py``. Every registered type is also covered by
``tests/unit/test_product_types.py``, so the new type's property tests run with no more code.
"""

from __future__ import annotations

import keyword
from pathlib import Path
from string import Template

from allpetplus.scaffold.module import NAME, ScaffoldError, _class_name, _format

INIT = '''"""The $label: a product type the builder designs (size, colours, personalised text)."""

from __future__ import annotations

from allpetplus.builder.design import ProductType
from allpetplus.builder.types.$name import schema
from allpetplus.builder.types.$name.fit import fit
from allpetplus.builder.types.$name.model import parts
from allpetplus.builder.types.$name.price import price, title

TYPE = ProductType(
    slug="$name",
    name="$label",
    config=schema.${Name}Config,
    colour_fields=schema.COLOUR_FIELDS,
    choices=schema.CHOICES,
    field_errors=schema.field_errors,
    rules=schema.RULES,
    price=price,
    title=title,
    max_text=schema.max_text,
    fit=fit,
    parts=parts,
    describe=schema.describe,
    matches=schema.MATCHES,
)
'''

OPTIONS = """{
  "sizes": {
    "XS": {"base_cents": 1200, "max_text": 6, "scale": 0.7},
    "S": {"base_cents": 1400, "max_text": 8, "scale": 0.85},
    "M": {"base_cents": 1600, "max_text": 10, "scale": 1.0},
    "L": {"base_cents": 1800, "max_text": 12, "scale": 1.15},
    "XL": {"base_cents": 2000, "max_text": 14, "scale": 1.3}
  },
  "per_character_cents": 100
}
"""

SCHEMA = '''"""The ${lower}'s options, each checked on its own, and the rules between them."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from allpetplus.builder.design import SIZES, DesignConfig, Rule

OPTIONS_FILE = Path(__file__).with_name("options.json")


@functools.cache
def options() -> dict:
    """Sizes (price, room for text, scale of the model) and the price of a letter (``options.json``)."""
    return json.loads(OPTIONS_FILE.read_text())


class ${Name}Config(DesignConfig):
    """One $lower design."""

    product_type: ClassVar[str] = "$name"

    size: str = "M"
    main_colour: str = "ocean"
    thread_colour: str = "white"


#: Each colour option and the palette use it must allow (staff choose the uses of each colour).
COLOUR_FIELDS = {"main_colour": "webbing", "thread_colour": "thread"}
#: What the builder offers for each choice (the rules grey out what would break the design).
CHOICES = {"size": SIZES}
#: "Match my harness": the harness colour each of this type's colours is taken from.
MATCHES = {"webbing_colour": "main_colour", "thread_colour": "thread_colour"}


def field_errors(c: ${Name}Config) -> dict[str, str]:
    """Each option of this type on its own (colours, text, size and quantity are checked for every type)."""
    return {}


def max_text(c: ${Name}Config) -> int:
    """The longest text this size takes."""
    return options()["sizes"].get(c.size, {}).get("max_text", 0)


def _thread_shows(c: ${Name}Config) -> tuple[str, str] | None:
    if c.text and c.thread_colour == c.main_colour:
        return "thread_colour", "Choose a thread colour that shows on the $lower."
    return None


RULES: tuple[Rule, ...] = (_thread_shows,)


def describe(config: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """A stored design in words, for the workshop (an option withdrawn since still reads sensibly)."""
    colour = names.get(str(config.get("main_colour")), str(config.get("main_colour", "")))
    lines = [f"$label, size {config.get('size', '?')}, {colour}"]
    if text := str(config.get("text", "")):
        lines.append(f"Text “{text}” in {names.get(str(config.get('thread_colour')), '')} thread")
    return lines
'''

PRICE = '''"""The ${lower}'s price, line by line (integer cents)."""

from __future__ import annotations

from allpetplus.builder.design import PriceLine
from allpetplus.builder.types.$name.schema import ${Name}Config, options


def price(c: ${Name}Config) -> list[PriceLine]:
    """One ${lower}'s lines; ``allpetplus.builder.types.quote`` multiplies them by the quantity."""
    lines: list[PriceLine] = [("base", title(c), options()["sizes"][c.size]["base_cents"])]
    letters = sum(1 for ch in c.text if not ch.isspace())
    if letters:
        lines.append(("text", f"Personalised text, {letters} character{'s' * (letters != 1)}",
                      letters * options()["per_character_cents"]))  # fmt: skip
    return lines


def title(c: ${Name}Config) -> str:
    """The design in a few words."""
    return f"$label, size {c.size}"
'''

FIT = '''"""The ${lower}'s size, from the pet's chest girth or weight (as the harness is sized)."""

from __future__ import annotations

from allpetplus.builder import fit as harness_fit
from allpetplus.builder.design import Fit


def fit(*, chest_cm: float | None = None, weight_kg: float | None = None, **_: object) -> Fit:
    """The size, and why."""
    recommendation = harness_fit.recommend_size(chest_cm=chest_cm, weight_kg=weight_kg)
    return Fit(size=recommendation.size, reason=recommendation.reason)
'''

MODEL = '''"""The ${lower}'s 3D model: a rounded panel in the main colour with the text on it (z-up, metres). Make it
look like the product: the builder's preview and every picture of a design are drawn from these parts."""

from __future__ import annotations

from collections.abc import Mapping

from shapely.geometry import Polygon

from allpetplus.builder.design import Part
from allpetplus.builder.lettering import text_mesh, text_width
from allpetplus.builder.types.$name.schema import ${Name}Config, options
from allpetplus.catalog.meshes import extrude, material

THICKNESS = 0.004


def parts(c: ${Name}Config, palette: Mapping) -> list[Part]:
    """Every part, in the design's colours."""
    scale = options()["sizes"][c.size]["scale"]
    outline = Polygon([(-0.12, 0.05), (0.12, 0.05), (0.0, -0.1)]).buffer(0.012, quad_segs=4)
    panel = extrude(outline, THICKNESS)
    panel.apply_scale(scale)
    made: list[Part] = [("panel", panel, material(palette[c.main_colour].hex, roughness=0.85))]
    if c.text:
        height = min(0.022, 0.16 / max(text_width(c.text, "block"), 0.5)) * scale
        letters = text_mesh(c.text, "block", height, 0.0008)
        if letters is not None:
            letters.apply_translation([-letters.bounds[:, 0].mean(), 0.02 * scale, THICKNESS * scale])
            made.append(("personalised_text", letters, material(palette[c.thread_colour].hex, roughness=0.6)))
    return made
'''

TESTS = '''"""The $lower product type: registered, priced by its own lines, its rule explained beside the option,
fitted, drawn and pictured. (``tests/unit/test_product_types.py`` runs the property tests of every type.)"""

import pytest

from allpetplus.builder import types
from allpetplus.builder.preview import build_scene
from allpetplus.core.errors import ValidationFailed
from allpetplus.picture.render import render
from tests.unit.test_builder_rules import PALETTE


def test_the_${name}_is_registered_and_its_default_design_is_priced():
    assert types.product_type("$name").name == "$label"
    quote = types.quote(types.validate({}, PALETTE, "$name"))
    assert [line.code for line in quote.lines] == ["base"] and quote.total_cents > 0


def test_its_price_is_the_sum_of_its_lines():
    quote = types.quote(types.validate({"size": "L", "text": "REX", "quantity": 2}, PALETTE, "$name"))
    assert [line.code for line in quote.lines] == ["base", "text"]
    assert quote.total_cents == sum(line.amount_cents for line in quote.lines) == 2 * quote.unit_cents


def test_its_rule_is_explained_beside_the_option():
    same = {"text": "REX", "main_colour": "ocean", "thread_colour": "ocean"}
    with pytest.raises(ValidationFailed) as caught:
        types.validate(same, PALETTE, "$name")
    assert "shows" in caught.value.errors["thread_colour"]


def test_it_is_fitted_from_the_pets_measurements():
    assert types.product_type("$name").fit(chest_cm=58).size == "M"


def test_its_model_is_drawn_in_its_colours_and_pictured():
    config = types.validate({"text": "REX"}, PALETTE, "$name")
    scene = build_scene(config, PALETTE)
    assert {"panel", "personalised_text"} <= set(scene.geometry)
    picture = render(scene, 96, 96)
    assert picture.size == (96, 96) and picture.getextrema()[3][1] == 255  # something opaque was drawn
'''

FILES = {
    "allpetplus/builder/types/{name}/__init__.py": INIT,
    "allpetplus/builder/types/{name}/options.json": OPTIONS,
    "allpetplus/builder/types/{name}/schema.py": SCHEMA,
    "allpetplus/builder/types/{name}/price.py": PRICE,
    "allpetplus/builder/types/{name}/fit.py": FIT,
    "allpetplus/builder/types/{name}/model.py": MODEL,
    "tests/unit/test_{name}_type.py": TESTS,
}


def create_product_type(root: Path, name: str) -> list[Path]:
    """Write the type's package and its tests; returns the files written."""
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{name!r}: use 2-31 lowercase letters, digits and underscores, starting with a letter")
    if (root / "allpetplus" / "builder" / "types" / name).exists():
        raise ScaffoldError(f"the product type {name!r} already exists; choose another name")
    label = name.replace("_", " ").capitalize()
    values = {"name": name, "Name": _class_name(name), "label": label, "lower": label.lower()}
    written = []
    for relative, template in FILES.items():
        path = root / relative.format(name=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(template).substitute(values))
        written.append(path)
    _format([p for p in written if p.suffix == ".py"], root)
    return written
