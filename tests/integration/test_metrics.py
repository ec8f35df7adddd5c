"""Metrics across processes: a job run by a real worker shows up in the shared multiprocess directory,
which is what the main app's /metrics reports."""

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from allpetplus.jobs.system import round_trip


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
