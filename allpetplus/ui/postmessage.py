"""A listener for ``window.postMessage`` between the dashboard and an embedded app.

Only messages from one exact origin *and* one exact window (the parent, or the iframe) are read;
only the listed message types reach the backend, and only their ``type`` and ``token`` fields.
"""

from __future__ import annotations

import json
from typing import Any, cast

import reflex as rx
from reflex_base.components.component import field
from reflex_base.components.memoize_helpers import get_memoized_event_triggers
from reflex_base.vars.base import Var
from reflex_base.vars.object import ObjectVar
from reflex_components_core.base.fragment import Fragment


def _message_spec(event: ObjectVar) -> tuple[Var[dict]]:
    return (event.data.to(dict),)


class PostMessageListener(Fragment):
    """Forwards accepted messages to ``on_message``; answers ``answer`` pings and posts ``announce`` on mount."""

    on_message: rx.EventHandler[_message_spec] = field(doc="Receives {type, token} of an accepted message.")
    allowed_origin: str = field(default="", is_javascript_property=False)
    source_js: str = field(default="window.parent", is_javascript_property=False)
    types: list[str] = field(default_factory=list, is_javascript_property=False)
    answer: dict[str, str] = field(default_factory=dict, is_javascript_property=False)
    announce: str = field(default="", is_javascript_property=False)

    @classmethod
    def create(cls, **props: Any) -> PostMessageListener:
        """Create the listener (event triggers are memoised like Reflex's window listener)."""
        component = cast("PostMessageListener", super().create(**props))
        memoised = get_memoized_event_triggers(component)
        if memoised:
            component.event_triggers = {**component.event_triggers, **memoised}
        return component

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), *self.event_triggers.keys()]

    def add_hooks(self) -> list[str | Var[Any]]:
        """The effect that installs the listener (and the announcement to the peer)."""
        handler = Var.create(self.event_triggers["on_message"])
        origin = json.dumps(self.allowed_origin)
        hello = json.dumps({"type": self.announce})
        announce = (
            f"const peer = ({self.source_js}); if (peer) peer.postMessage({hello}, {origin});" if self.announce else ""
        )
        return [
            Var(
                f"""useEffect(() => {{
  if (typeof window === 'undefined') return;
  const forward = {handler};
  const types = {json.dumps(self.types)};
  const answers = {json.dumps(self.answer)};
  const onMessage = (event) => {{
    const peer = ({self.source_js});
    if (event.origin !== {origin} || !event.source || event.source !== peer) return;
    const kind = event.data && event.data.type;
    if (answers[kind]) event.source.postMessage({{type: answers[kind]}}, {origin});
    if (types.includes(kind)) forward({{data: {{type: kind, token: String(event.data.token ?? "")}}}});
  }};
  window.addEventListener('message', onMessage);
  {announce}
  return () => window.removeEventListener('message', onMessage);
}}, []);"""
            )
        ]


post_message_listener = PostMessageListener.create


def post_to_window(target_js: str, origin: str, message: dict[str, Any]) -> rx.event.EventSpec:
    """An event that posts ``message`` to a window (e.g. the iframe) for exactly ``origin``."""
    return rx.call_script(f"({target_js})?.postMessage({json.dumps(message)}, {json.dumps(origin)})")


#: Heights above this are ignored: no real page is this tall, and a frame must not be made endless.
MAX_FRAME_HEIGHT = 50_000


class ContentHeightReporter(Fragment):
    """On an embedded page: posts ``{type: "height", height}`` to the parent (for ``parent_origin`` only)
    whenever the bottom of the element ``element_id`` moves (a ResizeObserver), and again when the parent
    pings, so the dashboard can make its frame exactly as tall as the content."""

    parent_origin: str = field(default="", is_javascript_property=False)
    element_id: str = field(default="", is_javascript_property=False)

    def add_hooks(self) -> list[str | Var[Any]]:
        """The effect that observes the content and reports its height."""
        origin, element = json.dumps(self.parent_origin), json.dumps(self.element_id)
        return [
            Var(
                f"""useEffect(() => {{
  if (typeof window === 'undefined' || window.parent === window || typeof ResizeObserver === 'undefined') return;
  let last = -1;
  const report = () => {{
    const content = document.getElementById({element});
    if (!content) return;
    const height = Math.ceil(content.getBoundingClientRect().bottom + window.scrollY);
    if (height === last) return;
    last = height;
    window.parent.postMessage({{type: 'height', height}}, {origin});
  }};
  const observer = new ResizeObserver(report);
  const content = document.getElementById({element});
  if (content) observer.observe(content);
  const onMessage = (event) => {{
    if (event.origin !== {origin} || event.source !== window.parent || event.data?.type !== 'ping') return;
    last = -1;
    report();
  }};
  window.addEventListener('message', onMessage);
  report();
  return () => {{ observer.disconnect(); window.removeEventListener('message', onMessage); }};
}}, []);"""
            )
        ]


report_content_height = ContentHeightReporter.create


class FrameHeightListener(Fragment):
    """On the dashboard: sets the height of the iframe ``frame_id`` to what its page reports, read only from
    messages whose origin is ``allowed_origin`` and whose window is that iframe's (so there is one scroll,
    the page's)."""

    frame_id: str = field(default="", is_javascript_property=False)
    allowed_origin: str = field(default="", is_javascript_property=False)

    def add_hooks(self) -> list[str | Var[Any]]:
        """The effect that listens for the frame's height."""
        origin, frame_id = json.dumps(self.allowed_origin), json.dumps(self.frame_id)
        return [
            Var(
                f"""useEffect(() => {{
  if (typeof window === 'undefined') return;
  const onMessage = (event) => {{
    const frame = document.getElementById({frame_id});
    if (!frame || event.origin !== {origin} || !event.source || event.source !== frame.contentWindow) return;
    if (event.data?.type !== 'height') return;
    const height = Number(event.data.height);
    if (!Number.isFinite(height) || height <= 0 || height > {MAX_FRAME_HEIGHT}) return;
    frame.style.height = Math.ceil(height) + 'px';
  }};
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}}, []);"""
            )
        ]


fit_frame_to_content = FrameHeightListener.create
