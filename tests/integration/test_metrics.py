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
