"""The 3D preview of any design, exported as GLB; and the parametric harness built with trimesh.

Each part is its own mesh with a PBR material in the chosen colour or hardware finish; a product type's package
gives its parts (``ProductType.parts``). Files are cached by a hash of the type, the normalised configuration and
the colours it uses, so an unchanged design is never rendered twice. With Cloudinary configured the GLB is uploaded
there as well.
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
from shapely.geometry import box
from trimesh.visual.material import PBRMaterial

from allpetplus.builder.config import SIZES, HarnessConfig, Palette, options
from allpetplus.builder.design import DesignConfig, Part
from allpetplus.builder.lettering import text_mesh, text_width
from allpetplus.builder.types import type_of
from allpetplus.catalog.meshes import (
    Y_UP,
    circle_profile,
    d_ring,
    extrude,
    frame,
    material,
    paint,
    place,
    rect_profile,
    side_release_buckle,
    sweep,
)
from allpetplus.core.media import cloudinary_options
from allpetplus.core.settings import settings

PREVIEW_FOLDER = "previews"
_SIZE_RADIUS_M = dict(zip(SIZES, (0.07, 0.085, 0.1, 0.12, 0.14), strict=True))


def preview_key(config: DesignConfig, palette: Palette) -> str:
    """The cache key: what the design looks like (quantity does not change it)."""
    fields = tuple(type_of(config).colour_fields)
    colours = tuple(palette[c].hex if (c := getattr(config, field)) in palette else None for field in fields)
    # Asked of the schema, not the design: a missing attribute raises inside pydantic, which costs 10× the lookup.
    tag = config.licence_tag if "licence_tag" in type(config).model_fields else ""
    return _preview_key(config, fields, colours, lookup_url(tag) if tag else None)


@functools.lru_cache(maxsize=4096)
def _preview_key(config: DesignConfig, fields: tuple[str, ...], colours: tuple[str | None, ...], qr: str | None) -> str:
    look = {k: v for k, v in config.normalised().items() if k != "quantity"}
    look["type"] = type(config).product_type
    if qr:
        look["qr"] = qr
    look["colours"] = {field: hex for field, hex in zip(fields, colours, strict=True) if hex is not None}
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


def lookup_url(tag_number: str) -> str:
    """What the QR code on the ID patch opens: the public lost-pet lookup for that tag."""
    return f"{settings.LICENSING_URL}/lookup?tag={tag_number}"


def qr_mesh(payload: str, centre: list[float], size: float) -> trimesh.Trimesh:
    """The dark modules of the QR code for ``payload`` as thin squares in the x-y plane, facing +z."""
    matrix = [list(row) for row in segno.make(payload, error="m").matrix]
    module = size / len(matrix)
    squares = []
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                square = trimesh.creation.box(extents=[module, module, 0.0006])
                square.apply_translation([centre[0] - size / 2 + (column + 0.5) * module,
                                          centre[1] + size / 2 - (row + 0.5) * module, centre[2]])  # fmt: skip
                squares.append(square)
    return trimesh.util.concatenate(squares)


class _Torso:
    """The implied dog the harness is laid on: x toward the head, z up, the chest narrowing into the neck.

    A point is (x, angle around the body from the spine, toward +y; offset out from the body).
    """

    def __init__(self, r: float) -> None:
        self.r = r

    def point(self, x, angle, offset=0.0) -> np.ndarray:
        """Points on (or ``offset`` above) the body."""
        x, angle, offset = np.broadcast_arrays(
            np.asarray(x, float), np.asarray(angle, float), np.asarray(offset, float)
        )
        s = np.clip((x - 0.2 * self.r) / (1.3 * self.r), 0, 1)
        s = s * s * (3 - 2 * s)
        half_width = self.r * 0.78 * (1 - 0.3 * s) * (1 - 0.12 * np.clip(-np.cos(angle), 0, 1))
        half_height = self.r * (1 - 0.38 * s)
        return np.stack(
            [x, (half_width + offset) * np.sin(angle), 0.35 * self.r * s + (half_height + offset) * np.cos(angle)], -1
        )

    def normal(self, x, angle) -> np.ndarray:
        """Outward unit normals of the body."""
        e = 1e-4
        along = self.point(np.asarray(x) + e, angle) - self.point(np.asarray(x) - e, angle)
        around = self.point(x, np.asarray(angle) + e) - self.point(x, np.asarray(angle) - e)
        n = np.cross(along, around)
        return n / np.linalg.norm(n, axis=-1, keepdims=True)

    def strap(self, x, angle, offset: float, width: float, thickness: float, closed: bool = False) -> trimesh.Trimesh:
        """A flat strap lying on the body along the (x, angle) path."""
        path = self.point(x, angle, offset + thickness / 2)
        return sweep(path, rect_profile(width, thickness), self.normal(x, angle), closed=closed)

    def cord(self, x, angle, offset: float, radius: float) -> trimesh.Trimesh:
        """A round cord (piping, a seam) along the body."""
        return sweep(self.point(x, angle, offset), circle_profile(radius, 6), self.normal(x, angle))

    def pad(self, angles: tuple[float, float], rear, front, offset: float, thickness: float, quilt: float = 0.0,
            steps: tuple[int, int] = (14, 10)) -> trimesh.Trimesh:  # fmt: skip
        """A padded panel between two angles and, at each angle, from ``rear(angle)`` to ``front(angle)``;
        puffed in the middle and, with ``quilt`` (a stitch spacing), quilted in diamonds."""
        s = np.linspace(0, 1, steps[0])[:, None]
        t = np.linspace(0, 1, steps[1])[None, :]
        angle = angles[0] + (angles[1] - angles[0]) * s + 0 * t
        x = rear(angle) + (front(angle) - rear(angle)) * t
        puff = 0.35 + 0.65 * (np.sin(np.pi * s) * np.sin(np.pi * t)) ** 0.3
        if quilt:
            u, v = x / quilt, angle * self.r / quilt
            puff *= 0.6 + 0.4 * (np.abs(np.sin(np.pi * (u + v)) * np.sin(np.pi * (u - v)))) ** 0.4
        top = self.point(x, angle, offset + thickness * puff)
        bottom = self.point(x, angle, offset)
        return _slab(top, bottom)

    def wrap(self, mesh: trimesh.Trimesh, x: float, angle: float, offset: float) -> trimesh.Trimesh:
        """A flat piece (x along, y up, z out) bent onto the left side around (x, angle), readable from the left."""
        u, v, w = mesh.vertices.T
        speed = np.linalg.norm(self.point(x, angle + 1e-4) - self.point(x, angle - 1e-4)) / 2e-4
        mesh.vertices = self.point(x - u, angle - v / speed, offset + w)
        if mesh.volume < 0:
            mesh.invert()
        return mesh

    def frame(self, x: float, angle: float, offset: float) -> np.ndarray:
        """A transform to the body at (x, angle, offset): local x forward, local z outward."""
        return frame(self.point(x, angle, offset), [1.0, 0, 0], self.normal(x, angle))


def _slab(top: np.ndarray, bottom: np.ndarray) -> trimesh.Trimesh:
    """A closed solid between two (m, n, 3) grids with the same border."""
    m, n = top.shape[:2]
    index = np.arange(m * n).reshape(m, n)
    a, b, c, d = index[:-1, :-1], index[1:, :-1], index[:-1, 1:], index[1:, 1:]
    quads = np.concatenate([np.stack([a, b, d], -1).reshape(-1, 3), np.stack([a, d, c], -1).reshape(-1, 3)])
    rim = np.concatenate([index[:, 0], index[-1, 1:], index[-2::-1, -1], index[0, -2:0:-1]])
    following = np.roll(rim, -1)
    walls = np.concatenate(
        [np.stack([rim, following + m * n, following], -1), np.stack([rim, rim + m * n, following + m * n], -1)]
    )
    faces = np.concatenate([quads, quads[:, ::-1] + m * n, walls])
    mesh = trimesh.Trimesh(np.vstack([top.reshape(-1, 3), bottom.reshape(-1, 3)]), faces, process=False)
    if mesh.volume < 0:
        mesh.invert()
    return mesh


#: Where each style's straps sit, in multiples of the size radius: a loop is (x at the bottom, x at the spine).
_STYLES = {
    "step-in": {"girth": (0.1, 0.55), "neck": (1.6, 0.55), "back": (0.25, 0.85), "ring": 0.3, "handle": 0.55},
    "overhead": {"girth": (0.18, -0.18), "neck": (1.7, 0.8), "back": (-0.18, 0.8), "ring": 0.1, "handle": 0.35},
    "vest": {"girth": (0.1, -0.02), "neck": (1.6, 0.78), "back": (0.05, 0.75), "ring": 0.35, "handle": 0.4},
}


def _loop_x(r: float, bottom: float, top: float):
    """A strap loop round the body in a tilted plane: its x at each angle."""
    return lambda angle: r * ((bottom + top) / 2 + (bottom - top) / 2 * -np.cos(angle))


def build_scene(config: DesignConfig, palette: Palette) -> trimesh.Scene:
    """A design as a scene of its type's coloured parts (built z-up, turned y-up as glTF wants)."""
    scene = trimesh.Scene()
    for name, mesh, mat in type_of(config).parts(config, palette):
        scene.add_geometry(paint(mesh, mat), node_name=name, geom_name=name)
    scene.apply_transform(Y_UP)
    return scene


