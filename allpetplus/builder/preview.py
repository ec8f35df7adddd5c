"""The 3D preview: a parametric harness built with trimesh from a configuration, exported as GLB.

Each part is its own mesh with a PBR material in the chosen colour or hardware finish. Files are
cached by a hash of the normalised configuration (and the colours it uses), so an unchanged design
is never rendered twice. With Cloudinary configured the GLB is uploaded there as well.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from pathlib import Path

import cloudinary.uploader
import numpy as np
import segno
import trimesh
from trimesh.visual.material import PBRMaterial

from allpetplus.builder.config import SIZES, HarnessConfig, Palette, options
from allpetplus.core.media import cloudinary_options
from allpetplus.core.settings import settings

PREVIEW_FOLDER = "previews"
_SIZE_RADIUS_M = dict(zip(SIZES, (0.07, 0.085, 0.1, 0.12, 0.14), strict=True))


_COLOUR_FIELDS = ("webbing_colour", "padding_colour", "trim_colour", "thread_colour")


def preview_key(config: HarnessConfig, palette: Palette) -> str:
    """The cache key: what the harness looks like (quantity does not change it)."""
    colours = tuple(palette[c].hex if (c := getattr(config, field)) in palette else None for field in _COLOUR_FIELDS)
    return _preview_key(config, colours, lookup_url(config.licence_tag) if config.licence_tag else None)


@functools.lru_cache(maxsize=4096)
def _preview_key(config: HarnessConfig, colours: tuple[str | None, ...], qr: str | None) -> str:
    look = {k: v for k, v in config.normalised().items() if k != "quantity"}
    if qr:
        look["qr"] = qr
    look["colours"] = {field: hex for field, hex in zip(_COLOUR_FIELDS, colours, strict=True) if hex is not None}
    return hashlib.sha256(json.dumps(look, sort_keys=True).encode()).hexdigest()[:24]


def preview_dir() -> Path:
    """Where GLB files are kept (served at ``/_upload/previews/``)."""
    return settings.VAR_DIR / "uploads" / PREVIEW_FOLDER


def preview_path(key: str) -> Path:
    """The cached GLB of a key."""
    return preview_dir() / f"{key}.glb"


#: Previews found on disk, by folder and key: a key names what a harness looks like, so its file never changes.
_found: dict[tuple[Path, str], str] = {}


def cached_url(key: str) -> str | None:
    """The preview's URL if it has been rendered, else ``None``."""
    if (found := _found.get((settings.VAR_DIR, key))) is not None:
        return found
    remote = preview_dir() / f"{key}.url"
    if remote.exists():
        url = remote.read_text().strip()
    elif preview_path(key).exists():
        url = f"/_upload/{PREVIEW_FOLDER}/{key}.glb"
    else:
        return None
    if len(_found) > 10_000:
        _found.clear()
    _found[(settings.VAR_DIR, key)] = url
    return url


def _rgba(hex_colour: str) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [255]


def _material(hex_colour: str, metallic: float = 0.0, roughness: float = 0.8, emissive: bool = False) -> PBRMaterial:
    colour = _rgba(hex_colour)
    return PBRMaterial(
        baseColorFactor=colour,
        metallicFactor=metallic,
        roughnessFactor=roughness,
        emissiveFactor=[c / 255 * 0.6 for c in colour[:3]] if emissive else None,
    )


def _paint(mesh: trimesh.Trimesh, material: PBRMaterial) -> trimesh.Trimesh:
    mesh.visual = trimesh.visual.TextureVisuals(material=material)
    return mesh


def lookup_url(tag_number: str) -> str:
    """What the QR code on the ID patch opens: the public lost-pet lookup for that tag."""
    return f"{settings.LICENSING_URL}/lookup?tag={tag_number}"


def qr_mesh(payload: str, centre: list[float], size: float) -> trimesh.Trimesh:
    """The dark modules of the QR code for ``payload`` as thin squares in the x-z plane, facing +y."""
    matrix = [list(row) for row in segno.make(payload, error="m").matrix]
    module = size / len(matrix)
    squares = []
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                square = trimesh.creation.box(extents=[module, 0.0006, module])
                square.apply_translation([centre[0] - size / 2 + (column + 0.5) * module, centre[1],
                                          centre[2] + size / 2 - (row + 0.5) * module])  # fmt: skip
                squares.append(square)
    return trimesh.util.concatenate(squares)


