"""A real job round trip: enqueue → worker process → stored result; and the queue's health."""

import os

from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.core import health
from allpetplus.core.queue import QueueTimeout, get_queue, live_workers, round_trip


def test_job_runs_in_the_worker_and_its_result_is_stored(worker):
    outcome = round_trip({"hello": "worker"}, timeout=20)
    result = outcome["result"]
    assert result["payload"] == {"hello": "worker"}
    assert result["worker_pid"] != os.getpid()
    assert outcome["round_trip_ms"] > 0
    finished = get_queue().finished_job_registry.get_job_ids()
    assert finished, "the job should be in the finished registry"


def test_without_a_worker_the_round_trip_times_out(redis_url):
    import pytest

    with pytest.raises(QueueTimeout):
        round_trip({}, timeout=1)


def test_health_reports_the_live_worker_and_every_component(worker, engine):
    client = TestClient(Starlette(routes=health.routes))
    body = client.get("/health").json()
    assert body["status"] == "ok", body
    assert body["queue"]["workers"] == 1
    assert body["redis"]["embedded"] is False
    worker.terminate()
    worker.wait(timeout=30)
    assert live_workers() == []
    after = client.get("/health/queue")
    assert after.status_code == 503
    assert "no worker" in after.json()["reason"]


def test_queue_health_can_time_a_job_through_the_worker(worker):
    client = TestClient(Starlette(routes=health.routes), client=("127.0.0.1", 50000))  # an operator on this machine
    body = client.get("/health/queue", params={"round_trip": "1"}).json()
    assert body["status"] == "ok"
    assert 0 < body["round_trip_ms"] < 5000


def test_redis_going_down_and_coming_back(redis_server, redis_url, engine):
    client = TestClient(Starlette(routes=health.routes))
    assert client.get("/health/redis").status_code == 200
    redis_server.stop()
    try:
        assert client.get("/health/redis").status_code == 503
    finally:
        redis_server.start()
    assert client.get("/health/redis").status_code == 200
