"""Settings read from the environment, with the offline defaults of every external service.

Nothing else in the product reads ``os.environ`` for its own settings: import ``settings``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(ValueError):
    """A setting is missing or wrong; the message names it and says what to do."""


class Settings(BaseSettings):
    """Every setting of the product; names match the README's settings table."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=True)

    DATABASE_URL: str = ""
    REDIS_URL: str = ""
    APP_SECRET_KEY: str = ""
    VAR_DIR: Path = PROJECT_ROOT / "var"

    MAIN_URL: str = "http://localhost:3000"
    LICENSING_URL: str = "http://localhost:3001"
    PRODUCTS_URL: str = "http://localhost:3002"

    CLERK_SECRET_KEY: str = ""
    CLERK_PUBLISHABLE_KEY: str = ""
    CLERK_JWT_KEY: str = ""
    CLERK_AUTHORIZED_PARTIES: str = ""
    STRIPE_SECRET_KEY: str = ""
    STRIPE_WEBHOOK_SECRET: str = ""
    STRIPE_API_BASE: str = "https://api.stripe.com"
    SHOPIFY_WEBHOOK_SECRET: str = ""
    SHOPIFY_SHOP_DOMAIN: str = ""
    #: The Admin API access token; with ``SHOPIFY_SHOP_DOMAIN`` it turns on the calls to Shopify (none without).
    SHOPIFY_ADMIN_TOKEN: str = ""
    #: The dated Admin API version every call names.
    SHOPIFY_API_VERSION: str = Field(default="2026-10", pattern=r"^\d{4}-\d{2}$")
    #: Where the Admin API is (default ``https://<SHOPIFY_SHOP_DOMAIN>``; a local stand-in in tests).
    SHOPIFY_ADMIN_URL: str = ""
    #: This platform e-mails the customers of Shopify orders (confirmation, shipping, refunds); off, Shopify does.
    SHOPIFY_ORDER_EMAILS: bool = False
    CLOUDINARY_URL: str = ""
    SMTP_URL: str = ""
    SENTRY_DSN: str = ""

    TRUSTED_PROXY_HOPS: int = Field(default=0, ge=0, le=10)
    METRICS_TOKEN: str = ""

    HEALTH_CACHE_SECONDS: float = Field(default=1.0, ge=0)
    CATALOG_CACHE_SECONDS: float = Field(default=5.0, ge=0)

    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: str = Field(default="json", pattern="^(json|console)$")
    QUEUE_NAME: str = "default"

    @field_validator("MAIN_URL", "LICENSING_URL", "PRODUCTS_URL")
    @classmethod
    def _public_url(cls, value: str, info) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{info.field_name}={value!r} is not an http(s) URL; use e.g. http://localhost:3000")
        return value.rstrip("/")

    @property
    def database_url(self) -> str:
        """The database URL: ``DATABASE_URL`` or the embedded SQLite file."""
        if self.DATABASE_URL:
            return normalise_database_url(self.DATABASE_URL)
        return f"sqlite:///{self.VAR_DIR / 'allpetplus.db'}"

    @property
    def uses_embedded_redis(self) -> bool:
        """True when no ``REDIS_URL`` is set and the bundled Redis server is used."""
        return not self.REDIS_URL

    @property
    def embedded_redis_path(self) -> Path:
        """Database file of the embedded Redis server shared by the apps, worker and tools."""
        return self.VAR_DIR / "redis" / "allpetplus.rdb"

    @property
    def uses_clerk(self) -> bool:
        """True when Clerk's keys are configured: Clerk owns sign-in, and local accounts are off."""
        return bool(self.CLERK_JWT_KEY and self.CLERK_PUBLISHABLE_KEY)

    @property
    def secret_key(self) -> str:
        """The signing key: ``APP_SECRET_KEY`` or a random one kept in the var directory."""
        if self.APP_SECRET_KEY:
            return self.APP_SECRET_KEY
        return _local_secret(self.VAR_DIR)


def normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


#: Shorter keys (an empty file left by a crash, a truncated copy) are refused, never used.
MIN_SECRET_KEY_LENGTH = 32


@functools.cache
def _local_secret(var_dir: Path) -> str:
    path = var_dir / "secret_key"
    if not path.exists():
        _create_secret(path)
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError(
            f"{path} holds no usable key ({len(key)} characters); delete the file to make a new one, "
            "or set APP_SECRET_KEY"
        )
    return key


def _create_secret(path: Path) -> None:
    """Write a new key where no process can read it half-written: into a private (0600) temporary file,
    then linked into place. ``os.link`` never replaces an existing file, so when several processes start
    together the first link wins and everyone reads that one key (a rename would let a later process
    replace a key that an earlier one already uses)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def load_settings() -> Settings:
    """Read the settings, turning a validation error into one clear line."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "settings"
        raise SettingsError(f"{name}: {first['msg'].removeprefix('Value error, ')}") from None


try:
    settings = load_settings()
except SettingsError as _exc:
    raise SystemExit(f"error: {_exc}") from None
