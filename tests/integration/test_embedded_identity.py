"""The embedded apps' answer to who is acting (``EmbedState.acting_user``), below the browser: an identity
handed over by the dashboard holds only while the main-app sign-in it came from is live, and an embedded
page's states get exactly that identity, never the browser's cookies. Real Reflex state objects, real SQLite
and Redis."""

import time

import pytest
from reflex.state import State

from allpetplus.core import clock
from allpetplus.core.db import session_scope
from allpetplus.core.settings import settings
from allpetplus.ui.acting import ActingState
from allpetplus.ui.embed import EmbedState, own_url
from allpetplus.user import handoff, service
from allpetplus.user.auth import SESSION_COOKIE, SignIn, current_sign_in
from licensing.state.licences import LicensingState
from products.state.orders import EmbeddedOrdersState

GOOD = "walkies at 7 every day"


@pytest.fixture
def dana(redis_url, session):
    user = service.sign_up(session, email="dana@example.com", password=GOOD, display_name="Dana")
    session.commit()
    return user


def sign_in_on_main(session, user) -> tuple[str, SignIn]:
    """A browser signed in on the main app: its session token, and the sign-in the dashboard sees."""
    token = service.start_session(session, user, "dashboard browser")
    session.commit()
    return token, current_sign_in(session, {"Cookie": f"{SESSION_COOKIE}={token}"})


def embedded_page(sign_in: SignIn, state: type[EmbedState] = EmbedState) -> EmbedState:
    """An embedded page that received the dashboard's token for ``sign_in`` (and one of its states)."""
    root = State(_reflex_internal_init=True)
    embed = root.get_substate(EmbedState.get_full_name().split(".")[1:])
    embed.receive({"type": "auth", "token": handoff.mint(sign_in, own_url())})
    return root.get_substate(state.get_full_name().split(".")[1:])


def acting(state: ActingState) -> str | None:
    """What an event of ``state`` sees: the e-mail of the user it acts for, or ``None``."""
    with session_scope() as session:
        user = state.acting_user(session)
        return user.email if user else None


def test_the_embedded_page_acts_for_the_user_while_their_sign_in_lives(dana, session):
    _, sign_in = sign_in_on_main(session, dana)
    embed = embedded_page(sign_in)
    assert (embed.status, embed.display_name) == ("signed_in", "Dana")
    assert acting(embed) == acting(embed) == "dana@example.com"


def test_signing_out_on_the_main_app_ends_it_at_the_next_event(dana, session):
    token, sign_in = sign_in_on_main(session, dana)
    embed = embedded_page(sign_in)
    service.end_session(session, token)
    session.commit()
    assert acting(embed) is None
    assert (embed.status, embed.display_name) == ("signed_out", "")
    sign_in_on_main(session, dana)  # signing in again elsewhere does not revive this page's identity
    assert acting(embed) is None


def test_a_password_change_in_another_browser_ends_it(dana, session):
    _, sign_in = sign_in_on_main(session, dana)
    embed = embedded_page(sign_in)
    elsewhere, _ = sign_in_on_main(session, dana)
    service.change_password(session, dana, current=GOOD, new="a brand new phrase 9", keep_token=elsewhere)
    session.commit()
    assert acting(embed) is None and embed.status == "signed_out"


def test_an_expired_sign_in_ends_it(dana, session):
    _, sign_in = sign_in_on_main(session, dana)
    embed = embedded_page(sign_in)
    with clock.travel_to(clock.now() + service.SESSION_LIFETIME):
        assert acting(embed) is None


def test_a_sign_in_is_only_good_for_its_own_user(dana, session):
    bob = service.sign_up(session, email="bob@example.com", password=GOOD)
    _, bobs = sign_in_on_main(session, bob)
    grant = handoff.Grant(user_id=dana.id, session_id=bobs.session_id, ends_at=bobs.ends_at)
    assert handoff.signed_in_user(session, grant) is None


def test_with_clerk_the_identity_ends_with_the_clerk_token(dana, session, monkeypatch):
    """Clerk's sessions cannot be checked offline: the embedded identity lasts until the Clerk token it was
    made from expires, and a token naming no session is refused without Clerk."""
    now = int(time.time())
    assert embedded_page(SignIn(user=dana, session_id=0, ends_at=now + 60)).status == "signed_out"
    monkeypatch.setattr(settings, "CLERK_JWT_KEY", "-----BEGIN PUBLIC KEY-----")
    monkeypatch.setattr(settings, "CLERK_PUBLISHABLE_KEY", "pk_test_Y2xlcmsuZXhhbXBsZSQ")
    live = embedded_page(SignIn(user=dana, session_id=0, ends_at=now + 60))
    assert acting(live) == "dana@example.com"
    assert embedded_page(SignIn(user=dana, session_id=0, ends_at=now - 1)).status == "signed_out"


def test_a_sub_app_session_ends_with_the_main_session_it_came_from(dana, session):
    main, sign_in = sign_in_on_main(session, dana)
    other, other_sign_in = sign_in_on_main(session, dana)
    here = service.start_session(session, dana, "licensing", parent_id=sign_in.session_id)
    there = service.start_session(session, dana, "licensing", parent_id=other_sign_in.session_id)
    session.commit()
    service.change_password(session, dana, current=GOOD, new="a brand new phrase 9", keep_token=main)
    session.commit()
    assert service.user_for_session(session, here) is not None  # this browser keeps its sub-app sessions
    assert service.user_for_session(session, there) is None
    service.end_session(session, main)
    session.commit()
    assert service.user_for_session(session, here) is None


def test_an_embedded_pages_states_act_for_the_handed_over_user_only(dana, session, monkeypatch):
    """Whatever cookie the browser sends inside the dashboard's frame, the embedded tab acts for the user the
    dashboard handed over, and for nobody once that sign-in ends; the licensing app's own pages act for the
    browser's sign-in."""
    bob = service.sign_up(session, email="bob@example.com", password=GOOD)
    session.commit()
    monkeypatch.setattr(ActingState, "_browser_user", lambda self, session: session.get(type(bob), bob.id))
    token, sign_in = sign_in_on_main(session, dana)
    orders = embedded_page(sign_in, EmbeddedOrdersState)
    licensing = embedded_page(sign_in, LicensingState)
    licensing.embedded = True
    assert acting(orders) == acting(licensing) == "dana@example.com"
    licensing.embedded = False
    assert acting(licensing) == "bob@example.com"
    licensing.embedded = True
    service.end_session(session, token)
    session.commit()
    assert acting(orders) is None and acting(licensing) is None
    assert licensing.parent_state.status == "signed_out"
