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


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 5000 + b"]" * 5000, "The request body is nested too deeply."),
        (b'{"quantity": ' + b"9" * 5000 + b"}", "The request body has a number with too many digits."),
        (b'{"quantity": NaN}', "The request body is not valid JSON."),
        (b'{"text": "\xff\xfe"}', "The request body is not UTF-8 text."),
        (b'"just a string"', "Send a JSON object."),
    ],
    ids=["deep-nesting", "long-integer", "nan", "not-utf8", "not-an-object"],
)
def test_json_that_cannot_be_read_is_a_short_4xx(client, raw, message):
    response = client.post("/api/builder/quote", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": message}
    assert len(response.content) < 200


def test_a_body_over_the_limit_is_413(client):
    big = b'{"text": "' + b"x" * (64 * 1024) + b'"}'
    response = client.post("/api/builder/quote", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "64 KB" in response.json()["detail"]


def test_many_unknown_keys_are_not_echoed_back(client):
    body = {f"option_{n}_" + "z" * 200: True for n in range(200)}
    response = client.post("/api/builder/quote", json=body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) <= 10
    assert all(len(field) <= 40 for field in errors)
    assert len(response.content) < 2000


def test_every_product_type_is_priced_and_previewed_by_name(client):
    collar = client.post("/api/builder/quote", json={"type": "collar", "size": "S", "buckle": "metal"}).json()
    assert collar["type"] == "collar" and [line["code"] for line in collar["lines"]] == ["base", "buckle"]
    assert collar["total_cents"] == 1800 + 600
    leash = client.post("/api/builder/preview", json={"type": "leash", "length": "10", "text": "RECALL"}).json()
    assert leash["url"].endswith(".glb") and leash["cached"] is False
    refused = client.post("/api/builder/quote", json={"type": "leash", "length": "10", "handle": "traffic"})
    assert refused.status_code == 422 and "snag" in refused.json()["errors"]["handle"]
    for bad in ("cape", ["collar"], None):
        answer = client.post("/api/builder/quote", json={"type": bad})
        assert answer.status_code == 422 and "Choose a product to design" in answer.json()["errors"]["type"]
