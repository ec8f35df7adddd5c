"""Embroidered lettering: each character's outline from the chosen font, extruded into a thin solid.

The fonts (SIL Open Font License, licences beside them) are Latin subsets shipped in ``data/fonts``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import trimesh
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from shapely.geometry import Polygon
from shapely.ops import unary_union

from allpetplus.catalog.meshes import extrude

FONT_DIR = Path(__file__).parent / "data" / "fonts"
#: The builder's lettering options and the typefaces that stitch them.
FONT_FILES = {
    "block": "ArchivoBlack-Regular.ttf",
    "rounded": "Nunito-ExtraBold.ttf",
    "script": "Pacifico-Regular.ttf",
}
_CURVE_STEPS = 5


class _OutlinePen(BasePen):
    """Collects a glyph's contours as polylines, curves flattened into a few segments."""

    def __init__(self, glyph_set) -> None:
        super().__init__(glyph_set)
        self.contours: list[list[tuple[float, float]]] = []

    def _moveTo(self, pt):  # noqa: N802 - fontTools' pen protocol
        self.contours.append([pt])

    def _lineTo(self, pt):  # noqa: N802
        self.contours[-1].append(pt)

    def _curveToOne(self, pt1, pt2, pt3):  # noqa: N802
        p0 = np.array(self._getCurrentPoint())
        t = np.linspace(0, 1, _CURVE_STEPS + 1)[1:, None]
        points = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * pt1 + 3 * (1 - t) * t**2 * pt2 + t**3 * np.array(pt3)
        self.contours[-1].extend(map(tuple, points))

    def _qCurveToOne(self, pt1, pt2):  # noqa: N802
        p0 = np.array(self._getCurrentPoint())
        t = np.linspace(0, 1, _CURVE_STEPS + 1)[1:, None]
        points = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * np.array(pt1) + t**2 * np.array(pt2)
        self.contours[-1].extend(map(tuple, points))

    def _closePath(self):  # noqa: N802
        pass


@functools.cache
def _font(font: str) -> TTFont:
    return TTFont(FONT_DIR / FONT_FILES.get(font, FONT_FILES["block"]))


@functools.lru_cache(maxsize=512)
def glyph(font: str, char: str) -> tuple[trimesh.Trimesh | None, float]:
    """One character as a solid one em high and one unit deep (baseline at y=0), and its advance in ems."""
    face = _font(font)
    units = face["head"].unitsPerEm
    name = face.getBestCmap().get(ord(char))
    if name is None:
        return None, 0.5
    glyph_set = face.getGlyphSet()
    pen = _OutlinePen(glyph_set)
    glyph_set[name].draw(pen)
    filled, holes = [], []
    for contour in pen.contours:
        if len(contour) < 3:
            continue
        ring = Polygon(contour).buffer(0)
        # TrueType fills clockwise contours; counter-clockwise ones cut holes.
        signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(contour, contour[1:] + contour[:1], strict=True))
        (holes if signed > 0 else filled).append(ring)
    advance = face["hmtx"][name][0] / units
    shape = unary_union(filled).difference(unary_union(holes)) if filled else None
    if shape is None or shape.is_empty:
        return None, advance
    polygons = [shape] if shape.geom_type == "Polygon" else list(shape.geoms)
    solid = trimesh.util.concatenate([extrude(p.simplify(units * 0.004), 1.0) for p in polygons if p.area > 0])
    solid.apply_scale([1 / units, 1 / units, 1.0])
    return solid, advance


def text_width(text: str, font: str) -> float:
    """The text's advance width in ems."""
    return sum(glyph(font, c)[1] for c in text)


def text_mesh(text: str, font: str, height: float, depth: float) -> trimesh.Trimesh | None:
    """The text laid along +x from x=0, letters ``height`` tall (one em) and ``depth`` thick, centred on y=0."""
    pieces, x = [], 0.0
    for char in text:
        solid, advance = glyph(font, char)
        if solid is not None:
            letter = solid.copy()
            letter.apply_transform(np.diag([height, height, depth, 1.0]))
            letter.apply_translation([x * height, -0.35 * height, 0])
            pieces.append(letter)
        x += advance
    return trimesh.util.concatenate(pieces) if pieces else None
