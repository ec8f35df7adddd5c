"""Uploaded images and documents: checked by their bytes, stored on Cloudinary or served locally.

Local files live in ``VAR_DIR/uploads`` and are served by every app at ``/_upload/...`` (the
directory Reflex's upload mount uses; ``rxconfig.py`` points it here).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from allpetplus.core.errors import TooLarge, ValidationFailed
from allpetplus.core.settings import settings

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: The largest upload request (``POST /_upload``): the largest file kind, plus room for the multipart
#: framing and the handler's arguments.
MAX_UPLOAD_REQUEST_BYTES = max(MAX_IMAGE_BYTES, MAX_DOCUMENT_BYTES) + 64 * 1024
_IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


def sniff_image(data: bytes) -> str | None:
    """The image type from the file's first bytes ('png', 'jpg', 'gif', 'webp'), or ``None``."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for signature, kind in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def sniff_document(data: bytes) -> str | None:
    """'pdf' or an image type, from the first bytes; ``None`` for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    return sniff_image(data)


def uploads_dir() -> Path:
    """Where local uploads are kept."""
    return settings.VAR_DIR / "uploads"


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


async def read_upload(upload: Any, limit: int, *, field: str = "file", what: str = "file") -> bytes:
    """An uploaded file's bytes, never read past ``limit``: ``TooLarge`` naming ``field`` when it is bigger
    (its declared size is checked first, then at most ``limit + 1`` bytes are read)."""
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise _too_large(field, what, limit)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(field, what, limit)
    return data


def _too_large(field: str, what: str, limit: int) -> TooLarge:
    return TooLarge.one(field, f"The {what} is too large; the limit is {_megabytes(limit)}.")


def store_image(data: bytes, *, folder: str, name_hint: str, field: str = "file") -> str:
    """Check that ``data`` is a PNG, JPEG, GIF or WebP image of at most 5 MB and store it; returns its URL."""
    kind = sniff_image(data)
    if kind is None:
        raise ValidationFailed.one(field, "Upload a photo in JPEG, PNG, GIF or WebP format.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationFailed.one(field, f"The photo is {_megabytes(len(data))}; the limit is 5 MB.")
    return _store(data, folder, name_hint, kind)


def store_document(data: bytes, *, folder: str, name_hint: str, field: str = "file") -> str:
    """Check that ``data`` is a PDF or an image of at most 10 MB and store it; returns its URL."""
    kind = sniff_document(data)
    if kind is None:
        raise ValidationFailed.one(field, "Upload a PDF or a photo (JPEG, PNG, GIF or WebP).")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed.one(field, f"The file is {_megabytes(len(data))}; the limit is 10 MB.")
    return _store(data, folder, name_hint, kind)


def cloudinary_options(url: str) -> dict[str, str]:
    """Credentials (and options such as ``upload_prefix``) from ``cloudinary://key:secret@cloud?...``."""
    parts = urlsplit(url)
    if parts.scheme != "cloudinary" or not (parts.username and parts.password and parts.hostname):
        raise ValueError("CLOUDINARY_URL must look like cloudinary://api_key:api_secret@cloud_name")
    return {
        "api_key": unquote(parts.username),
        "api_secret": unquote(parts.password),
        "cloud_name": parts.hostname,
        **dict(parse_qsl(parts.query)),
    }


def _store(data: bytes, folder: str, name_hint: str, kind: str) -> str:
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"{name_hint}-{digest}"
    if settings.CLOUDINARY_URL:
        import cloudinary.uploader

        resource_type = "raw" if kind == "pdf" else "image"
        result = cloudinary.uploader.upload(
            data,
            folder=f"allpetplus/{folder}",
            public_id=name,
            overwrite=True,
            resource_type=resource_type,
            **cloudinary_options(settings.CLOUDINARY_URL),
        )
        return result["secure_url"]
    target = uploads_dir() / folder / f"{name}.{kind}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return f"/_upload/{folder}/{target.name}"
