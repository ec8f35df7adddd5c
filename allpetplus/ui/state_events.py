"""What happens around every websocket state event: its arguments are checked against its handler's
signature before the handler runs, and it is timed (``allpetplus_state_event_seconds``). Reflex has no
before- or after-event hook, so both wrap its event processor, once per process.

Reflex hands an event's payload to its handler as the client sent it: a crafted frame can leave an argument
out, add one, or send a list where the handler expects text (Reflex tries to convert a value to the
annotation, and when it cannot, passes it on unchanged). Here each argument of a handler of the product's
states is validated with the handler's own annotation (an ``int`` also has to fit a database integer); an
event that does not fit is answered with a message naming the argument, and its handler does not run.
What the values mean (an id of the user's, a step of the form) is each handler's business.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import time
import typing
from collections.abc import Mapping
from typing import Annotated, Any

import reflex as rx
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from reflex.state import EventHandlerSetVar
from reflex_base.event.processor import base_state_processor as processor
from reflex_base.utils.form import transform_form_data

from allpetplus.core.inputs import MAX_RECORD_ID, excerpt
from allpetplus.core.logging import bind_request_id, get_logger
from allpetplus.core.metrics import EVENTS
from allpetplus.core.sentry import feature_scope

log = get_logger("allpetplus.events")

#: Packages whose states and handlers are Reflex's own (hydration, client storage, page loads).
REFLEX_PACKAGES = ("reflex", "reflex_base", "reflex_components")
#: What ``int`` means in a handler's signature: a whole number a database integer holds.
BOUNDED_INT = Annotated[int, Field(ge=-MAX_RECORD_ID, le=MAX_RECORD_ID)]
_ANY = TypeAdapter(Any)


@dataclasses.dataclass(frozen=True)
class _Argument:
    adapter: TypeAdapter
    required: bool


@dataclasses.dataclass(frozen=True)
class _Signature:
    arguments: dict[str, _Argument]
    annotations: dict[str, Any]
    open_ended: bool  # takes **kwargs


def _adapter(annotation: Any) -> TypeAdapter:
    if annotation is int:
        annotation = BOUNDED_INT
    try:
        return TypeAdapter(annotation, config=ConfigDict(arbitrary_types_allowed=True))
    except Exception:  # noqa: BLE001 - an annotation pydantic cannot check (or has its own config) is taken as is
        try:
            return TypeAdapter(annotation)
        except Exception:  # noqa: BLE001
            return _ANY


@functools.cache
def _signature(fn: Any) -> _Signature:
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - unresolvable annotations: names and counts are still checked
        hints = {}
    parameters = list(inspect.signature(fn).parameters.values())[1:]  # without self
    named = [p for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    return _Signature(
        arguments={p.name: _Argument(_adapter(hints.get(p.name, Any)), p.default is p.empty) for p in named},
        annotations={p.name: hints.get(p.name, Any) for p in named},
        open_ended=any(p.kind is p.VAR_KEYWORD for p in parameters),
    )


def check_arguments(fn: Any, payload: Any) -> tuple[dict[str, Any], list[str]]:
    """The event's arguments validated against ``fn``'s signature, and what is wrong with them (nothing
    when the list is empty). Problems name the argument and never repeat its value."""
    if not isinstance(payload, Mapping):
        return {}, ["the event carries no arguments object"]
    signature = _signature(fn)
    arguments: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in payload.items():
        argument = signature.arguments.get(key)
        if argument is None:
            if signature.open_ended:
                arguments[key] = value
            else:
                problems.append(f"{excerpt(key, 30)} is not expected")
            continue
        try:
            value = transform_form_data(value, signature.annotations[key])  # a form's entries, as Reflex reads them
            arguments[key] = argument.adapter.validate_python(value)
        except ValidationError as exc:
            problems.append(f"{key} {_problem(exc)}")
        except (TypeError, ValueError):
            problems.append(f"{key} is not a form's fields")
    problems += [f"{key} is missing" for key, arg in signature.arguments.items() if arg.required and key not in payload]
    return arguments, problems


def _problem(exc: ValidationError) -> str:
    message = exc.errors(include_input=False, include_url=False)[0]["msg"]
    return message.removeprefix("Input ").removeprefix("Value ").rstrip(".")


def refusal(problems: list[str]) -> str:
    """What the user is told when an event's arguments do not fit its handler (an out-of-date page can send
    such an event after a new version is deployed; a tampered one does on purpose)."""
    return (
        f"This page sent something unexpected ({'; '.join(problems[:3])}), so nothing was changed. "
        "Reload the page and try again."
    )


def _ours(module: str) -> bool:
    top = module.partition(".")[0]
    return not any(top == package or top.startswith(f"{package}_") for package in REFLEX_PACKAGES)


def guard_state_events() -> None:
    """Check the arguments of every event for the product's state handlers before they run (once per process).

    ``setvar``, the setter Reflex gives every state, is refused for the product's states: no page uses it,
    and it would call a ``set_*`` handler with an unchecked value.
    """
    original = processor.process_event
    if getattr(original, "_allpetplus_guarded", False):
        return

    @functools.wraps(original)
    async def guarded(*, handler: Any, payload: dict, state: Any, root_state: Any):
        fn = handler.fn
        problems: list[str] = []
        if isinstance(handler, EventHandlerSetVar):
            if _ours(type(getattr(state, "__wrapped__", state)).__module__):
                problems = ["setvar is not an action of this page"]
        elif _ours(fn.__module__):
            payload, problems = check_arguments(fn, payload)
        if problems:
            log.warning("state event refused", handler=fn.__qualname__, problems=problems)
            await processor.chain_updates(
                rx.toast.error(refusal(problems), id="event_refused"),
                handler_name=fn.__qualname__,
                root_state=root_state,
            )
            return None
        return await original(handler=handler, payload=payload, state=state, root_state=root_state)

    guarded._allpetplus_guarded = True  # type: ignore[attr-defined]
    processor.process_event = guarded


def time_state_events(app_name: str) -> None:
    """Time every websocket state event of ``app_name``, under one request id and the handler's Sentry feature."""
    original = processor.process_event
    if getattr(original, "_allpetplus_timed", False):
        return

    @functools.cache
    def histogram(name: str) -> Any:
        return EVENTS.labels(app_name, name)

    @functools.wraps(original)
    async def timed(*, handler: Any, payload: dict, state: Any, root_state: Any):
        name = getattr(handler.fn, "__qualname__", "event")  # e.g. BuilderState.set_option
        bind_request_id()  # one id per state event: its log lines and the jobs it enqueues share it
        started = time.perf_counter()
        try:
            with feature_scope(name.split(".")[0]):
                return await original(handler=handler, payload=payload, state=state, root_state=root_state)
        finally:
            histogram(name).observe(time.perf_counter() - started)

    timed._allpetplus_timed = True  # type: ignore[attr-defined]
    processor.process_event = timed