def harness_parts(config: HarnessConfig, palette: Palette) -> list[Part]:
    """The harness's parts: straps following the chest and neck, padding, buckles, rings, patch and lettering."""
    opts = options()
    r = _SIZE_RADIUS_M.get(config.size, 0.1)
    body = _Torso(r)
    spec = _STYLES.get(config.style, _STYLES["step-in"])
    webbing = material(palette[config.webbing_colour].hex, roughness=0.85)
    padding_hex = palette[config.padding_colour].hex
    padding = material(padding_hex, roughness=0.95)
    trim = material(palette[config.trim_colour].hex, roughness=0.7)
    thread = material(palette[config.thread_colour].hex, roughness=0.6)
    finish = opts["hardware"][config.hardware]
    metal = material(finish["hex"], metallic=finish["metallic"], roughness=finish["roughness"])
    edge = material("#e8eef2", metallic=0.2, roughness=0.25, glow=0.6) if config.reflective_trim else trim
    strap = 0.022 + 0.004 * SIZES.index(config.size)
    pad_t = 0.006 + 0.02 * r
    web_t = 0.003
    on_top = pad_t + 0.001
    parts: list[Part] = []

    def add(name: str, mesh: trimesh.Trimesh, mat: PBRMaterial) -> None:
        parts.append((name, mesh, mat))

    around = np.linspace(0, 2 * math.pi, 72, endpoint=False)
    girth_x, neck_x = _loop_x(r, *spec["girth"]), _loop_x(r, *spec["neck"])
    add("neck_loop", body.strap(neck_x(around), around, on_top, strap, web_t, closed=True), webbing)
    add("girth_loop", body.strap(girth_x(around), around, on_top, strap, web_t, closed=True), webbing)
    back = np.linspace(spec["back"][0] * r, spec["back"][1] * r, 16)
    add("back_strap", body.strap(back, 0.0, on_top, strap * 1.2, web_t), webbing)
    under = np.linspace(girth_x(math.pi), neck_x(math.pi), 16)
    add("belly_strap", body.strap(under, math.pi, on_top, strap, web_t), webbing)

    half = strap / 2
    if config.style == "step-in":
        low = 1.95
        panels = {"rear": lambda a: girth_x(a) + half, "front": lambda a: neck_x(a) - half, "angles": (0.3, low)}
        text_at = (1.65, lambda: (girth_x(1.65) + neck_x(1.65)) / 2, (neck_x(1.65) - girth_x(1.65)) - strap * 0.8)
    elif config.style == "overhead":
        low = 1.35
        panels = {"rear": lambda a: girth_x(a) - 0.16 * r, "front": lambda a: 0.62 * r + 0 * a, "angles": (0.05, low)}
        text_at = (0.85, lambda: 0.3 * r, 0.62 * r)
    else:
        low = 2.05
        panels = {"rear": lambda a: -0.25 * r + 0 * a, "front": lambda a: neck_x(a) - half, "angles": (0.0, low)}
        text_at = (1.2, lambda: 0.5 * r, 0.9 * r)
    quilt = 0.3 * r if config.style == "vest" else 0.0
    steps = (18, 22) if config.style == "vest" else (12, 10)
    lows = np.linspace(0, 1, 14)
    for side, sign in (("left", 1), ("right", -1)):
        a0, a1 = panels["angles"]
        rear, front = (lambda a: panels["rear"](np.abs(a))), (lambda a: panels["front"](np.abs(a)))
        add(f"padding_{side}", body.pad((sign * a0, sign * a1), rear, front, 0.0, pad_t, quilt, steps), padding)
        rim_x = panels["rear"](low) + (panels["front"](low) - panels["rear"](low)) * lows
        rim_a = np.full_like(rim_x, sign * low)
        if config.style == "vest":
            rim_a = np.concatenate([np.linspace(0, sign * low, 10)[:-1], rim_a])
            rim_x = np.concatenate([np.full(9, panels["rear"](0.0)), rim_x])
        add(f"trim_{side}", body.cord(rim_x, rim_a, pad_t * 0.4, pad_t * 0.55), edge)

    if config.style != "step-in":
        spread = 0.55 if config.style == "overhead" else 0.75
        add("chest_plate", body.pad((math.pi - spread, math.pi + spread), lambda a: 0.35 * r + girth_x(a) * 0.5,
                                    lambda a: neck_x(a) - half, 0.0, pad_t * 1.1), padding)  # fmt: skip

    buckle = side_release_buckle(strap)
    if config.style == "step-in":
        add("buckle_back", place(buckle, body.frame(0.55 * r, 0.0, on_top + web_t) @ _turn(math.pi / 2)), metal)
    else:
        at = 2.2 if config.style == "overhead" else 2.35
        for side, sign in (("left", 1), ("right", -1)):
            x = girth_x(at)
            shape = buckle.copy()
            add(f"buckle_{side}", place(shape, body.frame(x, sign * at, on_top + web_t) @ _turn(math.pi / 2)), metal)

    ring_width, wire = strap * 1.1, 0.0025 + 0.01 * r
    if config.back_d_ring:
        x = spec["ring"] * r
        tilt = trimesh.transformations.rotation_matrix(-1.1, [0, 1, 0])
        add("back_d_ring", place(d_ring(ring_width, wire), body.frame(x, 0.0, on_top + web_t + wire) @ tilt), metal)
    if config.front_d_ring:
        x = neck_x(math.pi) - 0.35 * r
        tilt = trimesh.transformations.rotation_matrix(-0.6, [0, 1, 0])
        frame_ = body.frame(x, math.pi, pad_t * 1.1 + wire)
        add("front_d_ring", place(d_ring(ring_width, wire), frame_ @ tilt), metal)
    if config.grab_handle:
        t = np.linspace(0, 1, 20)
        centre = spec["handle"] * r
        top = body.point(centre, 0.0, on_top + web_t)[2]
        path = np.stack([centre + (t - 0.5) * 0.7 * r, 0 * t, top + 0.22 * r * np.sin(np.pi * t)], -1)
        outward = np.stack([(t - 0.5) * 2, 0 * t, np.sin(np.pi * t) + 0.2], -1)
        add("grab_handle", sweep(path, rect_profile(strap * 0.9, 0.006), outward), webbing)

    angle, x_of, room = text_at
    text_x, text_offset = x_of(), pad_t * 0.8
    if config.id_patch:
        text_offset = pad_t + 0.003
        qr = 0.026 if config.licence_tag else 0.0
        letters = min(0.013, 0.1 / max(text_width(config.text, config.font), 1)) if config.text else 0
        length = max(
            0.05, qr + letters * text_width(config.text, config.font) + 0.016 + (0.006 if qr and letters else 0)
        )
        height = max(0.035, qr + 0.008)
        patch = extrude(_patch_outline(length, height), 0.0025)
        add("id_patch", body.wrap(patch, text_x, angle, pad_t * 0.7), trim)
        if qr:
            qr_x = length / 2 - 0.008 - qr / 2
            background = trimesh.creation.box(extents=[qr + 0.003, qr + 0.003, 0.0005])
            background.apply_translation([qr_x, 0, 0.00025])
            add(
                "licence_qr_background",
                body.wrap(background, text_x, angle, text_offset),
                material("#ffffff", roughness=0.9),
            )
            add("licence_qr", body.wrap(qr_mesh(lookup_url(config.licence_tag), [qr_x, 0, 0.0006], qr), text_x, angle,
                                        text_offset), material("#111111", roughness=0.9))  # fmt: skip
            text_x += (qr + 0.006) / 2
        room = length - qr - 0.016
    if config.text:
        height = min(strap * 0.75, 0.016, room / max(text_width(config.text, config.font), 0.5))
        letters = text_mesh(config.text, config.font, height, pad_t * 0.2 + 0.0012)
        if letters is not None:
            letters.apply_translation([-letters.bounds[:, 0].mean(), -letters.bounds[:, 1].mean(), 0])
            add("personalised_text", body.wrap(letters, text_x, angle, text_offset), thread)
    return parts


def _turn(angle: float) -> np.ndarray:
    return trimesh.transformations.rotation_matrix(angle, [0, 0, 1])


def _patch_outline(length: float, height: float):
    return box(-length / 2, -height / 2, length / 2, height / 2).buffer(-0.004).buffer(0.004, quad_segs=3)


def render_preview(config: DesignConfig, palette: Palette) -> tuple[str, bool]:
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