def build_scene(config: HarnessConfig, palette: Palette) -> trimesh.Scene:
    """The harness as a scene of coloured parts (z-up; exported y-up)."""
    opts = options()
    r = _SIZE_RADIUS_M.get(config.size, 0.1)
    webbing = _material(palette[config.webbing_colour].hex, roughness=0.85)
    padding = _material(palette[config.padding_colour].hex, roughness=0.95)
    trim = _material(palette[config.trim_colour].hex, roughness=0.7)
    thread = _material(palette[config.thread_colour].hex, roughness=0.6)
    finish = opts["hardware"][config.hardware]
    metal = _material(finish["hex"], metallic=finish["metallic"], roughness=finish["roughness"])
    reflective = _material("#e8eef2", metallic=0.2, roughness=0.25, emissive=True)
    strap = 0.022 + 0.004 * SIZES.index(config.size)
    scene = trimesh.Scene()

    def add(name: str, mesh: trimesh.Trimesh, material: PBRMaterial) -> None:
        scene.add_geometry(_paint(mesh, material), node_name=name, geom_name=name)

    def loop(radius: float, x: float) -> trimesh.Trimesh:
        ring = trimesh.creation.annulus(r_min=radius, r_max=radius + 0.006, height=strap, sections=48)
        ring.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
        ring.apply_translation([x, 0, 0])
        return ring

    add("neck_loop", loop(r * 0.72, 0.16), webbing)
    add("girth_loop", loop(r, -0.02), webbing)
    back = trimesh.creation.box(extents=[0.2, strap, 0.006])
    back.apply_translation([0.07, 0, r * 0.86 + 0.004])
    add("back_strap", back, webbing)
    belly = trimesh.creation.box(extents=[0.18, strap, 0.006])
    belly.apply_translation([0.07, 0, -r * 0.86 - 0.004])
    add("belly_strap", belly, webbing)

    plate_len = 0.16 if config.style == "vest" else 0.1
    plate_height = r * (1.2 if config.style == "vest" else 0.7)
    for side, y in (("left", 1), ("right", -1)):
        plate = trimesh.creation.box(extents=[plate_len, 0.012, plate_height])
        plate.apply_translation([0.06 if config.style == "vest" else 0.07, y * (r + 0.012), 0])
        add(f"padding_{side}", plate, padding)
        edge = trimesh.creation.box(extents=[plate_len + 0.004, 0.014, 0.006])
        edge.apply_translation([0.06 if config.style == "vest" else 0.07, y * (r + 0.013), plate_height / 2])
        add(f"trim_{side}", edge, reflective if config.reflective_trim else trim)
    chest = trimesh.creation.box(extents=[0.012, r * 0.8, r * 0.9])
    chest.apply_translation([0.2, 0, -r * 0.35])
    add("chest_plate", chest, padding)

    def ring(name: str, position: list[float], axis: list[float]) -> None:
        torus = trimesh.creation.torus(major_radius=0.018, minor_radius=0.004, major_sections=32, minor_sections=12)
        torus.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, axis))
        torus.apply_translation(position)
        add(name, torus, metal)

    if config.back_d_ring:
        ring("back_d_ring", [0.02, 0, r * 0.86 + 0.024], [0, 1, 0])
    if config.front_d_ring:
        ring("front_d_ring", [0.215, 0, -r * 0.35], [0, 0, 1])
    for side, y in (("left", 1), ("right", -1)):
        buckle = trimesh.creation.box(extents=[0.03, 0.012, strap * 1.3])
        buckle.apply_translation([-0.02, y * (r + 0.01), -r * 0.45])
        add(f"buckle_{side}", buckle, metal)
    if config.grab_handle:
        handle = trimesh.creation.torus(major_radius=0.035, minor_radius=0.007, major_sections=32, minor_sections=12)
        handle.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [1, 0, 0]))
        handle.apply_translation([0.1, 0, r * 0.86 + 0.01])
        add("grab_handle", handle, webbing)
    if config.id_patch:
        patch = trimesh.creation.box(extents=[0.06, 0.004, 0.035])
        patch.apply_translation([0.07, r + 0.02, 0])
        add("id_patch", patch, trim)
        if config.licence_tag:
            background = trimesh.creation.box(extents=[0.029, 0.0004, 0.029])
            background.apply_translation([0.085, r + 0.0222, 0])
            add("licence_qr_background", background, _material("#ffffff", roughness=0.9))
            add("licence_qr", qr_mesh(lookup_url(config.licence_tag), [0.085, r + 0.0225, 0], 0.026),
                _material("#111111", roughness=0.9))  # fmt: skip
    if config.text:
        stitch = trimesh.creation.box(extents=[min(0.14, 0.008 * len(config.text)), 0.003, 0.008])
        stitch.apply_translation([0.07, r + (0.023 if config.id_patch else 0.019), -0.004])
        add("personalised_text", stitch, thread)
    # trimesh is z-up, glTF is y-up: (x, y, z) -> (-x, z, y) so the harness stands upright in viewers.
    scene.apply_transform(np.array([[-1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float))
    return scene


def render_preview(config: HarnessConfig, palette: Palette) -> tuple[str, bool]:
    """The preview URL of a validated configuration, rendering it first if needed; and whether it was cached."""
    key = preview_key(config, palette)
    url = cached_url(key)
    if url:
        return url, True
    glb = build_scene(config, palette).export(file_type="glb")
    target = preview_path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{np.random.randint(1 << 30)}.part")
    tmp.write_bytes(glb)
    tmp.replace(target)
    if settings.CLOUDINARY_URL:
        result = cloudinary.uploader.upload(
            glb,
            folder="allpetplus/previews",
            public_id=f"{key}.glb",
            resource_type="raw",
            overwrite=True,
            **cloudinary_options(settings.CLOUDINARY_URL),
        )
        link = preview_dir() / f"{key}.url"
        part = link.with_suffix(f".{np.random.randint(1 << 30)}.part")
        part.write_text(result["secure_url"])
        part.replace(link)  # another process reading the link never sees it half-written
        return result["secure_url"], False
    return f"/_upload/{PREVIEW_FOLDER}/{key}.glb", False
