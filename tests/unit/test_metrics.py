"""Prometheus metrics: requests by route template, webhooks by outcome, and the /metrics text format."""

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from allpetplus.core import metrics
from allpetplus.core.http import request_context


def sample(name: str, labels: dict[str, str]) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_route_labels_keep_cardinality_low():
    assert metrics.route_label("/api/pets/12") == "/api/pets/{id}"
    assert metrics.route_label("/auth/session/" + "a" * 40) == "/auth/session/{id}"
    assert metrics.route_label("/_upload/previews/abc.glb") == "/_upload/{file}"
    # a signed document link is a secret (``/metrics`` shows labels): never a label of its own
    assert metrics.route_label("/documents/WzEsMiwxNzk2MDk4NDE5XQ.aBcD-eFgH_iJkL") == "/documents/{token}"
    assert metrics.route_label("/shop") == "/shop"


def test_requests_are_timed_by_route_and_exposed():
    async def pet(_request):
        return PlainTextResponse("ok")

    app = request_context("unit")(Starlette(routes=[Route("/api/pets/{id}", pet), *metrics.routes]))
    labels = {"app": "unit", "method": "GET", "route": "/api/pets/{id}", "status": "200"}
    before = sample("allpetplus_http_request_seconds_count", labels)
    client = TestClient(app)
    for pet_id in (1, 2, 3):
        assert client.get(f"/api/pets/{pet_id}").status_code == 200
    assert sample("allpetplus_http_request_seconds_count", labels) == before + 3
    text = client.get("/metrics").text
    assert 'allpetplus_http_request_seconds_bucket{app="unit",le="0.005",method="GET",route="/api/pets/{id}"' in text
