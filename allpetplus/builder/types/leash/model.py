"""The leash's 3D model: the lead lying coiled (more coils the longer it is), the handle loop (padded, and a
traffic handle near the clip where chosen), the clip, and the lettering along the straight run to the clip.

Built z-up in metres like every model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import trimesh

from allpetplus.builder.design import Part
from allpetplus.builder.lettering import text_mesh, text_width
from allpetplus.builder.types.leash.schema import LeashConfig, options
from allpetplus.catalog.meshes import frame, material, place, rect_profile, sweep, tube
from allpetplus.catalog.shapes import snap_clip

THICKNESS = 0.003
_UP = np.array([0, 0, 1.0])
_STEEL = ("#b9bec4", 0.95, 0.3)


def parts(c: LeashConfig, palette: Mapping) -> list[Part]:
    """Every part of the leash, in the design's colours."""
    width = c.width_mm / 1000
    coils = options()["lengths"][c.length]["coils"]
    lead = material(palette[c.webbing_colour].hex, roughness=0.85)
    padding = material(palette[c.padding_colour].hex, roughness=0.95)
    turns = np.linspace(0, 2 * math.pi * coils, 90 * coils)
    radius = 0.11 - 0.05 * turns / (2 * math.pi * coils)
    coil = np.stack([radius * np.cos(turns), radius * np.sin(turns) * 0.8, 0.004 + 0.0045 * np.sin(turns * 1.5)], -1)
    out: list[Part] = [("lead", sweep(coil, rect_profile(width, THICKNESS), _UP), lead)]
    start, end = coil[0], coil[-1]
    t = np.linspace(0, 2 * math.pi, 60)
    loop = np.stack([start[0] + 0.085 * (1 - np.cos(t)) / 2, start[1] - 0.04 * np.sin(t), 0.012 + 0 * t], -1)
    out.append(("handle", sweep(loop, rect_profile(width, 0.004), _UP, closed=True), lead))
    if c.handle in ("padded", "traffic"):
        grip = loop[18:43] + [0, 0, 0.001]
        out.append(("handle_padding", sweep(grip, rect_profile(width * 1.25, 0.009), _UP), padding))
    tail_end = np.array([-0.2, -0.12, 0.006])
    tail = np.linspace(end, tail_end, 24)
    out.append(("lead_tail", sweep(tail, rect_profile(width, THICKNESS), _UP), lead))
    direction = (tail_end - end) / np.linalg.norm(tail_end - end)
    if c.handle == "traffic":
        side = np.cross(_UP, direction)
        base = tail_end - direction * 0.07
        s = np.linspace(0, math.pi, 30)
        arc = base + np.outer(np.cos(s) * 0.03, direction) + np.outer(np.sin(s) * 0.035, side) + [0, 0, 0.008]
        out.append(("traffic_handle", sweep(arc, rect_profile(width * 0.9, 0.006), _UP), padding))
    metal = material(_STEEL[0], metallic=_STEEL[1], roughness=_STEEL[2])
    clip = snap_clip(tail_end, direction) if c.clip == "trigger-snap" else _carabiner(tail_end, direction)
    out.append(("clip", clip, metal))
    if c.text:
        room = np.linalg.norm(tail_end - end) * 0.7
        height = min(width * 0.6, room / max(text_width(c.text, "block"), 0.5))
        letters = text_mesh(c.text, "block", height, 0.0006)
        if letters is not None:
            letters.apply_translation([-letters.bounds[:, 0].mean(), 0, 0])
            middle = (end + tail_end) / 2 + [0, 0, THICKNESS / 2]
            out.append(("personalised_text", place(letters, frame(middle, direction, _UP)),
                        material(palette[c.thread_colour].hex, roughness=0.6)))  # fmt: skip
    return out


def _carabiner(at: np.ndarray, direction: np.ndarray) -> trimesh.Trimesh:
    """A locking carabiner: an oval of round bar and the screw sleeve on its gate, pointing along ``direction``."""
    a = np.linspace(0, 2 * math.pi, 40, endpoint=False)
    oval = np.stack([0.03 + 0.03 * np.cos(a), 0 * a, 0.011 + 0.014 * np.sin(a)], -1)
    body = tube(oval, 0.0032, closed=True, sections=8)
    sleeve = trimesh.creation.cylinder(radius=0.0055, height=0.014, sections=12)
    sleeve.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    sleeve.apply_translation([0.03, 0, 0.025])
    return place(trimesh.util.concatenate([body, sleeve]), frame(at, direction, [0, 0, 1.0]))
