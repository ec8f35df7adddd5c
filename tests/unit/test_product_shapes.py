"""Product models for pictures: every seeded product but a harness has a recognisable, coloured model."""

import json

import numpy as np
import pytest

from allpetplus.catalog.meshes import linear_rgb
from allpetplus.catalog.shapes import product_scene
from allpetplus.seed import DATA_DIR

CATALOG = json.loads((DATA_DIR / "catalog.json").read_text())
HEX = {slug: colour[1] for slug, colour in CATALOG["colours"].items()}
PRODUCTS = [p for p in CATALOG["products"] if p["category"] != "harnesses"]


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p["handle"])
def test_each_seeded_product_has_a_model_in_its_colour(product):
    hex_colour = HEX[product["colours"][-1]]
    scene = product_scene(product["category"], product["handle"], hex_colour, next(iter(product["sizes"])))
    assert scene is not None and len(scene.geometry) >= 2
    wanted = np.array(linear_rgb(hex_colour))
    factors = [np.asarray(g.visual.material.baseColorFactor, dtype=float)[:3] for g in scene.geometry.values()]
    assert any(np.allclose(f, wanted, atol=1e-9) for f in factors)
    for name, geom in scene.geometry.items():
        assert len(geom.faces) > 0 and geom.area > 0 and np.isfinite(geom.vertices).all(), name
        assert (geom.area_faces > 0).mean() > 0.98, name
    assert 0.03 < scene.extents.max() < 1.0
    assert len(scene.export(file_type="glb")) < 400_000


def test_harnesses_come_from_the_builder_and_unknowns_get_a_generic_model():
    assert product_scene("harnesses", "padded-vest-harness", "#b4306b", "M") is None
    assert "band" in product_scene("collars", "new-collar", None, None).geometry
    assert "carton" in product_scene("umbrellas", "rain-cape", "#1e6fd9", None).geometry


def test_models_are_y_up_and_sizes_scale():
    small = product_scene("beds", "orthopedic-memory-foam-bed", "#3b3f46", "S")
    large = product_scene("beds", "orthopedic-memory-foam-bed", "#3b3f46", "L")
    assert large.extents[0] > small.extents[0]
    assert small.extents[1] < small.extents[0]  # a bed is low: its height is y
