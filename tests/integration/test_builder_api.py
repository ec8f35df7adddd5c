"""The builder's REST routes price and preview only valid designs (real Redis for the rate limit)."""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.builder.config import forget_palette
from allpetplus.builder.routes import routes


@pytest.fixture
def client(seeded, redis_url):
    forget_palette()
    yield TestClient(Starlette(routes=routes))
    forget_palette()


def test_quote_returns_the_breakdown(client):
    response = client.post("/api/builder/quote", json={"size": "L", "grab_handle": True, "quantity": 2})
    assert response.status_code == 200
    body = response.json()
    assert [line["code"] for line in body["lines"]] == ["base", "grab_handle"]
    assert body["total_cents"] == 2 * (4200 + 500)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"webbing_colour": "plaid"}, "webbing_colour"),
        ({"quantity": -2}, "quantity"),
        ({"text": "x" * 40}, "text"),
        ({"total_cents": 1}, "total_cents"),
    ],
)
def test_invalid_designs_are_refused_by_both_routes(client, body, field):
    for path in ("/api/builder/quote", "/api/builder/preview"):
        response = client.post(path, json=body)
        assert response.status_code == 422
        assert field in response.json()["errors"]


def test_preview_renders_once_then_serves_the_cache(client):
    first = client.post("/api/builder/preview", json={"style": "vest", "size": "S", "text": "API"}).json()
    second = client.post("/api/builder/preview", json={"style": "vest", "size": "S", "text": "API"}).json()
    assert first["url"] == second["url"] and first["url"].endswith(".glb")
    assert (first["cached"], second["cached"]) == (False, True)


def test_bad_json_is_a_clear_422(client):
    response = client.post("/api/builder/quote", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "not valid JSON" in response.json()["errors"]["body"]
