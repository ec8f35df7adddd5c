"""E-mail verification: a signed link we e-mail proves that an account's address is its owner's.

Only a verified address is trusted to claim what was done elsewhere with it (orders placed on the Shopify
store, ``allpetplus.shopify.customers``). The link names the account and the address; it stops working when
the address changes, and after ``LINK_LIFETIME``.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session

from allpetplus.core import ratelimit
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.outbox import publish
from allpetplus.core.security import derived_key
from allpetplus.core.settings import settings
from allpetplus.user.models import UserProfile

LINK_LIFETIME = timedelta(days=3)
PAGE = "/verify-email"
_PURPOSE = "verify-email"
_MAX_TOKEN_LENGTH = 400
EXPIRED = "This link has expired. Sign in and send yourself a new one from your account page."
NOT_VALID = "This link is not valid. Open the newest link we sent, or send a new one from your account page."
OUTDATED = "This link is for an address that is no longer on the account. Use the newest link we sent."
NO_ADDRESS = "This account has no e-mail address of its own to confirm."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(derived_key(_PURPOSE), salt=_PURPOSE)


def link(user: UserProfile) -> str:
    """The address-confirmation link for ``user``'s current address."""
    token = _serializer().dumps({"u": user.id, "e": user.email})
    return f"{settings.MAIN_URL}{PAGE}?token={token}"


def needs_verification(user: UserProfile) -> bool:
    """Whether ``user`` has an address of their own that is not confirmed yet."""
    return user.email_verified_at is None and not user.email.endswith(".invalid")


def request(session: Session, user: UserProfile) -> bool:
    """E-mail ``user`` a fresh confirmation link (at most 5 an hour); ``False`` when already confirmed."""
    if user.email.endswith(".invalid"):
        raise ValidationFailed.one("email", NO_ADDRESS)
    if user.email_verified_at is not None:
        return False
    ratelimit.check("verify-email", str(user.id))
    send_link(session, user)
    return True


def send_link(session: Session, user: UserProfile) -> None:
    """E-mail ``user`` a confirmation link for their current address (``user.verify_email``), unlimited: for
    a new account or a changed address, which are limited where they are made."""
    publish(session, "user.verify_email", {"user_id": user.id, "email": user.email})


def confirm(session: Session, token: object) -> UserProfile:
    """The account whose address ``token`` proves, now verified (``user.email_verified`` is published the first
    time); ``ValidationFailed`` on ``token`` for a wrong, expired or outdated link."""
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN_LENGTH:
        raise ValidationFailed.one("token", NOT_VALID)
    try:
        data = _serializer().loads(token, max_age=int(LINK_LIFETIME.total_seconds()))
    except SignatureExpired:
        raise ValidationFailed.one("token", EXPIRED) from None
    except BadSignature:
        raise ValidationFailed.one("token", NOT_VALID) from None
    user_id = data.get("u") if isinstance(data, dict) else None
    user = session.get(UserProfile, user_id, with_for_update=True) if isinstance(user_id, int) else None
    if user is None:
        raise ValidationFailed.one("token", NOT_VALID)
    if user.email != data.get("e"):
        raise ValidationFailed.one("token", OUTDATED)
    mark_verified(session, user)
    return user


def mark_verified(session: Session, user: UserProfile) -> None:
    """Record that ``user``'s address is theirs (once: ``user.email_verified`` tells whoever links things to it)."""
    if user.email_verified_at is not None or user.email.endswith(".invalid"):
        return
    user.email_verified_at = utcnow()
    session.add(user)
    session.flush()
    publish(session, "user.email_verified", {"user_id": user.id, "email": user.email})
