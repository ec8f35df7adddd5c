"""Product pictures on disk, cached by a content key: rendered once, then served at ``/_upload/pictures/``.

A key names what the model looks like (e.g. a harness's preview key, or a variant's handle, colour, size and
model version), so a key's files never change. One render at the largest width is downscaled to every width
the pages use (WebP, and AVIF for browsers that take it), plus a 1200×630 JPEG on white for link previews and
a small JPEG for e-mail.
Every file is written to a temporary name and moved into place, so a reader never sees half a file and two
processes rendering the same key both end with complete files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import trimesh
from PIL import Image, features

from allpetplus.core.settings import settings
from allpetplus.picture.render import render

PICTURE_FOLDER = "pictures"
#: Bumped when the lighting or framing changes, so pictures drawn the old way are not served again.
RENDER_VERSION = "v1"
WIDTHS = (160, 320, 640, 960)
OG_SIZE = (1200, 630)
EMAIL_WIDTH = 160
AVIF = features.check("avif")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


@dataclasses.dataclass(frozen=True)
class Picture:
    """The URLs of one key's pictures."""

    key: str
    cached: bool

    def url(self, width: int, ext: str = "webp") -> str:
        """The square picture ``width`` pixels wide (one of ``WIDTHS``)."""
        if width not in WIDTHS:
            raise ValueError(f"no picture {width} wide; widths are {WIDTHS}")
        return f"{_url_folder()}/{self.key}-{width}.{ext}"

    @property
    def srcset(self) -> str:
        """Every WebP width, for an ``<img srcset>``."""
        return ", ".join(f"{self.url(w)} {w}w" for w in WIDTHS)

    @property
    def avif_srcset(self) -> str | None:
        """Every AVIF width, for a ``<source type="image/avif">``; ``None`` where Pillow cannot write AVIF."""
        return ", ".join(f"{self.url(w, 'avif')} {w}w" for w in WIDTHS) if AVIF else None

    @property
    def email_url(self) -> str:
        """A small JPEG on white, for e-mail (mail programs do not all show WebP)."""
        return f"{_url_folder()}/{self.key}-{EMAIL_WIDTH}.jpg"

    @property
    def og_url(self) -> str:
        """The 1200×630 JPEG for Open Graph link previews."""
        return f"{_url_folder()}/{self.key}-og.jpg"


def picture_key(*parts: object) -> str:
    """A stable key from what decides the look, e.g. ``picture_key(handle, colour, size, model_version)``."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


def picture_dir() -> Path:
    """Where pictures are kept (served publicly at ``/_upload/pictures/``)."""
    return settings.VAR_DIR / "uploads" / PICTURE_FOLDER / RENDER_VERSION


def _url_folder() -> str:
    return f"/_upload/{PICTURE_FOLDER}/{RENDER_VERSION}"


def _complete_marker(key: str) -> Path:
    """The file written last: when it exists, every other file of the key does."""
    return picture_dir() / f"{key}-og.jpg"


#: Keys found on disk, by folder: a key's pictures never change once written.
_found: dict[tuple[Path, str], Picture] = {}


def find_pictures(key: str) -> Picture | None:
    """The key's pictures if they have been rendered, else ``None``; never renders."""
    _check(key)
    if (found := _found.get((settings.VAR_DIR, key))) is not None:
        return found
    if not _complete_marker(key).exists():
        return None
    if len(_found) > 10_000:
        _found.clear()
    picture = _found[(settings.VAR_DIR, key)] = Picture(key, cached=True)
    return picture


def ensure_pictures(key: str, build: Callable[[], trimesh.Scene]) -> Picture:
    """The key's pictures, rendering ``build()``'s scene first if they are not on disk yet."""
    if (found := find_pictures(key)) is not None:
        return found
    image = render(build(), max(WIDTHS), max(WIDTHS))
    folder = picture_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for width in sorted(WIDTHS, reverse=True):
        sized = image if width == image.width else image.resize((width, width), Image.Resampling.LANCZOS)
        _write(folder / f"{key}-{width}.webp", sized, "WEBP", quality=85, method=4)
        if AVIF:
            _write(folder / f"{key}-{width}.avif", sized, "AVIF", quality=70, speed=9)
    small = Image.new("RGBA", (EMAIL_WIDTH, EMAIL_WIDTH), (255, 255, 255, 255))
    small.alpha_composite(image.resize((EMAIL_WIDTH, EMAIL_WIDTH), Image.Resampling.LANCZOS))
    _write(folder / f"{key}-{EMAIL_WIDTH}.jpg", small.convert("RGB"), "JPEG", quality=85)
    _write(_complete_marker(key), _og(image), "JPEG", quality=88, optimize=True, progressive=True)
    return Picture(key, cached=False)


def _og(image: Image.Image) -> Image.Image:
    """The square picture centred on a white 1200×630 card."""
    width, height = OG_SIZE
    card = Image.new("RGBA", OG_SIZE, (255, 255, 255, 255))
    square = image.resize((height, height), Image.Resampling.LANCZOS)
    card.alpha_composite(square, ((width - height) // 2, 0))
    return card.convert("RGB")


def _write(target: Path, image: Image.Image, fmt: str, **options: object) -> None:
    """Encode to a temporary file beside ``target``, then move it into place atomically."""
    data = io.BytesIO()
    image.save(data, fmt, **options)
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    part.write_bytes(data.getvalue())
    os.replace(part, target)


def _check(key: str) -> None:
    if not _KEY.fullmatch(key):
        raise ValueError(f"a picture key is 1–100 letters, digits, '.', '_' or '-', not {key!r}")
