"""Password hashing (argon2), opaque session tokens and signing keys derived from the app secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from allpetplus.core.settings import settings

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash never matches (and costs the same time)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def new_token(nbytes: int = 32) -> str:
    """A random URL-safe token."""
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256, so a database leak reveals no usable session."""
    return hashlib.sha256(token.encode()).hexdigest()


def derived_key(purpose: str) -> bytes:
    """A signing key for one purpose, derived from ``APP_SECRET_KEY`` (keys never serve two purposes)."""
    return hmac.new(settings.secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


_DUMMY_HASH = _hasher.hash("timing-equaliser")
