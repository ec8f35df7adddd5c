"""Who is acting on a page, and what the page shows when a rule refuses them: one way for all three apps.

Every state that acts for a user asks ``acting_user(session)`` on every event, as a FastAPI route takes its
``CurrentUser``: on a page of its own the browser's sign-in (the HTTP-only session cookie, or Clerk's token)
checked against the database now; on an embedded page ``EmbedState`` answers instead, from the dashboard's
handoff and only while the main-app sign-in it came from is live. A handler decorated with
``shows_refusals`` turns a ``DomainError`` raised by a service into what the page shows.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.sentry import identify_user
from allpetplus.user.auth import identify, identity_headers
from allpetplus.user.models import UserProfile


def refusal(exc: DomainError) -> rx.event.EventSpec:
    """A toast saying why a rule refused the request, in the rule's own words."""
    return rx.toast.error(str(exc))


def problem(exc: DomainError) -> str:
    """A refusal as one line: a ``ValidationFailed``'s first field's message, or any other refusal's own."""
    return next(iter(exc.errors.values())) if isinstance(exc, ValidationFailed) else str(exc)


class ActingState:
    """The base of every state that acts for a user (``acting_user``) and shows refusals (``show_refusal``):
    ``class AuthState(ActingState, rx.State)``. A plain mixin on purpose: Reflex would make the public methods
    of a state mixin event handlers, bound to the state that declares them and callable by any client."""

    def _headers(self) -> dict[str, str]:
        return identity_headers(self.router.headers)

    def _browser_user(self, session: Session) -> UserProfile | None:
        """The user this browser is signed in as (its session cookie or Clerk token), checked now."""
        return identify(session, self._headers())

    def _identify(self, session: Session) -> UserProfile | None:
        """Who this state acts for; a state with another source of identity (``EmbedState``) overrides it."""
        return self._browser_user(session)

    def acting_user(self, session: Session) -> UserProfile | None:
        """The user this event acts for, checked against the database now (``None``: a visitor, or an embedded
        page whose main-app sign-in has ended)."""
        user = self._identify(session)
        identify_user(user.id if user else None)
        return user

    def show_refusal(
        self,
        exc: DomainError,
        fields: str = "",
        *,
        prefix: str = "",
        form: str = "",
        text: str = "",
        brief: bool = False,
    ) -> rx.event.EventSpec | None:
        """Put a refusal on the page: a ``ValidationFailed``'s messages in the dict var ``fields`` (each key after
        ``prefix``); another refusal there under ``form`` when given; the one-line ``problem`` in the text var
        ``text`` when given; otherwise a toast (with the ``problem`` when ``brief``)."""
        if fields and isinstance(exc, ValidationFailed):
            setattr(self, fields, {f"{prefix}{field}": message for field, message in exc.errors.items()})
            return None
        if fields and form:
            setattr(self, fields, {form: str(exc)})
            return None
        if text:
            setattr(self, text, problem(exc))
            return None
        return rx.toast.error(problem(exc)) if brief else refusal(exc)


def shows_refusals(
    fields: str = "", *, form: str = "", text: str = "", brief: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a handler of an ``ActingState`` so a ``DomainError`` it raises is shown as ``show_refusal`` says
    (with these arguments) instead of ending the event with Reflex's generic error. The handler keeps its
    signature (its arguments are still checked against it)."""

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(self: ActingState, *args: Any, **kwargs: Any) -> Any:
                try:
                    return await handler(self, *args, **kwargs)
                except DomainError as exc:
                    return self.show_refusal(exc, fields, form=form, text=text, brief=brief)

            return run_async

        @functools.wraps(handler)
        def run(self: ActingState, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except DomainError as exc:
                return self.show_refusal(exc, fields, form=form, text=text, brief=brief)

        return run

    return decorate
