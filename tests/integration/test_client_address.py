"""Behind ``TRUSTED_PROXY_HOPS`` reverse proxies each visitor keeps their own rate limits; without a
trusted proxy, ``X-Forwarded-For`` (written by anyone) is ignored. Real Redis for the limits."""

import os
import subprocess
import sys

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.builder.config import forget_palette
from allpetplus.builder.routes import routes as builder_routes
from allpetplus.core import ratelimit
from allpetplus.core.settings import PROJECT_ROOT, settings


@pytest.fixture
def builder_api(seeded, redis_url, monkeypatch):
    """The builder's public REST API, allowing three requests a minute per visitor."""
    monkeypatch.setitem(ratelimit.LIMITS, "public-api", ("3/minute", "requests"))
    forget_palette()
    yield TestClient(Starlette(routes=builder_routes))
    forget_palette()


def quote(client: TestClient, forwarded_for: str) -> int:
    """Price a harness as a visitor whose request reached us with this ``X-Forwarded-For``."""
    return client.post("/api/builder/quote", json={"size": "M"}, headers={"X-Forwarded-For": forwarded_for}).status_code


def test_behind_one_proxy_each_visitor_has_their_own_limit(builder_api, monkeypatch):
    monkeypatch.setattr(settings, "TRUSTED_PROXY_HOPS", 1)
    assert [quote(builder_api, "203.0.113.7") for _ in range(4)] == [200, 200, 200, 429]
    assert quote(builder_api, "198.51.100.9") == 200


def test_addresses_written_by_the_visitor_are_not_trusted(builder_api, monkeypatch):
    """Our proxy appends the address it saw; whatever the visitor put before it changes nothing."""
    monkeypatch.setattr(settings, "TRUSTED_PROXY_HOPS", 1)
    forged = [quote(builder_api, f"10.0.0.{n}, 203.0.113.7") for n in range(4)]
    assert forged == [200, 200, 200, 429]


def test_two_proxies_use_the_address_the_outer_one_saw(builder_api, monkeypatch):
    monkeypatch.setattr(settings, "TRUSTED_PROXY_HOPS", 2)
    assert [quote(builder_api, f"10.9.9.{n}, 203.0.113.7, 172.16.0.2") for n in range(4)][-1] == 429
    assert quote(builder_api, "198.51.100.9, 172.16.0.2") == 200


def test_without_a_trusted_proxy_forwarded_for_is_ignored(builder_api):
    assert settings.TRUSTED_PROXY_HOPS == 0
    assert [quote(builder_api, f"203.0.113.{n}") for n in range(4)] == [200, 200, 200, 429]


def test_one_ipv6_network_is_one_visitor(builder_api, monkeypatch):
    """A home or phone gets a whole /64: changing the last 64 bits is not a new visitor."""
    monkeypatch.setattr(settings, "TRUSTED_PROXY_HOPS", 1)
    assert [quote(builder_api, f"2001:db8:1:2::{n:x}") for n in range(4)] == [200, 200, 200, 429]
    assert quote(builder_api, "2001:db8:1:3::1") == 200


def test_the_websocket_side_gets_the_same_setting():
    """Reflex takes a websocket's client address from ``X-Forwarded-For`` by ``rx.Config(trusted_proxy_hops)``."""
    shown = subprocess.run(
        [sys.executable, "-c", "import rxconfig; print(rxconfig.config.trusted_proxy_hops)"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TRUSTED_PROXY_HOPS": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "2"
