"""Mesh pieces shared by the product models and the harness preview: colour-true materials, swept
straps and tubes, side-release buckles and D-rings.

Models are built z-up in metres and turned y-up (glTF) at the end with ``Y_UP``.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import trimesh
from shapely.geometry import Polygon, box
from trimesh.visual.material import PBRMaterial

#: trimesh is z-up, glTF is y-up: (x, y, z) -> (-x, z, y) so a model stands upright in viewers.
Y_UP = np.array([[-1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    """An sRGB hex colour as linear RGB (the exact sRGB transfer function), as glTF colour factors expect."""
    h = hex_colour.lstrip("#")
    channels = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # type: ignore[return-value]


class LinearMaterial(PBRMaterial):
    """A PBR material whose base colour keeps full float precision (trimesh rounds it to 8 bits)."""

    @property
    def baseColorFactor(self):  # noqa: N802 - the glTF name, as in trimesh
        """The linear RGBA base colour as floats."""
        return self._data.get("baseColorFactor")

    @baseColorFactor.setter
    def baseColorFactor(self, value):  # noqa: N802
        if value is None:
            self._data.pop("baseColorFactor", None)
        else:
            colour = np.asarray(value, dtype=np.float64)
            self._data["baseColorFactor"] = colour if colour.size == 4 else np.append(colour, 1.0)

    def copy(self) -> LinearMaterial:
        """A copy that stays a float material."""
        return LinearMaterial(**{k: (v.copy() if hasattr(v, "copy") else v) for k, v in self._data.items()})


def material(hex_colour: str, metallic: float = 0.0, roughness: float = 0.8, glow: float = 0.0) -> PBRMaterial:
    """A PBR material in an sRGB hex colour, stored linear; ``glow`` adds that much of the colour as emission."""
    colour = linear_rgb(hex_colour)
    return LinearMaterial(
        baseColorFactor=[*colour, 1.0],
        metallicFactor=metallic,
        roughnessFactor=roughness,
        emissiveFactor=[c * glow for c in colour] if glow else None,
    )


def shade(hex_colour: str, factor: float) -> str:
    """The colour darkened (factor < 1) or lightened toward white (factor > 1), as hex."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    rgb = [round(c * factor) for c in rgb] if factor <= 1 else [round(c + (255 - c) * min(factor - 1, 1)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def paint(mesh: trimesh.Trimesh, mat: PBRMaterial) -> trimesh.Trimesh:
    """The mesh with its material (as texture visuals, so glTF export keeps the PBR values)."""
    mesh.visual = trimesh.visual.TextureVisuals(material=mat)
    return mesh


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def sweep(
    path: np.ndarray, profile: np.ndarray, normals: np.ndarray | None = None, closed: bool = False
) -> trimesh.Trimesh:
    """A closed profile (k, 2) swept along a path (n, 3); profile x runs across the path, y along ``normals``.

    ``normals`` (n, 3) or (3,) orient the profile (for a strap: its outward face); an open path gets flat caps.
    """
    path = np.asarray(path, dtype=float)
    n, k = len(path), len(profile)
    tangent = np.roll(path, -1, axis=0) - np.roll(path, 1, axis=0) if closed else np.gradient(path, axis=0)
    tangent = _unit(tangent)
    if normals is None:
        steep = np.abs(tangent[:, 2:]) > 0.9
        normals = np.where(steep, [1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    normals = np.broadcast_to(np.asarray(normals, dtype=float), path.shape)
    up = _unit(normals - (normals * tangent).sum(axis=1, keepdims=True) * tangent)
    side = np.cross(up, tangent)
    vertices = (
        path[:, None, :] + profile[None, :, 0, None] * side[:, None, :] + profile[None, :, 1, None] * up[:, None, :]
    )
    vertices = vertices.reshape(-1, 3)
    rows = n if closed else n - 1
    i, j = np.meshgrid(np.arange(rows), np.arange(k), indexing="ij")
    a, b = i * k + j, i * k + (j + 1) % k
    c, d = ((i + 1) % n) * k + j, ((i + 1) % n) * k + (j + 1) % k
    faces = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3), np.stack([b, d, c], -1).reshape(-1, 3)])
    if not closed:
        centre = len(vertices)
        vertices = np.vstack([vertices, path[0], path[-1]])
        ring = np.arange(k)
        start = np.stack([np.full(k, centre), (ring + 1) % k, ring], -1)
        end = np.stack([np.full(k, centre + 1), (n - 1) * k + ring, (n - 1) * k + (ring + 1) % k], -1)
        faces = np.vstack([faces, start, end])
    x, y = profile[:, 0], profile[:, 1]
    if np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y) < 0:
        faces = faces[:, ::-1]  # a clockwise profile: turn every face so they all face outward
    return trimesh.Trimesh(vertices, faces, process=False)


