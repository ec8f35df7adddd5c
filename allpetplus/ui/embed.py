"""The embedded side of the dashboard handoff, shared by the licensing and products apps.

An ``/embed`` page says "ready" to its parent; the dashboard answers with a one-minute signed token;
the backend verifies it (audience = this app, issuer = the main app, used once) and only then shows
the user's data. Messages are accepted only from the main app's origin and from the parent window.
A page opened without a parent, or whose token is missing, expired or forged, asks to sign in again.
The token names the main-app sign-in it comes from, and every later event that acts for the user checks
that this sign-in is still live (``EmbedState.acting_user``), so signing out or changing the password on
the main app ends the embedded app's access at its next event.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from allpetplus.core.apps import url_of
from allpetplus.core.db import session_scope
from allpetplus.core.logging import get_logger
from allpetplus.core.settings import settings
from allpetplus.ui.acting import ActingState
from allpetplus.ui.postmessage import post_message_listener, post_to_window, report_content_height
from allpetplus.ui.theme import MAX_WIDTH
from allpetplus.user.handoff import Grant, HandoffError, signed_in_user, verify
from allpetplus.user.models import UserProfile
from allpetplus.user.service import public

log = get_logger("allpetplus.embed")
#: The element whose height the dashboard's frame takes (everything an ``/embed`` page shows is inside it).
CONTENT_ID = "embed-content"
WAIT_FOR_TOKEN_SECONDS = 5


def own_url() -> str:
    """The public URL of the app this process serves (the audience its tokens must name)."""
    return url_of(rx.config.get_config().app_name)


class EmbedState(ActingState, rx.State):
    """Who the dashboard says is signed in, once their token checked out; and, on every event, whether the
    main-app sign-in they came from is still live. An embedded page's states subclass it, so their
    ``acting_user`` is this one (cookies are not trusted inside the dashboard's frame)."""

    status: str = "waiting"
    display_name: str = ""
    _user_id: int = 0
    _session_id: int = 0
    _ends_at: int = 0

    def _forget(self) -> None:
        self.status, self.display_name = "signed_out", ""
        self._user_id = self._session_id = self._ends_at = 0

    @rx.event
    def request_identity(self):
        """On every (re)connection: forget the user and ask the parent for a fresh token."""
        self._forget()
        self.status = "waiting"
        return [
            post_to_window("window.parent !== window ? window.parent : null", settings.MAIN_URL, {"type": "ready"}),
            EmbedState.give_up_waiting,
        ]

    @rx.event(background=True)
    async def give_up_waiting(self):
        """No token after a few seconds (no dashboard around this page): ask to sign in."""
        await asyncio.sleep(WAIT_FOR_TOKEN_SECONDS)
        async with self:
            if self.status == "waiting":
                self.status = "signed_out"

    @rx.event
    def receive(self, message: dict):
        """A message from the dashboard: a token to verify, or a sign-out."""
        if not isinstance(message, dict) or message.get("type") != "auth":
            self._forget()
            return
        try:
            grant = verify(str(message.get("token", "")), own_url())
        except HandoffError as exc:
            log.info("embed token refused", reason=str(exc))
            self._forget()
            return
        self.status = "signed_in"
        self._user_id, self._session_id, self._ends_at = grant.user_id, grant.session_id, grant.ends_at
        with session_scope() as session:
            user = self.acting_user(session)
            self.display_name = public(user).display_name if user else ""

    def _identify(self, session: Session) -> UserProfile | None:
        """The user this embedded page acts for (``acting_user`` asks here), checked now against the main-app
        sign-in they were handed over from (``handoff.signed_in_user``: one indexed query). Once that sign-in
        has ended (signed out, password changed, session revoked or expired) the page shows "Please sign in
        again" and this is ``None``. Cookies are not asked: they are not trusted inside the dashboard's frame."""
        if self.status != "signed_in" or not self._user_id:
            return None
        grant = Grant(user_id=self._user_id, session_id=self._session_id, ends_at=self._ends_at)
        user = signed_in_user(session, grant)
        if user is None:
            self._forget()
        return user


def sign_in_again(dashboard_tab: str) -> rx.Component:
    """What an embedded page shows without a valid identity."""
    target = f"{settings.MAIN_URL}/sign-in?next=/dashboard/{dashboard_tab}"
    return rx.center(
        rx.vstack(
            rx.icon("lock", size=36, color="var(--accent-11)"),
            rx.heading("Please sign in again", size="6", as_="h1"),
            rx.text(
                "For your privacy this page only shows your details inside your All Pet Plus dashboard.",
                color="var(--gray-11)",
                text_align="center",
                max_width="28rem",
            ),
            rx.link(rx.button("Sign in to All Pet Plus", size="3"), href=target, target="_top"),
            align="center",
            spacing="3",
        ),
        padding_y="4rem",
        id="embed-signed-out",
    )


def embedded_shell(
    app_label: str, dashboard_tab: str, content: Callable[[], rx.Component], on_identity=None
) -> rx.Component:
    """An ``/embed`` page: no public chrome, the handoff listener, the content once identified, and its height
    reported to the dashboard whenever it changes (the frame grows and shrinks with it)."""
    return rx.box(
        post_message_listener(
            allowed_origin=settings.MAIN_URL,
            source_js="window.parent",
            types=["auth", "logout"],
            answer={"ping": "ready"},
            on_message=[EmbedState.receive, *([on_identity] if on_identity else [])],
        ),
        report_content_height(parent_origin=settings.MAIN_URL, element_id=CONTENT_ID),
        rx.match(
            EmbedState.status,
            (
                "signed_in",
                rx.vstack(
                    rx.hstack(
                        rx.text(app_label, weight="bold"),
                        rx.spacer(),
                        rx.text("Signed in as ", rx.text.strong(EmbedState.display_name, id="embed-user"), size="2"),
                        width="100%",
                        align="center",
                    ),
                    content(),
                    spacing="4",
                    width="100%",
                ),
            ),
            ("signed_out", sign_in_again(dashboard_tab)),
            rx.center(
                rx.spinner(size="3"),
                rx.text("Connecting to your dashboard…", margin_left="0.5rem"),
                padding_y="4rem",
                id="embed-waiting",
            ),
        ),
        max_width=MAX_WIDTH,
        margin_x="auto",
        padding="1.25rem",
        id=CONTENT_ID,
    )
