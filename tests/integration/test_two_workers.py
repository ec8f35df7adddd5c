"""Two RQ workers share one queue on real Redis and PostgreSQL: every job runs exactly once, and both
workers take part."""

from sqlmodel import Session, select

from allpetplus.core.outbox import OutboxEvent
from allpetplus.core.queue import enqueue
from allpetplus.core.redis import get_redis
from tests.conftest import migrated_engine
from tests.support.jobs import record_run
from tests.support.servers import _wait

JOBS = 300


def test_two_workers_never_run_a_job_twice(postgres_url, start_worker):
    engine = migrated_engine(postgres_url)
    first, second = start_worker(DATABASE_URL=postgres_url), start_worker(DATABASE_URL=postgres_url)
    jobs = [enqueue(record_run, n) for n in range(JOBS)]

    def done() -> bool:
        with Session(engine) as session:
            return len(session.exec(select(OutboxEvent.id).where(OutboxEvent.name == "test.run")).all()) >= JOBS

    _wait(done, 120, "every job to run")
    _wait(lambda: all(job.get_status() == "finished" for job in jobs), 60, "every job to be marked finished")
    with Session(engine) as session:
        numbers = [row.payload["n"] for row in session.exec(select(OutboxEvent).where(OutboxEvent.name == "test.run"))]
    assert sorted(numbers) == list(range(JOBS))  # each job exactly once
    pids = {int(pid) for pid in get_redis().smembers("test:worker-pids")}
    assert pids == {first.pid, second.pid}
    engine.dispose()
