"""The webhook pipeline on the embedded default database: deliveries arrive over 32 connections while
worker processes drain them from the same SQLite file. Every delivery is applied and no job fails, not
even once to be retried: a drain that fails is a failed job in the staff area and a delayed order.

Everything is real, as in the webhook benchmark: granian serving the product's webhook routes, a
redis-server, ``allpetplus.jobs.worker`` processes.
"""

from __future__ import annotations

from collections import Counter

from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from redis import Redis
from rq import Queue

from allpetplus.core.db import make_engine
from allpetplus.core.settings import settings
from bench.webhooks import CONNECTIONS, _waiting, _workers, deliveries, send, services
from tests.support.servers import _wait

DELIVERIES = 2000
WORKERS = 4


def _job_outcomes(metrics_dir) -> Counter:
    """Job runs by outcome, as ``/metrics`` reports them for every worker process."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(metrics_dir))
    outcomes: Counter = Counter()
    for metric in registry.collect():
        if metric.name == "allpetplus_job_seconds":
            for sample in metric.samples:
                if sample.name.endswith("_count"):
                    outcomes[sample.labels["outcome"]] += int(sample.value)
    return outcomes


def test_deliveries_over_32_connections_are_applied_without_a_failed_job(tmp_path):
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    with services("sqlite") as running:
        env = {**running["env"], "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        workers = _workers(env, running["directory"], WORKERS)
        engine = make_engine(running["url"])
        try:
            _, statuses = send(running["port"], deliveries(running["port"], 5_000_000, DELIVERIES))
            _wait(lambda: _waiting(engine) == 0, 300, "every delivery to be applied")
            with engine.connect() as conn:
                outcomes = dict(conn.exec_driver_sql("SELECT status, count(*) FROM webhook_delivery GROUP BY 1").all())
            failed_registry = Queue(
                settings.QUEUE_NAME, connection=Redis.from_url(env["REDIS_URL"])
            ).failed_job_registry
            failed_jobs = failed_registry.count
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
            engine.dispose()
    assert CONNECTIONS == 32
    assert statuses == [200] * DELIVERIES
    assert outcomes == {"PROCESSED": DELIVERIES}
    jobs = _job_outcomes(metrics_dir)
    assert jobs["succeeded"] > 0
    assert jobs["failed"] == 0 and failed_jobs == 0
