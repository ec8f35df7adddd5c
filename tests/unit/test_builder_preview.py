"""The 3D preview: a real GLB with coloured parts, cached by what the harness looks like."""

import io

import numpy as np
import trimesh

from allpetplus.builder.config import HarnessConfig
from allpetplus.builder.preview import build_scene, preview_key, preview_path, render_preview
from tests.unit.test_builder_rules import PALETTE


def load_glb(url: str) -> trimesh.Scene:
    key = url.rsplit("/", 1)[1].removesuffix(".glb")
    return trimesh.load(io.BytesIO(preview_path(key).read_bytes()), file_type="glb")


def colours(scene: trimesh.Scene) -> dict[str, tuple[int, ...]]:
    return {
        name: tuple(int(v) for v in np.asarray(geom.visual.material.baseColorFactor)[:3])
        for name, geom in scene.geometry.items()
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
    assert colours(load_glb(url_green))["girth_loop"] == (0x2F, 0x8F, 0x5B)


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
