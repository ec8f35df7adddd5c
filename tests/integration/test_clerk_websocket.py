"""With Clerk on, local accounts are off for every caller: crafted websocket events to the local sign-up and
sign-in forms of a real main-app backend are refused (the page shows Clerk's forms, but the handlers exist)."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import Session, select

from allpetplus.state.auth import AuthState, SignInState, SignUpState
from allpetplus.user import service
from allpetplus.user.models import UserSession
from tests.conftest import migrated_engine
from tests.support.aio import run
from tests.support.reflex_client import ReflexClient
from tests.support.servers import ReflexBackend

AUTH = AuthState.get_full_name()
SIGN_UP = SignUpState.get_full_name()
SIGN_IN = SignInState.get_full_name()
GOOD = "walkies at 7 every day"


def clerk_keys() -> dict[str, str]:
    """The settings that turn Clerk on: an instance's PEM key and publishable key."""
    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    publishable = "pk_test_" + base64.b64encode(b"clerk.allpetplus.example$").decode()
    return {"CLERK_JWT_KEY": pem, "CLERK_PUBLISHABLE_KEY": publishable}


@pytest.fixture
def clerk_backend(redis_url, tmp_path):
    """The main app's backend with Clerk on, and a local account made before Clerk was turned on."""
    var = tmp_path / "var"
    engine = migrated_engine(f"sqlite:///{var / 'allpetplus.db'}")
    with Session(engine) as session:
        service.sign_up(session, email="dana@example.com", password=GOOD)
        session.commit()
    env = {"ALLPETPLUS_APP": "allpetplus", "VAR_DIR": str(var), "REDIS_URL": redis_url, "LOG_LEVEL": "WARNING",
           **clerk_keys()}  # fmt: skip
    backend = ReflexBackend(tmp_path, env).start()
    try:
        yield backend.wait_ready(), engine
    finally:
        backend.stop()
        engine.dispose()


def test_local_sign_up_and_sign_in_are_refused_over_the_websocket(clerk_backend):
    backend, engine = clerk_backend

    async def crafted_events() -> tuple[str, str]:
        tab = ReflexClient(backend.url, "/sign-up", headers={"Cookie": "app_browser=a-real-browser"})
        await tab.connect()
        try:
            await tab.send(f"{SIGN_UP}.submit", form={"email": "new@example.com", "password": GOOD})
            refused_up = await tab.wait_for(lambda state: state.get(SIGN_UP, {}).get("errors", {}).get("form"))
            await tab.send(f"{SIGN_IN}.submit", form={"email": "dana@example.com", "password": GOOD})
            refused_in = await tab.wait_for(lambda state: state.get(SIGN_IN, {}).get("errors", {}).get("form"))
            return refused_up, refused_in
        finally:
            await tab.close()

    refused_up, refused_in = run(crafted_events())
    assert "managed by Clerk" in refused_up and "managed by Clerk" in refused_in
    with Session(engine) as session:
        assert service.find_by_email(session, "new@example.com") is None
        assert session.exec(select(UserSession)).all() == []
