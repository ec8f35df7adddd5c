"""The collar's 3D model: the band lying in a loop, its buckle and D-ring, the lettering embroidered along the
band or engraved on a name plate (with the licence QR code), and reflective stitching along both edges.

Built z-up in metres like every model; the front of the band (toward +y) faces the viewer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import trimesh
from shapely.geometry import box

from allpetplus.builder.design import Part
from allpetplus.builder.lettering import text_mesh, text_width
from allpetplus.builder.preview import lookup_url, qr_mesh
from allpetplus.builder.types.collar.schema import CollarConfig, options
from allpetplus.catalog.meshes import (
    d_ring,
    extrude,
    frame,
    material,
    place,
    rect_profile,
    shade,
    side_release_buckle,
    sweep,
    tube,
)

THICKNESS = 0.0035
_FRONT = math.pi / 2


def parts(c: CollarConfig, palette: Mapping) -> list[Part]:
    """Every part of the collar, in the design's colours."""
    low, high = options()["sizes"][c.size]["neck_cm"]
    radius = (low + high) / 2 / 100 / (2 * math.pi)
    width = c.width_mm / 1000
    band_hex = palette[c.band_colour].hex
    around = np.linspace(0, 2 * math.pi, 96, endpoint=False)
    ring = np.stack([radius * np.cos(around), radius * np.sin(around), np.zeros_like(around)], -1)
    outward = ring / radius
    out: list[Part] = [("band", sweep(ring, rect_profile(width, THICKNESS), outward, closed=True),
                        material(band_hex, roughness=0.85))]  # fmt: skip
    if c.reflective_stitching:
        glow = material("#e8eef2", metallic=0.2, roughness=0.25, glow=0.6)
        for side, z in (("top", 1), ("bottom", -1)):
            edge = ring * (1 + THICKNESS / 2 / radius) + [0, 0, z * (width / 2 - 0.0016)]
            out.append((f"reflective_stitching_{side}", tube(edge, 0.0006, closed=True, sections=6), glow))
    out.append(("buckle", _buckle(c, width, radius, band_hex), _buckle_material(c, band_hex)))
    at = -0.55
    hang = frame([(radius + THICKNESS) * math.cos(at), (radius + THICKNESS) * math.sin(at), 0],
                 [math.cos(at), math.sin(at), 0], [0, 0, 1.0])  # fmt: skip
    out.append(("d_ring", place(d_ring(width * 0.9, 0.0025), hang), material("#b9bec4", metallic=0.9, roughness=0.35)))
    thread = material(palette[c.thread_colour].hex, roughness=0.6)
    if c.name_plate:
        out.extend(_name_plate(c, radius))
    elif c.text:
        height = min(width * 0.6, 2 * math.pi * radius * 0.35 / max(text_width(c.text, "block"), 0.5))
        letters = text_mesh(c.text, "block", height, 0.0008)
        if letters is not None:
            out.append(("personalised_text", _around_band(letters, radius), thread))
    return out


def _buckle_material(c: CollarConfig, band_hex: str):
    if c.buckle == "metal":
        return material("#b9bec4", metallic=0.9, roughness=0.35)
    return material(shade(band_hex, 0.55) if c.buckle == "breakaway" else "#2b2b2b", roughness=0.6)


def _buckle(c: CollarConfig, width: float, radius: float, band_hex: str) -> trimesh.Trimesh:
    """At the side of the loop: a side-release buckle, a smaller breakaway one, or a metal frame with a prong."""
    at = frame([radius + THICKNESS / 2, 0, 0], [0, 1.0, 0], [1.0, 0, 0])
    if c.buckle == "metal":
        outline = box(-width * 0.45, -width * 0.65, width * 0.45, width * 0.65)
        frame_shape = outline.difference(box(-width * 0.3, -width * 0.5, width * 0.3, width * 0.5))
        metal = extrude(frame_shape, 0.003)
        prong = trimesh.creation.box(extents=[width * 0.6, 0.0018, 0.0018])
        prong.apply_translation([0, 0, 0.0032])
        return place(trimesh.util.concatenate([metal, prong]), at)
    scale = 0.85 if c.buckle == "breakaway" else 1.0
    return place(side_release_buckle(width * scale), at)


def _around_band(mesh: trimesh.Trimesh, radius: float) -> trimesh.Trimesh:
    """Flat lettering (along x, up y, thickness z) bent onto the front of the band, reading left to right."""
    bent = mesh.copy()
    u, v, w = bent.vertices[:, 0] - bent.vertices[:, 0].mean(), bent.vertices[:, 1], bent.vertices[:, 2]
    angle = _FRONT + u / radius
    reach = radius + THICKNESS / 2 + w
    bent.vertices = np.stack([reach * np.cos(angle), reach * np.sin(angle), v], -1)
    return bent


def _name_plate(c: CollarConfig, radius: float) -> list[Part]:
    """A metal plate on the front of the band with the text engraved, and the licence QR code beside it."""
    qr = 0.016 if c.licence_tag else 0.0
    letters = 0.007 if c.text else 0.0
    length = max(0.03, qr + letters * text_width(c.text, "rounded") + 0.01 + (0.004 if qr and letters else 0))
    height = max(0.016, qr + 0.005)
    outline = box(-length / 2, -height / 2, length / 2, height / 2).buffer(-0.003).buffer(0.003, quad_segs=3)
    at = frame([0, radius + THICKNESS, 0], [-1.0, 0, 0], [0, 1.0, 0])
    plate = place(extrude(outline, 0.0015), at)
    made: list[Part] = [("name_plate", plate, material("#c9ccd1", metallic=0.95, roughness=0.25))]
    engraving = material("#1d1f22", roughness=0.7)
    x = -length / 2 + 0.005
    if qr:
        made.append(("licence_qr", place(qr_mesh(lookup_url(c.licence_tag), [x + qr / 2, 0, 0.0016], qr), at),
                     engraving))  # fmt: skip
        x += qr + 0.004
    if c.text:
        text = text_mesh(c.text, "rounded", letters, 0.0004)
        if text is not None:
            text.apply_translation([x, 0, 0.0015])
            made.append(("personalised_text", place(text, at), engraving))
    return made
