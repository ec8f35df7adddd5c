"""Sentry reporting against a local HTTP server standing in for Sentry's ingest: an exception inside a
feature reaches it with the component and feature tags and the user's id, and nothing personal."""

import http.server
import json
import threading

import pytest
import sentry_sdk

from allpetplus.core import sentry
from allpetplus.core.settings import settings
from allpetplus.stack import free_port


@pytest.fixture
def ingest(monkeypatch):
    received: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(settings, "SENTRY_DSN", f"http://publickey@127.0.0.1:{server.server_address[1]}/1")
    monkeypatch.setattr(sentry, "_sdk", None)
    yield received
    sentry_sdk.get_client().close()
    sentry_sdk.init()
    server.shutdown()


def test_an_error_is_reported_with_tags_and_only_the_user_id(ingest):
    assert sentry.init_sentry("allpetplus")
    sentry.identify_user(42)
    sentry_sdk.set_extra("note", "from the test")
    with pytest.raises(ZeroDivisionError), sentry.feature_scope("BuilderState"):
        raise ZeroDivisionError("division by zero")
    sentry_sdk.flush(timeout=10)
    events = [json.loads(line) for body in ingest for line in body.splitlines() if b'"exception"' in line]
    assert len(events) == 1
    [event] = events
    assert event["tags"] == {"component": "allpetplus", "feature": "BuilderState"}
    assert event["user"] == {"id": "42"}
    assert event["exception"]["values"][0]["type"] == "ZeroDivisionError"


def test_without_a_dsn_nothing_is_started(monkeypatch):
    monkeypatch.setattr(settings, "SENTRY_DSN", "")
    assert sentry.init_sentry("allpetplus") is False


def test_a_logged_error_reaches_sentry_without_cookies_or_tokens(ingest):
    """Reflex logs a failing event with its headers; Sentry's logging integration would send that text on."""
    import logging

    assert sentry.init_sentry("licensing")
    framework = logging.getLogger("reflex_base.event.processor.event_processor")
    framework.warning("handshake {'cookie': 'app_session=c2Vzc2lvbi1icmVhZGNydW1i'}")  # becomes a breadcrumb
    framework.error("Error processing event queue entry for Event(router_data={'headers': {'cookie': "
                    "'__session=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1XzEifQ.c2lnbmF0dXJl; app_session=Y29va2llLXZhbHVl', "
                    "'authorization': 'Bearer YmVhcmVyLXRva2Vu'}})")  # fmt: skip
    sentry_sdk.flush(timeout=10)
    sent = b"".join(ingest)
    assert b"Error processing event queue entry" in sent
    for secret in (b"c2Vzc2lvbi1icmVhZGNydW1i", b"eyJhbGciOiJSUzI1NiJ9", b"Y29va2llLXZhbHVl", b"YmVhcmVyLXRva2Vu"):
        assert secret not in sent
