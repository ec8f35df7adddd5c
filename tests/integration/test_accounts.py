"""Accounts on real Redis and SQLite: sign-up, sign-in with its rate limit, sessions, passwords, tokens."""

import time

import jwt
import pytest

from allpetplus.core.errors import RateLimited, ValidationFailed
from allpetplus.core.security import derived_key
from allpetplus.core.settings import settings
from allpetplus.user import handoff, service, tickets
from allpetplus.user.service import AuthFailed

GOOD = "walkies at 7 every day"


@pytest.fixture
def dana(redis_url, session):
    user = service.sign_up(session, email="Dana@Example.com", password=GOOD, display_name="Dana", client_ip="10.0.0.1")
    session.commit()
    return user


def test_sign_up_stores_a_hash_not_the_password(dana):
    assert dana.email == "dana@example.com"
    assert dana.password_hash.startswith("$argon2id$") and GOOD not in dana.password_hash


def test_taken_email_and_weak_password_are_named(dana, session):
    with pytest.raises(ValidationFailed) as caught:
        service.sign_up(session, email="dana@example.com", password="short")
    assert "already exists" in caught.value.errors["email"]
    assert "at least 10" in caught.value.errors["password"]


def test_sign_in_checks_the_password(dana, session):
    assert service.authenticate(session, email=" DANA@example.com", password=GOOD).id == dana.id
    with pytest.raises(AuthFailed) as caught:
        service.authenticate(session, email="dana@example.com", password="wrong password 1")
    assert caught.value.errors == {"password": "Wrong e-mail or password."}
    with pytest.raises(AuthFailed):
        service.authenticate(session, email="nobody@example.com", password=GOOD)


def test_sign_in_is_rate_limited_and_says_when_to_retry(dana, session):
    for _ in range(10):
        with pytest.raises(AuthFailed):
            service.authenticate(session, email="dana@example.com", password="guess guess 1", client_ip="10.9.9.9")
    with pytest.raises(RateLimited) as caught:
        service.authenticate(session, email="dana@example.com", password=GOOD, client_ip="10.9.9.9")
    assert 0 < caught.value.retry_after <= 300
    assert "Try again in" in str(caught.value)


def test_sessions_end_on_sign_out_and_password_change(dana, session):
    here = service.start_session(session, dana, "browser A")
    there = service.start_session(session, dana, "browser B")
    assert service.user_for_session(session, here).id == dana.id
    service.change_password(session, dana, current=GOOD, new="a brand new phrase 9", keep_token=here)
    assert service.user_for_session(session, here) is not None
    assert service.user_for_session(session, there) is None
    service.end_session(session, here)
    assert service.user_for_session(session, here) is None
    assert service.user_for_session(session, "made-up-token") is None


def test_password_change_needs_the_current_password(dana, session):
    with pytest.raises(ValidationFailed) as caught:
        service.change_password(session, dana, current="not it at all 1", new="another phrase 22")
    assert "current password" in caught.value.errors["current_password"]


def test_login_ticket_works_once(redis_url):
    ticket = tickets.issue("session-token-value")
    assert tickets.redeem(ticket) == "session-token-value"
    assert tickets.redeem(ticket) == ""
    assert tickets.redeem("never-issued") == ""


def _forge(**overrides) -> str:
    now = int(time.time())
    claims = {
        "sub": "7",
        "iss": settings.MAIN_URL,
        "aud": settings.LICENSING_URL,
        "iat": now,
        "exp": now + 60,
        "jti": f"j{time.monotonic_ns()}",
        **overrides,
    }
    return jwt.encode(claims, overrides.pop("key", derived_key("embed-handoff")), algorithm="HS256")


def test_embed_token_round_trip_and_one_time_use(redis_url):
    token = handoff.mint(7, settings.LICENSING_URL)
    assert handoff.verify(token, settings.LICENSING_URL) == 7
    with pytest.raises(handoff.HandoffError, match="replayed"):
        handoff.verify(token, settings.LICENSING_URL)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (lambda: _forge(exp=int(time.time()) - 1), "ExpiredSignatureError"),
        (lambda: jwt.encode({"sub": "7"}, "another-key-entirely-32-bytes-long!", algorithm="HS256"), "Invalid"),
        (lambda: _forge(aud=settings.PRODUCTS_URL), "InvalidAudienceError"),
        (lambda: _forge(iss="http://evil.example"), "InvalidIssuerError"),
        (lambda: jwt.encode({"sub": "7"}, None, algorithm="none"), "Invalid"),
        (lambda: "garbage", "DecodeError"),
        (lambda: handoff.mint(7, settings.LICENSING_URL) + "x", "Invalid"),
    ],
    ids=["expired", "wrong-key", "other-app", "wrong-issuer", "alg-none", "garbage", "tampered"],
)
def test_forged_or_expired_embed_tokens_are_refused(redis_url, token, reason):
    with pytest.raises(handoff.HandoffError) as caught:
        handoff.verify(token(), settings.LICENSING_URL)
    assert reason in str(caught.value)
