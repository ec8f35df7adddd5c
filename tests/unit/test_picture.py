"""Product pictures: rendered offscreen in the material's colours, framed from the bounds, cached by key."""

import multiprocessing
import threading
import time

import numpy as np
import pytest
import trimesh
from PIL import Image
from trimesh.visual.material import PBRMaterial

from allpetplus.builder.config import HarnessConfig
from allpetplus.builder.preview import build_scene, preview_key
from allpetplus.core.settings import settings
from allpetplus.picture.render import render, srgb_to_linear
from allpetplus.picture.store import AVIF, OG_SIZE, WIDTHS, ensure_pictures, find_pictures, picture_dir, picture_key
from tests.unit.test_builder_rules import PALETTE


def box_scene(srgb_hex: str, roughness: float = 0.8) -> trimesh.Scene:
    """A plain box whose face looks at the front camera, with a linear base colour as glTF holds it."""
    linear = srgb_to_linear(np.array([int(srgb_hex[i : i + 2], 16) for i in (1, 3, 5)]) / 255)
    box = trimesh.creation.box(extents=[1.0, 1.0, 0.2])
    box.visual = trimesh.visual.TextureVisuals(
        material=PBRMaterial(baseColorFactor=[*linear, 1.0], metallicFactor=0.0, roughnessFactor=roughness)
    )
    return trimesh.Scene(box)


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    return tmp_path / "var"


def test_a_flat_lit_patch_shows_the_materials_own_colour():
    picture = np.asarray(render(box_scene("#1e6fd9"), 200, 200, view="front"))
    patch = picture[70:130, 70:130].reshape(-1, 4).astype(int)
    assert (patch[:, 3] == 255).all()
    assert np.abs(patch[:, :3].mean(axis=0) - [0x1E, 0x6F, 0xD9]).max() <= 12


def test_the_harness_fills_most_of_the_frame_on_a_transparent_background():
    picture = np.asarray(render(build_scene(HarnessConfig(front_d_ring=True), PALETTE), 320, 320))
    assert tuple(picture[0, 0]) == (255, 255, 255, 0)
    solid = np.argwhere(picture[..., 3] > 200)  # the model, not its faint shadow
    (top, left), (bottom, right) = solid.min(axis=0), solid.max(axis=0)
    side = max(bottom - top, right - left) / 320
    assert 0.78 <= side <= 0.9
    assert abs((left + right) / 2 - 160) < 16 and abs((top + bottom) / 2 - 160) < 16


def test_an_opaque_background_and_a_wide_frame():
    picture = render(box_scene("#ff0000"), 300, 150, view="three_quarter", background=(255, 255, 255, 255))
    assert picture.size == (300, 150) and picture.mode == "RGBA"
    pixels = np.asarray(picture)
    assert (pixels[..., 3] == 255).all() and tuple(pixels[0, 0, :3]) == (255, 255, 255)


def test_threads_share_the_renderer():
    scene = box_scene("#2f8f5b")
    pictures = []
    threads = [threading.Thread(target=lambda: pictures.append(render(scene, 64, 64))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pictures) == 4 and all(np.array_equal(np.asarray(p), np.asarray(pictures[0])) for p in pictures)


def _render_in_child(_):
    try:
        render(box_scene("#2f8f5b"), 32, 32)
    except RuntimeError as error:
        return str(error)
    return "rendered"


def test_a_process_forked_after_rendering_refuses_at_once_instead_of_hanging():
    render(box_scene("#2f8f5b"), 32, 32)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        answer = pool.apply_async(_render_in_child, (None,)).get(timeout=60)
    assert "forked after rendering" in answer


def test_pictures_are_written_at_every_width_once(var_dir):
    config = HarnessConfig(style="vest", size="L", grab_handle=True)
    key = preview_key(config, PALETTE)
    builds = []

    def build():
        builds.append(1)
        return build_scene(config, PALETTE)

    picture = ensure_pictures(key, build)
    assert not picture.cached and len(builds) == 1
    for width in WIDTHS:
        assert f"/_upload/pictures/v1/{key}-{width}.webp {width}w" in picture.srcset
        path = picture_dir() / f"{key}-{width}.webp"
        with Image.open(path) as image:
            assert image.format == "WEBP" and image.size == (width, width)
            image.load()
        if AVIF:
            with Image.open(path.with_suffix(".avif")) as image:
                assert image.size == (width, width)
    with Image.open(var_dir / "uploads" / picture.og_url.removeprefix("/_upload/")) as og:
        assert og.format == "JPEG" and og.size == OG_SIZE
    assert not list(picture_dir().glob("*.part"))

    started = time.perf_counter()
    again = ensure_pictures(key, build)
    assert time.perf_counter() - started < 0.05
    assert again.cached and len(builds) == 1 and again.srcset == picture.srcset


def test_find_pictures_never_renders(var_dir):
    assert find_pictures(picture_key("everyday-collar", "ocean", "M", 1)) is None
    with pytest.raises(ValueError):
        find_pictures("../secrets")
