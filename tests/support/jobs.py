"""Job functions the tests enqueue (importable by the worker process)."""

from allpetplus.core.redis import get_redis


def fails_until_flag(flag: str) -> str:
    """Fail until the Redis key ``flag`` exists: a job that can be repaired and re-run."""
    if not get_redis().exists(flag):
        raise RuntimeError(f"flag {flag} is not set yet")
    return "done"


def request_id_here() -> str:
    """The request id the job's log lines carry."""
    from allpetplus.core.logging import current_request_id

    return current_request_id()


def record_run(number: int) -> int:
    """Write one row for ``number`` and note which worker ran it (for the two-worker test)."""
    import os

    from allpetplus.core.db import session_scope
    from allpetplus.core.outbox import OutboxEvent

    get_redis().sadd("test:worker-pids", os.getppid())
    with session_scope() as session:
        session.add(OutboxEvent(name="test.run", payload={"n": number}, dispatched_at=None))
    return number
