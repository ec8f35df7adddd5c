"""Clerk sign-in verified for real by clerk-backend-api, offline, with a locally made RSA key."""

import base64
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import select

from allpetplus.core.settings import settings
from allpetplus.user.auth import clerk_issuer, identify
from allpetplus.user.models import UserProfile

HOST = "clerk.allpetplus.example"
ISSUER = f"https://{HOST}"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(private_key) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


INSTANCE_KEY = _key()
OTHER_KEY = _key()


@pytest.fixture
def clerk(monkeypatch, engine):
    monkeypatch.setattr(settings, "CLERK_JWT_KEY", _pem(INSTANCE_KEY))
    monkeypatch.setattr(settings, "CLERK_PUBLISHABLE_KEY", "pk_test_" + base64.b64encode(f"{HOST}$".encode()).decode())
    monkeypatch.setattr(settings, "CLERK_AUTHORIZED_PARTIES", settings.MAIN_URL)


def session_token(key=INSTANCE_KEY, **overrides) -> str:
    now = int(time.time())
    claims = {
        "sub": "user_2abcDEF",
        "sid": "sess_123",
        "iss": ISSUER,
        "azp": settings.MAIN_URL,
        "iat": now - 5,
        "nbf": now - 5,
        "exp": now + 60,
        "email": "clerk.user@example.com",
        "name": "Clerk User",
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "ins_test"})


def who(session, token: str, via: str = "header"):
    headers = {"Authorization": f"Bearer {token}"} if via == "header" else {"Cookie": f"__session={token}"}
    return identify(session, headers)


def test_issuer_comes_from_the_publishable_key(clerk):
    assert clerk_issuer() == ISSUER


def test_first_verified_request_creates_the_profile(clerk, session):
    user = who(session, session_token())
    assert user.clerk_id == "user_2abcDEF" and user.email == "clerk.user@example.com"
    again = who(session, session_token(), via="cookie")
    assert again.id == user.id
    assert len(session.exec(select(UserProfile).where(UserProfile.clerk_id == "user_2abcDEF")).all()) == 1


@pytest.mark.parametrize(
    "token",
    [
        session_token(exp=int(time.time()) - 30, iat=int(time.time()) - 120, nbf=int(time.time()) - 120),
        session_token(key=OTHER_KEY),
        session_token(azp="https://evil.example"),
        session_token(iss="https://someone-else.clerk.accounts.dev"),
        "not-a-jwt",
    ],
    ids=["expired", "wrong-key", "wrong-party", "wrong-issuer", "garbage"],
)
def test_bad_tokens_are_refused(clerk, session, token):
    assert who(session, token) is None
    assert session.exec(select(UserProfile).where(UserProfile.clerk_id.is_not(None))).all() == []


def test_without_clerk_keys_a_clerk_token_means_nothing(session, engine):
    assert who(session, session_token()) is None