def rect_profile(width: float, thickness: float) -> np.ndarray:
    """A strap's cross-section with eased corners (width across, thickness outward)."""
    w, t, e = width / 2, thickness / 2, min(width, thickness) * 0.3
    return np.array(
        [[-w, -t + e], [-w + e, -t], [w - e, -t], [w, -t + e], [w, t - e], [w - e, t], [-w + e, t], [-w, t - e]]
    )


def circle_profile(radius: float, sections: int = 10, squash: float = 1.0) -> np.ndarray:
    """A round (or, with ``squash``, oval) cross-section."""
    a = np.linspace(0, 2 * math.pi, sections, endpoint=False)
    return np.stack([radius * np.cos(a), radius * squash * np.sin(a)], -1)


def tube(path: np.ndarray, radius: float, closed: bool = False, sections: int = 10) -> trimesh.Trimesh:
    """A round tube along a path."""
    return sweep(path, circle_profile(radius, sections), closed=closed)


def frame(origin, along, out) -> np.ndarray:
    """A transform placing local x along ``along`` and local z along ``out`` at ``origin``."""
    z = _unit(np.asarray(out, dtype=float))
    x = _unit(np.asarray(along, dtype=float) - np.dot(along, z) * z)
    matrix = np.eye(4)
    matrix[:3, 0], matrix[:3, 1], matrix[:3, 2], matrix[:3, 3] = x, np.cross(z, x), z, origin
    return matrix


def extrude(shape: Polygon, height: float, base: float = 0.0) -> trimesh.Trimesh:
    """A 2D shape in the x-y plane extruded up z from ``base``."""
    mesh = trimesh.creation.extrude_polygon(shape, height)
    mesh.apply_translation([0, 0, base])
    return mesh


def _rounded(width: float, length: float, radius: float) -> Polygon:
    return box(-length / 2 + radius, -width / 2 + radius, length / 2 - radius, width / 2 - radius).buffer(
        radius, quad_segs=3
    )


def side_release_buckle(strap_width: float) -> trimesh.Trimesh:
    """A side-release buckle along local x, lying in x-y, bottom at z=0: the female housing and the
    male part with its two prongs and strap bar."""
    return _buckle(round(strap_width, 4)).copy()


@functools.lru_cache(maxsize=64)
def _buckle(strap_width: float) -> trimesh.Trimesh:
    w = strap_width * 1.25
    housing = _rounded(w, w * 1.1, w * 0.12).difference(box(w * 0.3, -w * 0.32, w * 0.45, w * 0.32))
    housing = housing.union(box(-w * 0.55, -w * 0.5, -w * 0.4, w * 0.5).buffer(w * 0.03))
    male = Polygon([(0, -w * 0.5), (w * 0.5, -w * 0.42), (w * 0.5, w * 0.42), (0, w * 0.5)])
    male = male.difference(box(w * 0.15, -w * 0.3, w * 0.32, w * 0.3))
    prongs = box(-w * 0.45, -w * 0.45, 0.0, -w * 0.3).union(box(-w * 0.45, w * 0.3, 0.0, w * 0.45))
    shell = extrude(housing, w * 0.22)
    tongue = extrude(male.union(prongs), w * 0.14, base=w * 0.04)
    tongue.apply_translation([w * 0.55, 0, 0])
    return place(
        trimesh.util.concatenate([shell, tongue]), trimesh.transformations.translation_matrix([-w * 0.25, 0, 0])
    )


def d_ring(width: float, wire: float, sections: int = 8) -> trimesh.Trimesh:
    """A D-shaped ring: its straight bar along local y at x=0, the curve bulging toward +x, in the x-y plane."""
    return _d_ring(round(width, 4), round(wire, 5), sections).copy()


@functools.lru_cache(maxsize=64)
def _d_ring(width: float, wire: float, sections: int) -> trimesh.Trimesh:
    half = width / 2
    straight = np.stack([np.zeros(6), np.linspace(half, -half, 6, endpoint=False), np.zeros(6)], -1)
    a = np.linspace(-math.pi / 2, math.pi / 2, 18, endpoint=False)
    curve = np.stack([np.cos(a) * width * 0.75, np.sin(a) * half, np.zeros_like(a)], -1)
    return sweep(np.vstack([straight, curve]), circle_profile(wire, sections), np.array([0, 0, 1.0]), closed=True)


def place(mesh: trimesh.Trimesh, transform: np.ndarray) -> trimesh.Trimesh:
    """The mesh moved by a transform (in place; returned for chaining)."""
    mesh.apply_transform(transform)
    return mesh
