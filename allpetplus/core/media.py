"""Uploaded images and documents: checked by their bytes, then stored publicly or privately.

Public files (pet photos, design previews) live in ``VAR_DIR/uploads``, served to anyone by every app at
``/_upload/...`` (the directory Reflex's upload mount uses; ``rxconfig.py`` points it here), or on
Cloudinary as public images.

Private documents (rabies certificates, spay/neuter proof, ...) never go there: they live in
``VAR_DIR/private`` (owner-only directory and files) under random names, or on Cloudinary as
``authenticated`` assets that only a signed, expiring URL delivers. Who may see one is decided by
``allpetplus.document``, which keeps its owner.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import cloudinary.uploader
import cloudinary.utils

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


#: The content type each kind of file is served with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
#: How long a Cloudinary delivery URL for a private document works.
PRIVATE_DELIVERY_SECONDS = 60
_PRIVATE_FOLDER = "allpetplus/private"
_PRIVATE_TYPE = "authenticated"


def uploads_dir() -> Path:
    """Where local public uploads are kept (served to anyone at ``/_upload``)."""
    return settings.VAR_DIR / "uploads"


def private_dir() -> Path:
    """Where local private documents are kept (never served as files; see ``allpetplus.document``)."""
    return settings.VAR_DIR / "private"


@dataclasses.dataclass(frozen=True)
class PrivateFile:
    """A private document as stored: where (``storage``: "local" or "cloudinary"), under which key, its
    content type and size."""

    storage: str
    key: str
    content_type: str
    size: int

    @property
    def extension(self) -> str:
        """'pdf', 'png', ... (from the content type)."""
        return next(kind for kind, content_type in CONTENT_TYPES.items() if content_type == self.content_type)


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


def store_document(data: bytes, *, field: str = "file") -> PrivateFile:
    """Check that ``data`` is a PDF or an image of at most 10 MB and keep it privately, under a random key."""
    kind = sniff_document(data)
    if kind is None:
        raise ValidationFailed.one(field, "Upload a PDF or a photo (JPEG, PNG, GIF or WebP).")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed.one(field, f"The file is {_megabytes(len(data))}; the limit is 10 MB.")
    token = secrets.token_urlsafe(24)
    if settings.CLOUDINARY_URL:
        public_id = f"{_PRIVATE_FOLDER}/{token}"
        cloudinary.uploader.upload(
            data,
            public_id=public_id,
            type=_PRIVATE_TYPE,
            overwrite=False,
            resource_type=_resource_type(kind),
            **cloudinary_options(settings.CLOUDINARY_URL),
        )
        return PrivateFile("cloudinary", public_id, CONTENT_TYPES[kind], len(data))
    directory = private_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = f"{token}.{kind}"
    fd = os.open(directory / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as target:
        target.write(data)
    return PrivateFile("local", key, CONTENT_TYPES[kind], len(data))


def private_path(file: PrivateFile) -> Path | None:
    """The local file of a private document (``None`` when it is not kept locally or is gone)."""
    if file.storage != "local" or Path(file.key).name != file.key:
        return None
    path = private_dir() / file.key
    return path if path.is_file() else None


def private_delivery_url(file: PrivateFile) -> str:
    """A signed Cloudinary URL delivering this private document for the next minute."""
    kind = file.extension
    return cloudinary.utils.private_download_url(
        file.key,
        "" if _resource_type(kind) == "raw" else kind,
        resource_type=_resource_type(kind),
        type=_PRIVATE_TYPE,
        # Cloudinary checks this against its own clock, so it comes from the real one.
        expires_at=int(time.time()) + PRIVATE_DELIVERY_SECONDS,
        **cloudinary_options(settings.CLOUDINARY_URL),
    )


def delete_document(file: PrivateFile) -> None:
    """Remove a private document from where it is kept (nothing happens when it is already gone)."""
    if file.storage == "cloudinary":
        cloudinary.uploader.destroy(
            file.key,
            type=_PRIVATE_TYPE,
            resource_type=_resource_type(file.extension),
            invalidate=True,
            **cloudinary_options(settings.CLOUDINARY_URL),
        )
        return
    path = private_path(file)
    if path is not None:
        path.unlink(missing_ok=True)


def _resource_type(kind: str) -> str:
    return "raw" if kind == "pdf" else "image"


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
        result = cloudinary.uploader.upload(
            data,
            folder=f"allpetplus/{folder}",
            public_id=name,
            overwrite=True,
            resource_type="image",
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
