"""A browser tab without the browser: Reflex's websocket protocol spoken from Python.

Reflex's frontend opens socket.io on ``/_event`` (namespace ``/_event``) with the tab's token in the
query string and its ``hydrate_and_load`` event in the CONNECT packet, then sends one ``event``
message per user action; the backend answers with ``event`` messages carrying state deltas (the
snapshot, then the page's ``on_load`` changes, then one delta per handled event). This client does the same with the
python-socketio client, keeps the merged state it has been sent, and lets a caller wait for a
condition on it — used by the scale-out test and the websocket benchmark.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import socketio

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
SUFFIX = "_rx_state_"


class ReflexClient:
    """One tab of one app: connect, hydrate, send events, watch the state the backend sends."""

    def __init__(self, base_url: str, path: str = "/", token: str | None = None, headers: dict | None = None):
        self.base_url = base_url.rstrip("/")
        self.path = path
        self.token = token or str(uuid.uuid4())
        self.headers = headers or {}
        self.state: dict[str, dict[str, Any]] = {}
        #: Every update the backend sent, as received (deltas and frontend events such as toasts).
        self.updates: list[dict] = []
        #: Tokens the backend handed out instead of ours (it does when it thinks our token is open elsewhere).
        self.new_tokens: list[str] = []
        self._changed = asyncio.Event()
        self._sio = socketio.AsyncClient(reconnection=False)
        self._sio.on("event", self._on_update, namespace=NAMESPACE)
        self._sio.on("new_token", self.new_tokens.append, namespace=NAMESPACE)

    async def _on_update(self, update: dict) -> None:
        self.updates.append(update)
        for substate, values in (update.get("delta") or {}).items():
            self.state.setdefault(substate, {}).update({k.removesuffix(SUFFIX): v for k, v in values.items()})
        self._changed.set()

    def _event(self, name: str, payload: dict) -> dict:
        return {"name": name, "payload": payload, "router_data": {"pathname": self.path, "asPath": self.path}}

    async def connect(self, timeout: float = 30, hydrate: bool = True) -> None:
        """Open the websocket as the frontend does and wait until the page is hydrated and loaded.

        ``hydrate=False`` only opens it: the tab's state stays what the backend holds for its token.
        """
        await self._sio.connect(
            f"{self.base_url}?token={self.token}",
            socketio_path="/_event",
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers=self.headers,
            auth={"event": self._event(f"{ROOT_STATE}.hydrate_and_load", {})} if hydrate else None,
            wait_timeout=timeout,
        )
        if hydrate:
            await self.wait_for(lambda state: state.get(ROOT_STATE, {}).get("is_hydrated"), timeout)

    @property
    def connected(self) -> bool:
        """Whether the websocket is open."""
        return self._sio.connected

    async def send(self, name: str, /, **payload: Any) -> None:
        """Send one event (``name`` is the handler's full name) from the current page."""
        await self._sio.emit("event", self._event(name, payload), namespace=NAMESPACE)

    async def wait_for(self, condition: Callable[[dict], Any], timeout: float = 30) -> Any:
        """Wait until ``condition(state)`` is truthy; returns its value. Raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while not (result := condition(self.state)):
            self._changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.connected:
                raise TimeoutError(f"no such state within {timeout} s (connected: {self.connected})")
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 1.0))
            except TimeoutError:
                continue
        return result

    async def close(self) -> None:
        """Close the websocket (the tab goes away)."""
        await self._sio.disconnect()
