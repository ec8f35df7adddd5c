"""3D models of the catalogue's products (other than harnesses), for product pictures.

Same conventions as the harness preview: metres, one named mesh per part with a linear-colour PBR
material, built z-up and turned y-up at the end. Harnesses come from the builder, so they are ``None`` here.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import trimesh
from shapely.geometry import Point, Polygon

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
    shade,
    side_release_buckle,
    sweep,
    tube,
)

_SIZE_SCALE = {"XS": 0.8, "S": 0.9, "M": 1.0, "L": 1.15, "XL": 1.3}
_DEFAULT_COLOUR = {"collars": "#1e6fd9", "leashes": "#f08a24", "beds": "#3b3f46", "toys": "#c9a877",
                   "feeding": "#a7adb4", "grooming": "#2f8f5b"}  # fmt: skip
_STEEL = "#b9bec4"
_Part = tuple[str, trimesh.Trimesh, object]


def product_scene(category_slug: str, handle: str, colour_hex: str | None, size: str | None) -> trimesh.Scene | None:
    """The product as a scene of coloured parts (y-up, metres), or ``None`` for a harness (the builder draws those)."""
    if category_slug == "harnesses":
        return None
    colour = colour_hex or _DEFAULT_COLOUR.get(category_slug, "#8a8f99")
    scale = _SIZE_SCALE.get(size or "M", 1.0)
    models = _MODELS.get(category_slug)
    build = models.get(handle, models["*"]) if models else _package
    scene = trimesh.Scene()
    for name, mesh, mat in build(colour, scale):
        scene.add_geometry(paint(mesh, mat), node_name=name, geom_name=name)
    scene.apply_transform(Y_UP)
    return scene


def _ring_path(radius: float, count: int = 64, squash: float = 1.0) -> np.ndarray:
    a = np.linspace(0, 2 * math.pi, count, endpoint=False)
    return np.stack([radius * np.cos(a), np.zeros_like(a), radius * squash * np.sin(a)], -1)


def _collar(colour: str, scale: float, width: float = 0.025, radius: float = 0.07, stripe: bool = False,
            bell: bool = False) -> list[_Part]:  # fmt: skip
    """A collar standing on its edge: the band, a side-release buckle on top, a D-ring below."""
    radius *= scale
    path = _ring_path(radius)
    outward = path / np.linalg.norm(path, axis=1, keepdims=True)
    parts: list[_Part] = [("band", sweep(path, rect_profile(width, 0.004), outward, closed=True), material(colour))]
    if stripe:
        glow = material("#e8eef2", metallic=0.2, roughness=0.25, glow=0.6)
        parts.append(
            ("reflective_stripe", sweep(path * 1.001, rect_profile(width * 0.35, 0.0052), outward, closed=True), glow)
        )
    hardware = material("#2b2b2b", roughness=0.6)
    top = frame([0, 0, radius + 0.002], [1.0, 0, 0], [0, 0, 1.0])
    parts.append(("buckle", place(side_release_buckle(width), top), hardware))
    metal = material(_STEEL, metallic=0.9, roughness=0.35)
    hang = frame([0, 0, -radius - 0.003], [0, 0, -1.0], [1.0, 0, 0])
    parts.append(("d_ring", place(d_ring(width * 0.9, 0.0025), hang), metal))
    if bell:
        gold = material("#d4a72c", metallic=1.0, roughness=0.3)
        body = trimesh.creation.icosphere(subdivisions=2, radius=0.011)
        body.vertices[:, 2] = np.where(body.vertices[:, 2] < -0.004, -0.004, body.vertices[:, 2])
        body.apply_translation([0, 0, -radius - width * 0.65 - 0.013])
        slot = trimesh.creation.box(extents=[0.016, 0.0232, 0.0015])
        slot.apply_translation([0, 0, -radius - width * 0.65 - 0.016])
        parts.append(("bell", body, gold))
        parts.append(("bell_slot", slot, material("#1a1a1a", roughness=0.9)))
    return parts


def _classic_collar(colour: str, scale: float) -> list[_Part]:
    return _collar(colour, scale)


def _reflective_collar(colour: str, scale: float) -> list[_Part]:
    return _collar(colour, scale, width=0.03, stripe=True)


def _cat_collar(colour: str, scale: float) -> list[_Part]:
    return _collar(colour, 1.0, width=0.011, radius=0.042, bell=True)


def _leash(colour: str, scale: float, coils: int = 3, width: float = 0.02, bungee: bool = False,
           belt: bool = False) -> list[_Part]:  # fmt: skip
    """A lead lying coiled: loops of webbing, a handle loop out one side, a trigger snap clip out the other."""
    turns = np.linspace(0, 2 * math.pi * coils, 90 * coils)
    radius = 0.11 - 0.012 * turns / (2 * math.pi)
    coil = np.stack([radius * np.cos(turns), radius * np.sin(turns) * 0.8, 0.004 + 0.0045 * np.sin(turns * 1.5)], -1)
    lead = material(colour, roughness=0.85)
    up = np.array([0, 0, 1.0])
    parts: list[_Part] = [("lead", sweep(coil, rect_profile(width, 0.003), up), lead)]
    start, end = coil[0], coil[-1]
    # The handle: a teardrop loop leaving the outer coil.
    t = np.linspace(0, 2 * math.pi, 60)
    loop_size = 0.16 if belt else 0.085
    handle = np.stack(
        [start[0] + loop_size * (1 - np.cos(t)) / 2, start[1] - loop_size * 0.45 * np.sin(t), 0.012 + 0 * t], -1
    )
    parts.append(("handle_loop", sweep(handle, rect_profile(width * (1.6 if belt else 1.0), 0.004), up, closed=True),
                  material(shade(colour, 0.7), roughness=0.9) if not belt else lead))  # fmt: skip
    if belt:
        hardware = material("#2b2b2b", roughness=0.6)
        buckle_at = frame([start[0] + loop_size, 0, 0.016], [0, 1.0, 0], up)
        parts.append(("belt_buckle", place(side_release_buckle(width * 1.6), buckle_at), hardware))
    # The tail runs from the inner coil outward to the clip, through a bungee section on a running lead.
    tail_end = np.array([-0.17, -0.09, 0.006])
    tail = np.linspace(end, tail_end, 20)
    if bungee:
        s = np.linspace(0, 1, 200)[:, None]
        axis = end + (tail_end - end) * s
        direction = (tail_end - end) / np.linalg.norm(tail_end - end)
        side = np.cross(direction, up)
        wave = 0.008 * (np.sin(s * 2 * math.pi * 16) * side + np.cos(s * 2 * math.pi * 16) * up)
        parts.append(("bungee", tube(axis + wave + [0, 0, 0.008], 0.004, sections=8), material(shade(colour, 0.6))))
    else:
        parts.append(("lead_tail", sweep(tail, rect_profile(width, 0.003), up), lead))
    parts.append(("snap_clip", snap_clip(tail_end, tail_end - end), material(_STEEL, metallic=0.95, roughness=0.3)))
    return parts


def snap_clip(at: np.ndarray, direction: np.ndarray) -> trimesh.Trimesh:
    """A trigger snap: the swivel eye, the barrel and the hook with its spring gate, pointing along ``direction``."""
    t = np.linspace(0, 1, 40)
    hook = np.stack([0.012 + 0.03 * t, 0 * t, 0 * t], -1)
    bend = np.linspace(-math.pi / 2, math.pi / 2, 14)
    tip = np.stack([0.042 + 0.009 * np.cos(bend), 0 * bend, 0.009 + 0.009 * np.sin(bend)], -1)
    back = np.stack([0.042 - 0.014 * t[:10], 0 * t[:10], 0.018 + 0 * t[:10]], -1)
    shank = tube(np.vstack([hook, tip, back]), 0.0032, sections=8)
    around = np.linspace(0, 2 * math.pi, 16, endpoint=False)
    eye_path = np.stack([0.002 + 0.006 * np.cos(around), 0.006 * np.sin(around), np.full(16, 0.004)], -1)
    eye = tube(eye_path, 0.0022, closed=True, sections=6)
    eye.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [1, 0, 0], [0.002, 0, 0.004]))
    barrel = trimesh.creation.cylinder(radius=0.0045, height=0.012, sections=10)
    barrel.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    barrel.apply_translation([0.012, 0, 0.002])
    gate = trimesh.creation.box(extents=[0.018, 0.003, 0.003])
    gate.apply_transform(trimesh.transformations.rotation_matrix(0.45, [0, 1, 0]))
    gate.apply_translation([0.026, 0, 0.011])
    thumb = trimesh.creation.box(extents=[0.006, 0.006, 0.004])
    thumb.apply_translation([0.019, 0, 0.008])
    clip = trimesh.util.concatenate([shank, eye, barrel, gate, thumb])
    return place(clip, frame(at, direction, [0, 0, 1.0]))


def _classic_leash(colour: str, scale: float) -> list[_Part]:
    return _leash(colour, scale)


def _running_leash(colour: str, scale: float) -> list[_Part]:
    return _leash(colour, scale, coils=2, width=0.022, bungee=True, belt=True)


def _long_line(colour: str, scale: float) -> list[_Part]:
    return _leash(colour, scale, coils=6, width=0.014)


def _bed(colour: str, scale: float) -> list[_Part]:
    """An oval orthopedic bed: a thick foam cushion and a bolster round the back and sides."""
    a, b = 0.34 * scale, 0.26 * scale
    cushion = _rounded_slab(a * 0.86, b * 0.82, 0.07 * scale)
    cover = material(colour, roughness=0.95)
    t = np.linspace(-0.85 * math.pi, 0.85 * math.pi, 60)
    bolster_r = 0.055 * scale
    path = np.stack([-(a - bolster_r) * np.cos(t), (b - bolster_r) * np.sin(t), bolster_r + 0 * t], -1)
    bolster = sweep(path, circle_profile(bolster_r, 16, squash=1.15), np.array([0, 0, 1.0]))
    base = _rounded_slab(a, b, 0.02 * scale)
    return [
        ("cushion", cushion, material(shade(colour, 1.25), roughness=0.95)),
        ("bolster", bolster, cover),
        ("base", base, material(shade(colour, 0.6), roughness=0.9)),
    ]


def _rounded_slab(a: float, b: float, height: float, steps: int = 40) -> trimesh.Trimesh:
    """A soft, squarish oval slab standing on z=0 (a superellipse, its edge rounded over)."""
    t = np.linspace(0, 2 * math.pi, steps, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    outline = np.stack([a * np.sign(c) * np.abs(c) ** 0.6, b * np.sign(s) * np.abs(s) ** 0.6], -1)
    shape = Polygon(outline).buffer(-height * 0.3).buffer(height * 0.3, quad_segs=2)
    return extrude(shape, height)


def _rope_toy(colour: str, scale: float) -> list[_Part]:
    """A rope tug: three twisted strands, a knot at each end and frayed tassels."""
    length = 0.28 * scale
    x = np.linspace(-length / 2, length / 2, 160)
    sag = 0.02 * np.cos(x / length * math.pi)
    strands = []
    for k in range(3):
        phase = k * 2 * math.pi / 3 + x / 0.018
        strands.append(
            tube(np.stack([x, 0.007 * np.cos(phase), 0.014 + sag + 0.007 * np.sin(phase)], -1), 0.0075, sections=8)
        )
    cream = "#efe6d2"
    parts: list[_Part] = [
        ("rope_strands", trimesh.util.concatenate(strands[:2]), material(colour, roughness=1.0)),
        ("rope_stripe", strands[2], material(cream, roughness=1.0)),
    ]
    for side, sign in (("left", -1), ("right", 1)):
        knot = trimesh.creation.icosphere(subdivisions=2, radius=0.024 * scale)
        knot.apply_scale([1.15, 1, 0.9])
        knot.apply_translation([sign * length / 2, 0, 0.022])
        tassel = [tube(np.stack([sign * (length / 2 + 0.01 + 0.04 * t), 0.012 * math.cos(a) * (1 + 2 * t),
                                 0.022 + 0.012 * math.sin(a) * (1 + 2 * t) - 0.01 * t], -1), 0.0028, sections=5)
                  for a in np.linspace(0, 2 * math.pi, 7, endpoint=False) for t in [np.linspace(0, 1, 6)]]  # fmt: skip
        parts.append((f"knot_{side}", knot, material(colour, roughness=1.0)))
        parts.append((f"tassel_{side}", trimesh.util.concatenate(tassel), material(cream, roughness=1.0)))
    return parts


def _feather_wand(colour: str, scale: float) -> list[_Part]:
    """A cat teaser: a rod with a grip, a cord and a bunch of feathers."""
    rod = trimesh.creation.cylinder(radius=0.004, height=0.36, sections=10)
    tilt = trimesh.transformations.rotation_matrix(1.1, [0, 1, 0])
    rod.apply_translation([0, 0, 0.18])
    rod.apply_transform(tilt)
    grip = trimesh.creation.cylinder(radius=0.009, height=0.09, sections=14)
    grip.apply_translation([0, 0, 0.045])
    grip.apply_transform(tilt)
    tip = trimesh.transform_points([[0, 0, 0.36]], tilt)[0]
    t = np.linspace(0, 1, 30)
    end = tip + [0.06, 0.02, -0.12]
    cord_path = tip + (end - tip) * t[:, None] + np.stack([0 * t, 0 * t, -0.05 * np.sin(math.pi * t)], -1)
    feathers = []
    for k, (yaw, pitch) in enumerate([(-0.5, -1.2), (0.0, -1.35), (0.5, -1.2), (-0.25, -0.9), (0.3, -0.95)]):
        feather = extrude(
            Polygon([(0, 0), (0.02, 0.012), (0.06, 0.012), (0.085, 0), (0.06, -0.012), (0.02, -0.012)]).buffer(0.002),
            0.0012,
        )
        feather.apply_transform(trimesh.transformations.euler_matrix(math.pi / 2, pitch, yaw, "rxyz"))
        feather.apply_scale(1 + 0.08 * k)
        feather.apply_translation(end)
        feathers.append(feather)
    return [
        ("wand", rod, material("#e8e2d4", roughness=0.6)),
        ("grip", grip, material(colour, roughness=0.7)),
        ("cord", tube(cord_path, 0.0012, sections=5), material("#f5f5f2", roughness=0.9)),
        ("feathers", trimesh.util.concatenate(feathers[::2]), material(colour, roughness=0.9)),
        ("feathers_light", trimesh.util.concatenate(feathers[1::2]), material(shade(colour, 1.45), roughness=0.9)),
    ]


def _ball_toy(colour: str, scale: float) -> list[_Part]:
    """A generic toy: a ball with a seam."""
    ball = trimesh.creation.icosphere(subdivisions=3, radius=0.035 * scale)
    ball.apply_translation([0, 0, 0.035 * scale])
    seam = tube(_ring_path(0.0352 * scale, 48)[:, [0, 2, 1]] + [0, 0, 0.035 * scale], 0.0018, closed=True, sections=6)
    return [("ball", ball, material(colour, roughness=0.6)), ("seam", seam, material("#f5f5f2", roughness=0.6))]


def _bowl(colour: str, scale: float, maze: bool = True) -> list[_Part]:
    """A stainless bowl (turned profile with a rolled rim), with a slow-feeder maze of ridges inside."""
    r = 0.1 * scale
    h = 0.05 * scale
    profile = np.array([[0, 0.004], [r * 0.62, 0.004], [r * 0.72, 0.008], [r * 0.98, h], [r * 1.02, h * 1.12],
                        [r * 1.06, h * 1.16], [r * 1.08, h * 1.08], [r * 0.82, 0.0], [0, 0.0]])  # fmt: skip
    outer = np.array([[0, 0], [r * 0.8, 0], [r * 1.08, 0.054 * scale], [r * 1.06, 0.058 * scale]])
    bowl = trimesh.creation.revolve(np.vstack([outer, profile[::-1][2:-1]]), sections=64)
    steel = material(colour, metallic=1.0, roughness=0.28)
    parts: list[_Part] = [("bowl", bowl, steel)]
    if maze:
        ridges = []
        for k, radius in enumerate((0.25, 0.45, 0.62)):
            a = np.linspace(0, 2 * math.pi, 90, endpoint=False)
            wobble = 1 + 0.12 * np.sin(a * (4 + k) + k)
            ring = np.stack([r * radius * wobble * np.cos(a), r * radius * wobble * np.sin(a), 0.006 + 0 * a], -1)
            ridges.append(tube(ring, 0.006 * scale, closed=True, sections=8))
        for a in np.linspace(0, 2 * math.pi, 5, endpoint=False):
            spoke = np.stack(
                [
                    np.linspace(0.1, 0.6, 8) * r * math.cos(a),
                    np.linspace(0.1, 0.6, 8) * r * math.sin(a),
                    np.full(8, 0.008),
                ],
                -1,
            )
            ridges.append(tube(spoke, 0.005 * scale, sections=8))
        parts.append(("maze", trimesh.util.concatenate(ridges), steel))
        base = extrude(
            Point(0, 0).buffer(r * 0.85, quad_segs=12).difference(Point(0, 0).buffer(r * 0.8, quad_segs=12)),
            0.004,
            -0.004,
        )
        parts.append(("non_slip_base", base, material("#2b2b2b", roughness=0.95)))
    return parts


def _plain_bowl(colour: str, scale: float) -> list[_Part]:
    return _bowl(colour, scale, maze=False)


def _brush(colour: str, scale: float) -> list[_Part]:
    """A deshedding tool: a curved handle with a grip and a head holding a toothed steel blade."""
    t = np.linspace(0, 1, 24)
    path = np.stack([-0.16 + 0.14 * t, 0 * t, 0.012 + 0.02 * np.sin(math.pi * t * 0.8)], -1)
    handle = sweep(path, circle_profile(0.014, 12, squash=0.7), np.array([0, 0, 1.0]))
    grip = sweep(path[4:18] + [0, 0, 0.0015], circle_profile(0.0145, 12, squash=0.62), np.array([0, 0, 1.0]))
    head = extrude(Polygon([(-0.012, -0.05), (0.012, -0.052), (0.012, 0.052), (-0.012, 0.05)]).buffer(0.006), 0.022)
    head.apply_translation([0.0, 0, 0.006])
    teeth = [(0.0, -0.048)]
    for k in range(36):
        y = -0.048 + k * 0.096 / 36
        teeth += [(0.0, y), (0.009, y + 0.0013), (0.0, y + 0.0026)]
    teeth += [(0.0, 0.048), (-0.004, 0.048), (-0.004, -0.048)]
    blade = extrude(Polygon(teeth).buffer(0), 0.0012)
    blade.apply_transform(trimesh.transformations.rotation_matrix(-0.9, [0, 1, 0]))
    blade.apply_translation([0.02, 0, 0.008])
    return [
        ("handle", handle, material(colour, roughness=0.5)),
        ("grip", grip, material("#2b2b2b", roughness=0.95)),
        ("head", head, material(colour, roughness=0.5)),
        ("blade", blade, material(_STEEL, metallic=1.0, roughness=0.25)),
    ]


def _package(colour: str, scale: float) -> list[_Part]:
    """Anything else: a shipping box with a tape band and a label in the product's colour."""
    carton = trimesh.creation.box(extents=[0.2, 0.14, 0.1])
    carton.apply_translation([0, 0, 0.05])
    tape = trimesh.creation.box(extents=[0.2015, 0.04, 0.1015])
    tape.apply_translation([0, 0, 0.05])
    label = trimesh.creation.box(extents=[0.08, 0.002, 0.05])
    label.apply_translation([0.02, -0.0705, 0.05])
    return [
        ("carton", carton, material("#b98a5a", roughness=0.95)),
        ("tape", tape, material("#d9b98c", roughness=0.5)),
        ("label", label, material(colour, roughness=0.8)),
    ]


_Builder = Callable[[str, float], list[_Part]]
#: Each category's models by product handle; "*" is the category's generic model for a handle not listed.
_MODELS: dict[str, dict[str, _Builder]] = {
    "collars": {"classic-nylon-collar": _classic_collar, "reflective-safety-collar": _reflective_collar,
                "breakaway-cat-collar": _cat_collar, "*": _classic_collar},
    "leashes": {"classic-leash": _classic_leash, "hands-free-running-leash": _running_leash,
                "long-line-training-lead": _long_line, "*": _classic_leash},
    "beds": {"*": _bed},
    "toys": {"rope-tug-toy": _rope_toy, "feather-wand-cat-toy": _feather_wand, "*": _ball_toy},
    "feeding": {"stainless-slow-feeder-bowl": _bowl, "*": _plain_bowl},
    "grooming": {"*": _brush},
}  # fmt: skip
