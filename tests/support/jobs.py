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
