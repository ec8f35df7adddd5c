"""The 3D preview: a real GLB with coloured parts, cached by what the harness looks like."""

import io
import json
import struct

import numpy as np
import pytest
import trimesh

from allpetplus.builder.config import HarnessConfig
from allpetplus.builder.preview import build_scene, preview_key, preview_path, render_preview
from allpetplus.catalog.meshes import linear_rgb
from tests.unit.test_builder_rules import PALETTE


def load_glb(url: str) -> trimesh.Scene:
    key = url.rsplit("/", 1)[1].removesuffix(".glb")
    return trimesh.load(io.BytesIO(preview_path(key).read_bytes()), file_type="glb")


def glb_colours(url: str) -> dict[str, list[float]]:
    """Each mesh's baseColorFactor as written in the GLB's JSON chunk."""
    data = preview_path(url.rsplit("/", 1)[1].removesuffix(".glb")).read_bytes()
    (length,) = struct.unpack("<I", data[12:16])
    gltf = json.loads(data[20 : 20 + length])
    materials = gltf["materials"]
    return {
        mesh["name"]: materials[mesh["primitives"][0]["material"]]["pbrMetallicRoughness"]["baseColorFactor"]
        for mesh in gltf["meshes"]
    }


def test_render_writes_a_glb_and_the_second_call_is_a_cache_hit():
    config = HarnessConfig(style="overhead", size="L", front_d_ring=True, grab_handle=True, text="REX", id_patch=True)
    url, cached = render_preview(config, PALETTE)
    assert url.startswith("/_upload/previews/") and not cached
    again, cached_again = render_preview(config.model_copy(update={"quantity": 3}), PALETTE)
    assert again == url and cached_again
    scene = load_glb(url)
    assert {
        "neck_loop",
        "girth_loop",
        "front_d_ring",
        "back_d_ring",
        "grab_handle",
        "id_patch",
        "personalised_text",
    } <= set(scene.geometry)


def test_a_colour_change_is_a_new_model_in_the_new_colour():
    blue = HarnessConfig(webbing_colour="ocean")
    green = HarnessConfig(webbing_colour="forest")
    assert preview_key(blue, PALETTE) != preview_key(green, PALETTE)
    url_green, _ = render_preview(green, PALETTE)
    assert glb_colours(url_green)["girth_loop"][:3] == pytest.approx(linear_rgb("#2f8f5b"), abs=1e-6)


def test_glb_colours_are_the_palette_in_linear_light_even_when_dark():
    """glTF colour factors are linear: Ocean #1e6fd9 is written as (0.013, 0.159, 0.694), not its sRGB bytes."""
    url, _ = render_preview(HarnessConfig(webbing_colour="ocean", licence_tag="", id_patch=False), PALETTE)
    assert glb_colours(url)["neck_loop"][:3] == pytest.approx([0.012983, 0.158961, 0.693872], abs=1e-5)
    assert linear_rgb("#111111")[0] == pytest.approx(0.0056054, abs=1e-6)
    assert linear_rgb("#ffffff") == pytest.approx((1.0, 1.0, 1.0))


def test_options_add_and_remove_parts():
    plain = build_scene(HarnessConfig(back_d_ring=False), PALETTE)
    assert "back_d_ring" not in plain.geometry and "front_d_ring" not in plain.geometry
    vest = build_scene(HarnessConfig(style="vest"), PALETTE)
    step_in = build_scene(HarnessConfig(style="step-in"), PALETTE)
    assert vest.geometry["padding_left"].extents[0] > step_in.geometry["padding_left"].extents[0]


def test_the_model_stands_upright_for_gltf_viewers():
    """glTF is y-up: the back strap (and its D-ring) must sit above the belly strap."""
    scene = build_scene(HarnessConfig(), PALETTE)

    def centre(name: str) -> np.ndarray:
        transform, geometry = scene.graph[name]
        return trimesh.transform_points([scene.geometry[geometry].centroid], transform)[0]

    back, belly, ring = centre("back_strap"), centre("belly_strap"), centre("back_d_ring")
    assert back[1] > 0 > belly[1]
    assert ring[1] > back[1]


def _part_bounds(scene: trimesh.Scene) -> dict[str, np.ndarray]:
    return {name: np.round(geom.bounds, 3) for name, geom in scene.geometry.items()}


def test_each_style_is_its_own_shape():
    scenes = {style: build_scene(HarnessConfig(style=style), PALETTE) for style in ("step-in", "overhead", "vest")}
    assert "chest_plate" not in scenes["step-in"].geometry and "buckle_back" in scenes["step-in"].geometry
    assert {"chest_plate", "buckle_left", "buckle_right"} <= set(scenes["overhead"].geometry) & set(
        scenes["vest"].geometry
    )
    bounds = {style: _part_bounds(scene) for style, scene in scenes.items()}
    for a, b in (("step-in", "overhead"), ("overhead", "vest"), ("step-in", "vest")):
        assert not np.allclose(bounds[a]["neck_loop"], bounds[b]["neck_loop"]) or not np.allclose(
            bounds[a]["padding_left"], bounds[b]["padding_left"]
        )
    assert len(scenes["vest"].geometry["padding_left"].faces) > len(scenes["overhead"].geometry["padding_left"].faces)


@pytest.mark.parametrize("font", ["block", "rounded", "script"])
def test_personalised_text_is_letters_in_the_thread_colour(font):
    text = "Rex & Bo"
    scene = build_scene(HarnessConfig(style="vest", text=text, font=font, thread_colour="gold"), PALETTE)
    letters = scene.geometry["personalised_text"]
    assert len(letters.split(only_watertight=False)) >= len(text.replace(" ", ""))
    assert np.asarray(letters.visual.material.baseColorFactor)[:3] == pytest.approx(linear_rgb(PALETTE["gold"].hex))
    other = build_scene(HarnessConfig(style="vest", text=text, font="block" if font != "block" else "script"), PALETTE)
    assert len(other.geometry["personalised_text"].faces) != len(letters.faces)


@pytest.mark.parametrize("style", ["step-in", "overhead", "vest"])
def test_every_part_is_a_solid_with_area(style):
    config = HarnessConfig(style=style, size="L", front_d_ring=True, grab_handle=True, text="BO", id_patch=True,
                           licence_tag="SPR-2026-004217")  # fmt: skip
    scene = build_scene(config, PALETTE)
    for name, geom in scene.geometry.items():
        assert len(geom.faces) and geom.area > 0, name
        assert np.isfinite(geom.vertices).all(), name
        if name not in {"licence_qr", "personalised_text", "id_patch"}:
            assert geom.is_watertight or geom.is_winding_consistent, name
    assert len(scene.export(file_type="glb")) < 400_000
