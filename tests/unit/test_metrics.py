"""Prometheus metrics: requests by route template, webhooks by outcome, and the /metrics text format; labels
stay few whatever paths and methods clients send, and only operators read /metrics."""

import pytest
from prometheus_client import REGISTRY
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from allpetplus.core import health, metrics
from allpetplus.core.http import request_context
from allpetplus.core.settings import settings

LOCAL = ("127.0.0.1", 50000)
ELSEWHERE = ("203.0.113.9", 50000)


def sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def series(app: str) -> set[tuple[str, str]]:
    """The (method, route) pairs recorded for ``app``."""
    return {
        (s.labels["method"], s.labels["route"])
        for metric in REGISTRY.collect()
        if metric.name == "allpetplus_http_request_seconds"
        for s in metric.samples
        if s.name.endswith("_count") and s.labels.get("app") == app
    }


async def pet(_request):
    return PlainTextResponse("ok")


def test_requests_are_timed_by_route_and_exposed():
    app = request_context("unit")(Starlette(routes=[Route("/api/pets/{id}", pet), *metrics.routes]))
    labels = {"app": "unit", "method": "GET", "route": "/api/pets/{id}", "status": "200"}
    before = sample("allpetplus_http_request_seconds_count", labels)
    client = TestClient(app, client=LOCAL)
    for pet_id in (1, 2, 3):
        assert client.get(f"/api/pets/{pet_id}").status_code == 200
    assert sample("allpetplus_http_request_seconds_count", labels) == before + 3
    text = client.get("/metrics").text
    assert 'allpetplus_http_request_seconds_bucket{app="unit",le="0.005",method="GET",route="/api/pets/{id}"' in text


def test_unknown_paths_and_methods_make_no_new_series():
    routes = [Route("/api/pets/{pet_id:int}", pet, methods=["GET", "PATCH"])]
    client = TestClient(request_context("labels")(Starlette(routes=routes)), client=ELSEWHERE)
    for n in range(50):
        client.get(f"/probe-{n}/{'x' * 40}")
        client.request(f"BREW{n}", f"/api/pets/{n}")
        client.get(f"/api/pets/not-a-number-{n}")
    client.get("/api/pets/7")
    client.delete("/api/pets/7")
    assert series("labels") == {
        ("GET", "unmatched"),
        ("other", "/api/pets/{pet_id}"),
        ("GET", "/api/pets/{pet_id}"),
        ("DELETE", "/api/pets/{pet_id}"),
    }


def test_pages_are_labelled_by_their_route():
    frontend = Mount("/", app=StaticFiles(directory=".", check_dir=False), name="frontend")

    def page(path: str) -> str | None:
        if path.startswith("/product/"):
            return "product/[handle]"
        return {"/": "index", "/shop": "shop"}.get(path)

    def label(path: str, status: int) -> str:
        return metrics.route_label({"path": path, "route": frontend}, status, page)

    assert label("/product/classic-leash", 200) == "/product/[handle]"
    assert label("/", 200) == "/"
    assert label("/assets/app-1234.js", 200) == "static"
    assert label("/no-such-page", 404) == metrics.UNMATCHED


@pytest.mark.parametrize("path", ["/metrics", "/health/queue?round_trip=1"])
def test_operator_endpoints_answer_only_this_machine_by_default(path, monkeypatch):
    monkeypatch.setattr(health, "check_queue", lambda round_trip=False: {"status": "ok", "round_trip": round_trip})
    app = request_context("ops")(Starlette(routes=[*metrics.routes, *health.routes]))
    assert TestClient(app, client=ELSEWHERE).get(path).status_code == 403
    forwarded = TestClient(app, client=LOCAL).get(path, headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 403
    assert TestClient(app, client=LOCAL).get(path).status_code == 200


def test_with_a_token_only_its_bearer_reads_metrics(monkeypatch):
    monkeypatch.setattr(settings, "METRICS_TOKEN", "s3cret-scrape-token")
    client = TestClient(request_context("ops")(Starlette(routes=metrics.routes)), client=LOCAL)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}).status_code == 200


def test_the_plain_queue_check_stays_public(monkeypatch):
    monkeypatch.setattr(health, "check_queue", lambda round_trip=False: {"status": "ok", "round_trip": round_trip})
    client = TestClient(Starlette(routes=health.routes), client=ELSEWHERE)
    assert client.get("/health/queue").json() == {"status": "ok", "round_trip": False}
