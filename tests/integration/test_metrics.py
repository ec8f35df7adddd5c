"""Metrics across processes: a job run by a real worker shows up in the shared multiprocess directory,
which is what the main app's /metrics reports; and a real app's labels stay few whatever clients send."""

import urllib.error
import urllib.request

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session

from allpetplus.core.queue import round_trip
from allpetplus.seed import load_seed
from tests.support.servers import ReflexBackend


def test_a_workers_job_is_counted_and_timed(start_worker, tmp_path):
    shared = tmp_path / "metrics"
    shared.mkdir()
    start_worker(PROMETHEUS_MULTIPROC_DIR=str(shared))
    round_trip({"hello": "metrics"}, timeout=20)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(shared))
    count = registry.get_sample_value("allpetplus_job_seconds_count", {"job": "echo", "outcome": "succeeded"})
    assert count == 1, generate_latest(registry).decode()


def test_a_job_logs_with_the_request_id_of_what_enqueued_it(worker):
    from allpetplus.core.logging import bind_request_id
    from allpetplus.core.queue import enqueue
    from tests.support.jobs import request_id_here
    from tests.support.servers import _wait

    bind_request_id("req-from-a-state-event")
    job = enqueue(request_id_here)
    _wait(lambda: job.get_status() == "finished", 30, "the job to finish")
    assert job.return_value() == "req-from-a-state-event"


def test_a_real_app_labels_unknown_paths_and_methods_as_one_series(tmp_path, engine):
    """The main app's production build: pages, files, REST and Reflex routes keep their labels; every
    invented path or method an anonymous client sends lands in one series."""
    with Session(engine) as session:  # the catalog, so that the product page exists (an unknown one is a 404)
        load_seed(session, demo=False)
        session.commit()
    backend = ReflexBackend(
        tmp_path,
        {"ALLPETPLUS_APP": "allpetplus", "DATABASE_URL": str(engine.url), "VAR_DIR": str(tmp_path / "var")},
        frontend=True,
    ).start()
    try:
        backend.wait_ready()
        for n in range(30):
            status(backend.url + f"/no-such-page-{n}")
            status(backend.url + f"/api/pets/{n}", method=f"BREW{n}")
        assert status(backend.url + "/product/classic-leash") == 200
        assert status(backend.url + "/shop") == 200
        assert status(backend.url + "/api/catalog/products") == 200
        text = urllib.request.urlopen(backend.url + "/metrics", timeout=10).read().decode()
    finally:
        backend.stop()
    routes = {(s.labels["method"], s.labels["route"]) for s in samples(text) if s.labels.get("app") == "allpetplus"}
    assert {("GET", "/product/[handle]"), ("GET", "/shop"), ("GET", "/api/catalog/products")} <= routes
    assert ("GET", "unmatched") in routes and ("other", "unmatched") in routes
    assert not any("no-such-page" in route or method.startswith("BREW") for method, route in routes)


def status(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def samples(text: str) -> list:
    return [
        sample
        for family in text_string_to_metric_families(text)
        if family.name == "allpetplus_http_request_seconds"
        for sample in family.samples
        if sample.name.endswith("_count")
    ]
