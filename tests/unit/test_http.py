"""The backend HTTP layer: health JSON, request ids, and who may frame which app."""

import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from allpetplus.catalog import routes as catalog_listings
from allpetplus.catalog.routes import routes as catalog_routes
from allpetplus.core import db, health
from allpetplus.core import redis as rds
from allpetplus.core.apps import names
from allpetplus.core.http import request_context
from allpetplus.core.settings import settings
from allpetplus.ui.backend import backend_api


def client_for(app_name: str, routes) -> TestClient:
    inner = Starlette(routes=list(routes))
    return TestClient(request_context(app_name)(inner))


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(settings, "REDIS_URL", "redis://127.0.0.1:1/0")
    rds.reset_clients()
    yield
    rds.reset_clients()


def test_db_health_ok(engine):
    response = client_for("allpetplus", health.routes).get("/health/db")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["backend"] == "sqlite" and body["latency_ms"] >= 0


@pytest.mark.parametrize("app_name", names())
def test_every_app_answers_its_health_routes(engine, app_name):
    routes, *middleware = backend_api(app_name)  # what each app's rx.App(api_transformer=...) mounts
    asgi = routes
    for layer in middleware:
        asgi = layer(asgi)
    client = TestClient(asgi)
    for path in ("/health", "/health/db", "/health/redis", "/health/queue"):
        response = client.get(path)
        assert response.headers["content-type"] == "application/json", (app_name, path, response.status_code)
    assert client.get("/health/db").json()["status"] == "ok"


def test_db_down_is_503_with_reason(monkeypatch):
    db.use_engine(db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing"))
    try:
        response = client_for("allpetplus", health.routes).get("/health/db")
    finally:
        db.use_engine(None)
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert "OperationalError" in response.json()["reason"]


def test_redis_and_queue_down_are_503_and_health_names_them(engine, redis_down):
    client = client_for("allpetplus", health.routes)
    assert client.get("/health/redis").status_code == 503
    assert client.get("/health/queue").status_code == 503
    whole = client.get("/health")
    assert whole.status_code == 503
    body = whole.json()
    assert body["db"]["status"] == "ok"
    assert body["reason"] == "down: redis, queue"
    assert "Connection refused" in body["redis"]["reason"]


def test_request_id_is_echoed_or_made():
    client = client_for("allpetplus", [Route("/x", lambda r: PlainTextResponse("x"))])
    given = client.get("/x", headers={"X-Request-ID": "abc123"})
    assert given.headers["x-request-id"] == "abc123"
    made = {client.get("/x").headers["x-request-id"] for _ in range(3)}
    assert len(made) == 3 and all(len(rid) == 20 and int(rid, 16) >= 0 for rid in made)


def test_only_the_main_app_may_frame_the_sub_apps():
    route = [Route("/", lambda r: PlainTextResponse("x"))]
    for app in ("licensing", "products"):
        csp = client_for(app, route).get("/").headers["content-security-policy"]
        assert csp == f"frame-ancestors 'self' {settings.MAIN_URL}"
    main = client_for("allpetplus", route).get("/")
    assert main.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert main.headers["x-frame-options"] == "SAMEORIGIN"


def test_catalog_json_routes(seeded):
    client = client_for("allpetplus", catalog_routes)
    listing = client.get("/api/catalog/products", params={"category": "leashes"}).json()["products"]
    assert {p["category_slug"] for p in listing} == {"leashes"}
    one = client.get("/api/catalog/products/classic-leash")
    assert one.status_code == 200 and one.json()["title"] == "Classic 6 ft Leash"
    missing = client.get("/api/catalog/products/nope")
    assert missing.status_code == 404 and "handle" in missing.json()["detail"]


def test_health_and_the_catalog_listing_reuse_an_answer_for_their_ttl(seeded, monkeypatch, redis_down):
    from allpetplus.catalog.models import Product

    monkeypatch.setattr(settings, "HEALTH_CACHE_SECONDS", 60.0)
    monkeypatch.setattr(settings, "CATALOG_CACHE_SECONDS", 60.0)
    monkeypatch.setattr(health, "_last", None)
    client = client_for("allpetplus", [*health.routes, *catalog_routes])
    assert client.get("/health").status_code == 503  # Redis is down …
    monkeypatch.setattr(health, "CHECKS", {"db": health.check_db})
    assert client.get("/health").status_code == 503  # … and within the TTL the answer is reused
    assert client.get("/health/db").status_code == 200  # components are never cached
    monkeypatch.setattr(settings, "HEALTH_CACHE_SECONDS", 0.0)
    assert client.get("/health").status_code == 200

    first = client.get("/api/catalog/products", params={"category": "leashes"}).json()["products"][0]
    product = seeded.exec(select(Product).where(Product.handle == first["handle"])).one()
    product.title = "Renamed"
    seeded.add(product)
    seeded.commit()
    again = client.get("/api/catalog/products", params={"category": "leashes"}).json()["products"][0]
    assert again["title"] == first["title"]
    monkeypatch.setattr(settings, "CATALOG_CACHE_SECONDS", 0.0)
    fresh = client.get("/api/catalog/products", params={"category": "leashes"}).json()["products"]
    assert "Renamed" in {p["title"] for p in fresh}


def test_the_catalog_listing_cache_keeps_only_short_query_values(seeded):
    client = client_for("allpetplus", catalog_routes)
    answer = client.get("/api/catalog/products", params={"category": "c" * 20_000, "species": "s" * 20_000})
    assert answer.status_code == 200 and answer.json() == {"products": [], "total": 0, "page": 1, "pages": 1}
    assert all(len(str(part)) <= 100 for key in catalog_listings._listings for part in key)
