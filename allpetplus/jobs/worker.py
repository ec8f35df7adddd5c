"""``python -m allpetplus.jobs.worker``: an RQ worker (with the scheduler) on the product's queue."""

from __future__ import annotations

import argparse
import importlib
import sys

from rq import SimpleWorker, Worker

from allpetplus.core.logging import bind_request_id, configure_logging, get_logger
from allpetplus.core.queue import get_queue
from allpetplus.core.redis import get_redis
from allpetplus.core.sentry import init_sentry
from allpetplus.core.settings import SettingsError
from allpetplus.events.bus import SUBSCRIBER_MODULES

#: Imported once before any job, so each forked job starts warm instead of importing (trimesh, SQLAlchemy
#: mappers, the subscribers) again.
PRELOAD = (
    "allpetplus.tables",
    "allpetplus.jobs.admin",
    "allpetplus.jobs.builder",
    "allpetplus.jobs.email",
    "allpetplus.jobs.events",
    "allpetplus.jobs.scheduled",
    "allpetplus.jobs.webhooks",
    "allpetplus.webhook.service",
    "allpetplus.webhook.shopify",
    "allpetplus.webhook.stripe",
    *SUBSCRIBER_MODULES,
)


def preload() -> None:
    """Import every module a job may need."""
    for module in PRELOAD:
        importlib.import_module(module)


class _Traced:
    """Each job's log lines carry the request id of whatever enqueued it (a request, state event or job)."""

    def perform_job(self, job, queue, *args, **kwargs):  # noqa: ANN001, ANN201 - RQ's signature
        bind_request_id((job.meta or {}).get("request_id") or None)
        return super().perform_job(job, queue, *args, **kwargs)


class TracedWorker(_Traced, Worker):
    """RQ's forking worker, traced."""


class TracedSimpleWorker(_Traced, SimpleWorker):
    """RQ's in-process worker, traced."""


def main(argv: list[str] | None = None) -> int:
    """Run a worker until it is told to stop (SIGTERM / Ctrl-C finishes the current job first)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    parser.add_argument("--simple", action="store_true", help="run jobs in this process (no fork per job)")
    parser.add_argument("--name", default=None, help="worker name (default: host and pid)")
    args = parser.parse_args(argv)
    configure_logging()
    preload()
    init_sentry("worker")

    log = get_logger("allpetplus.worker")
    try:
        connection = get_redis()
        connection.ping()
    except SettingsError as exc:
        print(f"worker: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        print(f"worker: cannot reach Redis ({exc}); check REDIS_URL", file=sys.stderr)
        return 2
    worker_class = TracedSimpleWorker if args.simple else TracedWorker
    worker = worker_class([get_queue()], connection=connection, name=args.name)
    log.info("worker starting", queue=get_queue().name, worker=worker.name)
    worker.work(burst=args.burst, with_scheduler=True, logging_level="WARNING")
    return 0


if __name__ == "__main__":
    sys.exit(main())
