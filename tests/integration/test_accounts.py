"""Accounts on real Redis and SQLite: sign-up, sign-in with its rate limit, sessions, passwords, tokens."""

import contextlib
import time

import jwt
import pytest
from sqlmodel import select

from allpetplus.core import ratelimit
from allpetplus.core.errors import PermissionDenied, RateLimited, ValidationFailed
from allpetplus.core.security import derived_key
from allpetplus.core.settings import settings
from allpetplus.events.bus import dispatch
from allpetplus.events.models import EmailMessage
from allpetplus.user import handoff, service, tickets
from allpetplus.user.auth import SignIn
from allpetplus.user.models import UserProfile
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


def test_weak_password_and_bad_email_are_named(redis_url, session):
    with pytest.raises(ValidationFailed) as caught:
        service.sign_up(session, email="dana@", password="short")
    assert "valid e-mail" in caught.value.errors["email"]
    assert "at least 10" in caught.value.errors["password"]


def test_a_taken_address_creates_nothing_and_tells_its_owner_once_a_day(dana, session):
    """Sign-up with an address that has an account: no field says so, nothing changes on the account, and
    the owner (not the visitor) hears about it, once a day however often it is tried."""
    hash_before = dana.password_hash
    for _ in range(3):
        again = service.sign_up(session, email=" DANA@example.com", password="someone else's 9", client_ip="10.7.7.7")
        assert again is None
    session.commit()
    assert session.get(UserProfile, dana.id).password_hash == hash_before
    assert len(session.exec(select(UserProfile)).all()) == 1
    dispatch(session)
    to_dana = session.exec(select(EmailMessage).where(EmailMessage.to == "dana@example.com")).all()
    assert [m.subject for m in to_dana].count("Please confirm your e-mail address") == 1  # from her own sign-up
    mails = [m for m in to_dana if m.subject.startswith("Someone tried")]
    assert len(mails) == 1
    assert "tried to create an All Pet Plus account" in mails[0].text
    assert f"{settings.MAIN_URL}/sign-in" in mails[0].text


def test_every_sign_up_attempt_counts_before_anything_is_looked_up(dana, session):
    """Probing addresses costs the same whatever the answer: taken, free or malformed, every attempt from a
    network counts, and once over the limit the answer is the same for every address."""
    limit = int(ratelimit.LIMITS["sign-up"][0].split("/")[0])
    for n in range(limit):
        email = "dana@example.com" if n % 3 == 0 else ("not-an-address" if n % 3 == 1 else f"new{n}@example.com")
        with contextlib.suppress(ValidationFailed):
            service.sign_up(session, email=email, password=GOOD, client_ip="10.8.8.8")
    for email in ("dana@example.com", "free@example.com", "not-an-address"):
        with pytest.raises(RateLimited):
            service.sign_up(session, email=email, password=GOOD, client_ip="10.8.8.8")
    assert service.sign_up(session, email="other@example.com", password=GOOD, client_ip="10.9.9.1") is not None


def test_with_clerk_local_sign_up_and_sign_in_are_off(dana, session, monkeypatch):
    monkeypatch.setattr(settings, "CLERK_JWT_KEY", "-----BEGIN PUBLIC KEY-----")
    monkeypatch.setattr(settings, "CLERK_PUBLISHABLE_KEY", "pk_test_Y2xlcmsuZXhhbXBsZSQ")
    with pytest.raises(PermissionDenied) as caught:
        service.sign_up(session, email="new@example.com", password=GOOD)
    assert "Clerk" in str(caught.value)
    assert service.find_by_email(session, "new@example.com") is None
    with pytest.raises(PermissionDenied):
        service.authenticate(session, email="dana@example.com", password=GOOD)
    with pytest.raises(PermissionDenied):
        service.change_password(session, dana, current=GOOD, new="a brand new phrase 9")


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


def test_a_stranger_cannot_lock_the_owner_out(dana, session):
    """Ten wrong passwords from one network stop that network only; the owner elsewhere still signs in."""
    for _ in range(10):
        with pytest.raises(AuthFailed):
            service.authenticate(session, email="dana@example.com", password="guess guess 1", client_ip="10.9.9.9")
    with pytest.raises(RateLimited):
        service.authenticate(session, email="dana@example.com", password="guess guess 2", client_ip="10.9.9.9")
    assert service.authenticate(session, email="dana@example.com", password=GOOD, client_ip="192.0.2.44").id == dana.id


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


BROWSER = "app_browser=the-browser-that-signed-in"


def test_login_ticket_works_once_in_the_browser_that_asked(redis_url):
    ticket = tickets.issue("session-token-value", BROWSER)
    assert tickets.redeem(ticket, BROWSER) == "session-token-value"
    assert tickets.redeem(ticket, BROWSER) == ""
    assert tickets.redeem("never-issued", BROWSER) == ""


@pytest.mark.parametrize(
    "elsewhere", ["app_browser=the-victims-browser", "", "app_browser=", "other=the-browser-that-signed-in"]
)
def test_login_ticket_is_refused_in_another_browser_and_used_up(redis_url, elsewhere):
    ticket = tickets.issue("session-token-value", BROWSER)
    assert tickets.redeem(ticket, elsewhere) == ""
    assert tickets.redeem(ticket, BROWSER) == ""


def test_no_ticket_for_a_browser_without_its_cookie(redis_url):
    with pytest.raises(ValidationFailed) as caught:
        tickets.issue("session-token-value", "")
    assert "cookie" in caught.value.errors["form"]


def _forge(drop: str = "", **overrides) -> str:
    now = int(time.time())
    claims = {
        "sub": "7",
        "iss": settings.MAIN_URL,
        "aud": settings.LICENSING_URL,
        "iat": now,
        "exp": now + 60,
        "jti": f"j{time.monotonic_ns()}",
        "sid": 3,
        "sxp": now + 3600,
        **overrides,
    }
    claims.pop(drop, None)
    return jwt.encode(claims, overrides.pop("key", derived_key("embed-handoff")), algorithm="HS256")


SIGNED_IN = SignIn(user=UserProfile(id=7, email="dana@example.com"), session_id=3, ends_at=int(time.time()) + 3600)


def test_embed_token_round_trip_and_one_time_use(redis_url):
    token = handoff.mint(SIGNED_IN, settings.LICENSING_URL)
    assert handoff.verify(token, settings.LICENSING_URL) == handoff.Grant(7, 3, SIGNED_IN.ends_at)
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
        (lambda: handoff.mint(SIGNED_IN, settings.LICENSING_URL) + "x", "Invalid"),
        (lambda: _forge(drop="sid"), "MissingRequiredClaimError"),
        (lambda: _forge(sid="three"), "bad claims"),
        (lambda: _forge(drop="sxp"), "MissingRequiredClaimError"),
    ],
    ids=[
        "expired",
        "wrong-key",
        "other-app",
        "wrong-issuer",
        "alg-none",
        "garbage",
        "tampered",
        "no-session",
        "bad-session",
        "no-end",
    ],
)
def test_forged_or_expired_embed_tokens_are_refused(redis_url, token, reason):
    with pytest.raises(handoff.HandoffError) as caught:
        handoff.verify(token(), settings.LICENSING_URL)
    assert reason in str(caught.value)
